// name: org_events
// question: Every event involving an organisation, its posts, or following its inspections. (known_on: as known on that date)
// param org_id: string = "org:sandwell"
// param known_on: cut? = "2013-03-31"
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
// the citations are read only with a cut: without one the timeline shows no sources
WITH e, involved, CASE WHEN $known_on IS NOT NULL THEN e END AS cited_e
OPTIONAL MATCH (cited_e)-[c:SOURCED_FROM]->(s:Source)
// as known on $known_on (graph/dates.py): only citations of sources out (or possibly out) by then
WITH e, involved, c, s,
     (s IS NOT NULL AND ($known_on IS NULL OR s.published_from <= $known_on)) AS kept
WITH e, involved, count(c) AS cited,
     collect(CASE WHEN kept THEN {source: s.id, quote: c.quote, certainty: c.certainty,
       note: c.note, known: CASE WHEN $known_on IS NULL THEN NULL
                                 WHEN s.published_to <= $known_on THEN 'known'
                                 ELSE 'possibly_known' END} END) AS sources,
     collect(CASE WHEN kept THEN c.certainty END) AS certainties,
     min(CASE WHEN kept THEN s.published_to END) AS first_out
WHERE $known_on IS NULL OR size(sources) > 0
RETURN e.id AS id, e.kind AS kind, e.date AS date, e.earliest AS earliest,
       e.latest AS latest, e.summary AS summary, involved,
       CASE WHEN $known_on IS NULL THEN e.certainty
            WHEN 'inferred' IN certainties THEN 'inferred'
            WHEN 'believed' IN certainties THEN 'believed'
            WHEN 'reported' IN certainties THEN 'reported' ELSE 'stated' END AS certainty,
       CASE WHEN $known_on IS NOT NULL THEN sources END AS sources,
       CASE WHEN $known_on IS NULL THEN NULL WHEN first_out <= $known_on THEN 'known'
            ELSE 'possibly_known' END AS known,
       cited - size(sources) AS citations_dropped
ORDER BY earliest, id
