// name: contractors
// question: Which contractors worked for which organisations, when, for how much and to do what?
MATCH (o:Organisation)-[:AWARDED]->(c:Contract)-[:TO]->(k:Organisation)
RETURN k.id AS contractor_id, k.name AS contractor, o.name AS client, c.id AS contract_id,
       c.start AS start, c.end AS end, c.months AS months, c.value_gbp AS value_gbp,
       c.purpose AS purpose, c.certainty AS certainty
ORDER BY contractor_id, contract_id
