// name: person_inspections
// question: Which inspections of the organisations a person served fell inside their tenure?
// param person_id: string = "person:simon-hackett"
MATCH (p:Person {id: $person_id})-[:HELD]->(t:Tenure)-[:OF]->(post:Post)-[:IN]->(o:Organisation)
MATCH (i:Inspection)-[:OF]->(o)
WHERE (t.span_from IS NULL OR t.span_from <= i.window_to)
  AND (t.span_to IS NULL OR t.span_to >= i.window_from)
OPTIONAL MATCH (i)-[:JUDGED]->(j:Judgement)
WITH t, post, o, i, collect({area: j.area, grade: j.grade}) AS judgements
RETURN i.id AS inspection_id, o.name AS organisation, i.kind AS kind, i.start AS start,
       i.end AS end, i.published AS published, post.title AS post, t.id AS tenure_id,
       CASE WHEN t.latest_start <= i.window_to AND t.earliest_end >= i.window_from
            THEN 'held' ELSE 'possibly_held' END AS status,
       judgements
ORDER BY i.window_from, inspection_id, tenure_id
