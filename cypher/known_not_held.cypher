// name: known_not_held
// question: Which tenures of an organisation's posts are known to lie outside a day or period, by their own dates or a neighbouring holder's (gone_by: over by `date`; not_yet: not in post before `date`)? (known_on: as known on that date)
// param org_id: string = "org:sandwell"
// param from: date = "2016-01-01"
// param to: date = "2016-01-31"
// param known_on: cut? = "2016-12-31"
MATCH (o:Organisation {id: $org_id})
WITH o  // start from the id index
MATCH (o)<-[:IN]-(post:Post)<-[:OF]-(t:Tenure)<-[:HELD]-(p:Person)
// a NULL side of the stored span has no bound: that side never excludes the period
WHERE $known_on IS NOT NULL OR t.span_to < $from OR t.span_from > $to
// as known on $known_on (graph/dates.py): a tenure no source out by then cites is left out,
// and a side set by a neighbour nobody had cited yet falls back to the nearest cited one
OPTIONAL MATCH (t)-[:SOURCED_FROM]->(s:Source)
WHERE $known_on IS NULL OR s.published_from <= $known_on
WITH post, t, p, count(s) AS kept
WHERE kept > 0
// (the neighbours are looked at only with a cut, and only for a side a neighbour set)
WITH post, t, p,
     CASE WHEN $known_on IS NOT NULL AND t.span_from_by IS NOT NULL THEN post END
       AS from_post,
     CASE WHEN $known_on IS NOT NULL AND t.span_to_by IS NOT NULL THEN post END AS to_post
OPTIONAL MATCH (from_post)<-[:OF]-(u:Tenure)-[:SOURCED_FROM]->(us:Source)
WHERE us.published_from <= $known_on AND u.last_attested < t.first_attested
  AND NOT (u)-[:CONFLICTS_WITH]-(t)
WITH post, t, p, to_post, max(u.earliest_end + ' ' + u.id) AS prev
OPTIONAL MATCH (to_post)<-[:OF]-(n:Tenure)-[:SOURCED_FROM]->(ns:Source)
WHERE ns.published_from <= $known_on AND n.first_attested > t.last_attested
  AND NOT (n)-[:CONFLICTS_WITH]-(t)
WITH post, t, p, prev, min(n.latest_start + ' ' + n.id) AS nxt
WITH post, t, p,
     CASE WHEN $known_on IS NULL OR t.span_from_by IS NULL THEN t.span_from
          WHEN prev IS NOT NULL THEN substring(prev, 0, 10) END AS span_from,
     CASE WHEN $known_on IS NULL OR t.span_from_by IS NULL THEN t.span_from_by
          WHEN prev IS NOT NULL THEN substring(prev, 11) END AS span_from_by,
     CASE WHEN $known_on IS NULL OR t.span_to_by IS NULL THEN t.span_to
          WHEN nxt IS NOT NULL THEN substring(nxt, 0, 10) END AS span_to,
     CASE WHEN $known_on IS NULL OR t.span_to_by IS NULL THEN t.span_to_by
          WHEN nxt IS NOT NULL THEN substring(nxt, 11) END AS span_to_by
WHERE span_to < $from OR span_from > $to
RETURN post.id AS post_id, post.title AS post, post.kind AS post_kind,
       p.id AS person_id, p.name AS person, t.id AS tenure_id,
       CASE WHEN span_to < $from THEN 'gone_by' ELSE 'not_yet' END AS why,
       CASE WHEN span_to < $from THEN span_to ELSE span_from END AS date,
       CASE WHEN span_to < $from THEN span_to_by ELSE span_from_by END AS set_by
ORDER BY post_kind, person_id, tenure_id
