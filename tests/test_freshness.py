"""Freshness without reading: a question compares each facts file's `stat` with the manifest
the last load recorded, hashes only the files whose stat changed, and writes nothing."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from accountable.graph import sync
from accountable.graph.store import EmbeddedStore
from accountable.graph.sync import CHANGED, UP_TO_DATE, load_facts, status

from tests.conftest import invoke

SANDWELL = "facts/sandwell.yaml"


@pytest.fixture()
def loaded(seeds_copy: Path, tmp_path: Path) -> Iterator[tuple[Path, EmbeddedStore]]:
    """The seeds copy, loaded a while after its files were written (none is 'racy')."""
    old = time.time() - 60
    for p in seeds_copy.rglob("*"):
        os.utime(p, (old, old))
    store = EmbeddedStore(tmp_path / "store", resident=True)
    try:
        load_facts(store, seeds_copy)
        yield seeds_copy, store
    finally:
        store.close()


@pytest.fixture()
def hashed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files `sync` hashes, in order."""
    calls: list[str] = []
    real = sync._sha256

    def spy(path: Path) -> str:
        calls.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(sync, "_sha256", spy)
    return calls


def test_unchanged_folder_is_up_to_date_without_reading_a_file(
        loaded: tuple[Path, EmbeddedStore], hashed: list[str]) -> None:
    seeds, store = loaded
    assert status(store, seeds).state == UP_TO_DATE
    assert hashed == []


def test_touch_without_change_is_still_up_to_date_and_loads_nothing(
        loaded: tuple[Path, EmbeddedStore], hashed: list[str], tmp_path: Path) -> None:
    seeds, store = loaded
    os.utime(seeds / SANDWELL)  # mtime now, bytes unchanged
    meta = store.read_meta()
    rdb = tmp_path / "store" / "accountable.rdb"
    before = rdb.stat().st_mtime_ns
    st = status(store, seeds)
    assert st.state == UP_TO_DATE
    assert hashed == ["sandwell.yaml"]  # only the touched file was read
    result = invoke(["who", "org:sandwell", "--on", "2013-03", "--json", "--seeds", str(seeds),
                     "--data-dir", str(tmp_path / "store")])
    assert result.exit_code == 0, result.output
    assert "loading" not in result.stderr
    assert store.read_meta() == meta  # reads never write: the record is unchanged ...
    assert rdb.stat().st_mtime_ns == before  # ... and so is the data file


def test_change_with_the_same_size_is_detected(loaded: tuple[Path, EmbeddedStore]) -> None:
    seeds, store = loaded
    path = seeds / SANDWELL
    size = path.stat().st_size
    path.write_text(path.read_text(encoding="utf-8").replace(
        "person:simon-white", "person:simon-whyte"), encoding="utf-8")
    assert path.stat().st_size == size
    assert status(store, seeds).state == CHANGED
    load_facts(store, seeds)
    assert status(store, seeds).state == UP_TO_DATE
    assert store.read("MATCH (p:Person {id: 'person:simon-whyte'}) RETURN p.id AS id")


def test_same_size_and_mtime_edit_right_after_a_load_is_detected(
        seeds_copy: Path, tmp_path: Path) -> None:
    """An edit within the clock tick of the load's scan keeps size and mtime: such files
    are hashed on every look."""
    store = EmbeddedStore(tmp_path / "store", resident=True)
    try:
        path = seeds_copy / SANDWELL
        os.utime(path)  # written just now, as by an editor
        load_facts(store, seeds_copy)  # so the file is 'racy' for this load
        st = path.stat()
        path.write_text(path.read_text(encoding="utf-8").replace(
            "person:simon-white", "person:simon-whyte"), encoding="utf-8")
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
        assert path.stat().st_size == st.st_size
        assert status(store, seeds_copy).state == CHANGED
    finally:
        store.close()


def test_file_added_is_detected(loaded: tuple[Path, EmbeddedStore]) -> None:
    seeds, store = loaded
    (seeds / "sources" / "notes.txt").write_text("an extra file\n", encoding="utf-8")
    assert status(store, seeds).state == CHANGED


def test_file_removed_is_detected(loaded: tuple[Path, EmbeddedStore]) -> None:
    seeds, store = loaded
    extra = seeds / "sources" / "notes.txt"
    extra.write_text("an extra file\n", encoding="utf-8")
    load_facts(store, seeds)
    assert status(store, seeds).state == UP_TO_DATE
    extra.unlink()
    assert status(store, seeds).state == CHANGED


def test_hidden_files_do_not_count(loaded: tuple[Path, EmbeddedStore]) -> None:
    seeds, store = loaded
    (seeds / ".editor-swap").write_text("x", encoding="utf-8")
    (seeds / "facts" / ".sandwell.yaml.swp").write_text("x", encoding="utf-8")
    assert status(store, seeds).state == UP_TO_DATE
