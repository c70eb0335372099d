// name: person_inspections
// question: Which inspections of the organisations a person served fell inside their tenure? (known_on: as known on that date: tenure and inspection cited by then; spans as stored)
// param person_id: string = "person:simon-hackett"
// param known_on: cut? = "2013-03-31"
MATCH (p:Person {id: $person_id})-[:HELD]->(t:Tenure)-[:OF]->(post:Post)-[:IN]->(o:Organisation)
MATCH (i:Inspection)-[:OF]->(o)
WHERE (t.span_from IS NULL OR t.span_from <= i.window_to)
  AND (t.span_to IS NULL OR t.span_to >= i.window_from)
OPTIONAL MATCH (i)-[:JUDGED]->(j:Judgement)
WITH t, post, o, i, collect({area: j.area, grade: j.grade}) AS judgements
// as known on $known_on (graph/dates.py): the tenure and the inspection cite a source out by then
OPTIONAL MATCH (t)-[:SOURCED_FROM]->(ts:Source)
WHERE $known_on IS NOT NULL AND ts.published_from <= $known_on
WITH t, post, o, i, judgements, count(ts) AS t_kept
OPTIONAL MATCH (i)-[:SOURCED_FROM]->(is:Source)
WHERE $known_on IS NOT NULL AND is.published_from <= $known_on
WITH t, post, o, i, judgements, t_kept, count(is) AS i_kept
WHERE $known_on IS NULL OR (t_kept > 0 AND i_kept > 0)
RETURN i.id AS inspection_id, o.name AS organisation, i.kind AS kind, i.start AS start,
       i.end AS end, i.published AS published, post.title AS post, t.id AS tenure_id,
       CASE WHEN t.latest_start <= i.window_to AND t.earliest_end >= i.window_from
            THEN 'held' ELSE 'possibly_held' END AS status,
       judgements
ORDER BY i.window_from, inspection_id, tenure_id
