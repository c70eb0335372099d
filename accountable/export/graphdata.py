"""The nodes and relationships an export writes, read from the store with canned Cypher."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from accountable.graph import queries
from accountable.graph.model import Model, Prop, load_model
from accountable.graph.store import Store
from accountable.render import subgraph


@dataclass
class Graph:
    """Nodes (`id`, `label`, `props`) and relationships (`source`, `target`, `type`, `props`)."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    focus: str | None = None
    _links: dict[str, dict[str, list[Any]]] | None = field(default=None, repr=False)

    def node(self, nid: str) -> dict[str, Any]:
        return self.by_id[nid]

    @property
    def by_id(self) -> dict[str, dict[str, Any]]:
        return {n["id"]: n for n in self.nodes}

    def links(self, model: Model | None = None) -> dict[str, dict[str, list[Any]]]:
        """For each node, its ref/refs/involvement properties rebuilt from the relationships.

        `{"tenure:x": {"person": ["person:y"], "post": ["post:z"]}}`; an involvement value is
        a list of `{"id", "as"}`. Read from the model's `edge` and `direction` of each property.
        """
        if self._links is None:
            self._links = _links(self, model or load_model())
        return self._links


def _links(graph: Graph, model: Model) -> dict[str, dict[str, list[Any]]]:
    label = {n["id"]: n["label"] for n in graph.nodes}
    out_edges: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    in_edges: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for e in graph.edges:
        out_edges[(e["type"], e["source"])].append(e)
        in_edges[(e["type"], e["target"])].append(e)
    result: dict[str, dict[str, list[Any]]] = {}
    for n in graph.nodes:
        schema = model.schemata.get(n["label"])
        if schema is None:
            continue
        values: dict[str, list[Any]] = {}
        for prop in schema.link_props:
            found = _follow(prop, n["id"], out_edges, in_edges, label)
            if found:
                values[prop.name] = found
        result[n["id"]] = values
    return result


def _follow(prop: Prop, nid: str, out_edges: dict[tuple[str, str], list[dict[str, Any]]],
            in_edges: dict[tuple[str, str], list[dict[str, Any]]],
            label: dict[str, str]) -> list[Any]:
    want = None if prop.arg in (None, "*") else prop.arg
    if prop.base == "involvement":
        return [{"id": e["target"], "as": e["props"].get("as")}
                for e in out_edges[(prop.edge or "", nid)]]
    if prop.direction == "in":
        ends = [e["source"] for e in in_edges[(prop.edge or "", nid)]]
    else:
        ends = [e["target"] for e in out_edges[(prop.edge or "", nid)]]
    return sorted(x for x in ends if want is None or label.get(x) == want)


def read_graph(store: Store, org: str | None = None) -> Graph:
    """The whole store, or (with `org`) one organisation's subgraph as `accountable view` draws
    it: its posts and their holders, contracts and contractors, inspections and grades, events
    and the sources every one of them cites."""
    if org:
        raw = subgraph.organisation(store, org)
    else:
        ids = {r["id"] for r in queries.run(store, "export_ids")}
        raw = subgraph.fetch(store, ids)
    nodes = [{"id": n["id"], "label": n["label"],
              "props": {k: v for k, v in n["props"].items() if k != "id" and v is not None}}
             for n in raw["nodes"]]
    edges = [{"source": e["source"], "target": e["target"], "type": e["type"],
              "props": {k: v for k, v in e["props"].items() if v is not None}}
             for e in raw["edges"]]
    nodes.sort(key=lambda n: n["id"])
    edges.sort(key=lambda e: (e["source"], e["type"], e["target"], str(e["props"].get("key"))))
    return Graph(nodes=nodes, edges=edges, focus=raw.get("focus"))


def edge_facts(graph: Graph, model: Model | None = None) -> list[dict[str, Any]]:
    """Facts whose schema declares an `edge` (Tenure, Contract), each with its two ends.

    Returns `{"node", "spec", "source", "target"}`; facts missing an end in this graph are
    left out (they stay nodes).
    """
    model = model or load_model()
    links = graph.links(model)
    out = []
    for n in graph.nodes:
        schema = model.schemata.get(n["label"])
        if schema is None or schema.edge is None:
            continue
        mine = links.get(n["id"], {})
        src, tgt = mine.get(schema.edge.source), mine.get(schema.edge.target)
        if src and tgt:
            out.append({"node": n, "spec": schema.edge, "source": src[0], "target": tgt[0]})
    return out


def citations(graph: Graph, model: Model | None = None) -> dict[str, list[dict[str, Any]]]:
    """For each node, the sources it cites: `{"source", "quote", "certainty", "note"}`."""
    model = model or load_model()
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in graph.edges:
        if e["type"] == model.citation_edge:
            out[e["source"]].append({"source": e["target"], **{
                k: e["props"].get(k) for k in model.citation if k != "source"},
                "_key": e["props"].get("key")})
    for cites in out.values():
        cites.sort(key=lambda c: int(c["_key"]) if str(c["_key"]).isdigit() else 0)
        for c in cites:
            del c["_key"]
    return out
