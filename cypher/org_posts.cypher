// name: org_posts
// question: The posts in an organisation. (known_on: those a source out by then names)
// param org_id: string = "org:sandwell"
// param known_on: cut? = "2013-03-31"
MATCH (post:Post)-[:IN]->(o:Organisation {id: $org_id})
OPTIONAL MATCH (post)-[:SOURCED_FROM]->(s:Source)
WHERE $known_on IS NOT NULL AND s.published_from <= $known_on
WITH post, count(s) AS kept
WHERE $known_on IS NULL OR kept > 0
RETURN post.id AS id, post.title AS title, post.kind AS kind
ORDER BY id
