// name: latest_inspection
// question: What had Ofsted last judged of an organisation by a given day? (published_by_then: certain, or possible when the report's date is coarser than the day)
// param org_id: string = "org:sandwell"
// param to: date = "2013-03-31"
MATCH (o:Organisation {id: $org_id})
WITH o  // start from the id index
MATCH (i:Inspection)-[:OF]->(o)
MATCH (i)-[:JUDGED]->(j:Judgement)
WHERE i.judged_from <= $to
WITH i, collect({area: j.area, grade: j.grade}) AS judgements
RETURN i.id AS id, i.kind AS kind, i.start AS start, i.end AS end, i.published AS published,
       i.window_from AS window_from, i.window_to AS window_to, i.certainty AS certainty,
       CASE WHEN i.judged_to <= $to THEN 'certain' ELSE 'possible' END AS published_by_then,
       judgements
ORDER BY i.judged_from DESC, i.window_to DESC, id DESC
LIMIT 1
