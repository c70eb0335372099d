// name: org_inspections
// question: Every inspection of an organisation and its grades, oldest first.
// param org_id: string = "org:sandwell"
MATCH (i:Inspection)-[:OF]->(o:Organisation {id: $org_id})
OPTIONAL MATCH (i)-[:JUDGED]->(j:Judgement)
WITH i, collect({area: j.area, grade: j.grade}) AS judgements
RETURN i.id AS id, i.kind AS kind, i.start AS start, i.end AS end, i.published AS published,
       i.window_from AS earliest, i.window_to AS latest, i.certainty AS certainty, judgements
ORDER BY earliest, id
