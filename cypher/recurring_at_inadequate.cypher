// name: recurring_at_inadequate
// question: Which people held, or possibly held, a post in an organisation at two or more inspections judged inadequate? held_times counts the inspections at which the sources place them in post for certain; possibly_times the others. Two inspections a Conflict record says may be one count once (conflicts names it), as held if either is.
MATCH (i:Inspection)-[:JUDGED]->(j:Judgement)
WHERE j.grade = 'inadequate'
WITH DISTINCT i
MATCH (i)-[:OF]->(o:Organisation)<-[:IN]-(post:Post)<-[:OF]-(t:Tenure)<-[:HELD]-(p:Person)
WHERE (t.span_from IS NULL OR t.span_from <= i.window_to)
  AND (t.span_to IS NULL OR t.span_to >= i.window_from)
WITH p, i, o, post,
     CASE WHEN t.latest_start <= i.window_to AND t.earliest_end >= i.window_from
          THEN i.id END AS held
WITH p, collect(DISTINCT i.id) AS inspections, collect(DISTINCT held) AS held_ids,
     collect(DISTINCT o.name) AS organisations, collect(DISTINCT post.title) AS posts
WHERE size(inspections) >= 2
UNWIND inspections AS iid
MATCH (i:Inspection {id: iid})
OPTIONAL MATCH (i)-[c:CONFLICTS_WITH]-(other:Inspection)
WHERE other.id IN inspections
WITH p, inspections, held_ids, organisations, posts, iid,
     collect(other.id) AS twins, collect(c.id) AS doubts
WITH p, inspections, organisations, posts, iid, doubts,
     all(x IN twins WHERE iid < x) AS counts,
     (iid IN held_ids OR any(x IN twins WHERE x IN held_ids)) AS is_held
WITH p, inspections, organisations, posts,
     collect(CASE WHEN counts AND is_held THEN iid END) AS held_at,
     collect(CASE WHEN counts AND NOT is_held THEN iid END) AS possibly_at,
     collect(CASE WHEN size(doubts) > 0 THEN doubts[0] END) AS doubted
WHERE size(held_at) + size(possibly_at) >= 2
UNWIND (CASE WHEN size(doubted) = 0 THEN [null] ELSE doubted END) AS d
WITH p, inspections, organisations, posts, held_at, possibly_at, collect(DISTINCT d) AS conflicts
RETURN p.id AS person_id, p.name AS person, organisations, posts,
       size(held_at) AS held_times, size(possibly_at) AS possibly_times,
       held_at, possibly_at, conflicts, inspections
ORDER BY held_times DESC, possibly_times DESC, person_id
