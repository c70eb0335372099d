// name: people
// question: Every person, with the other spellings the sources use.
MATCH (p:Person)
RETURN p.id AS id, p.name AS name, p.aliases AS aliases
ORDER BY id
