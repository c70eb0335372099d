// name: subgraph_nodes
// question: The given nodes with their labels and properties (for the graph view).
// param ids: list = ["person:bob-badham", "org:sandwell"]
MATCH (n)
WHERE n.id IN $ids
RETURN n.id AS id, labels(n)[0] AS label, properties(n) AS props
ORDER BY id
