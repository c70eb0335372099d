// name: organisation_by_id
// question: One organisation by its id.
// param id: string = "org:sandwell"
MATCH (o:Organisation {id: $id})
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.aliases AS aliases
