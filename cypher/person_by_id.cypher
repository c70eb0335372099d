// name: person_by_id
// question: One person by their id.
// param id: string = "person:simon-hackett"
MATCH (p:Person {id: $id})
RETURN p.id AS id, p.name AS name, p.aliases AS aliases
