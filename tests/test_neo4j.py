"""Neo4j (a real server from Maven Central): batched idempotent loads, and both engines
giving the same answers to every canned query and every seed question."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from accountable.graph import queries
from accountable.graph.store import EmbeddedStore, Neo4jStore, ReadOnlyViolation

from tests.conftest import invoke


def canonical(value: Any) -> Any:
    """Rows with lists sorted: `collect()` gives no order on either engine."""
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, default=str))
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@pytest.fixture(scope="module")
def loaded(neo4j_env: dict[str, str | None], tmp_path_factory: pytest.TempPathFactory
           ) -> dict[str, Any]:
    """Load the seeds into Neo4j and into a fresh embedded store; keep both load reports."""
    data = tmp_path_factory.mktemp("embedded")
    neo = invoke(["load", "--neo4j", "--json", "--batch-size", "7"], neo4j_env)
    emb = invoke(["load", "--data-dir", str(data), "--json"])
    assert neo.exit_code == 0, neo.output
    assert emb.exit_code == 0, emb.output
    return {"neo4j": json.loads(neo.stdout), "embedded": json.loads(emb.stdout),
            "data_dir": data, "env": neo4j_env}


def test_neo4j_holds_what_the_embedded_store_holds(loaded: dict[str, Any]) -> None:
    assert loaded["neo4j"]["counts"] == loaded["embedded"]["counts"]
    assert loaded["neo4j"]["counts"]["Tenure"] >= 10
    assert loaded["neo4j"]["counts"]["SOURCED_FROM"] >= 100


def test_second_load_changes_nothing(loaded: dict[str, Any]) -> None:
    again = invoke(["load", "--neo4j", "--json"], loaded["env"])
    assert again.exit_code == 0, again.output
    assert json.loads(again.stdout)["counts"] == loaded["neo4j"]["counts"]


def test_uniqueness_constraints_exist_before_data(loaded: dict[str, Any]) -> None:
    env = loaded["env"]
    store = Neo4jStore(env["NEO4J_URI"], env["NEO4J_USER"], env["NEO4J_PASSWORD"])
    try:
        rows = store.read("SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties "
                          "RETURN type, labelsOrTypes[0] AS label, properties")
        unique = {r["label"] for r in rows
                  if r["type"] == "UNIQUENESS" and r["properties"] == ["id"]}
        assert {"Person", "Organisation", "Post", "Tenure", "Source", "Inspection"} <= unique
        with pytest.raises(ReadOnlyViolation):
            store.read("CREATE (:Person {id: 'person:intruder'})")
        assert store.read("MATCH (p:Person {id: 'person:intruder'}) RETURN p") == []
    finally:
        store.close()


def _examples(q: queries.CannedQuery) -> dict[str, Any]:
    return {p.name: p.example for p in q.params}


@pytest.mark.parametrize("name", sorted(queries.catalogue()))
def test_every_canned_query_agrees_on_both_engines(loaded: dict[str, Any], name: str) -> None:
    q = queries.get(name)
    params = _examples(q)
    env = loaded["env"]
    neo = Neo4jStore(env["NEO4J_URI"], env["NEO4J_USER"], env["NEO4J_PASSWORD"])
    emb = EmbeddedStore(loaded["data_dir"])
    try:
        a, b = neo.read(q.text, params), emb.read(q.text, params)
    finally:
        neo.close()
        emb.close()
    assert canonical(a) == canonical(b)
    if name not in ("unsourced_facts", "vacant_posts"):
        assert a, f"{name} returned nothing on its example parameters"
    if name == "unsourced_facts":
        assert a == []


QUESTIONS = [
    ["who", "Sandwell", "--inspection", "inspection:sandwell:2013-02"],
    ["who", "Sandwell", "--on", "2013-02-15"],
    ["who", "Sandwell", "--on", "2015-03"],
    ["who", "Sandwell", "--on", "2013-04"],
    ["who", "Dudley MBC", "--inspection", "inspection:dudley:2016"],
    ["who", "Dudley", "--inspection", "inspection:dudley:2018:monitoring-6"],
    ["person", "Simon Hackett"],
    ["person", "Bob Badham"],
    ["person", "Helen Smith"],
    ["person", "Sarah Norman"],
    ["timeline", "Sandwell"],
    ["timeline", "Dudley"],
    ["query", "recurring_at_inadequate"],
    ["query", "councils_repeatedly_inadequate"],
]


@pytest.mark.parametrize("args", QUESTIONS, ids=[" ".join(a) for a in QUESTIONS])
def test_every_seed_question_agrees_on_both_engines(loaded: dict[str, Any],
                                                    args: list[str]) -> None:
    neo = invoke([*args, "--neo4j", "--json"], loaded["env"])
    emb = invoke([*args, "--data-dir", str(loaded["data_dir"]), "--json"])
    assert neo.exit_code == 0, neo.output
    assert emb.exit_code == 0, emb.output
    assert canonical(json.loads(neo.stdout)) == canonical(json.loads(emb.stdout))


def test_who_from_neo4j_names_the_2013_cabinet_member(loaded: dict[str, Any]) -> None:
    r = invoke(["who", "Sandwell", "--inspection", "inspection:sandwell:2013-02", "--neo4j",
                "--json"], loaded["env"])
    held = [h["person"] for h in json.loads(r.stdout)["holders"]
            if h["post_kind"] == "lead_member" and h["status"] == "held"]
    assert held == ["Bob Badham"]


def test_a_write_in_a_query_file_is_refused(loaded: dict[str, Any], tmp_path: Path) -> None:
    f = tmp_path / "w.cypher"
    f.write_text("MATCH (p:Person) SET p.name = 'x' RETURN p", encoding="utf-8")
    r = invoke(["query", "--file", str(f), "--neo4j"], loaded["env"])
    assert r.exit_code == 2
    assert "read-only" in r.stderr
    names = invoke(["query", "people", "--neo4j", "--json"], loaded["env"])
    assert "x" not in {p["name"] for p in json.loads(names.stdout)}


def test_a_read_query_file_with_parameters_runs(loaded: dict[str, Any], tmp_path: Path) -> None:
    f = tmp_path / "r.cypher"
    f.write_text("// param name: string = \"Bob Badham\"\n"
                 "MATCH (p:Person {name: $name}) RETURN p.id AS id", encoding="utf-8")
    r = invoke(["query", "--file", str(f), "-p", "name=Bob Badham", "--neo4j", "--json"],
               loaded["env"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == [{"id": "person:bob-badham"}]


def test_unreachable_neo4j_is_one_line_and_exit_3() -> None:
    r = invoke(["who", "Sandwell", "--on", "2013", "--neo4j"],
               {"NEO4J_URI": "bolt://127.0.0.1:1", "NEO4J_PASSWORD": "s3cret-do-not-print"})
    assert r.exit_code == 3
    assert "bolt://127.0.0.1:1" in r.stderr
    assert "scripts/neo4j-local start" in r.stderr
    assert "s3cret-do-not-print" not in r.output + r.stderr
    assert len(r.stderr.strip().splitlines()) <= 3  # one message, wrapped at most


def test_compose_pins_the_version_the_tests_run() -> None:
    root = Path(__file__).resolve().parent.parent
    version = (root / "scripts" / "neo4j" / "VERSION").read_text().strip()
    assert f"image: neo4j:{version}-community" in (root / "docker-compose.yml").read_text()
