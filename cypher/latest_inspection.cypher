// name: latest_inspection
// question: What had Ofsted last judged of an organisation by a given day? (published_by_then: certain, or possible when the report's date is coarser than the day; known_on: as known on that date)
// param org_id: string = "org:sandwell"
// param to: date = "2013-03-31"
// param known_on: cut? = "2013-03-31"
MATCH (o:Organisation {id: $org_id})
WITH o  // start from the id index
MATCH (i:Inspection)-[:OF]->(o)
MATCH (i)-[:JUDGED]->(j:Judgement)
WHERE i.judged_from <= $to
// as known on $known_on (graph/dates.py): the inspection and each grade cite a source out by then
MATCH (j)-[:SOURCED_FROM]->(js:Source)
WHERE $known_on IS NULL OR js.published_from <= $known_on
WITH i, j, min(js.published_to) AS j_out
MATCH (i)-[c:SOURCED_FROM]->(s:Source)
WHERE $known_on IS NULL OR s.published_from <= $known_on
WITH i, j, j_out, min(s.published_to) AS i_out, collect(c.certainty) AS certainties
WITH i, i_out, certainties, collect({area: j.area, grade: j.grade}) AS judgements
RETURN i.id AS id, i.kind AS kind, i.start AS start, i.end AS end, i.published AS published,
       i.window_from AS window_from, i.window_to AS window_to,
       CASE WHEN $known_on IS NULL THEN i.certainty
            WHEN 'inferred' IN certainties THEN 'inferred'
            WHEN 'believed' IN certainties THEN 'believed'
            WHEN 'reported' IN certainties THEN 'reported' ELSE 'stated' END AS certainty,
       CASE WHEN i.judged_to <= $to THEN 'certain' ELSE 'possible' END AS published_by_then,
       judgements,
       CASE WHEN $known_on IS NULL THEN NULL WHEN i_out <= $known_on THEN 'known'
            ELSE 'possibly_known' END AS known
ORDER BY i.judged_from DESC, i.window_to DESC, id DESC
LIMIT 1
