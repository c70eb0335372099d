// name: councils_repeatedly_inadequate
// question: Which organisations were judged inadequate at two or more inspections?
MATCH (i:Inspection)-[:JUDGED]->(j:Judgement)
WHERE j.grade = 'inadequate'
MATCH (i)-[:OF]->(o:Organisation)
WITH o, collect(DISTINCT i.id) AS inspections
WHERE size(inspections) >= 2
RETURN o.id AS org_id, o.name AS organisation, inspections, size(inspections) AS times
ORDER BY times DESC, org_id
