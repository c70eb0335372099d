// name: fact_conflicts
// question: Which claims conflict with any of the given facts?
// param ids: list = ["inspection:sandwell:2009"]
MATCH (a)-[c:CONFLICTS_WITH]-(b)
WHERE a.id IN $ids
RETURN a.id AS id, b.id AS other_id, b.caption AS other, c.note AS note
ORDER BY id, other_id
