"""Load is a sync, on both engines: after `load` the store equals a fresh load of the same
facts; a load killed part-way leaves the previous state whole; changed facts are noticed
(`status`) and, on the embedded store, reloaded; wipes delete in bounded batches."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from accountable.graph.store import META_LABEL, EmbeddedStore, Neo4jStore

from tests.conftest import invoke
from tests.neo4j_server import wipe as wipe_neo4j

SANDWELL = "facts/sandwell.yaml"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def rename_id(seeds: Path) -> None:
    _replace(seeds / SANDWELL, "person:simon-white", "person:simon-whyte")


def delete_record(seeds: Path) -> None:
    path = seeds / SANDWELL
    text = path.read_text(encoding="utf-8")
    start = text.index("- schema: Event\n  id: event:sandwell:simon-white-appointed\n")
    end = text.index("- schema: Event", start + 1)
    path.write_text(text[:start] + text[end:], encoding="utf-8")


def drop_citation(seeds: Path) -> None:
    _replace(seeds / SANDWELL, '    - source: source:000\n      quote: "ousted Councillor Bob '
             'Badham"\n      certainty: stated\n', "")


def change_quote(seeds: Path) -> None:
    path = seeds / SANDWELL
    text = path.read_text(encoding="utf-8")
    old = 'quote: "Sandwell council’s leader, Darren Cooper"'
    assert old in text
    path.write_text(text.replace(old, 'quote: "council’s leader, Darren Cooper"', 1),
                    encoding="utf-8")


def change_date(seeds: Path) -> None:
    _replace(seeds / SANDWELL, "  end: 2013-03\n  ended_by: mutual_consent\n",
             "  end: 2013-02\n  ended_by: mutual_consent\n")


EDITS: dict[str, Callable[[Path], None]] = {
    "rename an id": rename_id, "delete a record": delete_record,
    "drop a citation": drop_citation, "change a quote": change_quote,
    "change a date": change_date}


def _canon(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _canon(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        return [_canon(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def dump(store: Any) -> dict[str, list[str]]:
    """Every node (labels, properties) and relationship (type, ends, properties), sorted;
    the metadata node is not part of the answers' graph."""
    nodes = store.read(f"MATCH (n) WHERE NOT n:{META_LABEL} "
                       "RETURN labels(n) AS labels, properties(n) AS props")
    rels = store.read("MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS a, b.id AS b, "
                      "properties(r) AS props")
    return {"nodes": sorted(json.dumps(_canon(n), sort_keys=True) for n in nodes),
            "rels": sorted(json.dumps(_canon(r), sort_keys=True) for r in rels)}


def dump_embedded(data_dir: Path) -> dict[str, list[str]]:
    store = EmbeddedStore(data_dir)
    try:
        return dump(store)
    finally:
        store.close()


def load_cli(seeds: Path, data_dir: Path | None = None,
             env: dict[str, str | None] | None = None) -> None:
    args = ["load", "--seeds", str(seeds), "--json"]
    args += ["--neo4j"] if env else ["--data-dir", str(data_dir)]
    result = invoke(args, env)
    assert result.exit_code == 0, result.output


def directors(seeds: Path, data_dir: Path | None = None,
              env: dict[str, str | None] | None = None) -> tuple[list[str], str]:
    """Who `who Sandwell --on 2013-03` names as director of children's services; stderr."""
    args = ["who", "org:sandwell", "--on", "2013-03", "--json"]
    args += ["--neo4j"] if env else ["--data-dir", str(data_dir)]
    result = invoke(args, {**(env or {}), "ACCOUNTABLE_SEEDS": str(seeds)})
    assert result.exit_code == 0, result.output
    text = json.dumps(json.loads(result.stdout))
    return sorted({pid for pid in ("person:simon-white", "person:simon-whyte")
                   if f'"{pid}"' in text}), " ".join(result.stderr.split())


def status_of(seeds: Path, data_dir: Path | None = None,
              env: dict[str, str | None] | None = None) -> dict[str, Any]:
    args = ["status", "--json", "--seeds", str(seeds)]
    args += ["--neo4j"] if env else ["--data-dir", str(data_dir)]
    result = invoke(args, env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# ------------------------------------------------------------------ embedded


@pytest.mark.parametrize("edit", list(EDITS))
def test_embedded_load_after_an_edit_equals_a_fresh_load(edit: str, seeds_copy: Path,
                                                         tmp_path: Path) -> None:
    synced, fresh = tmp_path / "synced", tmp_path / "fresh"
    load_cli(seeds_copy, synced)
    before = dump_embedded(synced)
    EDITS[edit](seeds_copy)
    load_cli(seeds_copy, synced)
    load_cli(seeds_copy, fresh)
    after = dump_embedded(synced)
    assert after == dump_embedded(fresh)
    assert after != before  # the edit changed something the store holds


def test_embedded_rename_leaves_one_director(seeds_copy: Path, tmp_path: Path) -> None:
    load_cli(seeds_copy, tmp_path)
    rename_id(seeds_copy)
    load_cli(seeds_copy, tmp_path)
    assert directors(seeds_copy, tmp_path)[0] == ["person:simon-whyte"]
    result = invoke(["person", "Simon White", "--json", "--data-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output


KILLER = """
import os, signal, sys
from pathlib import Path
from accountable.graph.sync import load_facts
from accountable.graph.store import EmbeddedStore, Neo4jStore

where, seeds, kill_at, atomic = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
store = Neo4jStore() if where == "neo4j" else EmbeddedStore(Path(where))
proc = getattr(store, "_proc", None)
print(proc.pid if proc else 0, flush=True)
calls = 0

def progress(what, done, total):
    global calls
    if " " in what:  # "reading the facts files", "checking the records": not a batch
        return
    calls += 1
    if calls == kill_at:
        print("killing at", what, done, total, flush=True)
        os.kill(os.getpid(), signal.SIGKILL)

if atomic == "batched":  # a change too big for one transaction
    import functools
    from accountable.graph import load as load_module, sync
    sync.load = functools.partial(load_module.load, atomic_rows=0)
    sync.read_prints = lambda *args: None  # so not a load by difference either
    sync.read_catalog = lambda *args: None
load_facts(store, seeds, batch_size=5, progress=progress)
print("not killed", flush=True)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"


def kill_a_load(where: str, seeds: Path, kill_at: int, env: dict[str, str | None] | None = None,
                atomic: str = "atomic") -> str:
    """Run a load in a child process that SIGKILLs itself at its `kill_at`-th batch."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    full_env.update({k: v for k, v in (env or {}).items() if v is not None})
    proc = subprocess.run([sys.executable, "-c", KILLER, where, str(seeds), str(kill_at), atomic],
                          capture_output=True, text=True, env=full_env, timeout=300,
                          check=False)
    assert proc.returncode == -signal.SIGKILL, proc.stdout + proc.stderr
    assert "killing at" in proc.stdout
    child = int(proc.stdout.split()[0])
    if child:  # the embedded FalkorDB the killed process started outlives it: end it
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _alive(child):
            time.sleep(0.05)
    return proc.stdout


def test_embedded_load_killed_part_way_leaves_the_previous_state(seeds_copy: Path,
                                                                 tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    load_cli(seeds_copy, store_dir)
    before = dump_embedded(store_dir)
    rename_id(seeds_copy)
    # Killed while queueing the change (a load by difference: one MULTI/EXEC) ...
    kill_a_load(str(store_dir), seeds_copy, kill_at=2)
    assert dump_embedded(store_dir) == before  # the previous state, whole
    # ... and killed part-way through a full load (no fingerprints of the last load).
    (store_dir / "catalog.sqlite").unlink()
    kill_a_load(str(store_dir), seeds_copy, kill_at=20)  # 20 batches of 5 rows in
    assert dump_embedded(store_dir) == before
    assert status_of(seeds_copy, store_dir)["state"] == "changed"
    # The next question re-syncs (the facts changed) and answers from the new facts only.
    assert directors(seeds_copy, store_dir)[0] == ["person:simon-whyte"]
    load_cli(seeds_copy, store_dir)
    fresh = tmp_path / "fresh"
    load_cli(seeds_copy, fresh)
    assert dump_embedded(store_dir) == dump_embedded(fresh)


def test_embedded_load_that_fails_between_batches_leaves_the_previous_state(
        seeds_copy: Path, tmp_path: Path) -> None:
    from accountable.graph.sync import load_facts

    load_cli(seeds_copy, tmp_path)
    before = dump_embedded(tmp_path)
    rename_id(seeds_copy)

    def fail(what: str, done: int, total: int) -> None:
        if done > total // 2:
            raise RuntimeError("injected between batches")

    store = EmbeddedStore(tmp_path)
    try:
        with pytest.raises(RuntimeError, match="injected"):
            load_facts(store, seeds_copy, batch_size=5, progress=fail)
        assert dump(store) == before  # same process, same server: the old graph, whole
    finally:
        store.close()
    assert dump_embedded(tmp_path) == before  # and after a restart
    load_cli(seeds_copy, tmp_path)
    assert directors(seeds_copy, tmp_path)[0] == ["person:simon-whyte"]


def test_embedded_answers_from_changed_facts(seeds_copy: Path, tmp_path: Path) -> None:
    assert status_of(seeds_copy, tmp_path)["state"] == "empty"
    assert directors(seeds_copy, tmp_path)[0] == ["person:simon-white"]  # loads when empty
    st = status_of(seeds_copy, tmp_path)
    assert st["state"] == "up to date"
    assert st["digest"] == st["facts_digest"]
    assert st["counts"]["Person"] == 10
    rename_id(seeds_copy)
    st = status_of(seeds_copy, tmp_path)
    assert st["state"] == "changed"
    assert st["digest"] != st["facts_digest"]
    who, notes = directors(seeds_copy, tmp_path)
    assert who == ["person:simon-whyte"]
    assert "changed" in notes
    assert status_of(seeds_copy, tmp_path)["state"] == "up to date"


def test_embedded_wipe_empties_the_store_and_its_record(seeds_copy: Path,
                                                        tmp_path: Path) -> None:
    load_cli(seeds_copy, tmp_path)
    store = EmbeddedStore(tmp_path)
    try:
        store.wipe()
        assert dump(store) == {"nodes": [], "rels": []}
        assert store.read_meta() == {}
    finally:
        store.close()
    assert status_of(seeds_copy, tmp_path)["state"] == "empty"


# ------------------------------------------------------------------ neo4j


@pytest.fixture()
def neo(neo4j_env: dict[str, str | None]) -> Any:
    """An empty Neo4j database (constraints dropped too) and a store on it."""
    store = Neo4jStore(neo4j_env["NEO4J_URI"], neo4j_env["NEO4J_USER"],
                       neo4j_env["NEO4J_PASSWORD"])
    wipe_neo4j(store._driver)
    yield store
    store.close()


@pytest.mark.parametrize("edit", list(EDITS))
def test_neo4j_load_after_an_edit_equals_a_fresh_load(edit: str, seeds_copy: Path, neo: Any,
                                                      neo4j_env: dict[str, str | None]
                                                      ) -> None:
    original = seeds_copy.parent / "original"
    shutil.copytree(seeds_copy, original)
    EDITS[edit](seeds_copy)
    load_cli(seeds_copy, env=neo4j_env)
    fresh = dump(neo)
    wipe_neo4j(neo._driver)
    load_cli(original, env=neo4j_env)
    before = dump(neo)
    load_cli(seeds_copy, env=neo4j_env)
    assert dump(neo) == fresh
    assert fresh != before


def test_neo4j_load_killed_in_its_transaction_leaves_the_previous_state(
        seeds_copy: Path, neo: Any, neo4j_env: dict[str, str | None]) -> None:
    load_cli(seeds_copy, env=neo4j_env)
    before = dump(neo)
    rename_id(seeds_copy)
    kill_a_load("neo4j", seeds_copy, kill_at=2, env=neo4j_env)  # mid-transaction
    assert dump(neo) == before  # rolled back: the previous state, whole
    who, notes = directors(seeds_copy, env=neo4j_env)
    assert who == ["person:simon-white"]  # the previous state, never both
    assert "accountable load --neo4j" in notes  # ... with a warning that the facts changed
    assert status_of(seeds_copy, env=neo4j_env)["state"] == "changed"
    load_cli(seeds_copy, env=neo4j_env)
    assert directors(seeds_copy, env=neo4j_env)[0] == ["person:simon-whyte"]
    after = dump(neo)
    wipe_neo4j(neo._driver)
    load_cli(seeds_copy, env=neo4j_env)
    assert after == dump(neo)


def test_neo4j_big_change_killed_part_way_is_reported_incomplete(
        seeds_copy: Path, neo: Any, neo4j_env: dict[str, str | None]) -> None:
    """A change too big for one transaction runs in batches; killed part-way, the store may
    mix old and new facts, and says so: status "incomplete", a warning on every question."""
    load_cli(seeds_copy, env=neo4j_env)
    rename_id(seeds_copy)
    kill_a_load("neo4j", seeds_copy, kill_at=2, env=neo4j_env, atomic="batched")
    assert status_of(seeds_copy, env=neo4j_env)["state"] == "incomplete"
    _, notes = directors(seeds_copy, env=neo4j_env)
    assert "accountable load --neo4j" in notes and "part-way" in notes
    load_cli(seeds_copy, env=neo4j_env)
    assert status_of(seeds_copy, env=neo4j_env)["state"] == "up to date"
    after = dump(neo)
    wipe_neo4j(neo._driver)
    load_cli(seeds_copy, env=neo4j_env)
    assert after == dump(neo)


def test_neo4j_wipe_deletes_a_high_degree_node_in_bounded_batches(neo: Any) -> None:
    neo.write("CREATE (:Source {id: 'source:hub'})")
    neo.write("MATCH (s:Source {id: 'source:hub'}) UNWIND range(1, 1000) AS i "
              "CREATE (:Tenure {id: 'tenure:' + i})-[:SOURCED_FROM {key: 'k' + i}]->(s)")
    seen: list[tuple[str, int, int]] = []

    def committed(what: str, n: int) -> None:  # between two transactions: what is left?
        left = neo.read("OPTIONAL MATCH (s:Source {id: 'source:hub'}) "
                        "OPTIONAL MATCH (s)<-[r]-() RETURN count(s) AS hub, count(r) AS degree")
        seen.append((what, n, left[0]["degree"]))

    neo.wipe(batch=100, progress=committed)
    assert neo.read("MATCH (n) RETURN count(n) AS n")[0]["n"] == 0
    rels = [s for s in seen if s[0] == "relationships"]
    # The hub's 1000 relationships went 100 per committed transaction, before any node.
    assert [n for _, n, _ in rels] == [100] * 10
    assert [degree for _, _, degree in rels] == list(range(900, -1, -100))
    assert [n for what, n, _ in seen if what == "nodes"] == [100] * 10 + [1]
