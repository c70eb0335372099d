// name: export_ids
// question: The id of every node in the store (what a full export writes).
MATCH (n)
RETURN n.id AS id
ORDER BY id
