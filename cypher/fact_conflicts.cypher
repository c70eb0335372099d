// name: fact_conflicts
// question: Which claims conflict with any of the given facts? (known_on: only when both sides were out by then)
// param ids: list = ["inspection:sandwell:2009"]
// param known_on: cut? = "2015-12-31"
// Each id is looked up through its label's index; an unlabelled match scans every node.
UNWIND $ids AS fid
OPTIONAL MATCH (t:Tenure {id: fid})
OPTIONAL MATCH (k:Contract {id: fid})
OPTIONAL MATCH (e:Event {id: fid})
OPTIONAL MATCH (i:Inspection {id: fid})
WITH coalesce(t, k, e, i) AS a
WHERE a IS NOT NULL
MATCH (a)-[c:CONFLICTS_WITH]-(b)
// as known on $known_on (graph/dates.py): both sides cite a source out (or possibly out) by then
OPTIONAL MATCH (a)-[:SOURCED_FROM]->(sa:Source)
WHERE $known_on IS NOT NULL AND sa.published_from <= $known_on
WITH a, b, c, min(sa.published_to) AS a_out
OPTIONAL MATCH (b)-[:SOURCED_FROM]->(sb:Source)
WHERE $known_on IS NOT NULL AND sb.published_from <= $known_on
WITH a, b, c, a_out, min(sb.published_to) AS b_out
WHERE $known_on IS NULL OR (a_out IS NOT NULL AND b_out IS NOT NULL)
RETURN a.id AS id, b.id AS other_id, b.caption AS other, c.note AS note,
       CASE WHEN $known_on IS NULL THEN NULL
            WHEN a_out <= $known_on AND b_out <= $known_on THEN 'known'
            ELSE 'possibly_known' END AS known
ORDER BY id, other_id
