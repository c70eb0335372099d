// name: neighbours
// question: The nodes one step from the given ones, and the relationship to each.
// param ids: list = ["inspection:sandwell:2013-02"]
// One branch per label: each starts from that label's id index (no scan of every node).
MATCH (a:Source)-[r]->(b) WHERE a.id IN $ids
RETURN a.id AS id, type(r) AS type, 'out' AS dir, b.id AS other, labels(b)[0] AS label
UNION ALL
MATCH (a:Source)<-[r]-(b) WHERE a.id IN $ids
RETURN a.id AS id, type(r) AS type, 'in' AS dir, b.id AS other, labels(b)[0] AS label
UNION ALL
MATCH (a:Person)-[r]->(b) WHERE a.id IN $ids
RETURN a.id AS id, type(r) AS type, 'out' AS dir, b.id AS other, labels(b)[0] AS label
UNION ALL
MATCH (a:Person)<-[r]-(b) WHERE a.id IN $ids
RETURN a.id AS id, type(r) AS type, 'in' AS dir, b.id AS other, labels(b)[0] AS label
UNION ALL
MATCH (a:Organisation)-[r]->(b) WHERE a.id IN $ids
RETURN a.id AS id, type(r) AS type, 'out' AS dir, b.id AS other, labels(b)[0] AS label
UNION ALL
MATCH (a:Organisation)<-[r]-(b) WHERE a.id IN $ids
RETURN a.id AS id, type(r) AS type, 'in' AS dir, b.id AS other, labels(b)[0] AS label
UNION ALL
MATCH (a:Post)-[r]->(b) WHERE a.id IN $ids
RETURN a.id AS id, type(r) AS type, 'out' AS dir, b.id AS other, labels(b)[0] AS label
UNION ALL
MATCH (a:Post)<-[r]-(b) WHERE a.id IN $ids
RETURN a.id AS id, type(r) AS type, 'in' AS dir, b.id AS other, labels(b)[0] AS label
UNION ALL
MATCH (a:Tenure)-[r]->(b) WHERE a.id IN $ids
RETURN a.id AS id, type(r) AS type, 'out' AS dir, b.id AS other, labels(b)[0] AS label
UNION ALL
MATCH (a:Tenure)<-[r]-(b) WHERE a.id IN $ids
RETURN a.id AS id, type(r) AS type, 'in' AS dir, b.id AS other, labels(b)[0] AS label
UNION ALL
MATCH (a:Contract)-[r]->(b) WHERE a.id IN $ids
RETURN a.id AS id, type(r) AS type, 'out' AS dir, b.id AS other, labels(b)[0] AS label
UNION ALL
MATCH (a:Contract)<-[r]-(b) WHERE a.id IN $ids
RETURN a.id AS id, type(r) AS type, 'in' AS dir, b.id AS other, labels(b)[0] AS label
UNION ALL
MATCH (a:Inspection)-[r]->(b) WHERE a.id IN $ids
RETURN a.id AS id, type(r) AS type, 'out' AS dir, b.id AS other, labels(b)[0] AS label
UNION ALL
MATCH (a:Inspection)<-[r]-(b) WHERE a.id IN $ids
RETURN a.id AS id, type(r) AS type, 'in' AS dir, b.id AS other, labels(b)[0] AS label
UNION ALL
MATCH (a:Judgement)-[r]->(b) WHERE a.id IN $ids
RETURN a.id AS id, type(r) AS type, 'out' AS dir, b.id AS other, labels(b)[0] AS label
UNION ALL
MATCH (a:Judgement)<-[r]-(b) WHERE a.id IN $ids
RETURN a.id AS id, type(r) AS type, 'in' AS dir, b.id AS other, labels(b)[0] AS label
UNION ALL
MATCH (a:Event)-[r]->(b) WHERE a.id IN $ids
RETURN a.id AS id, type(r) AS type, 'out' AS dir, b.id AS other, labels(b)[0] AS label
UNION ALL
MATCH (a:Event)<-[r]-(b) WHERE a.id IN $ids
RETURN a.id AS id, type(r) AS type, 'in' AS dir, b.id AS other, labels(b)[0] AS label
