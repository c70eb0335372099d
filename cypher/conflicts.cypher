// name: conflicts
// question: Which claims contradict each other? Both stay in the graph, labelled.
MATCH (a)-[c:CONFLICTS_WITH]->(b)
RETURN c.id AS conflict_id, a.id AS a_id, a.caption AS a, b.id AS b_id, b.caption AS b,
       c.note AS note, c.sources AS sources, c.quotes AS quotes
ORDER BY conflict_id, a_id
