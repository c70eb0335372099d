// name: contracts_on_date
// question: Which contractors were running or advising an organisation's service on a day or over a period? (known_on: as known on that date)
// param org_id: string = "org:sandwell"
// param from: date = "2013-02-01"
// param to: date = "2013-03-31"
// param known_on: cut? = "2013-03-31"
MATCH (o:Organisation {id: $org_id})
WITH o  // start from the id index
MATCH (o)-[:AWARDED]->(c:Contract)-[:TO]->(k:Organisation)
WHERE c.span_from <= $to AND c.span_to >= $from
MATCH (c)-[r:SOURCED_FROM]->(s:Source)
// as known on $known_on (graph/dates.py): only citations of sources out (or possibly out) by then
WITH c, k, r, s, ($known_on IS NULL OR s.published_from <= $known_on) AS kept
WITH c, k, count(r) AS cited,
     collect(CASE WHEN kept THEN {source: s.id, quote: r.quote, certainty: r.certainty,
       note: r.note, known: CASE WHEN $known_on IS NULL THEN NULL
                                 WHEN s.published_to <= $known_on THEN 'known'
                                 ELSE 'possibly_known' END} END) AS sources,
     collect(CASE WHEN kept THEN r.certainty END) AS certainties,
     min(CASE WHEN kept THEN s.published_to END) AS first_out
WHERE size(sources) > 0
RETURN c.id AS contract_id, k.name AS contractor, k.id AS contractor_id,
       c.start AS start, c.end AS end, c.months AS months, c.value_gbp AS value_gbp,
       c.purpose AS purpose,
       CASE WHEN c.latest_start <= $to AND c.earliest_end >= $from
            THEN 'held' ELSE 'possibly_held' END AS status,
       CASE WHEN $known_on IS NULL THEN c.certainty
            WHEN 'inferred' IN certainties THEN 'inferred'
            WHEN 'believed' IN certainties THEN 'believed'
            WHEN 'reported' IN certainties THEN 'reported' ELSE 'stated' END AS certainty,
       sources,
       CASE WHEN $known_on IS NULL THEN NULL WHEN first_out <= $known_on THEN 'known'
            ELSE 'possibly_known' END AS known,
       cited - size(sources) AS citations_dropped
ORDER BY contract_id
