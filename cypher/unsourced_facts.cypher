// name: unsourced_facts
// question: Integrity check: which facts or entities cite no source? (Must return nothing.)
MATCH (n)
WHERE NOT n:Source AND NOT n:_Meta  // _Meta: the record of the last load (Neo4j)
OPTIONAL MATCH (n)-[c:SOURCED_FROM]->(:Source)
WITH n, count(c) AS cited
WHERE cited = 0
RETURN n.id AS id, labels(n)[0] AS label
ORDER BY id
