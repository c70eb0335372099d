// name: org_posts
// question: The posts in an organisation.
// param org_id: string = "org:sandwell"
MATCH (post:Post)-[:IN]->(o:Organisation {id: $org_id})
RETURN post.id AS id, post.title AS title, post.kind AS kind
ORDER BY id
