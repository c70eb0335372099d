// name: org_contracts
// question: Every contract an organisation awarded, with the contractor, oldest first. (known_on: as known on that date)
// param org_id: string = "org:sandwell"
// param known_on: cut? = "2013-03-31"
MATCH (o:Organisation {id: $org_id})-[:AWARDED]->(c:Contract)-[:TO]->(k:Organisation)
// the citations are read only with a cut: without one the timeline shows no sources
WITH c, k, CASE WHEN $known_on IS NOT NULL THEN c END AS cited_c
OPTIONAL MATCH (cited_c)-[r:SOURCED_FROM]->(s:Source)
// as known on $known_on (graph/dates.py): only citations of sources out (or possibly out) by then
WITH c, k, r, s,
     (s IS NOT NULL AND ($known_on IS NULL OR s.published_from <= $known_on)) AS kept
WITH c, k, count(r) AS cited,
     collect(CASE WHEN kept THEN {source: s.id, quote: r.quote, certainty: r.certainty,
       note: r.note, known: CASE WHEN $known_on IS NULL THEN NULL
                                 WHEN s.published_to <= $known_on THEN 'known'
                                 ELSE 'possibly_known' END} END) AS sources,
     collect(CASE WHEN kept THEN r.certainty END) AS certainties,
     min(CASE WHEN kept THEN s.published_to END) AS first_out
WHERE $known_on IS NULL OR size(sources) > 0
RETURN c.id AS contract_id, k.name AS contractor, k.id AS contractor_id, c.start AS start,
       c.end AS end, c.months AS months, c.value_gbp AS value_gbp, c.purpose AS purpose,
       c.earliest_start AS earliest_start, c.latest_start AS latest_start,
       c.earliest_end AS earliest_end, c.latest_end AS latest_end,
       c.span_from AS span_from, c.span_to AS span_to,
       CASE WHEN $known_on IS NULL THEN c.certainty
            WHEN 'inferred' IN certainties THEN 'inferred'
            WHEN 'believed' IN certainties THEN 'believed'
            WHEN 'reported' IN certainties THEN 'reported' ELSE 'stated' END AS certainty,
       CASE WHEN $known_on IS NOT NULL THEN sources END AS sources,
       CASE WHEN $known_on IS NULL THEN NULL WHEN first_out <= $known_on THEN 'known'
            ELSE 'possibly_known' END AS known,
       cited - size(sources) AS citations_dropped
ORDER BY span_from, contract_id
