// name: person_events
// question: What happened to a person (appointments, resignations, suspensions, statements)? (known_on: as known on that date)
// param person_id: string = "person:bob-badham"
// param known_on: cut? = "2013-03-31"
MATCH (e:Event)-[inv:INVOLVED]->(p:Person {id: $person_id})
MATCH (e)-[c:SOURCED_FROM]->(s:Source)
OPTIONAL MATCH (e)-[:AFTER]->(i:Inspection)
// as known on $known_on (graph/dates.py): only citations of sources out (or possibly out) by then
WITH e, inv, i, c, s, ($known_on IS NULL OR s.published_from <= $known_on) AS kept
WITH e, inv, i, count(c) AS cited,
     collect(CASE WHEN kept THEN {source: s.id, quote: c.quote, certainty: c.certainty,
       note: c.note, known: CASE WHEN $known_on IS NULL THEN NULL
                                 WHEN s.published_to <= $known_on THEN 'known'
                                 ELSE 'possibly_known' END} END) AS sources,
     collect(CASE WHEN kept THEN c.certainty END) AS certainties,
     min(CASE WHEN kept THEN s.published_to END) AS first_out
WHERE size(sources) > 0
RETURN e.id AS event_id, e.kind AS kind, e.date AS date, e.summary AS summary,
       inv.as AS as, i.id AS after_inspection,
       CASE WHEN $known_on IS NULL THEN e.certainty
            WHEN 'inferred' IN certainties THEN 'inferred'
            WHEN 'believed' IN certainties THEN 'believed'
            WHEN 'reported' IN certainties THEN 'reported' ELSE 'stated' END AS certainty,
       sources,
       CASE WHEN $known_on IS NULL THEN NULL WHEN first_out <= $known_on THEN 'known'
            ELSE 'possibly_known' END AS known,
       cited - size(sources) AS citations_dropped
ORDER BY e.earliest, event_id
