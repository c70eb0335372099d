// name: subgraph_edges
// question: The relationships among the given nodes, with their properties (for the graph view).
// param ids: list = ["person:bob-badham", "tenure:bob-badham:sandwell-lead-member"]
// One branch per label: each starts from that label's id index (no scan of every node).
CALL {
  MATCH (a:Source)-[r]->(b) WHERE a.id IN $ids AND b.id IN $ids
  RETURN a.id AS source, b.id AS target, type(r) AS type, properties(r) AS props
  UNION ALL
  MATCH (a:Person)-[r]->(b) WHERE a.id IN $ids AND b.id IN $ids
  RETURN a.id AS source, b.id AS target, type(r) AS type, properties(r) AS props
  UNION ALL
  MATCH (a:Organisation)-[r]->(b) WHERE a.id IN $ids AND b.id IN $ids
  RETURN a.id AS source, b.id AS target, type(r) AS type, properties(r) AS props
  UNION ALL
  MATCH (a:Post)-[r]->(b) WHERE a.id IN $ids AND b.id IN $ids
  RETURN a.id AS source, b.id AS target, type(r) AS type, properties(r) AS props
  UNION ALL
  MATCH (a:Tenure)-[r]->(b) WHERE a.id IN $ids AND b.id IN $ids
  RETURN a.id AS source, b.id AS target, type(r) AS type, properties(r) AS props
  UNION ALL
  MATCH (a:Contract)-[r]->(b) WHERE a.id IN $ids AND b.id IN $ids
  RETURN a.id AS source, b.id AS target, type(r) AS type, properties(r) AS props
  UNION ALL
  MATCH (a:Inspection)-[r]->(b) WHERE a.id IN $ids AND b.id IN $ids
  RETURN a.id AS source, b.id AS target, type(r) AS type, properties(r) AS props
  UNION ALL
  MATCH (a:Judgement)-[r]->(b) WHERE a.id IN $ids AND b.id IN $ids
  RETURN a.id AS source, b.id AS target, type(r) AS type, properties(r) AS props
  UNION ALL
  MATCH (a:Event)-[r]->(b) WHERE a.id IN $ids AND b.id IN $ids
  RETURN a.id AS source, b.id AS target, type(r) AS type, properties(r) AS props
}
RETURN source, target, type, props
ORDER BY source, target, type
