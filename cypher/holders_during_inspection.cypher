// name: holders_during_inspection
// question: Who held each post in the inspected organisation between the inspection and its report?
// param inspection_id: string = "inspection:sandwell:2013-02"
MATCH (i:Inspection {id: $inspection_id})-[:OF]->(o:Organisation)
MATCH (o)<-[:IN]-(post:Post)<-[:OF]-(t:Tenure)<-[:HELD]-(p:Person)
WHERE (t.span_from IS NULL OR t.span_from <= i.window_to)
  AND (t.span_to IS NULL OR t.span_to >= i.window_from)
RETURN i.id AS inspection_id, o.name AS organisation, post.title AS post,
       post.kind AS post_kind, p.name AS person, p.id AS person_id,
       CASE WHEN t.latest_start <= i.window_to AND t.earliest_end >= i.window_from
            THEN 'held' ELSE 'possibly_held' END AS status,
       t.certainty AS certainty
ORDER BY post_kind, person_id
