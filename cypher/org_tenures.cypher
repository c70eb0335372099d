// name: org_tenures
// question: Every known tenure of every post in an organisation, oldest first.
// param org_id: string = "org:sandwell"
MATCH (o:Organisation {id: $org_id})<-[:IN]-(post:Post)<-[:OF]-(t:Tenure)<-[:HELD]-(p:Person)
RETURN t.id AS tenure_id, post.title AS post, post.kind AS post_kind, p.name AS person,
       p.id AS person_id, t.start AS start, t.end AS end, t.start_after AS start_after,
       t.start_before AS start_before, t.end_after AS end_after, t.end_before AS end_before,
       t.earliest_start AS earliest_start, t.latest_start AS latest_start,
       t.earliest_end AS earliest_end, t.latest_end AS latest_end,
       t.span_from AS span_from, t.span_to AS span_to,
       t.span_from_by AS span_from_by, t.span_to_by AS span_to_by, t.ended_by AS ended_by,
       t.certainty AS certainty
ORDER BY coalesce(span_from, ''), tenure_id  // no bound: first
