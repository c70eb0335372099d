// name: org_inspections
// question: Every inspection of an organisation and its grades, oldest first. (known_on: as known on that date)
// param org_id: string = "org:sandwell"
// param known_on: cut? = "2013-03-31"
MATCH (i:Inspection)-[:OF]->(o:Organisation {id: $org_id})
OPTIONAL MATCH (i)-[:JUDGED]->(j:Judgement)-[:SOURCED_FROM]->(js:Source)
WHERE $known_on IS NULL OR js.published_from <= $known_on
WITH i, j, count(js) AS j_kept
WITH i, collect(CASE WHEN j_kept > 0 THEN {area: j.area, grade: j.grade} END) AS judgements
// the citations are read only with a cut: without one the timeline shows no sources
WITH i, judgements, CASE WHEN $known_on IS NOT NULL THEN i END AS cited_i
OPTIONAL MATCH (cited_i)-[c:SOURCED_FROM]->(s:Source)
// as known on $known_on (graph/dates.py): only citations of sources out (or possibly out) by then
WITH i, judgements, c, s,
     (s IS NOT NULL AND ($known_on IS NULL OR s.published_from <= $known_on)) AS kept
WITH i, judgements, count(c) AS cited,
     collect(CASE WHEN kept THEN {source: s.id, quote: c.quote, certainty: c.certainty,
       note: c.note, known: CASE WHEN $known_on IS NULL THEN NULL
                                 WHEN s.published_to <= $known_on THEN 'known'
                                 ELSE 'possibly_known' END} END) AS sources,
     collect(CASE WHEN kept THEN c.certainty END) AS certainties,
     min(CASE WHEN kept THEN s.published_to END) AS first_out
WHERE $known_on IS NULL OR size(sources) > 0
RETURN i.id AS id, i.kind AS kind, i.start AS start, i.end AS end, i.published AS published,
       i.window_from AS earliest, i.window_to AS latest,
       CASE WHEN $known_on IS NULL THEN i.certainty
            WHEN 'inferred' IN certainties THEN 'inferred'
            WHEN 'believed' IN certainties THEN 'believed'
            WHEN 'reported' IN certainties THEN 'reported' ELSE 'stated' END AS certainty,
       judgements, CASE WHEN $known_on IS NOT NULL THEN sources END AS sources,
       CASE WHEN $known_on IS NULL THEN NULL WHEN first_out <= $known_on THEN 'known'
            ELSE 'possibly_known' END AS known,
       cited - size(sources) AS citations_dropped
ORDER BY earliest, id
