"""Write a Dataset to a store: constraints first, then `UNWIND $rows` batches, MERGE on ids.

Each batch is one query, so one transaction. Labels and relationship types come from the
model (never from user text); every value travels as a parameter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from accountable.graph.dataset import Dataset
from accountable.graph.model import load_model
from accountable.graph.store import Store

Progress = Callable[[str, int, int], None]


def _batches(rows: list[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if v is not None}


def node_query(label: str) -> str:
    return f"UNWIND $rows AS r MERGE (n:{label} {{id: r.id}}) SET n = r.props, n.id = r.id"


def rel_query(rtype: str, src: str, dst: str) -> str:
    return (f"UNWIND $rows AS r MATCH (a:{src} {{id: r.from}}) MATCH (b:{dst} {{id: r.to}}) "
            f"MERGE (a)-[e:{rtype} {{key: r.key}}]->(b) SET e = r.props, e.key = r.key")


def ensure_constraints(store: Store) -> None:
    """Uniqueness on `id` for every node label, before anything is written."""
    for schema in load_model().node_schemata:
        store.ensure_unique(schema.name, "id")


def load(store: Store, ds: Dataset, batch_size: int = 500,
         progress: Progress | None = None) -> dict[str, int]:
    """Load all rows in batches of `batch_size`; returns what the store then holds."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    ensure_constraints(store)
    total = ds.node_count + ds.rel_count
    done = 0
    for label, rows in ds.nodes.items():
        q = node_query(label)
        for batch in _batches(rows, batch_size):
            store.write(q, {"rows": [{"id": r["id"], "props": _clean(r["props"])}
                                     for r in batch]})
            done += len(batch)
            if progress:
                progress(label, done, total)
    for (rtype, src, dst), rows in ds.rels.items():
        q = rel_query(rtype, src, dst)
        for batch in _batches(rows, batch_size):
            store.write(q, {"rows": [{**r, "props": _clean(r["props"])} for r in batch]})
            done += len(batch)
            if progress:
                progress(rtype, done, total)
    store.save()
    return counts(store)


def load_row_at_a_time(store: Store, ds: Dataset) -> dict[str, int]:
    """The same load, one row per query: the baseline the benchmark compares against."""
    ensure_constraints(store)
    for label, rows in ds.nodes.items():
        q = f"MERGE (n:{label} {{id: $id}}) SET n = $props, n.id = $id"
        for r in rows:
            store.write(q, {"id": r["id"], "props": _clean(r["props"])})
    for (rtype, src, dst), rows in ds.rels.items():
        q = (f"MATCH (a:{src} {{id: $from}}) MATCH (b:{dst} {{id: $to}}) "
             f"MERGE (a)-[e:{rtype} {{key: $key}}]->(b) SET e = $props, e.key = $key")
        for r in rows:
            store.write(q, {**r, "props": _clean(r["props"])})
    return counts(store)


def counts(store: Store) -> dict[str, int]:
    """Nodes per label and relationships per type, as the store holds them."""
    out: dict[str, int] = {}
    model = load_model()
    for schema in model.node_schemata:
        rows = store.read(f"MATCH (n:{schema.name}) RETURN count(n) AS n")
        out[schema.name] = rows[0]["n"] if rows else 0
    rows = store.read("MATCH ()-[r]->() RETURN type(r) AS t, count(r) AS n")
    for r in rows:
        out[r["t"]] = r["n"]
    return dict(sorted(out.items()))


def is_empty(store: Store) -> bool:
    rows = store.read("MATCH (n) RETURN count(n) AS n")
    return not rows or rows[0]["n"] == 0
