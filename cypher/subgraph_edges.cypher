// name: subgraph_edges
// question: The relationships among the given nodes, with their properties (for the graph view).
// param ids: list = ["person:bob-badham", "tenure:bob-badham:sandwell-lead-member"]
MATCH (a)-[r]->(b)
WHERE a.id IN $ids AND b.id IN $ids
RETURN a.id AS source, b.id AS target, type(r) AS type, properties(r) AS props
ORDER BY source, target, type
