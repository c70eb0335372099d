"""FollowTheMoney entities (JSON lines), built with the `followthemoney` package's own model.

Person -> Person; Organisation -> PublicBody (councils, regulators, government, boards,
Parliament), Company (contractors) or Organization, `classification` = kind; Post -> Position
(`organization`); Tenure -> Occupancy (`holder`, `post`, `startDate`, `endDate`); Contract ->
Contract (`authority`, `amount` GBP) and ContractAward (`contract`, `supplier`, dates);
Inspection -> Event (`involved` = the inspected body); Judgement -> Note on that Event;
Event -> Event (`involved` people and organisations; other parts, and the inspection it
followed, as UnknownLink with `role`); Source -> Article (`bodyText` = the article's text).
A citation -> Documentation (`document` = Article, `role` = certainty, `summary` = quote,
`description` = note); Occupancy and ContractAward are intervals, which Documentation cannot
point at, so they carry `proof` = Article and `summary` = quote (certainty, source).
Conflict -> Note on both sides (`keywords` = conflict). The README has the full table.

Which facts are intervals comes from the model (`Schema.edge`): the edge's `source` and
`target` refs fill the FtM properties in `EDGE_SCHEMATA`; the edge's caption dates become
`startDate`/`endDate`.

Dates keep the facts' precision: a tenure's `start` (an ISO prefix) is `startDate` as is;
when only bounds are known, `startDate` is the longest ISO prefix both bounds share (started
after 2013-03 and by 2013-03: `2013-03`), and none when they share no year. The bounds
themselves, the certainty, and conflicts have no FtM property: they are written, in words,
into `description`, and every entity's record id is kept in `recordId` (intervals) or on the
Documentation entities that cite it.

Ids are `sha1("accountable", record id)`: stable across runs and machines.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from accountable.export.graphdata import Graph, citations, edge_facts
from accountable.graph.answers import span_text
from accountable.graph.model import SCHEMA, Model, load_model

NAMESPACE = "accountable"
ORG_SCHEMATA = {"contractor": "Company"}


@dataclass(frozen=True)
class FtmEdge:
    """How a fact that reads as an edge becomes an FtM interval entity.

    `source`/`target`: the FtM properties the model edge's source and target refs fill.
    `via`: (schema, property) of an entity between them (a ContractAward points at its
    Contract, whose `authority` is the awarding body), or None.
    """

    schema: str
    source: str
    target: str
    via: tuple[str, str] | None = None


#: keyed by our schemata's roles (graph/model.yaml `role:`): which becomes which FtM interval
EDGE_SCHEMATA = {
    "tenure": FtmEdge("Occupancy", source="holder", target="post"),
    "contract": FtmEdge("ContractAward", source="authority", target="supplier",
                        via=("Contract", "contract")),
}


def require_followthemoney() -> None:
    """`MissingExtra` (one line: how to install it) unless the `followthemoney` package is
    installed; checked before anything is read or written, so a failed export leaves no file."""
    import importlib.util

    from accountable.errors import MissingExtra

    if importlib.util.find_spec("followthemoney") is None:
        raise MissingExtra("--format ftm needs the FollowTheMoney package: "
                           "pip install 'accountable[ftm]' (or graphml, gexf, csv need nothing)")


def ftm_id(record_id: str, *parts: str) -> str:
    """The stable FtM id of a record (and of things derived from it, by `parts`)."""
    from followthemoney.util import make_entity_id

    made = make_entity_id(NAMESPACE, record_id, *parts)
    assert made is not None
    return made


def ftm_date(props: dict[str, Any], side: str) -> str | None:
    """`start`/`end` as given, else the ISO prefix the earliest and latest bounds share."""
    if props.get(side):
        return str(props[side])
    lo, hi = props.get(f"earliest_{side}"), props.get(f"latest_{side}")
    if not lo or not hi:
        return None
    for n in (10, 7, 4):
        if lo[:n] == hi[:n]:
            return str(lo[:n])
    return None


def _certainty_text(props: dict[str, Any]) -> str | None:
    c = props.get("certainty")
    return f"Certainty: {c} (the weakest of its sources: stated, reported, believed, " \
           "inferred)." if c else None


class _Builder:
    def __init__(self, graph: Graph, model: Model, seeds_root: Path | None) -> None:
        from followthemoney import model as ftm

        self.ftm = ftm
        self.graph = graph
        self.model = model
        self.seeds_root = seeds_root
        self.nodes = graph.by_id
        self.links = graph.links(model)
        self.cites = citations(graph, model)
        self.entities: dict[str, Any] = {}
        self.thing: dict[str, str] = {}  # record id -> FtM id of a Thing that stands for it
        self.intervals: dict[str, Any] = {}  # record id -> Occupancy / ContractAward

    def make(self, schema: str, record_id: str, *parts: str) -> Any:
        e = self.ftm.make_entity(schema)
        e.id = ftm_id(record_id, *parts)
        self.entities[e.id] = e
        return e

    def add(self, e: Any, prop: str, value: Any) -> None:
        if value is None or value == "" or value == []:
            return
        e.add(prop, [str(v) for v in value] if isinstance(value, list) else str(value))

    def ref(self, rid: str, prop: str) -> str | None:
        found = self.links.get(rid, {}).get(prop) or []
        return found[0] if found else None

    def build(self) -> list[dict[str, Any]]:
        facts = {f["node"]["id"]: f for f in edge_facts(self.graph, self.model)}
        for n in self.graph.nodes:
            if n["id"] in facts:
                self.edge_fact(facts[n["id"]])
            else:
                getattr(self, f"node_{n['label'].lower()}", self.node_other)(n)
        for n in self.graph.nodes:
            self.documentation(n)
        self.conflicts()
        return [self.entities[k].to_dict() for k in sorted(self.entities)]

    # entities ----------------------------------------------------------------------------
    def node_person(self, n: dict[str, Any]) -> None:
        p = n["props"]
        e = self.make("Person", n["id"])
        self.add(e, "name", p.get("name"))
        self.add(e, "alias", p.get("aliases"))
        self.add(e, "description", p.get("description"))
        self.thing[n["id"]] = e.id

    def node_organisation(self, n: dict[str, Any]) -> None:
        p = n["props"]
        kind = p.get("kind")
        schema = ("PublicBody" if kind in self.model.public_organisation_kinds
                  else ORG_SCHEMATA.get(kind, "Organization"))
        e = self.make(schema, n["id"])
        self.add(e, "name", p.get("name"))
        self.add(e, "alias", p.get("aliases"))
        self.add(e, "classification", kind)
        self.thing[n["id"]] = e.id

    def node_post(self, n: dict[str, Any]) -> None:
        p = n["props"]
        e = self.make("Position", n["id"])
        org = self.ref(n["id"], "in")
        org_name = self.nodes[org]["props"].get("name") if org in self.nodes else None
        self.add(e, "name", f"{p.get('title')}, {org_name}" if org_name else p.get("title"))
        self.add(e, "alias", p.get("title"))
        if org in self.nodes:
            self.add(e, "organization", ftm_id(org))
        self.add(e, "keywords", p.get("kind"))
        self.add(e, "description", self.model.post_kind_info(str(p.get("kind"))).get("basis"))
        self.thing[n["id"]] = e.id

    def node_source(self, n: dict[str, Any]) -> None:
        p = n["props"]
        e = self.make("Article", n["id"])
        self.add(e, "title", p.get("title"))
        self.add(e, "publishedAt", p.get("published"))
        self.add(e, "publisher", p.get("publisher"))
        self.add(e, "fileName", p.get("file"))
        words = [f"Publication date {p.get('published')} ({p.get('published_certainty')})"
                 + (f": {p['published_note']}" if p.get("published_note") else ".")]
        if p.get("note"):
            words.append(str(p["note"]))
        self.add(e, "description", " ".join(words))
        if self.seeds_root and p.get("file"):
            path = self.seeds_root / str(p["file"])
            if path.is_file():
                self.add(e, "bodyText", path.read_text(encoding="utf-8"))
        self.thing[n["id"]] = e.id

    def node_inspection(self, n: dict[str, Any]) -> None:
        p = n["props"]
        e = self.make("Event", n["id"])
        org = self.ref(n["id"], "organisation")
        org_name = self.nodes[org]["props"].get("name") if org in self.nodes else "?"
        when = p.get("start") or p.get("published") or ""
        self.add(e, "name", f"Ofsted inspection of {org_name} {when}".strip())
        self.add(e, "keywords", ["Ofsted inspection", p.get("kind")])
        self.add(e, "startDate", p.get("start"))
        self.add(e, "endDate", p.get("end"))
        self.add(e, "date", p.get("published"))
        self.add(e, "summary", p.get("summary"))
        if org in self.nodes:
            self.add(e, "involved", ftm_id(org))
        grades = [f"{j['props'].get('area')}: {j['props'].get('grade')}"
                  for j in self.nodes.values()
                  if j["label"] == SCHEMA.judgement and self.ref(j["id"], "inspection") == n["id"]]
        words = [f"Report published {p['published']}." if p.get("published") else None,
                 f"Judgements: {'; '.join(sorted(grades))}." if grades else "No judgement.",
                 _certainty_text(p)]
        self.add(e, "description", " ".join(w for w in words if w))
        self.thing[n["id"]] = e.id

    def node_judgement(self, n: dict[str, Any]) -> None:
        p = n["props"]
        e = self.make("Note", n["id"])
        self.add(e, "name", f"{p.get('area')}: {p.get('grade')}")
        self.add(e, "keywords", ["Ofsted judgement", p.get("grade")])
        insp = self.ref(n["id"], "inspection")
        if insp in self.nodes:
            self.add(e, "entity", ftm_id(insp))
        self.add(e, "description", " ".join(w for w in (
            f"Ofsted judged {p.get('area')} {p.get('grade')}.", _certainty_text(p)) if w))
        self.thing[n["id"]] = e.id

    def node_event(self, n: dict[str, Any]) -> None:
        p = n["props"]
        e = self.make("Event", n["id"])
        summary = str(p.get("summary") or p.get("caption") or n["id"])
        self.add(e, "name", summary if len(summary) <= 200 else summary[:199] + "…")
        self.add(e, "summary", p.get("summary"))
        self.add(e, "keywords", p.get("kind"))
        self.add(e, "date", p.get("date"))
        self.add(e, "description", _certainty_text(p))
        legal = self.ftm.get("LegalEntity")
        for item in self.links.get(n["id"], {}).get("involved", []):
            other = self.nodes.get(item["id"])
            if other is None:
                continue
            other_schema = self.model_ftm_schema(other)
            if other_schema is not None and other_schema.is_a(legal):
                self.add(e, "involved", ftm_id(item["id"]))
            self.link(n["id"], item["id"], str(item["as"]))
        after = self.ref(n["id"], "after")
        if after in self.nodes:
            self.link(n["id"], after, "after inspection")
        self.thing[n["id"]] = e.id

    def node_other(self, n: dict[str, Any]) -> None:
        e = self.make("Note", n["id"])
        self.add(e, "name", n["props"].get("caption") or n["id"])
        self.thing[n["id"]] = e.id

    def model_ftm_schema(self, node: dict[str, Any]) -> Any:
        e = self.entities.get(ftm_id(node["id"]))
        return e.schema if e is not None else None

    def link(self, subject: str, obj: str, role: str) -> None:
        """An UnknownLink with the role a part plays (`subject`, `post`, `after inspection`)."""
        e = self.make("UnknownLink", subject, "link", obj, role)
        self.add(e, "subject", ftm_id(subject))
        target = self.thing.get(obj) or ftm_id(obj)
        self.add(e, "object", target)
        self.add(e, "role", role)
        self.add(e, "recordId", subject)

    def edge_fact(self, f: dict[str, Any]) -> None:
        """Tenure -> Occupancy, Contract -> Contract + ContractAward, from `Schema.edge`."""
        node, spec = f["node"], f["spec"]
        p = node["props"]
        m = EDGE_SCHEMATA[self.model.schemata[node["label"]].role]
        e = self.make(m.schema, node["id"])
        holder = e
        if m.via is not None:
            holder = self.make(m.via[0], node["id"], m.via[0])
            self.add(holder, "title", p.get("purpose") or p.get("caption"))
            self.add(holder, "contractDate", p.get("start"))
            self.add(e, m.via[1], holder.id)
            self.thing[node["id"]] = holder.id
        self.add(holder, m.source, ftm_id(f["source"]))
        self.add(e, m.target, ftm_id(f["target"]))
        dates = [c for c in spec.caption if c in ("start", "end")]
        for side in dates:
            self.add(e, f"{side}Date", ftm_date(p, side))
        if p.get("value_gbp") is not None:
            for x in {id(e): e, id(holder): holder}.values():
                self.add(x, "amount", p["value_gbp"])
                self.add(x, "currency", "GBP")
        self.add(e, "status", p.get("ended_by"))
        self.add(e, "recordId", node["id"])
        words = [f"Dates: {span_text(p)}." if dates else None,
                 f"Length: {p['months']} months." if p.get("months") else None,
                 f"Ended: {p['ended_by']}." if p.get("ended_by") else None,
                 _certainty_text(p)]
        self.add(e, "description", " ".join(w for w in words if w))
        for c in self.cites.get(node["id"], []):
            self.add(e, "proof", ftm_id(c["source"]))
            self.add(e, "summary", f"“{c['quote']}” ({c['certainty']}, {c['source']})")
        self.intervals[node["id"]] = e

    # provenance and conflicts ---------------------------------------------------------------
    def documentation(self, n: dict[str, Any]) -> None:
        target = self.thing.get(n["id"])
        if target is None or n["id"] in self.intervals and target == ftm_id(n["id"]):
            return
        for i, c in enumerate(self.cites.get(n["id"], [])):
            d = self.make("Documentation", n["id"], "cites", c["source"], str(i))
            self.add(d, "document", ftm_id(c["source"]))
            self.add(d, "entity", target)
            self.add(d, "role", c["certainty"])
            self.add(d, "summary", c["quote"])
            self.add(d, "description", c.get("note"))
            self.add(d, "recordId", n["id"])

    def conflicts(self) -> None:
        for e in self.graph.edges:
            if e["type"] != load_model().conflict().relationship:
                continue
            cid = str(e["props"].get("id") or e["props"].get("key") or "conflict")
            note = self.make("Note", cid, e["source"], e["target"])
            self.add(note, "name", f"Conflicting accounts: {e['source']} and {e['target']}")
            self.add(note, "keywords", "conflict")
            self.add(note, "description", e["props"].get("note"))
            for side in (e["source"], e["target"]):
                if side in self.thing:
                    self.add(note, "entity", self.thing[side])
                if side in self.intervals:
                    other = e["target"] if side == e["source"] else e["source"]
                    self.add(self.intervals[side], "description",
                             f"Conflicts with {other}: {e['props'].get('note')}")


def entities(graph: Graph, seeds_root: Path | None = None,
             model: Model | None = None) -> list[dict[str, Any]]:
    """The graph as FtM entity dicts, sorted by id (needs the `followthemoney` package)."""
    return _Builder(graph, model or load_model(), seeds_root).build()


def write_jsonl(graph: Graph, fh: IO[str], seeds_root: Path | None = None) -> int:
    """Write one FtM entity per line; returns how many."""
    rows = entities(graph, seeds_root)
    for r in rows:
        fh.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")
    return len(rows)


def read_jsonl(lines: Iterator[str] | IO[str]) -> list[Any]:
    """FtM entity proxies from JSON lines (for checking an export)."""
    from followthemoney import model as ftm

    return [ftm.get_proxy(json.loads(line)) for line in lines if line.strip()]
