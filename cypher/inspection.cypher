// name: inspection
// question: What did one inspection judge, and when?
// param inspection_id: string = "inspection:sandwell:2013-02"
MATCH (i:Inspection {id: $inspection_id})-[:OF]->(o:Organisation)
OPTIONAL MATCH (i)-[:JUDGED]->(j:Judgement)
WITH i, o, collect({area: j.area, grade: j.grade}) AS judgements
RETURN i.id AS id, o.id AS org_id, o.name AS organisation, i.kind AS kind, i.start AS start,
       i.end AS end, i.published AS published, i.window_from AS window_from,
       i.window_to AS window_to, i.certainty AS certainty, judgements
