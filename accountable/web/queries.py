"""The few read-only questions only the web pages ask (every value a parameter)."""

from __future__ import annotations

from typing import Any

from accountable.graph.store import Store

POSTS = """
MATCH (p:Post)-[:IN]->(o:Organisation)
RETURN p.id AS id, p.title AS title, p.kind AS kind, o.id AS org_id, o.name AS organisation
ORDER BY id
"""

POST = """
MATCH (p:Post {id: $id})-[:IN]->(o:Organisation)
RETURN p.id AS id, p.title AS title, p.kind AS kind, o.id AS org_id, o.name AS organisation
"""

SOURCES = """
MATCH (s:Source)
RETURN s.id AS id, s.title AS title, s.published AS published, s.publisher AS publisher
ORDER BY id
"""

SOURCE = """
MATCH (s:Source {id: $id})
RETURN s.id AS id, s.title AS title, s.publisher AS publisher, s.published AS published,
       s.published_certainty AS published_certainty, s.published_note AS published_note,
       s.file AS file, s.author AS author, s.note AS note
"""

# Every record citing a source, with what it needs to be named and linked: a tenure's person
# and post, an inspection's or post's organisation, a judgement's inspection.
CITING = """
MATCH (n)-[c:SOURCED_FROM]->(s:Source {id: $id})
OPTIONAL MATCH (p:Person)-[:HELD]->(n)
OPTIONAL MATCH (n)-[:OF]->(x)
OPTIONAL MATCH (n)-[:IN]->(po:Organisation)
OPTIONAL MATCH (ins:Inspection)-[:JUDGED]->(n)
RETURN n.id AS id, labels(n) AS labels, n.name AS name, n.title AS title,
       n.summary AS summary, n.kind AS kind, n.area AS area, n.grade AS grade,
       p.id AS person_id, p.name AS person, x.id AS of_id,
       coalesce(x.title, x.name) AS of_name, po.id AS in_id, po.name AS in_name,
       ins.id AS inspection_id,
       c.quote AS quote, c.certainty AS certainty, c.note AS note
ORDER BY id, quote
"""


def run(store: Store, text: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    return store.read(text, params or {})
