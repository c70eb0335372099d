// name: organisations
// question: Every organisation, with its kind and other names.
MATCH (o:Organisation)
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.aliases AS aliases
ORDER BY id
