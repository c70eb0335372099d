// name: org_events
// question: Every event involving an organisation, its posts, or following its inspections.
// param org_id: string = "org:sandwell"
MATCH (o:Organisation {id: $org_id})
MATCH (e:Event)
WHERE (e)-[:INVOLVED]->(o) OR (e)-[:INVOLVED]->(:Post)-[:IN]->(o)
   OR (e)-[:AFTER]->(:Inspection)-[:OF]->(o)
OPTIONAL MATCH (e)-[:INVOLVED]->(x)
WITH e, collect(DISTINCT coalesce(x.name, x.title)) AS involved
RETURN e.id AS id, e.kind AS kind, e.date AS date, e.earliest AS earliest,
       e.latest AS latest, e.summary AS summary, involved, e.certainty AS certainty
ORDER BY earliest, id
