// name: neighbours
// question: The nodes one step from the given ones, and the relationship to each.
// param ids: list = ["inspection:sandwell:2013-02"]
MATCH (a)-[r]->(b)
WHERE a.id IN $ids
RETURN a.id AS id, type(r) AS type, 'out' AS dir, b.id AS other, labels(b)[0] AS label
UNION ALL
MATCH (a)<-[r]-(b)
WHERE a.id IN $ids
RETURN a.id AS id, type(r) AS type, 'in' AS dir, b.id AS other, labels(b)[0] AS label
