"""Write a Dataset to a store as a sync: afterwards it holds exactly the Dataset.

Constraints first, then `UNWIND $rows` batches, MERGE on ids; each batch is one query, so
one transaction (on Neo4j a small change is all one transaction: see `sync_in_place`).
Labels and relationship types come from the model (never from user text); every value
travels as a parameter.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from accountable.graph.dataset import Dataset, RelKey
from accountable.graph.model import load_model
from accountable.graph.store import META_LABEL, Store

Progress = Callable[[str, int, int], None]
ATOMIC_ROWS = 20_000  # Neo4j: a change up to this many rows is written in one transaction


def _batches(rows: list[Any], size: int) -> Iterator[list[Any]]:
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
    """Uniqueness on `id` for every node label, and an index on each property the model
    marks `index: true` (for canned queries that would otherwise scan a label), before
    anything is written."""
    for schema in load_model().node_schemata:
        store.ensure_unique(schema.name, "id")
        for prop in schema.props.values():
            if prop.index and hasattr(store, "ensure_index"):
                store.ensure_index(schema.name, prop.name)


def expected_counts(ds: Dataset) -> dict[str, int]:
    """What `counts` reports once the store holds exactly `ds`."""
    out = {schema.name: 0 for schema in load_model().node_schemata}
    out.update({k: v for k, v in ds.counts().items() if v or k in out})
    return dict(sorted(out.items()))


def _record(meta: dict[str, str] | None, ds: Dataset, state: str) -> dict[str, str]:
    """The load's record: `meta`, the state, the counts, the time."""
    return {**(meta or {}), "state": state, "counts": json.dumps(expected_counts(ds)),
            "loaded_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}


def load(store: Store, ds: Dataset, batch_size: int = 500, progress: Progress | None = None,
         meta: dict[str, str] | None = None, atomic_rows: int = ATOMIC_ROWS) -> dict[str, int]:
    """Make the store hold exactly `ds` (a sync, not a merge); returns what it then holds.

    `meta` (what the facts were: digest, folder) is recorded with the counts and the time,
    outside the answers' graph. Nothing of an earlier load survives that `ds` does not say.
    Embedded: everything is written to a staging graph, then swapped in with one atomic
    RENAME (readers see the old graph or the new one; a killed load leaves the old one).
    Neo4j: see `sync_in_place`.
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    if hasattr(store, "begin_staging"):
        staged: Any = store  # the embedded store: it has a staging graph
        staged.begin_staging()
        try:
            ensure_constraints(store)
            _write(store, ds.nodes, ds.rels, batch_size, progress, ds.node_count + ds.rel_count)
            staged.publish_staging(_record(meta, ds, "ready"))
        except BaseException:
            staged.drop_staging()
            raise
    else:
        ensure_constraints(store)
        sync_in_place(store, ds, batch_size, progress, meta, atomic_rows)
    return counts(store)


def _write(store: Store, nodes: dict[str, list[dict[str, Any]]],
           rels: dict[RelKey, list[dict[str, Any]]], batch_size: int,
           progress: Progress | None, total: int, done: int = 0) -> int:
    """MERGE `nodes`, then `rels`, in `UNWIND $rows` batches (one query each)."""
    for label, rows in nodes.items():
        q = node_query(label)
        for batch in _batches(rows, batch_size):
            store.write(q, {"rows": [{"id": r["id"], "props": _clean(r["props"])}
                                     for r in batch]})
            done += len(batch)
            if progress:
                progress(label, done, total)
    for (rtype, src, dst), rows in rels.items():
        q = rel_query(rtype, src, dst)
        for batch in _batches(rows, batch_size):
            store.write(q, {"rows": [{**r, "props": _clean(r["props"])} for r in batch]})
            done += len(batch)
            if progress:
                progress(rtype, done, total)
    return done


@dataclass
class Diff:
    """What a store must change to hold exactly a Dataset."""

    nodes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # new or changed
    rels: dict[RelKey, list[dict[str, Any]]] = field(default_factory=dict)  # new
    changed_rels: list[dict[str, Any]] = field(default_factory=list)  # {eid, key, props}
    gone_rels: list[str] = field(default_factory=list)  # element ids
    gone_nodes: list[str] = field(default_factory=list)  # element ids

    @property
    def size(self) -> int:
        return (sum(map(len, self.nodes.values())) + sum(map(len, self.rels.values()))
                + len(self.changed_rels) + len(self.gone_rels) + len(self.gone_nodes))


def diff(store: Any, ds: Dataset) -> Diff:
    """Compare a Neo4j store with `ds`, streaming the store (one label, then all edges)."""
    out = Diff()
    labels = sorted({s.name for s in load_model().node_schemata} | set(ds.nodes))
    for label in labels:
        want = {r["id"]: r for r in ds.nodes.get(label, [])}
        for row in store.stream(f"MATCH (n:{label}) RETURN elementId(n) AS eid, "
                                "properties(n) AS p"):
            r = want.pop(row["p"].get("id"), None)
            if r is None:
                out.gone_nodes.append(row["eid"])
            elif row["p"] != {**_clean(r["props"]), "id": r["id"]}:
                out.nodes.setdefault(label, []).append(r)
        for r in want.values():
            out.nodes.setdefault(label, []).append(r)
    for row in store.stream("MATCH (n) WHERE NOT any(l IN labels(n) WHERE l IN $known) "
                            "RETURN elementId(n) AS eid", {"known": [*labels, META_LABEL]}):
        out.gone_nodes.append(row["eid"])
    want_rels = {(t, s, d, r["from"], r["to"], r["key"]): r
                 for (t, s, d), rows in ds.rels.items() for r in rows}
    for row in store.stream("MATCH (a)-[e]->(b) RETURN elementId(e) AS eid, type(e) AS t, "
                            "labels(a)[0] AS s, labels(b)[0] AS d, a.id AS f, b.id AS o, "
                            "properties(e) AS p"):
        r = want_rels.pop((row["t"], row["s"], row["d"], row["f"], row["o"],
                           row["p"].get("key")), None)
        if r is None:
            out.gone_rels.append(row["eid"])
        elif row["p"] != {**_clean(r["props"]), "key": r["key"]}:
            out.changed_rels.append({"eid": row["eid"], "key": r["key"],
                                     "props": _clean(r["props"])})
    for (t, s, d, *_), r in want_rels.items():
        out.rels.setdefault((t, s, d), []).append(r)
    return out


def sync_in_place(store: Any, ds: Dataset, batch_size: int = 500,
                  progress: Progress | None = None, meta: dict[str, str] | None = None,
                  atomic_rows: int = ATOMIC_ROWS) -> Diff:
    """Neo4j: change only what differs from `ds`, atomically when the change is small.

    The store is compared with `ds` (a streamed read). A change of at most `atomic_rows`
    rows (an edited file: the usual case) is written in ONE transaction together with the
    metadata: readers see the old facts or the new, and a load killed part-way rolls back.
    A bigger change (a first load, a bulk import) cannot fit one transaction in bounded
    memory: it runs in batches (relationships deleted first, then nodes, then writes) under
    the metadata state "loading", so `status` and every command report the store as
    incomplete (old and new facts may be mixed) until a load completes.
    """
    d = diff(store, ds)
    if d.size <= atomic_rows:
        with store.transaction():
            _apply(store, d, batch_size, progress)
            store.write_meta(_record(meta, ds, "ready"))
    else:
        previous = store.read_meta()
        store.write_meta({**previous, "state": "loading"})
        _apply(store, d, batch_size, progress)
        store.write_meta(_record(meta, ds, "ready"))
    return d


def _apply(store: Store, d: Diff, batch_size: int, progress: Progress | None) -> None:
    """Deletes first (relationships, then nodes: each batch's memory is bounded by its
    size, not by a node's degree), then MERGE new or changed nodes, then relationships."""
    total, done = d.size, 0
    for what, ids, q in (
            ("deleting relationships", d.gone_rels,
             "UNWIND $ids AS i MATCH ()-[r]->() WHERE elementId(r) = i DELETE r"),
            ("deleting nodes", d.gone_nodes,
             "UNWIND $ids AS i MATCH (n) WHERE elementId(n) = i DETACH DELETE n")):
        for batch in _batches(ids, batch_size):
            store.write(q, {"ids": batch})
            done += len(batch)
            if progress:
                progress(what, done, total)
    done = _write(store, d.nodes, {}, batch_size, progress, total, done)
    for batch in _batches(d.changed_rels, batch_size):
        store.write("UNWIND $rows AS r MATCH ()-[e]->() WHERE elementId(e) = r.eid "
                    "SET e = r.props, e.key = r.key", {"rows": batch})
        done += len(batch)
        if progress:
            progress("relationships", done, total)
    _write(store, {}, d.rels, batch_size, progress, total, done)


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
    # One count per type: both engines answer a typed count from their own tallies, where
    # counting every relationship and grouping by type walks them all (0.6 s at 100k facts).
    for r in store.read("CALL db.relationshipTypes() YIELD relationshipType "
                        "RETURN relationshipType AS t"):
        t = str(r["t"])
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", t):  # not one this tool writes
            rows = store.read("MATCH ()-[r]->() WHERE type(r) = $t RETURN count(r) AS n",
                              {"t": t})
        else:
            rows = store.read(f"MATCH ()-[r:`{t}`]->() RETURN count(r) AS n")
        if rows and rows[0]["n"]:
            out[t] = rows[0]["n"]
    return dict(sorted(out.items()))


def is_empty(store: Store) -> bool:
    """No node of the answers' graph (the metadata node does not count)."""
    return not store.read(f"MATCH (n) WHERE NOT n:{META_LABEL} RETURN 1 AS one LIMIT 1")


# ----------------------------------------------------------------------------- by difference

def _identity(label_or_key: str | RelKey, row: dict[str, Any]) -> str:
    if isinstance(label_or_key, str):
        return f"n\0{label_or_key}\0{row['id']}"
    t, s, d = label_or_key
    return f"r\0{t}\0{s}\0{d}\0{row['from']}\0{row['to']}\0{row['key']}"


def fingerprints(ds: Dataset) -> dict[str, int]:
    """Each row's identity (label and id; type, ends and key) -> a 64-bit digest of what it
    holds: two loads agree on a row iff its fingerprint is the same."""
    import hashlib

    out: dict[str, int] = {}
    groups: list[tuple[str | RelKey, list[dict[str, Any]]]] = [*ds.nodes.items(),
                                                               *ds.rels.items()]
    for k, rows in groups:
        for r in rows:
            body = json.dumps(_clean(r["props"]), sort_keys=True, default=str).encode()
            out[_identity(k, r)] = int.from_bytes(
                hashlib.blake2b(body, digest_size=8).digest(), "big")
    return out


@dataclass
class Change:
    """What to write to turn the store of a known earlier load into one holding `ds`."""

    nodes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # new or changed
    rels: dict[RelKey, list[dict[str, Any]]] = field(default_factory=dict)  # new or changed
    gone_nodes: dict[str, list[str]] = field(default_factory=dict)  # label -> ids
    gone_rels: dict[RelKey, list[dict[str, Any]]] = field(default_factory=dict)  # from,to,key

    @property
    def size(self) -> int:
        return sum(len(v) for part in (self.nodes, self.rels, self.gone_nodes, self.gone_rels)
                   for v in part.values())


def change(ds: Dataset, before: dict[str, int], now: dict[str, int]) -> Change:
    """The rows of `ds` whose fingerprint differs from `before`, and what `before` had that
    `ds` no longer has."""
    out = Change()
    for label, rows in ds.nodes.items():
        for r in rows:
            if before.get(_identity(label, r)) != now[_identity(label, r)]:
                out.nodes.setdefault(label, []).append(r)
    for k, rows in ds.rels.items():
        for r in rows:
            if before.get(_identity(k, r)) != now[_identity(k, r)]:
                out.rels.setdefault(k, []).append(r)
    for ident in before.keys() - now.keys():
        parts = ident.split("\0")
        if parts[0] == "n":
            out.gone_nodes.setdefault(parts[1], []).append(parts[2])
        else:
            out.gone_rels.setdefault((parts[1], parts[2], parts[3]), []).append(
                {"from": parts[4], "to": parts[5], "key": parts[6]})
    return out


def change_queries(c: Change, batch_size: int) -> Iterator[tuple[str, dict[str, Any], int]]:
    """(query, params, rows) in order: relationships gone, nodes gone, nodes, relationships."""
    for (t, s, d), rows in c.gone_rels.items():
        q = (f"UNWIND $rows AS r MATCH (a:{s} {{id: r.from}})-[e:{t} {{key: r.key}}]->"
             f"(b:{d} {{id: r.to}}) DELETE e")
        for batch in _batches(rows, batch_size):
            yield q, {"rows": batch}, len(batch)
    for label, ids in c.gone_nodes.items():
        q = f"UNWIND $ids AS i MATCH (n:{label} {{id: i}}) DETACH DELETE n"
        for i in range(0, len(ids), batch_size):
            yield q, {"ids": ids[i:i + batch_size]}, len(ids[i:i + batch_size])
    for label, rows in c.nodes.items():
        for batch in _batches(rows, batch_size):
            yield node_query(label), {"rows": [{"id": r["id"], "props": _clean(r["props"])}
                                               for r in batch]}, len(batch)
    for (t, s, d), rows in c.rels.items():
        for batch in _batches(rows, batch_size):
            yield rel_query(t, s, d), {"rows": [{**r, "props": _clean(r["props"])}
                                                for r in batch]}, len(batch)


def apply_change(store: Any, ds: Dataset, c: Change, batch_size: int,
                 progress: Progress | None, meta: dict[str, str] | None) -> None:
    """Write `c` and the load's record as ONE atomic step: a Neo4j transaction, or a redis
    MULTI/EXEC on the embedded store (then saved). Readers see the old state or the new."""
    done, total = 0, c.size
    with store.atomically():
        for q, params, n in change_queries(c, batch_size):
            store.write(q, params)
            done += n
            if progress:
                progress("changes", done, total)
        store.write_meta(_record(meta, ds, "ready"))
