// name: vacant_posts
// question: Which posts have no known holder over a period (in one organisation, or anywhere)?
// param org_id: string = "org:dudley"
// param from: date = "2016-04-01"
// param to: date = "2016-04-30"
MATCH (post:Post)-[:IN]->(o:Organisation)
WHERE $org_id IS NULL OR o.id = $org_id
OPTIONAL MATCH (post)<-[:OF]-(t:Tenure)
WHERE (t.span_from IS NULL OR t.span_from <= $to)
  AND (t.span_to IS NULL OR t.span_to >= $from)
WITH post, o, count(t) AS holders
WHERE holders = 0
RETURN o.name AS organisation, post.id AS post_id, post.title AS post, post.kind AS post_kind
ORDER BY organisation, post_id
