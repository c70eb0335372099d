// name: export_ids
// question: The id of every node in the store (what a full export writes).
MATCH (n)
WHERE NOT n:_Meta  // _Meta: the record of the last load (Neo4j), not a fact
RETURN n.id AS id
ORDER BY id
