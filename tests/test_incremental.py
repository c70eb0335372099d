"""A load by difference reads only the files an edit reaches (`loaders/incremental.py`), and
still gives what a full load gives: the same store (nodes, relationships, properties, the
recorded counts) and, when the facts are wrong, the same problems. Edits that reach across
files: a reference, a schema, an article's text, a tenure's neighbours, an `existing: true`
addition, a duplicate id, a file added or removed, a Conflict. Both engines."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from accountable.graph import sync
from accountable.graph.load import counts
from accountable.graph.store import EmbeddedStore, Neo4jStore
from accountable.graph.sync import load_facts
from accountable.loaders import incremental
from accountable.loaders.validate import read_seeds

from accountable.errors import ValidationFailed
from tests.neo4j_server import wipe as wipe_neo4j
from tests.test_sync import EDITS, dump

DUDLEY, ORGS, EXTRA, MORE = ("facts/dudley.yaml", "facts/organisations.yaml",
                             "facts/extra.yaml", "facts/more.yaml")
SARAH = "tenure:sarah-norman:dudley-chief-executive"
CITE = ('  sources:\n    - source: source:003\n      quote: "chief executive of Dudley '
        'Council"\n      certainty: {certainty}\n')
PERSON = "- schema: Person\n  id: person:{slug}\n  name: {name}\n" + CITE
TENURE = ("- schema: Tenure\n  id: tenure:{slug}:dudley-chief-executive\n  person: person:{slug}"
          "\n  post: post:dudley:chief_executive\n  start: {start}\n" + CITE)
CONFLICT = ("- schema: Conflict\n  id: conflict:dudley-chief\n  between: [" + SARAH
            + ", tenure:{slug}:dudley-chief-executive]\n  note: Two claims on one post.\n")
ADDITION = ("- schema: Person\n  id: person:sarah-norman\n  existing: true\n"
            + CITE)


def _write(seeds: Path, rel: str, text: str) -> None:
    (seeds / rel).write_text(text, encoding="utf-8")


def _append(seeds: Path, rel: str, text: str) -> None:
    with open(seeds / rel, "a", encoding="utf-8") as f:
        f.write("\n" + text)


def _cut_record(seeds: Path, rel: str, first_line: str) -> None:
    """Delete the record that starts with `first_line` (up to the next record)."""
    text = (seeds / rel).read_text(encoding="utf-8")
    start = text.index(first_line)
    end = text.find("\n- schema:", start + 1)
    (seeds / rel).write_text(text[:start] + (text[end + 1:] if end >= 0 else ""),
                             encoding="utf-8")


def _replace(seeds: Path, rel: str, old: str, new: str) -> None:
    text = (seeds / rel).read_text(encoding="utf-8")
    assert old in text, (old, rel)
    (seeds / rel).write_text(text.replace(old, new, 1), encoding="utf-8")


def _source_file(seeds: Path, sid: str) -> Path:
    text = (seeds / "sources.yaml").read_text(encoding="utf-8")
    at = text.index(f"id: {sid}\n")
    return seeds / text[at:].split("file: ", 1)[1].split("\n", 1)[0].strip()


def _file_line(seeds: Path, sid: str) -> str:
    return f"file: {_source_file(seeds, sid).relative_to(seeds)}"


def new_chief(seeds: Path, slug: str = "nora-new", start: str = "2017-01",
              rel: str = EXTRA) -> None:
    _append(seeds, rel, PERSON.format(slug=slug, name="Nora New", certainty="stated")
            + "\n" + TENURE.format(slug=slug, start=start, certainty="inferred"))


def break_quote_text(seeds: Path) -> None:
    path = _source_file(seeds, "source:004")
    text = path.read_text(encoding="utf-8")
    assert "Ofsted inspector Alison Smale" in text
    path.write_text(text.replace("Ofsted inspector Alison Smale", "an inspector"),
                    encoding="utf-8")


def harmless_text(seeds: Path) -> None:
    path = _source_file(seeds, "source:004")
    path.write_text(path.read_text(encoding="utf-8") + "\nA line added at the end.\n",
                    encoding="utf-8")


# Each case: steps, each edits the folder and is followed by a load (and a comparison).
CASES: dict[str, list[Callable[[Path], None]]] = {
    **{f"sandwell: {name}": [edit] for name, edit in EDITS.items()},
    "delete a record another file references": [
        lambda s: _cut_record(s, ORGS, "- schema: Organisation\n  id: org:dudley\n")],
    "change a record's schema": [
        lambda s: _replace(s, DUDLEY, "- schema: Person\n  id: person:alison-smale",
                           "- schema: Organisation\n  id: person:alison-smale")],
    "an article's text loses a quote cited from another file": [break_quote_text],
    "an article's text changes, every quote still in it": [harmless_text],
    "a source names another article, quotes cited from another file no longer in it": [
        lambda s: _replace(s, "sources.yaml", _file_line(s, "source:004"),
                           _file_line(s, "source:003"))],
    "a file added with a tenure of another file's post": [new_chief],
    "a tenure added to a file, its post's other tenures elsewhere": [
        lambda s: _write(s, EXTRA, PERSON.format(slug="nora-new", name="Nora New",
                                                 certainty="stated")),
        lambda s: _append(s, EXTRA, TENURE.format(slug="nora-new", start="2017-01",
                                                  certainty="inferred")),
        lambda s: _replace(s, EXTRA, "start: 2017-01", "start: 2016-09")],
    "an existing: true addition in another file": [
        lambda s: _write(s, EXTRA, ADDITION.format(certainty="stated")),
        lambda s: _replace(s, EXTRA, "certainty: stated", "certainty: inferred"),
        lambda s: (s / EXTRA).unlink()],
    "an existing: true addition whose record is then deleted": [
        lambda s: _write(s, EXTRA, ADDITION.format(certainty="stated")),
        lambda s: _cut_record(s, DUDLEY, "- schema: Person\n  id: person:sarah-norman\n")],
    "a tenure changing spans elsewhere, in a file with records others add to": [
        lambda s: (_write(s, EXTRA, PERSON.format(slug="nora-new", name="Nora New",
                                                  certainty="stated")),
                   _write(s, MORE, ADDITION.replace("sarah-norman", "nora-new").format(
                       certainty="inferred"))),
        lambda s: _append(s, EXTRA, TENURE.format(slug="nora-new", start="2017-01",
                                                  certainty="inferred"))],
    "a duplicate id across files": [
        lambda s: _write(s, EXTRA, PERSON.format(slug="sarah-norman", name="Sarah N",
                                                 certainty="stated"))],
    "a file removed": [new_chief, lambda s: (s / EXTRA).unlink()],
    "a file whose records others reference removed": [lambda s: (s / DUDLEY).unlink()],
    "a conflict added between tenures in two files": [
        new_chief,
        lambda s: _write(s, MORE, CONFLICT.format(slug="nora-new")),
        lambda s: (s / MORE).unlink()],
    "a record moved to another file": [
        lambda s: (_cut_record(s, DUDLEY, "- schema: Person\n  id: person:alison-smale\n"),
                   _write(s, EXTRA, "- schema: Person\n  id: person:alison-smale\n  name: "
                          "Alison Smale\n  sources:\n    - source: source:004\n      quote: "
                          "\"Ofsted inspector Alison Smale\"\n      certainty: stated\n"))],
}



def _fresh(store: Any, other: Any, seeds: Path) -> tuple[dict[str, list[str]], str]:
    """A full load of `seeds` into an empty store: its contents and recorded counts."""
    if other is None:
        wipe_neo4j(store._driver)
        sync.prints_path(store).unlink(missing_ok=True)
        other = store
    else:
        other.wipe()
        sync.prints_path(other).unlink(missing_ok=True)
    load_facts(other, seeds, notify=None)
    return dump(other), other.read_meta()["counts"]


@pytest.fixture
def steps_taken(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """What each load by difference returned (a Step, or None: a full read ran)."""
    taken: list[Any] = []
    real = incremental.by_difference

    def spy(*args: Any, **kwargs: Any) -> Any:
        step = real(*args, **kwargs)
        taken.append(step)
        return step

    monkeypatch.setattr(incremental, "by_difference", spy)
    return taken


@pytest.mark.parametrize("case", list(CASES))
def test_a_load_by_difference_equals_a_full_load(case: str, stores: tuple[Any, Any],
                                                 seeds_copy: Path,
                                                 steps_taken: list[Any]) -> None:
    store, other = stores
    load_facts(store, seeds_copy, notify=None)
    for n, edit in enumerate(CASES[case]):
        edit(seeds_copy)
        problems = [p.as_dict() for p in read_seeds(seeds_copy).problems]
        if problems:  # refused, with exactly the full validation's problems
            before = dump(store)
            with pytest.raises(ValidationFailed) as e:
                load_facts(store, seeds_copy, notify=None)
            assert [p.as_dict() for p in e.value.problems] == problems
            assert steps_taken[-1] is None  # handed to the full validation
            assert dump(store) == before  # nothing written
            continue
        steps_taken.clear()
        _, held = load_facts(store, seeds_copy, notify=None)
        assert steps_taken and steps_taken[-1] is not None, f"step {n}: not by difference"
        assert held == counts(store)  # what it says the store holds, without counting
        synced, recorded = dump(store), store.read_meta()["counts"]
        fresh, fresh_counts = _fresh(store, other, seeds_copy)
        assert synced == fresh, f"step {n}"
        assert json.loads(recorded) == json.loads(fresh_counts)


def _tenure(store: Any, tid: str) -> dict[str, Any]:
    return store.read("MATCH (t {id: $id}) RETURN properties(t) AS p", {"id": tid})[0]["p"]


def test_a_tenure_in_one_file_changes_the_span_of_one_in_another(
        tmp_path: Path, seeds_copy: Path, steps_taken: list[Any]) -> None:
    store = EmbeddedStore(tmp_path / "store", resident=True)
    try:
        load_facts(store, seeds_copy, notify=None)
        assert _tenure(store, SARAH).get("span_to_by") is None
        new_chief(seeds_copy)
        load_facts(store, seeds_copy, notify=None)
        step = steps_taken[-1]
        assert step is not None and step.read == [DUDLEY, EXTRA]  # Sarah's file, re-read
        after = _tenure(store, SARAH)
        assert after["span_to"] == "2017-01-31"
        assert after["span_to_by"] == "tenure:nora-new:dudley-chief-executive"
    finally:
        store.close()


def test_a_one_record_edit_reads_and_checks_only_its_file(
        tmp_path: Path, seeds_copy: Path, monkeypatch: pytest.MonkeyPatch,
        steps_taken: list[Any]) -> None:
    from accountable.loaders import validate

    read: list[str] = []
    real = incremental._parse_file

    def spy(root: Path, rel: str, model: Any) -> Any:
        read.append(rel)
        return real(root, rel, model)

    store = EmbeddedStore(tmp_path / "store", resident=True)
    try:
        load_facts(store, seeds_copy, notify=None)
        monkeypatch.setattr(incremental, "_parse_file", spy)
        monkeypatch.setattr(validate, "read_seeds", lambda *a, **k: pytest.fail("read all"))
        checked: list[str] = []
        real_check = validate._Checker.check_fields

        def check_fields(self: Any, rec: Any, ids: Any) -> None:
            checked.append(rec.file)
            real_check(self, rec, ids)

        monkeypatch.setattr(validate._Checker, "check_fields", check_fields)
        EDITS["change a date"](seeds_copy)
        load_facts(store, seeds_copy, notify=None)
        assert read == ["facts/sandwell.yaml"]
        assert checked and set(checked) == {"seeds/facts/sandwell.yaml"}
        assert steps_taken[-1].change.size == 1
    finally:
        store.close()


def test_the_catalog_is_owner_only_and_names_its_load(tmp_path: Path, seeds_copy: Path) -> None:
    from accountable.graph.catalog import open_catalog

    store = EmbeddedStore(tmp_path / "store", resident=True)
    try:
        load_facts(store, seeds_copy, notify=None)
        path = sync.prints_path(store)
        assert path.stat().st_mode & 0o777 == 0o600
        load_id = store.read_meta()["load_id"]
        cat = open_catalog(path, load_id)
        assert cat is not None
        cat.close()
        assert open_catalog(path, "another-load") is None  # never a catalog of another load
        EDITS["change a date"](seeds_copy)
        load_facts(store, seeds_copy, notify=None)  # by difference: updated in place
        assert path.stat().st_mode & 0o777 == 0o600
        assert store.read_meta()["load_id"] != load_id
        assert open_catalog(path, load_id) is None
        now = open_catalog(path, store.read_meta()["load_id"])
        assert now is not None
        now.close()
    finally:
        store.close()


def test_the_full_path_builds_the_rows_build_rows_builds(seeds_copy: Path) -> None:
    from accountable.graph.load import fingerprints
    from accountable.loaders.rows import build_rows

    new_chief(seeds_copy)  # a span set across files, too
    _write(seeds_copy, MORE, ADDITION.format(certainty="inferred"))
    files = [r for r in sync.facts_stats(seeds_copy) if incremental.is_fact_file(r)]
    ds, facts = incremental.build_by_file(read_seeds(seeds_copy), files)
    whole = fingerprints(build_rows(read_seeds(seeds_copy)))
    assert fingerprints(ds) == whole
    assert {k: v for f in facts.values() for k, v in f.prints.items()} == whole
    assert set(facts) == {"sources.yaml", ORGS, DUDLEY, "facts/sandwell.yaml", EXTRA, MORE}
    assert facts[MORE].adds == {"person:sarah-norman"} and not facts[MORE].prints
    sarah = next(t for t in facts[DUDLEY].tenures if t[0] == SARAH)
    assert sarah[1] == "post:dudley:chief_executive"
    assert sarah[3][1] == "2017-01-31" and sarah[3][3] == "tenure:nora-new:dudley-chief-executive"


def test_a_neo4j_store_keeps_its_catalog_under_another_uri(
        tmp_path: Path, seeds_copy: Path, neo4j_env: dict[str, Any],
        monkeypatch: pytest.MonkeyPatch, steps_taken: list[Any]) -> None:
    """`scripts/neo4j-local` picks a new port at every start: the catalog, manifest and
    parses this machine keeps for a Neo4j store are named by the id in the store's record,
    not by the URI, so an edit after a restart (here: the same server as localhost instead
    of 127.0.0.1) is still loaded by difference."""
    monkeypatch.setenv("ACCOUNTABLE_DATA", str(tmp_path / "data"))
    uri, user, password = (neo4j_env["NEO4J_URI"], neo4j_env["NEO4J_USER"],
                           neo4j_env["NEO4J_PASSWORD"])
    other_uri = uri.replace("127.0.0.1", "localhost")
    assert other_uri != uri
    first = Neo4jStore(uri, user, password)
    try:
        wipe_neo4j(first._driver)
        load_facts(first, seeds_copy, notify=None)
        meta = first.read_meta()
        catalog = sync.prints_path(first)
        assert meta["store_id"] in catalog.name and catalog.exists()
        assert sync.lock_path(first).parent == catalog.parent
    finally:
        first.close()
    EDITS["change a date"](seeds_copy)
    second = Neo4jStore(other_uri, user, password)
    try:
        load_facts(second, seeds_copy, notify=None)
        assert steps_taken and steps_taken[-1] is not None, "a full read ran: catalog lost"
        assert steps_taken[-1].change.size == 1
        assert second.read_meta()["store_id"] == meta["store_id"]
        assert sync.prints_path(second) == catalog
    finally:
        second.close()
