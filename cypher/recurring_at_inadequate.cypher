// name: recurring_at_inadequate
// question: Which people held or possibly held a post in an organisation at two or more inspections judged inadequate? (held_at: where the sources place them in post for certain)
MATCH (i:Inspection)-[:JUDGED]->(j:Judgement)
WHERE j.grade = 'inadequate'
WITH DISTINCT i
MATCH (i)-[:OF]->(o:Organisation)<-[:IN]-(post:Post)<-[:OF]-(t:Tenure)<-[:HELD]-(p:Person)
WHERE (t.span_from IS NULL OR t.span_from <= i.window_to)
  AND (t.span_to IS NULL OR t.span_to >= i.window_from)
WITH p, i, o, post,
     CASE WHEN t.latest_start <= i.window_to AND t.earliest_end >= i.window_from
          THEN i.id END AS held
WITH p, collect(DISTINCT i.id) AS inspections, collect(DISTINCT held) AS held_at,
     collect(DISTINCT o.name) AS organisations, collect(DISTINCT post.title) AS posts
WHERE size(inspections) >= 2
RETURN p.id AS person_id, p.name AS person, organisations, posts, inspections, held_at,
       size(inspections) AS times
ORDER BY times DESC, person_id
