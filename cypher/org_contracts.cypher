// name: org_contracts
// question: Every contract an organisation awarded, with the contractor, oldest first.
// param org_id: string = "org:sandwell"
MATCH (o:Organisation {id: $org_id})-[:AWARDED]->(c:Contract)-[:TO]->(k:Organisation)
RETURN c.id AS contract_id, k.name AS contractor, k.id AS contractor_id, c.start AS start,
       c.end AS end, c.months AS months, c.value_gbp AS value_gbp, c.purpose AS purpose,
       c.earliest_start AS earliest_start, c.latest_start AS latest_start,
       c.earliest_end AS earliest_end, c.latest_end AS latest_end,
       c.span_from AS span_from, c.span_to AS span_to, c.certainty AS certainty
ORDER BY span_from, contract_id
