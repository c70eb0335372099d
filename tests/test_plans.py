"""Indexed questions: every canned query about given entities (an id or ids parameter), and
the inadequate-inspection queries, start from an index, never a scan of all nodes or of a
label. Checked in the engines' own plans: GRAPH.EXPLAIN (FalkorDB), EXPLAIN (Neo4j)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from accountable.graph import queries
from accountable.graph.daemon import with_params
from accountable.graph.store import GRAPH_NAME, EmbeddedStore, Neo4jStore
from accountable.graph.sync import load_facts

from tests.neo4j_server import wipe as wipe_neo4j

# Listings of everything: a scan is what they are for.
LISTINGS = {"conflicts", "contractors", "events_after_inspection", "export_ids",
            "organisations", "people", "unsourced_facts", "vacant_posts",
            "sources_known"}  # counts every Source for a known-on answer's "1 of 5 sources"
INDEXED = sorted(set(queries.catalogue()) - LISTINGS)


def _params(q: Any) -> dict[str, Any]:
    return {p.name: p.example for p in q.params}


def test_every_query_is_classified() -> None:
    assert "org_events" in INDEXED and "recurring_at_inadequate" in INDEXED
    for name in INDEXED:  # an entity query, or one of the two index-backed listings
        q = queries.catalogue()[name]
        assert any(p.name.endswith(("id", "ids")) for p in q.params) or name in (
            "recurring_at_inadequate", "councils_repeatedly_inadequate"), name


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    from accountable.graph.paths import bundled_seeds_dir

    store = EmbeddedStore(tmp_path_factory.mktemp("plans"), resident=True)
    try:
        load_facts(store, bundled_seeds_dir(), notify=None)
        yield store
    finally:
        store.close()


@pytest.mark.parametrize("name", INDEXED)
def test_falkordb_plan_uses_indexes(embedded: EmbeddedStore, name: str) -> None:
    q = queries.catalogue()[name]
    plan = embedded._call("GRAPH.EXPLAIN", GRAPH_NAME, with_params(q.text, _params(q)))
    scans = [line.strip() for line in plan
             if "All Node Scan" in line or "Node By Label Scan" in line]
    assert scans == [], "\n".join(plan)
    assert any("Index Scan" in line for line in plan), "\n".join(plan)


def _operators(plan: Any) -> Iterator[str]:
    yield plan["operatorType"]
    for child in plan.get("children", []):
        yield from _operators(child)


@pytest.fixture(scope="module")
def neo(neo4j_env: dict[str, str | None]) -> Iterator[Neo4jStore]:
    from accountable.graph.paths import bundled_seeds_dir

    store = Neo4jStore(neo4j_env["NEO4J_URI"], neo4j_env["NEO4J_USER"],
                       neo4j_env["NEO4J_PASSWORD"])
    wipe_neo4j(store._driver)
    try:
        load_facts(store, Path(bundled_seeds_dir()), notify=None)
        yield store
    finally:
        store.close()


@pytest.mark.parametrize("name", INDEXED)
def test_neo4j_plan_uses_indexes(neo: Neo4jStore, name: str) -> None:
    q = queries.catalogue()[name]
    with neo._driver.session(database=neo.database) as session:
        summary = session.run("EXPLAIN " + q.text, _params(q)).consume()
    ops = list(_operators(summary.plan))
    assert not [op for op in ops if op.split("@")[0] in ("AllNodesScan", "NodeByLabelScan")], ops
    assert [op for op in ops if "Index" in op], ops
