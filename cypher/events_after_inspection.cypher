// name: events_after_inspection
// question: What followed an inspection: resignations, suspensions, departures, dismissals and more?
// param kinds: list = ["resigned", "suspended", "left", "dismissed"]
MATCH (e:Event)-[:AFTER]->(i:Inspection)-[:OF]->(o:Organisation)
WHERE size($kinds) = 0 OR e.kind IN $kinds
OPTIONAL MATCH (e)-[inv:INVOLVED]->(x)
WITH e, i, o, collect(DISTINCT coalesce(x.name, x.title)) AS involved
RETURN i.id AS inspection_id, o.name AS organisation, e.id AS event_id, e.kind AS kind,
       e.date AS date, e.summary AS summary, involved, e.certainty AS certainty
ORDER BY inspection_id, e.earliest, event_id
