// name: contracts_on_date
// question: Which contractors were running or advising an organisation's service on a day or over a period?
// param org_id: string = "org:sandwell"
// param from: date = "2013-02-01"
// param to: date = "2013-03-31"
MATCH (o:Organisation {id: $org_id})
WITH o  // start from the id index
MATCH (o)-[:AWARDED]->(c:Contract)-[:TO]->(k:Organisation)
WHERE c.span_from <= $to AND c.span_to >= $from
MATCH (c)-[r:SOURCED_FROM]->(s:Source)
WITH c, k, collect({source: s.id, quote: r.quote, certainty: r.certainty, note: r.note}) AS sources
RETURN c.id AS contract_id, k.name AS contractor, k.id AS contractor_id,
       c.start AS start, c.end AS end, c.months AS months, c.value_gbp AS value_gbp,
       c.purpose AS purpose,
       CASE WHEN c.latest_start <= $to AND c.earliest_end >= $from
            THEN 'held' ELSE 'possibly_held' END AS status,
       c.certainty AS certainty, sources
ORDER BY contract_id
