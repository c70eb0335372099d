"""Sync by difference: a load of unchanged facts reads and writes nothing; after an edit it
writes only the rows whose fingerprint changed (and deletes the vanished ones), and the
store equals a fresh load's. Both engines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from accountable.graph import sync
from accountable.graph.store import EmbeddedStore
from accountable.graph.sync import Summary, load_facts

from tests.neo4j_server import wipe as wipe_neo4j
from tests.test_sync import EDITS, dump


def _writes(store: Any, seeds: Path) -> tuple[Any, int]:
    seen = {"total": 0}

    def progress(what: str, done: int, total: int) -> None:
        seen["total"] = total

    ds, _ = load_facts(store, seeds, batch_size=50, progress=progress, notify=None)
    return ds, seen["total"]


def _fresh(store: Any, other: Any, seeds: Path) -> dict[str, list[str]]:
    if other is not None:
        load_facts(other, seeds, notify=None)
        return dump(other)
    wipe_neo4j(store._driver)
    sync.prints_path(store).unlink(missing_ok=True)
    load_facts(store, seeds, notify=None)
    return dump(store)


def test_unchanged_load_reads_and_writes_nothing(stores: tuple[Any, Any], seeds_copy: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    store, _ = stores
    full, total = _writes(store, seeds_copy)
    assert total == full.node_count + full.rel_count  # the first load writes everything
    meta = store.read_meta()
    from accountable.loaders import validate

    monkeypatch.setattr(validate, "read_seeds", lambda *a, **k: pytest.fail("read the facts"))
    again, total = _writes(store, seeds_copy)
    assert isinstance(again, Summary) and total == 0
    assert (again.node_count, again.rel_count) == (full.node_count, full.rel_count)
    assert store.read_meta() == meta  # not even the record was rewritten


@pytest.mark.parametrize("edit", list(EDITS))
def test_an_edit_writes_only_its_rows_and_equals_a_fresh_load(
        edit: str, stores: tuple[Any, Any], seeds_copy: Path) -> None:
    store, other = stores
    full, _ = _writes(store, seeds_copy)
    EDITS[edit](seeds_copy)
    _, total = _writes(store, seeds_copy)
    assert 0 < total < 60, total  # a handful of rows, not the ~{full} of a full load
    assert total < (full.node_count + full.rel_count) // 10
    synced = dump(store)
    assert synced == _fresh(store, other, seeds_copy)


def test_a_load_parses_only_the_files_that_changed(seeds_copy: Path, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from accountable.loaders import yamlio

    parsed: list[str] = []
    real = yamlio.yaml.load

    def spy(text: str, Loader: Any) -> Any:  # noqa: N803 - PyYAML's name
        parsed.append(text[:60])
        return real(text, Loader=Loader)

    monkeypatch.setattr(yamlio.yaml, "load", spy)
    store = EmbeddedStore(tmp_path / "store", resident=True)
    try:
        load_facts(store, seeds_copy, notify=None)
        yaml_files = len(list(seeds_copy.glob("*.yaml"))) + len(list(
            seeds_copy.glob("facts/*.yaml")))
        assert len(parsed) == yaml_files
        parsed.clear()
        EDITS["change a date"](seeds_copy)
        load_facts(store, seeds_copy, notify=None)
        assert len(parsed) == 1 and "Sandwell" in parsed[0]  # only the edited file
        cached = list((tmp_path / "store" / "parsed").rglob("*"))
        assert len([p for p in cached if p.is_file()]) == yaml_files  # the old parse pruned
    finally:
        store.close()
