// name: fact_conflicts
// question: Which claims conflict with any of the given facts?
// param ids: list = ["inspection:sandwell:2009"]
// Each id is looked up through its label's index; an unlabelled match scans every node.
UNWIND $ids AS fid
OPTIONAL MATCH (t:Tenure {id: fid})
OPTIONAL MATCH (k:Contract {id: fid})
OPTIONAL MATCH (e:Event {id: fid})
OPTIONAL MATCH (i:Inspection {id: fid})
WITH coalesce(t, k, e, i) AS a
WHERE a IS NOT NULL
MATCH (a)-[c:CONFLICTS_WITH]-(b)
RETURN a.id AS id, b.id AS other_id, b.caption AS other, c.note AS note
ORDER BY id, other_id
