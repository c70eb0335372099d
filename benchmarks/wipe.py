"""Wipe benchmark: a graph the shape of 1M facts (1.6M nodes, 3.2M relationships, a few
nodes of degree 400k-800k like a national regulator or a much-cited source), made inside
Neo4j in seconds rather than hours of loading, then emptied two ways:

1. the old way, `MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS`
   (expected to fail with a transaction memory error once a batch holds a hub);
2. `Neo4jStore.wipe()`: relationships first, then nodes, 20,000 per transaction.

    eval "$(scripts/neo4j-local env)"          # a server with neo4j-local's default memory
    .venv/bin/python -m benchmarks.wipe --nodes 1600000   # ITS DATABASE IS WIPED

Progress to stderr, figures to stdout.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from accountable.graph.store import WIPE_BATCH, Neo4jStore  # noqa: E402

HUBS = 6


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def count(store: Neo4jStore) -> tuple[int, int]:
    n = store.read("MATCH (n) RETURN count(n) AS n")[0]["n"]
    r = store.read("MATCH ()-[r]->() RETURN count(r) AS n")[0]["n"]
    return n, r


def build(store: Neo4jStore, nodes: int) -> None:
    """`nodes` Tenure nodes, each cited by two hubs: degrees nodes/4 and nodes/2."""
    store.write("UNWIND range(0, $h - 1) AS i CREATE (:Source {id: 'source:hub' + i})",
                {"h": HUBS})
    with store._driver.session(database=store.database) as s:  # auto-commit: IN TRANSACTIONS
        s.run("MATCH (h:Source) WITH collect(h) AS hubs "
              "UNWIND range(0, $n - 1) AS i "
              "CALL (i, hubs) { WITH i, hubs[i % 4] AS a, hubs[4 + i % 2] AS b "
              "CREATE (t:Tenure {id: 'tenure:' + i, caption: 'tenure ' + i}) "
              "CREATE (t)-[:SOURCED_FROM {key: 's' + i, quote: 'quoted words'}]->(a) "
              "CREATE (t)-[:OF {key: 'o' + i}]->(b) } "
              "IN TRANSACTIONS OF 20000 ROWS", {"n": nodes}).consume()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="benchmarks.wipe", description=__doc__.split("\n\n")[0])
    ap.add_argument("--nodes", type=int, default=1_600_000)
    ap.add_argument("--skip-old", action="store_true", help="do not try the old wipe first")
    args = ap.parse_args(argv)
    store = Neo4jStore()
    try:
        log(f"emptying {store.uri} first")
        store.wipe()
        t0 = time.perf_counter()
        build(store, args.nodes)
        n, r = count(store)
        log(f"built {n:,} nodes, {r:,} relationships in {time.perf_counter() - t0:.0f} s")
        print(f"graph: {n:,} nodes, {r:,} relationships; hub degrees "
              f"{args.nodes // 4:,} and {args.nodes // 2:,}")
        if not args.skip_old:
            t0 = time.perf_counter()
            try:
                with store._driver.session(database=store.database) as s:
                    s.run("MATCH (n) CALL (n) { DETACH DELETE n } "
                          "IN TRANSACTIONS OF 10000 ROWS").consume()
                outcome = "completed"
            except Exception as e:  # noqa: BLE001 - the point is to report it
                outcome = f"FAILED: {getattr(e, 'code', type(e).__name__)}"
            dt = time.perf_counter() - t0
            n2, r2 = count(store)
            print(f"old wipe (DETACH DELETE, 10000 nodes a transaction): {outcome} after "
                  f"{dt:.0f} s; left {n2:,} nodes, {r2:,} relationships")
        t0 = time.perf_counter()
        batches = {"relationships": 0, "nodes": 0}

        def tick(what: str, done: int) -> None:
            batches[what] += 1
            if batches[what] % 25 == 0:
                log(f"  {what}: {batches[what]} transactions")

        store.wipe(progress=tick)
        dt = time.perf_counter() - t0
        n3, r3 = count(store)
        print(f"Neo4jStore.wipe (relationships then nodes, {WIPE_BATCH:,} a transaction): "
              f"completed in {dt:.0f} s, {batches['relationships']} + {batches['nodes']} "
              f"transactions; left {n3:,} nodes, {r3:,} relationships")
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
