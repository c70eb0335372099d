// name: council_timeline
// question: A council's history in one list: tenures, contracts, inspections and events, oldest first.
// param org_id: string = "org:sandwell"
CALL {
  MATCH (o:Organisation {id: $org_id})<-[:IN]-(post:Post)<-[:OF]-(t:Tenure)<-[:HELD]-(p:Person)
  RETURN t.span_from AS date_from, t.span_to AS date_to, 'tenure' AS kind, t.id AS id,
         p.name + ': ' + post.title AS what, t.ended_by AS detail, t.certainty AS certainty
  UNION ALL
  MATCH (o:Organisation {id: $org_id})-[:AWARDED]->(c:Contract)-[:TO]->(k:Organisation)
  RETURN c.span_from AS date_from, c.span_to AS date_to, 'contract' AS kind, c.id AS id,
         k.name + ' contract' AS what, c.purpose AS detail, c.certainty AS certainty
  UNION ALL
  MATCH (i:Inspection)-[:OF]->(o:Organisation {id: $org_id})
  OPTIONAL MATCH (i)-[:JUDGED]->(j:Judgement {area: 'overall'})
  RETURN i.window_from AS date_from, i.window_to AS date_to, 'inspection' AS kind, i.id AS id,
         'Ofsted ' + i.kind AS what, j.grade AS detail, i.certainty AS certainty
  UNION ALL
  MATCH (o:Organisation {id: $org_id})  // outwards from the org: no scan of every Event
  OPTIONAL MATCH (o)<-[:INVOLVED]-(e1:Event)
  WITH o, collect(e1) AS direct
  OPTIONAL MATCH (o)<-[:IN]-(:Post)<-[:INVOLVED]-(e2:Event)
  WITH o, direct, collect(e2) AS via_posts
  OPTIONAL MATCH (o)<-[:OF]-(:Inspection)<-[:AFTER]-(e3:Event)
  WITH direct, via_posts, collect(e3) AS after
  UNWIND direct + via_posts + after AS e
  WITH DISTINCT e
  RETURN e.earliest AS date_from, e.latest AS date_to, 'event' AS kind, e.id AS id, e.kind AS what,
         e.summary AS detail, e.certainty AS certainty
}
RETURN date_from, date_to, kind, id, what, detail, certainty
ORDER BY coalesce(date_from, ''), kind, id  // a tenure's unbounded start sorts first
