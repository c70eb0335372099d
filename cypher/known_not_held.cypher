// name: known_not_held
// question: Which tenures of an organisation's posts are known to lie outside a day or period, by their own dates or a neighbouring holder's (gone_by: over by `date`; not_yet: not in post before `date`)?
// param org_id: string = "org:sandwell"
// param from: date = "2016-01-01"
// param to: date = "2016-01-31"
MATCH (o:Organisation {id: $org_id})
WITH o  // start from the id index
MATCH (o)<-[:IN]-(post:Post)<-[:OF]-(t:Tenure)<-[:HELD]-(p:Person)
// a NULL side of the stored span has no bound: that side never excludes the period
WHERE t.span_to < $from OR t.span_from > $to
RETURN post.id AS post_id, post.title AS post, post.kind AS post_kind,
       p.id AS person_id, p.name AS person, t.id AS tenure_id,
       CASE WHEN t.span_to < $from THEN 'gone_by' ELSE 'not_yet' END AS why,
       CASE WHEN t.span_to < $from THEN t.span_to ELSE t.span_from END AS date,
       CASE WHEN t.span_to < $from THEN t.span_to_by ELSE t.span_from_by END AS set_by
ORDER BY post_kind, person_id, tenure_id
