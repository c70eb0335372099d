// name: person_record
// question: Which posts has a person held, when, how did each end, and how is it known?
// param person_id: string = "person:simon-hackett"
MATCH (p:Person {id: $person_id})-[:HELD]->(t:Tenure)-[:OF]->(post:Post)-[:IN]->(o:Organisation)
MATCH (t)-[c:SOURCED_FROM]->(s:Source)
WITH p, t, post, o,
     collect({source: s.id, quote: c.quote, certainty: c.certainty, note: c.note}) AS sources
RETURN t.id AS tenure_id, post.id AS post_id, post.title AS post, post.kind AS post_kind,
       o.id AS org_id, o.name AS organisation, t.start AS start, t.end AS end,
       t.start_after AS start_after, t.start_before AS start_before,
       t.end_after AS end_after, t.end_before AS end_before, t.ended_by AS ended_by,
       t.earliest_start AS earliest_start, t.latest_start AS latest_start,
       t.earliest_end AS earliest_end, t.latest_end AS latest_end,
       t.span_from AS span_from, t.span_to AS span_to,
       t.span_from_by AS span_from_by, t.span_to_by AS span_to_by, t.certainty AS certainty, sources
ORDER BY coalesce(span_from, ''), tenure_id  // no bound: first
