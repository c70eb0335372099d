"""GraphML and GEXF (for Gephi, yEd, Cytoscape) through networkx.

Nodes are the store's nodes, keyed by id, with `label` (the caption Gephi shows), `schema`
(the model label) and every property, typed as the model declares (int, float, text; lists
joined with "; "). A fact whose schema declares an `edge` (Tenure, Contract) is drawn as one
edge from its `source` ref to its `target` ref, keyed by the fact's id and carrying the
fact's properties, its sources and quotes. Other relationships are edges with `rel` (their
type) and their properties.

Dates: the model's ISO-prefix `start` and `end` become `start_prefix` and `end_prefix`;
`start` and `end` carry full dates that Gephi's timeline reads (a tenure's or contract's
possible span `span_from`/`span_to`, an inspection's window, an event's or article's day
range), and are absent when the sources give no date (absent is unknown, not forever).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from accountable.export.graphdata import Graph, citations, edge_facts
from accountable.graph.model import EdgeSpec, Model, load_model
from accountable.graph.words import span_words

RENAMED = {"start": "start_prefix", "end": "end_prefix"}
# Which stored dates become Gephi's `start`/`end` (the first pair a node has; none: none).
TIMELINE = (("span_from", "span_to"), ("window_from", "window_to"), ("earliest", "latest"),
            ("published_from", "published_to"))


def _typed(model: Model, label: str, name: str, value: Any) -> Any:
    """A value as the model types it: int, float, text (lists joined with '; ')."""
    schema = model.schemata.get(label)
    prop = schema.props.get(name) if schema else None
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if prop is not None and prop.base == "int":
        return int(value)
    if prop is not None and prop.base == "number":
        return float(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value
    return str(value)


def attributes(model: Model, label: str, props: dict[str, Any]) -> dict[str, Any]:
    """A node's or fact's properties as GraphML/GEXF attributes (see the module docstring)."""
    out = {RENAMED.get(k, k): _typed(model, label, k, v) for k, v in props.items()
           if v is not None and k not in ("id", "key")}
    span = next((pair for pair in TIMELINE if any(props.get(k) for k in pair)), None)
    if span:
        for attr, stored in zip(("start", "end"), span, strict=True):
            if props.get(stored):
                out[attr] = str(props[stored])
    return out


def _caption(spec: EdgeSpec, props: dict[str, Any]) -> str:
    """`holds, from January 2015, until at least April 2016`: the edge declaration's verb
    and its caption properties in words (dates as one span, graph/words.py)."""
    dates = {"start", "end"} & set(spec.caption)
    shown = [span_words(props)] if dates else []
    shown += [f"{p} {props[p]}" for p in spec.caption
              if p not in dates and props.get(p) is not None]
    return ", ".join([spec.label, *shown])


def to_networkx(graph: Graph, model: Model | None = None) -> nx.MultiDiGraph:
    """The export graph as a networkx MultiDiGraph (see the module docstring)."""
    model = model or load_model()
    facts = edge_facts(graph, model)
    collapsed = {f["node"]["id"]: f for f in facts}
    cites = citations(graph, model)
    g = nx.MultiDiGraph()
    for n in graph.nodes:
        if n["id"] in collapsed:
            continue
        g.add_node(n["id"], label=str(n["props"].get("caption") or n["id"]), schema=n["label"],
                   **attributes(model, n["label"], {k: v for k, v in n["props"].items()
                                                    if k != "caption"}))
    # what a collapsed fact links to besides its two ends and its sources: kept as attributes
    extra: dict[str, dict[str, list[str]]] = {fid: {} for fid in collapsed}
    for e in graph.edges:
        s, t = e["source"], e["target"]
        if s in collapsed or t in collapsed:
            fid, other = (s, t) if s in collapsed else (t, s)
            f = collapsed[fid]
            if e["type"] == model.citation_edge or other in (f["source"], f["target"]):
                continue
            for a, b in ((fid, other), (other, fid)):
                if a in collapsed:
                    extra[a].setdefault(e["type"].lower(), []).append(b)
                    if e["props"].get("note"):
                        extra[a].setdefault(f"{e['type'].lower()}_note", []).append(
                            str(e["props"]["note"]))
            continue
        g.add_edge(s, t, key=f"{e['type']}:{e['props'].get('key', '')}", rel=e["type"],
                   label=e["type"].lower(),
                   **attributes(model, "", {k: v for k, v in e["props"].items()}))
    for fid, f in collapsed.items():
        node = f["node"]
        mine = cites.get(fid, [])
        attrs = attributes(model, node["label"], {k: v for k, v in node["props"].items()
                                                  if k != "caption"})
        attrs.update({k: "; ".join(sorted(set(v))) for k, v in extra[fid].items()})
        g.add_edge(f["source"], f["target"], key=fid, id=fid, rel=node["label"],
                   label=f["spec"].label, caption=_caption(f["spec"], node["props"]),
                   sources="; ".join(c["source"] for c in mine),
                   quotes=" | ".join(str(c["quote"]) for c in mine),
                   citation_certainties="; ".join(str(c["certainty"]) for c in mine),
                   **attrs)
    return g


def write(graph: Graph, path: Path, fmt: str) -> nx.MultiDiGraph:
    """Write `graph` as `graphml` or `gexf` to `path`; returns the networkx graph written."""
    g = to_networkx(graph)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        nx.write_graphml(g, path, named_key_ids=True)
    elif fmt == "gexf":
        nx.write_gexf(g, path)
    else:
        raise ValueError(f"unknown network format {fmt!r}")
    return g
