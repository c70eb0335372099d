// name: councils_repeatedly_inadequate
// question: Which organisations were judged inadequate at two or more inspections? Two inspections a Conflict record says may be one count once (conflicts names it; inspections lists them all).
MATCH (i:Inspection)-[:JUDGED]->(j:Judgement)
WHERE j.grade = 'inadequate'
MATCH (i)-[:OF]->(o:Organisation)
WITH o, collect(DISTINCT i.id) AS inspections
UNWIND inspections AS iid
MATCH (i:Inspection {id: iid})
OPTIONAL MATCH (i)-[c:CONFLICTS_WITH]-(other:Inspection)
WHERE other.id IN inspections
WITH o, inspections, iid, collect(other.id) AS twins, collect(c.id) AS doubts
WITH o, inspections,
     collect(CASE WHEN all(x IN twins WHERE iid < x) THEN iid END) AS counted,
     collect(CASE WHEN size(doubts) > 0 THEN doubts[0] END) AS doubted
WHERE size(counted) >= 2
UNWIND (CASE WHEN size(doubted) = 0 THEN [null] ELSE doubted END) AS d
WITH o, inspections, counted, collect(DISTINCT d) AS conflicts
RETURN o.id AS org_id, o.name AS organisation, size(counted) AS times, counted, conflicts,
       inspections
ORDER BY times DESC, org_id
