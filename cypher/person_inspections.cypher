// name: person_inspections
// question: Which inspections of the organisations a person served fell inside their tenure? (known_on: as known on that date)
// param person_id: string = "person:simon-hackett"
// param known_on: cut? = "2015-12-31"
MATCH (p:Person {id: $person_id})-[:HELD]->(t:Tenure)-[:OF]->(post:Post)-[:IN]->(o:Organisation)
// as known on $known_on (graph/dates.py): the tenure and the inspection cite a source out by
// then, and a side set by a neighbour nobody had cited yet falls back to the nearest cited one
OPTIONAL MATCH (t)-[:SOURCED_FROM]->(ts:Source)
WHERE $known_on IS NOT NULL AND ts.published_from <= $known_on
WITH t, post, o, count(ts) AS t_kept
WHERE $known_on IS NULL OR t_kept > 0
// (the neighbours are looked at only with a cut, and only for a side a neighbour set)
WITH t, post, o,
     CASE WHEN $known_on IS NOT NULL AND t.span_from_by IS NOT NULL THEN post END
       AS from_post,
     CASE WHEN $known_on IS NOT NULL AND t.span_to_by IS NOT NULL THEN post END AS to_post
OPTIONAL MATCH (from_post)<-[:OF]-(u:Tenure)-[:SOURCED_FROM]->(us:Source)
WHERE us.published_from <= $known_on AND u.last_attested < t.first_attested
  AND NOT (u)-[:CONFLICTS_WITH]-(t)
WITH t, post, o, to_post, max(u.earliest_end + ' ' + u.id) AS prev
OPTIONAL MATCH (to_post)<-[:OF]-(n:Tenure)-[:SOURCED_FROM]->(ns:Source)
WHERE ns.published_from <= $known_on AND n.first_attested > t.last_attested
  AND NOT (n)-[:CONFLICTS_WITH]-(t)
WITH t, post, o, prev, min(n.latest_start + ' ' + n.id) AS nxt
WITH t, post, o,
     CASE WHEN $known_on IS NULL OR t.span_from_by IS NULL THEN t.span_from
          WHEN prev IS NOT NULL THEN substring(prev, 0, 10) END AS span_from,
     CASE WHEN $known_on IS NULL OR t.span_to_by IS NULL THEN t.span_to
          WHEN nxt IS NOT NULL THEN substring(nxt, 0, 10) END AS span_to
MATCH (i:Inspection)-[:OF]->(o)
WHERE (span_from IS NULL OR span_from <= i.window_to)
  AND (span_to IS NULL OR span_to >= i.window_from)
OPTIONAL MATCH (i)-[:SOURCED_FROM]->(is:Source)
WHERE $known_on IS NOT NULL AND is.published_from <= $known_on
WITH t, post, o, i, count(is) AS i_kept
WHERE $known_on IS NULL OR i_kept > 0
OPTIONAL MATCH (i)-[:JUDGED]->(j:Judgement)-[:SOURCED_FROM]->(js:Source)
WHERE $known_on IS NULL OR js.published_from <= $known_on
WITH t, post, o, i, j, count(js) AS j_kept
WITH t, post, o, i, collect(CASE WHEN j_kept > 0 THEN {area: j.area, grade: j.grade} END)
     AS judgements
RETURN i.id AS inspection_id, o.name AS organisation, i.kind AS kind, i.start AS start,
       i.end AS end, i.published AS published, post.title AS post, t.id AS tenure_id,
       CASE WHEN t.latest_start <= i.window_to AND t.earliest_end >= i.window_from
            THEN 'held' ELSE 'possibly_held' END AS status,
       judgements
ORDER BY i.window_from, inspection_id, tenure_id
