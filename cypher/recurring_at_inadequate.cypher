// name: recurring_at_inadequate
// question: Which people held a post in an organisation at two or more inspections judged inadequate?
MATCH (i:Inspection)-[:JUDGED]->(j:Judgement)
WHERE j.grade = 'inadequate'
WITH DISTINCT i
MATCH (i)-[:OF]->(o:Organisation)<-[:IN]-(post:Post)<-[:OF]-(t:Tenure)<-[:HELD]-(p:Person)
WHERE t.span_from <= i.window_to AND t.span_to >= i.window_from
WITH p, collect(DISTINCT i.id) AS inspections, collect(DISTINCT o.name) AS organisations,
     collect(DISTINCT post.title) AS posts
WHERE size(inspections) >= 2
RETURN p.id AS person_id, p.name AS person, organisations, posts, inspections,
       size(inspections) AS times
ORDER BY times DESC, person_id
