// name: inspection
// question: What did one inspection judge, and when? (known_on: as known on that date; known is NULL when no source out by then cites it)
// param inspection_id: string = "inspection:sandwell:2013-02"
// param known_on: cut? = "2013-03-31"
MATCH (i:Inspection {id: $inspection_id})-[:OF]->(o:Organisation)
OPTIONAL MATCH (i)-[:JUDGED]->(j:Judgement)-[:SOURCED_FROM]->(js:Source)
WHERE $known_on IS NULL OR js.published_from <= $known_on
WITH i, o, j, count(js) AS j_kept
WITH i, o, collect(CASE WHEN j_kept > 0 THEN {area: j.area, grade: j.grade} END) AS judgements
OPTIONAL MATCH (i)-[c:SOURCED_FROM]->(s:Source)
WHERE $known_on IS NOT NULL AND s.published_from <= $known_on
WITH i, o, judgements, min(s.published_to) AS i_out, collect(c.certainty) AS certainties
RETURN i.id AS id, o.id AS org_id, o.name AS organisation, i.kind AS kind, i.start AS start,
       i.end AS end, i.published AS published, i.window_from AS window_from,
       i.window_to AS window_to,
       CASE WHEN $known_on IS NULL OR size(certainties) = 0 THEN i.certainty
            WHEN 'inferred' IN certainties THEN 'inferred'
            WHEN 'believed' IN certainties THEN 'believed'
            WHEN 'reported' IN certainties THEN 'reported' ELSE 'stated' END AS certainty,
       judgements,
       CASE WHEN $known_on IS NULL THEN NULL WHEN i_out <= $known_on THEN 'known'
            WHEN i_out IS NOT NULL THEN 'possibly_known' END AS known
