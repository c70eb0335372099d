// name: holders_on_date
// question: Who held each post in an organisation on a day or over a period, and how is it known? (known_on: as known on that date, from the sources out by then)
// param org_id: string = "org:sandwell"
// param from: date = "2013-02-01"
// param to: date = "2013-03-31"
// param known_on: cut? = "2013-03-31"
MATCH (o:Organisation {id: $org_id})
WITH o  // start from the id index: FalkorDB otherwise scans every Tenure
MATCH (o)<-[:IN]-(post:Post)<-[:OF]-(t:Tenure)<-[:HELD]-(p:Person)
// span_from/span_to: the possible span stored at load time (graph/dates.py); NULL = no bound
WHERE $known_on IS NOT NULL OR ((t.span_from IS NULL OR t.span_from <= $to)
  AND (t.span_to IS NULL OR t.span_to >= $from))
MATCH (t)-[c:SOURCED_FROM]->(s:Source)
// as known on $known_on (graph/dates.py): only citations of sources out (or possibly out) by then
WITH post, t, p, c, s, ($known_on IS NULL OR s.published_from <= $known_on) AS kept
WITH post, t, p, count(c) AS cited,
     collect(CASE WHEN kept THEN {source: s.id, quote: c.quote, certainty: c.certainty,
       note: c.note, known: CASE WHEN $known_on IS NULL THEN NULL
                                 WHEN s.published_to <= $known_on THEN 'known'
                                 ELSE 'possibly_known' END} END) AS sources,
     collect(CASE WHEN kept THEN c.certainty END) AS certainties,
     min(CASE WHEN kept THEN s.published_to END) AS first_out
WHERE size(sources) > 0
// a side set by a neighbour nobody had cited yet falls back to the nearest cited one
// (the neighbours are looked at only with a cut, and only for a side a neighbour set)
WITH post, t, p, cited, sources, certainties, first_out,
     CASE WHEN $known_on IS NOT NULL AND t.span_from_by IS NOT NULL THEN post END
       AS from_post,
     CASE WHEN $known_on IS NOT NULL AND t.span_to_by IS NOT NULL THEN post END AS to_post
OPTIONAL MATCH (from_post)<-[:OF]-(u:Tenure)-[:SOURCED_FROM]->(us:Source)
WHERE us.published_from <= $known_on AND u.last_attested < t.first_attested
  AND NOT (u)-[:CONFLICTS_WITH]-(t)
WITH post, t, p, cited, sources, certainties, first_out, to_post,
     max(u.earliest_end + ' ' + u.id) AS prev
OPTIONAL MATCH (to_post)<-[:OF]-(n:Tenure)-[:SOURCED_FROM]->(ns:Source)
WHERE ns.published_from <= $known_on AND n.first_attested > t.last_attested
  AND NOT (n)-[:CONFLICTS_WITH]-(t)
WITH post, t, p, cited, sources, certainties, first_out, prev,
     min(n.latest_start + ' ' + n.id) AS nxt
WITH post, t, p, cited, sources, certainties, first_out,
     CASE WHEN $known_on IS NULL OR t.span_from_by IS NULL THEN t.span_from
          WHEN prev IS NOT NULL THEN substring(prev, 0, 10) END AS span_from,
     CASE WHEN $known_on IS NULL OR t.span_from_by IS NULL THEN t.span_from_by
          WHEN prev IS NOT NULL THEN substring(prev, 11) END AS span_from_by,
     CASE WHEN $known_on IS NULL OR t.span_to_by IS NULL THEN t.span_to
          WHEN nxt IS NOT NULL THEN substring(nxt, 0, 10) END AS span_to,
     CASE WHEN $known_on IS NULL OR t.span_to_by IS NULL THEN t.span_to_by
          WHEN nxt IS NOT NULL THEN substring(nxt, 11) END AS span_to_by
WHERE (span_from IS NULL OR span_from <= $to) AND (span_to IS NULL OR span_to >= $from)
RETURN post.id AS post_id, post.title AS post, post.kind AS post_kind,
       p.id AS person_id, p.name AS person, t.id AS tenure_id,
       t.start AS start, t.end AS end, t.start_after AS start_after,
       t.start_before AS start_before, t.end_after AS end_after, t.end_before AS end_before,
       t.ended_by AS ended_by, span_from, span_to, span_from_by, span_to_by,
       CASE WHEN t.latest_start <= $to AND t.earliest_end >= $from
            THEN 'held' ELSE 'possibly_held' END AS status,
       CASE WHEN $known_on IS NULL THEN t.certainty
            WHEN 'inferred' IN certainties THEN 'inferred'
            WHEN 'believed' IN certainties THEN 'believed'
            WHEN 'reported' IN certainties THEN 'reported' ELSE 'stated' END AS certainty,
       sources,
       CASE WHEN $known_on IS NULL THEN NULL WHEN first_out <= $known_on THEN 'known'
            ELSE 'possibly_known' END AS known,
       cited - size(sources) AS citations_dropped
ORDER BY post_kind, person_id, tenure_id
