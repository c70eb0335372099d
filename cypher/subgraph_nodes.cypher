// name: subgraph_nodes
// question: The given nodes with their labels and properties (for the graph view).
// param ids: list = ["person:bob-badham", "org:sandwell"]
// One branch per label: each starts from that label's id index (no scan of every node).
CALL {
  MATCH (n:Source) WHERE n.id IN $ids
  RETURN n.id AS id, labels(n)[0] AS label, properties(n) AS props
  UNION ALL
  MATCH (n:Person) WHERE n.id IN $ids
  RETURN n.id AS id, labels(n)[0] AS label, properties(n) AS props
  UNION ALL
  MATCH (n:Organisation) WHERE n.id IN $ids
  RETURN n.id AS id, labels(n)[0] AS label, properties(n) AS props
  UNION ALL
  MATCH (n:Post) WHERE n.id IN $ids
  RETURN n.id AS id, labels(n)[0] AS label, properties(n) AS props
  UNION ALL
  MATCH (n:Tenure) WHERE n.id IN $ids
  RETURN n.id AS id, labels(n)[0] AS label, properties(n) AS props
  UNION ALL
  MATCH (n:Contract) WHERE n.id IN $ids
  RETURN n.id AS id, labels(n)[0] AS label, properties(n) AS props
  UNION ALL
  MATCH (n:Inspection) WHERE n.id IN $ids
  RETURN n.id AS id, labels(n)[0] AS label, properties(n) AS props
  UNION ALL
  MATCH (n:Judgement) WHERE n.id IN $ids
  RETURN n.id AS id, labels(n)[0] AS label, properties(n) AS props
  UNION ALL
  MATCH (n:Event) WHERE n.id IN $ids
  RETURN n.id AS id, labels(n)[0] AS label, properties(n) AS props
}
RETURN id, label, props
ORDER BY id
