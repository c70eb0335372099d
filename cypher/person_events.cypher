// name: person_events
// question: What happened to a person (appointments, resignations, suspensions, statements)?
// param person_id: string = "person:bob-badham"
MATCH (e:Event)-[inv:INVOLVED]->(p:Person {id: $person_id})
MATCH (e)-[c:SOURCED_FROM]->(s:Source)
OPTIONAL MATCH (e)-[:AFTER]->(i:Inspection)
WITH e, inv, i,
     collect({source: s.id, quote: c.quote, certainty: c.certainty, note: c.note}) AS sources
RETURN e.id AS event_id, e.kind AS kind, e.date AS date, e.summary AS summary,
       inv.as AS as, i.id AS after_inspection, e.certainty AS certainty, sources
ORDER BY e.earliest, event_id
