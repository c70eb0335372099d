// name: org_events
// question: Every event involving an organisation, its posts, or following its inspections.
// param org_id: string = "org:sandwell"
// From the organisation outwards (its id index), never a scan of every Event.
MATCH (o:Organisation {id: $org_id})
OPTIONAL MATCH (o)<-[:INVOLVED]-(e1:Event)
WITH o, collect(e1) AS direct
OPTIONAL MATCH (o)<-[:IN]-(:Post)<-[:INVOLVED]-(e2:Event)
WITH o, direct, collect(e2) AS via_posts
OPTIONAL MATCH (o)<-[:OF]-(:Inspection)<-[:AFTER]-(e3:Event)
WITH direct, via_posts, collect(e3) AS after
UNWIND direct + via_posts + after AS e
WITH DISTINCT e
OPTIONAL MATCH (e)-[:INVOLVED]->(x)
WITH e, collect(DISTINCT coalesce(x.name, x.title)) AS involved
RETURN e.id AS id, e.kind AS kind, e.date AS date, e.earliest AS earliest,
       e.latest AS latest, e.summary AS summary, involved, e.certainty AS certainty
ORDER BY earliest, id
