"""The facts-folder watcher (graph/watch.py): with it running, a question learns whether the
store is up to date without `stat`ing the facts files, and still sees every change made
before it asked; without it (killed, turned off) questions fall back to the stat scan."""

from __future__ import annotations

import json
import os
import shutil
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from accountable.graph import sync, watch
from accountable.graph.store import EmbeddedStore
from accountable.graph.sync import CHANGED, UP_TO_DATE, facts_digest, load_facts, status

from tests.conftest import invoke

SANDWELL = "facts/sandwell.yaml"


def _wait_for_watcher(root: Path, timeout: float = 60.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        digest = watch.ask(root, timeout=5)
        if digest is not None:
            return digest
        time.sleep(0.05)
    log = list(watch.watch_dir().glob("*.log"))
    raise AssertionError(f"no watcher answered for {root}: "
                         f"{[p.read_text() for p in log]}")


def _wait_exit(pid: int, timeout: float = 30.0) -> bool:
    """Whether process `pid` (a child of this one: its own session) exited within `timeout`:
    a zombie ("Z") or reaped."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return True
        if state == "Z":
            return True
        time.sleep(0.02)
    return False


def _watcher_pid(root: Path) -> int:
    lock = watch.watch_dir() / f"{watch._key(os.path.realpath(root))}.lock"
    return int(lock.read_text().split()[0])  # "pid\nfolder\n"


@pytest.fixture()
def watched(seeds_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
            ) -> Iterator[tuple[Path, EmbeddedStore]]:
    """The seeds copy, loaded (which starts its watcher), with the watcher answering."""
    monkeypatch.setenv("ACCOUNTABLE_WATCH", "1")
    monkeypatch.setenv("ACCOUNTABLE_DATA", str(tmp_path / "data"))
    old = time.time() - 60
    for p in seeds_copy.rglob("*"):
        os.utime(p, (old, old))
    store = EmbeddedStore(tmp_path / "store", resident=True)
    try:
        load_facts(store, seeds_copy)
        assert _wait_for_watcher(seeds_copy) == store.read_meta()["digest"]
        yield seeds_copy, store
    finally:
        watch.stop(seeds_copy)
        store.close()


@pytest.fixture()
def no_scan(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every `stat` scan or hash of the facts that `sync` makes (the watcher runs in its own
    process, so this sees only the question's own work)."""
    calls: list[str] = []
    real_stats, real_sha = sync.facts_stats, sync._sha256

    def stats(root: Path) -> dict[str, os.stat_result]:
        calls.append(f"scan {root}")
        return real_stats(root)

    def sha(path: Path) -> str:
        calls.append(f"hash {path}")
        return real_sha(path)

    monkeypatch.setattr(sync, "facts_stats", stats)
    monkeypatch.setattr(sync, "_sha256", sha)
    return calls


def _same_size_edit(seeds: Path) -> None:
    path = seeds / SANDWELL
    size = path.stat().st_size
    path.write_text(path.read_text(encoding="utf-8").replace(
        "person:simon-white", "person:simon-whyte"), encoding="utf-8")
    assert path.stat().st_size == size


def _agrees(seeds: Path) -> str:
    """The watcher's digest, insisting it is the folder's digest hashed from scratch."""
    digest = watch.ask(seeds)
    assert digest == facts_digest(seeds)
    return digest


def test_meta_keeps_no_manifest_and_the_manifest_file_is_private(
        watched: tuple[Path, EmbeddedStore]) -> None:
    seeds, store = watched
    meta = store.read_meta()
    assert "files" not in meta
    assert sum(len(v) for v in meta.values()) < 4000
    path = sync.manifest_path(store)
    assert path == store.data_dir / "files.manifest"
    assert path.stat().st_mode & 0o777 == 0o600
    files, at = sync.recorded_manifest(meta, seeds, store)
    assert files[SANDWELL][2] == sync._sha256(seeds / SANDWELL)
    assert at == int(meta["files_at"])
    assert sync.recorded_manifest(meta, seeds) == ({}, 0)  # without the store: hash all


def test_unchanged_and_touched_folder_is_up_to_date_without_a_scan(
        watched: tuple[Path, EmbeddedStore], no_scan: list[str], tmp_path: Path) -> None:
    seeds, store = watched
    assert status(store, seeds).state == UP_TO_DATE
    os.utime(seeds / SANDWELL)  # mtime now, bytes unchanged
    assert status(store, seeds).state == UP_TO_DATE
    (seeds / "facts" / ".sandwell.yaml.swp").write_text("x", encoding="utf-8")  # hidden
    assert status(store, seeds).state == UP_TO_DATE
    meta = store.read_meta()
    result = invoke(["who", "org:sandwell", "--on", "2013-03", "--json", "--seeds", str(seeds),
                     "--data-dir", str(tmp_path / "store")])
    assert result.exit_code == 0, result.output
    assert "loading" not in result.stderr
    assert store.read_meta() == meta  # no reload
    assert no_scan == []


def test_edit_then_question_at_once_is_seen_and_loaded(
        watched: tuple[Path, EmbeddedStore], no_scan: list[str], tmp_path: Path) -> None:
    seeds, store = watched
    meta = store.read_meta()
    _same_size_edit(seeds)  # no sleep between the write and the question
    st = status(store, seeds)
    assert st.state == CHANGED
    assert no_scan == []  # the watcher said so
    result = invoke(["who", "org:sandwell", "--on", "2013-03", "--json", "--seeds", str(seeds),
                     "--data-dir", str(tmp_path / "store")])
    assert result.exit_code == 0, result.output
    assert "loading" in result.stderr
    ids = [h["person_id"] for h in json.loads(result.stdout)["holders"]]
    assert "person:simon-whyte" in ids and "person:simon-white" not in ids
    assert no_scan == []  # the load took the watcher's manifest: no stat scan either
    assert store.read_meta()["digest"] == facts_digest(seeds) != meta["digest"]
    files, _ = sync.recorded_manifest(store.read_meta(), seeds, store)
    assert files[SANDWELL][2] == sync._sha256(seeds / SANDWELL)
    no_scan.clear()
    assert status(store, seeds).state == UP_TO_DATE
    assert no_scan == []
    # A load with nothing changed since is vouched for too: no scan, nothing written.
    before = store.read_meta()
    load_facts(store, seeds)
    assert store.read_meta() == before
    assert no_scan == []


def test_files_added_removed_moved_in_and_new_directories(
        watched: tuple[Path, EmbeddedStore], tmp_path: Path) -> None:
    seeds, store = watched
    loaded = store.read_meta()["digest"]
    extra = seeds / "sources" / "notes.txt"
    extra.write_text("an extra file\n", encoding="utf-8")
    assert _agrees(seeds) != loaded
    assert status(store, seeds).state == CHANGED
    extra.unlink()
    assert _agrees(seeds) == loaded
    # a new subdirectory holding a new file, written at once
    (seeds / "facts" / "more" / "deeper").mkdir(parents=True)
    (seeds / "facts" / "more" / "deeper" / "x.txt").write_text("new\n", encoding="utf-8")
    assert _agrees(seeds) != loaded
    (seeds / "facts" / "more" / "deeper" / "x.txt").write_text("newer\n", encoding="utf-8")
    _agrees(seeds)
    shutil.rmtree(seeds / "facts" / "more")
    assert _agrees(seeds) == loaded
    # a file and a directory moved in from outside, then a rename inside
    outside = tmp_path / "outside"
    (outside / "dir").mkdir(parents=True)
    (outside / "one.txt").write_text("one\n", encoding="utf-8")
    (outside / "dir" / "two.txt").write_text("two\n", encoding="utf-8")
    os.rename(outside / "one.txt", seeds / "sources" / "one.txt")
    os.rename(outside / "dir", seeds / "sources" / "dir")
    _agrees(seeds)
    os.rename(seeds / "sources" / "dir", seeds / "sources" / "dir2")
    (seeds / "sources" / "dir2" / "two.txt").write_text("2\n", encoding="utf-8")
    _agrees(seeds)
    os.rename(seeds / SANDWELL, seeds / "facts" / "sandwell2.yaml")
    assert _agrees(seeds) != loaded
    os.rename(seeds / "facts" / "sandwell2.yaml", seeds / SANDWELL)
    os.rename(seeds / "sources" / "dir2", outside / "dir2")  # moved out
    os.unlink(seeds / "sources" / "one.txt")
    assert _agrees(seeds) == loaded
    assert status(store, seeds).state == UP_TO_DATE


def test_a_symlink_makes_the_watcher_step_aside(
        watched: tuple[Path, EmbeddedStore], tmp_path: Path, no_scan: list[str]) -> None:
    seeds, store = watched
    target = tmp_path / "elsewhere.txt"
    target.write_text("a\n", encoding="utf-8")
    (seeds / "sources" / "link.txt").symlink_to(target)
    assert watch.ask(seeds) is None  # a write to the target raises no event here
    assert status(store, seeds).state == CHANGED
    assert no_scan  # the question scanned the folder itself
    (seeds / "sources" / "link.txt").unlink()
    assert watch.ask(seeds) == store.read_meta()["digest"]


def test_watcher_killed_or_turned_off_questions_still_correct(
        watched: tuple[Path, EmbeddedStore], no_scan: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    seeds, store = watched
    pid = _watcher_pid(seeds)
    os.kill(pid, signal.SIGKILL)
    assert _wait_exit(pid)
    _same_size_edit(seeds)
    assert status(store, seeds).state == CHANGED  # by the stat scan
    assert no_scan
    # that question started a new watcher, which sees the edit too
    assert _wait_for_watcher(seeds) == facts_digest(seeds) != store.read_meta()["digest"]
    monkeypatch.setenv("ACCOUNTABLE_WATCH", "0")
    assert watch.ask(seeds) is None
    no_scan.clear()
    load_facts(store, seeds)
    assert no_scan  # it scanned, the watcher being off
    path = seeds / SANDWELL
    path.write_text(path.read_text(encoding="utf-8").replace(
        "person:simon-whyte", "person:simon-white"), encoding="utf-8")
    assert status(store, seeds).state == CHANGED


def test_watcher_exits_when_its_folder_goes(watched: tuple[Path, EmbeddedStore]) -> None:
    seeds, _ = watched
    pid = _watcher_pid(seeds)
    shutil.rmtree(seeds)
    assert _wait_exit(pid), f"watcher {pid} still runs after its folder was deleted"


def test_neo4j_edit_then_question_warns_and_unchanged_does_not_scan(
        seeds_copy: Path, tmp_path: Path, neo4j_env: dict[str, str | None],
        monkeypatch: pytest.MonkeyPatch, no_scan: list[str]) -> None:
    monkeypatch.setenv("ACCOUNTABLE_WATCH", "1")
    monkeypatch.setenv("ACCOUNTABLE_DATA", str(tmp_path / "data"))
    env = {**neo4j_env, "ACCOUNTABLE_DATA": str(tmp_path / "data")}
    try:
        result = invoke(["load", "--neo4j", "--seeds", str(seeds_copy)], env)
        assert result.exit_code == 0, result.output
        _wait_for_watcher(seeds_copy)
        no_scan.clear()
        ask = ["who", "org:sandwell", "--on", "2013-03", "--json", "--neo4j",
               "--seeds", str(seeds_copy)]
        result = invoke(ask, env)
        assert result.exit_code == 0, result.output
        assert "stale" not in result.stderr
        assert no_scan == []
        _same_size_edit(seeds_copy)
        result = invoke(ask, env)  # at once
        assert result.exit_code == 0, result.output
        assert "may be stale" in result.stderr
        assert no_scan == []
        result = invoke(["load", "--neo4j", "--seeds", str(seeds_copy)], env)
        assert result.exit_code == 0, result.output
        result = invoke(ask, env)
        assert "stale" not in result.stderr
        ids = [h["person_id"] for h in json.loads(result.stdout)["holders"]]
        assert "person:simon-whyte" in ids
    finally:
        watch.stop(seeds_copy)


def test_accountable_stop_stops_the_watchers(watched: tuple[Path, EmbeddedStore],
                                             tmp_path: Path) -> None:
    seeds, _ = watched
    result = invoke(["stop", "--json"], {"ACCOUNTABLE_DATA": str(tmp_path / "data")})
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["watchers_stopped"] == [os.path.realpath(seeds)]
    assert watch.ask(seeds) is None


def test_overflow_and_event_floods_rescan_to_the_right_digest(
        seeds_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process: a queue overflow, or more events than it holds, means a full rescan."""
    w = watch.Watcher(os.path.realpath(seeds_copy), {}, 0)
    try:
        assert w.digest() == facts_digest(seeds_copy)
        _same_size_edit(seeds_copy)
        w.drain()
        w.pending.append((-1, watch.IN_Q_OVERFLOW, ""))  # the kernel's overflow event
        w.apply()
        assert w.digest() == facts_digest(seeds_copy)
        monkeypatch.setattr(watch, "MAX_PENDING", 3)
        for i in range(10):
            (seeds_copy / "sources" / f"n{i}.txt").write_text(str(i), encoding="utf-8")
        w.drain()
        assert len(w.pending) == 4  # the rest were dropped: a rescan replaces them
        w.apply()
        assert w.pending == []
        assert w.digest() == facts_digest(seeds_copy)
        assert "sources/n9.txt" in w.files
    finally:
        os.close(w.fd)


def test_a_watcher_of_another_version_is_not_believed_and_replaced(
        watched: tuple[Path, EmbeddedStore], monkeypatch: pytest.MonkeyPatch) -> None:
    seeds, store = watched
    old = _watcher_pid(seeds)
    with monkeypatch.context() as m:
        m.setattr(watch, "stamp", lambda: "another version")
        assert watch.ask(seeds) is None  # not believed, and told to stop
    assert _wait_exit(old)
    watch.start(seeds, sync.manifest_path(store))  # at once: its lock is free
    assert _wait_for_watcher(seeds) == store.read_meta()["digest"]
    assert _watcher_pid(seeds) != old
