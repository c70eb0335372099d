"""CSV tables: one file per node label and per relationship type, headers from the model.

`<Label>.csv` has `id`, then the label's properties in the order `graph/model.yaml` declares
them (a `ref` property as the id it points to), then what the loader derives (certainty,
caption, earliest/latest dates, ...) in alphabetical order. `<TYPE>.csv` has `from`,
`from_label`, `to`, `to_label`, then the relationship's properties (for SOURCED_FROM the
model's citation fields). Lists are joined with "; ". `tenures.csv` is the spreadsheet form
`accountable import-csv` reads: one row per tenure and cited source.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import Any

from accountable.export.graphdata import Graph, citations
from accountable.graph.model import Model, load_model
from accountable.loaders.csv_import import SHEET_COLUMNS


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def node_columns(model: Model, label: str, present: set[str]) -> list[str]:
    """`id`, the model's properties (single refs included), then derived ones present."""
    schema = model.schemata[label]
    declared = [p.name for p in schema.props.values()
                if not p.is_link or p.base == "ref"]
    return ["id", *declared, *sorted(present - set(declared) - {"id"})]


def rel_columns(model: Model, rtype: str, present: set[str]) -> list[str]:
    declared: list[str] = []
    if rtype == model.citation_edge:
        declared = [k for k in model.citation if k != "source"]
    else:
        for schema in model.schemata.values():
            for p in schema.props.values():
                if p.edge == rtype and p.base == "involvement":
                    declared = ["as"]
    fixed = ["from", "from_label", "to", "to_label"]
    return [*fixed, *declared, *sorted(present - set(declared) - set(fixed) - {"key"})]


def tenure_rows(graph: Graph, model: Model | None = None) -> list[dict[str, str]]:
    """Every tenure in the graph as spreadsheet rows, one per cited source."""
    model = model or load_model()
    nodes, links, cites = graph.by_id, graph.links(model), citations(graph, model)
    rows = []
    for n in graph.nodes:
        if n["label"] not in model.unbounded_span:  # the tenures
            continue
        mine = links.get(n["id"], {})
        person = nodes.get((mine.get("person") or [None])[0])
        post = nodes.get((mine.get("post") or [None])[0])
        if person is None or post is None:
            continue
        org = nodes.get((links.get(post["id"], {}).get("in") or [None])[0])
        p = n["props"]
        for c in cites.get(n["id"], []):
            source = nodes.get(c["source"])
            rows.append({
                "person": person["props"].get("name"), "post title": post["props"].get("title"),
                "organisation": org["props"].get("name") if org else "",
                "start": p.get("start"), "end": p.get("end"),
                "source": (source["props"].get("file") if source else None) or c["source"],
                "quote": c["quote"], "certainty": c["certainty"],
                "start after": p.get("start_after"), "start before": p.get("start_before"),
                "end after": p.get("end_after"), "end before": p.get("end_before"),
                "ended by": p.get("ended_by"), "note": c.get("note"), "id": n["id"],
                "organisation kind": org["props"].get("kind") if org else ""})
    return [{k: _cell(v) for k, v in r.items()} for r in rows]


def _write(path: Path, columns: list[str], rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({k: _cell(r.get(k)) for k in columns})


def write_tables(graph: Graph, folder: Path, model: Model | None = None) -> dict[str, int]:
    """Write the CSV folder; returns rows written per file name."""
    model = model or load_model()
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    by_label: dict[str, list[dict[str, Any]]] = defaultdict(list)
    links = graph.links(model)
    for n in graph.nodes:
        row = {"id": n["id"], **n["props"]}
        for name, targets in links.get(n["id"], {}).items():
            prop = model.schemata[n["label"]].props[name]
            if prop.base == "ref":
                row[name] = targets[0] if targets else None
        by_label[n["label"]].append(row)
    for label, rows in sorted(by_label.items()):
        present = set().union(*(r.keys() for r in rows))
        _write(folder / f"{label}.csv", node_columns(model, label, present), rows)
        written[f"{label}.csv"] = len(rows)
    label_of = {n["id"]: n["label"] for n in graph.nodes}
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in graph.edges:
        by_type[e["type"]].append({"from": e["source"], "from_label": label_of.get(e["source"]),
                                   "to": e["target"], "to_label": label_of.get(e["target"]),
                                   **e["props"]})
    for rtype, rows in sorted(by_type.items()):
        present = set().union(*(r.keys() for r in rows))
        _write(folder / f"{rtype}.csv", rel_columns(model, rtype, present), rows)
        written[f"{rtype}.csv"] = len(rows)
    sheet = tenure_rows(graph, model)
    _write(folder / "tenures.csv", list(SHEET_COLUMNS), sheet)
    written["tenures.csv"] = len(sheet)
    return written
