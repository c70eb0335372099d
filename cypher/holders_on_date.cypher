// name: holders_on_date
// question: Who held each post in an organisation on a day or over a period, and how is it known?
// param org_id: string = "org:sandwell"
// param from: date = "2013-02-01"
// param to: date = "2013-03-31"
MATCH (o:Organisation {id: $org_id})
WITH o  // start from the id index: FalkorDB otherwise scans every Tenure
MATCH (o)<-[:IN]-(post:Post)<-[:OF]-(t:Tenure)<-[:HELD]-(p:Person)
// span_from/span_to: the possible span stored at load time (graph/dates.py); NULL = no bound
WHERE (t.span_from IS NULL OR t.span_from <= $to)
  AND (t.span_to IS NULL OR t.span_to >= $from)
MATCH (t)-[c:SOURCED_FROM]->(s:Source)
WITH post, t, p,
     collect({source: s.id, quote: c.quote, certainty: c.certainty, note: c.note}) AS sources
RETURN post.id AS post_id, post.title AS post, post.kind AS post_kind,
       p.id AS person_id, p.name AS person, t.id AS tenure_id,
       t.start AS start, t.end AS end, t.start_after AS start_after,
       t.start_before AS start_before, t.end_after AS end_after, t.end_before AS end_before,
       t.ended_by AS ended_by, t.span_from AS span_from, t.span_to AS span_to,
       t.span_from_by AS span_from_by, t.span_to_by AS span_to_by,
       CASE WHEN t.latest_start <= $to AND t.earliest_end >= $from
            THEN 'held' ELSE 'possibly_held' END AS status,
       t.certainty AS certainty, sources
ORDER BY post_kind, person_id, tenure_id
