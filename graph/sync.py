"""Does the store hold the facts on disk? The manifest of a facts folder (each file's size,
mtime and sha256), the store's record of what it was loaded from, and a load that records it.

A question asks the folder's watcher (`graph.watch`) for its digest, touching no file; when
there is none, it compares `stat` results with the recorded manifest (a file beside the
store: `manifest_path`) and hashes only the files whose size or mtime changed, so its cost
follows the number of files, not their bytes. It writes nothing to the store.

`accountable status` and `graph.session.open_current` are thin over this module.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accountable.graph.dataset import Dataset
from accountable.graph.load import (
    ATOMIC_ROWS,
    Change,
    Progress,
    _record,
    apply_change,
    change,
    counts,
    expected_counts,
    is_empty,
    load,
)
from accountable.graph.store import Store, StoreUnavailable, default_data_dir, private_dir

if TYPE_CHECKING:  # sqlite3 is imported by loads only, not by every question
    from accountable.graph.catalog import Catalog

UP_TO_DATE, CHANGED, EMPTY, INCOMPLETE = "up to date", "changed", "empty", "incomplete"


RACY_NS = 2_000_000_000  # a file modified this close to its scan is hashed every time
HASH_CHUNK = 1 << 20

# A facts folder's manifest: {relative path: [size, mtime_ns, "sha256 hex"]}.
Manifest = dict[str, list[Any]]


def _walk(root: str, rel: str, out: dict[str, os.stat_result]) -> None:
    with os.scandir(os.path.join(root, rel) if rel else root) as it:
        for entry in it:
            if entry.name.startswith(".") or entry.name == "__pycache__":
                continue
            path = f"{rel}/{entry.name}" if rel else entry.name
            if entry.is_dir():
                _walk(root, path, out)
            elif entry.is_file():
                out[path] = entry.stat()


def facts_stats(root: Path) -> dict[str, os.stat_result]:
    """Every file of a facts folder (hidden files and caches left out) with its `stat`,
    by relative path in sorted order: one `stat` per file, nothing read."""
    out: dict[str, os.stat_result] = {}
    _walk(str(root), "", out)
    return dict(sorted(out.items()))


def facts_files(root: Path) -> list[Path]:
    """Every file of a facts folder, in a stable order (hidden files and caches left out)."""
    return [Path(root, rel) for rel in facts_stats(root)]


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(HASH_CHUNK):
            h.update(chunk)
    return h.hexdigest()


def manifest(root: Path, previous: Manifest | None = None, previous_at: int = 0) -> Manifest:
    """Each file's size, mtime_ns and sha256, hashing only the files whose size or mtime
    differs from `previous` (the manifest recorded at `previous_at`, time.time_ns()).

    A file whose mtime was within RACY_NS of `previous_at` is hashed anyway: an edit in the
    same clock tick as the scan would leave size and mtime as recorded.
    """
    previous = previous or {}
    out: Manifest = {}
    for rel, st in facts_stats(root).items():
        old = previous.get(rel)
        if (old and old[0] == st.st_size and old[1] == st.st_mtime_ns
                and st.st_mtime_ns < previous_at - RACY_NS):
            out[rel] = old
        else:
            out[rel] = [st.st_size, st.st_mtime_ns, _sha256(Path(root, rel))]
    return out


def manifest_digest(files: Manifest) -> str:
    """One digest for a folder: sha256 over each file's path, size and sha256, in order."""
    h = hashlib.sha256()
    # Sort the paths, not (path, entry) pairs: a watcher's manifest is in the order the
    # folder was listed, and sorting 264k tuples took a second where the strings take 0.1 s.
    for rel in sorted(files):
        size, _, digest = files[rel]
        h.update(f"{rel}\0{size}\0{digest}\n".encode())
    return "sha256:" + h.hexdigest()


def facts_digest(root: Path) -> str:
    """The folder's digest (`manifest_digest`), every file hashed."""
    return manifest_digest(manifest(root))


def local_path(store: Store, name: str, suffix: str) -> Path:
    """A file this machine keeps for the store's last load: `name` in the embedded store's
    data folder; for Neo4j, in this user's `locks/` folder, named by the id the store's
    record carries (`store_id`, given by its first load and read with the record), so a
    server reached by another URI (`scripts/neo4j-local` picks a new port at every start,
    localhost for 127.0.0.1) keeps its catalog; a store loaded before ids were given:
    beside its lock file."""
    data_dir = getattr(store, "data_dir", None)
    if data_dir is not None:
        return Path(data_dir) / name
    sid = getattr(store, "store_id", None)
    if sid and all(c in "0123456789abcdef" for c in sid):
        return lock_path(store).with_name(f"neo4j-store-{sid}{suffix}")
    return lock_path(store).with_suffix(suffix)


def manifest_path(store: Store) -> Path:
    """Where the manifest of the store's last load from this machine is kept: `files.manifest`
    in the data folder (Neo4j: `local_path`). Not in the store's meta: it grows with the
    folder, and every question reads the meta."""
    return local_path(store, "files.manifest", ".manifest")


def read_manifest_file(path: Path) -> tuple[str, str, Manifest, int] | None:
    """(load_id, facts folder, manifest, time taken) from a manifest file; None if unreadable."""
    import marshal

    try:
        with open(path, "rb") as f:
            load_id, root, files, at = marshal.loads(f.read())  # load(f): 6x slower
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not (isinstance(load_id, str) and isinstance(files, dict) and isinstance(at, int)):
        return None
    return load_id, str(root), files, at


def write_manifest_file(store: Store, load_id: str, root: Path, files: Manifest,
                        at: int) -> None:
    """Record the manifest of load `load_id` (atomically, owner-only)."""
    import marshal

    path = manifest_path(store)
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        marshal.dump((load_id, str(Path(root).resolve()), files, at), f)
    os.replace(tmp, path)


def recorded_manifest(meta: dict[str, str], root: Path, store: Store | None = None
                      ) -> tuple[Manifest, int]:
    """The manifest the last load recorded, if it was of this same folder, and its time.

    Read from the store's manifest file (`manifest_path`) when `store` is given and the file
    belongs to the load `meta` records (same `load_id`); from `meta["files"]` in a store
    loaded by an older version. Else ({}, 0): every file is then hashed once.
    """
    resolved = str(Path(root).resolve())
    if meta.get("facts") != resolved:
        return {}, 0
    if store is not None and meta.get("load_id"):
        got = read_manifest_file(manifest_path(store))
        if got is not None and got[0] == meta["load_id"] and got[1] == resolved:
            return got[2], got[3]
    if not meta.get("files"):
        return {}, 0
    try:
        files = json.loads(meta["files"])
        return (files if isinstance(files, dict) else {}), int(meta.get("files_at", "0"))
    except ValueError:
        return {}, 0


def current_digest(store: Store, root: Path, meta: dict[str, str],
                   start_watcher: bool = True) -> str:
    """The digest of folder `root` now: from its watcher (`graph.watch`) when one answers,
    touching no file; else by comparing each file's stat with the last load's manifest (and,
    with `start_watcher`, a watcher is started for the next time)."""
    from accountable.graph import watch

    now = watch.ask(root)
    if now is not None:
        return now
    recorded, at = recorded_manifest(meta, root, store)
    files = manifest(root, recorded, at)
    if start_watcher:
        watch.start(root, manifest_path(store))
    # Every file as recorded (the usual case): the recorded digest stands.
    return meta["digest"] if files == recorded and meta.get("digest") else manifest_digest(files)


@dataclass(frozen=True)
class Status:
    """What the store holds and whether the facts folder still says the same."""

    engine: str
    facts: str  # the facts folder on disk this status compares with
    state: str  # UP_TO_DATE, CHANGED, EMPTY or INCOMPLETE
    reason: str  # one sentence for people
    facts_digest: str  # of the folder on disk now
    digest: str | None  # recorded by the last load
    loaded_from: str | None
    loaded_at: str | None
    counts: dict[str, int] | None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def status(store: Store, root: Path, meta: dict[str, str] | None = None) -> Status:
    """Compare the store's record of its last load (`meta`, read if not given) with the
    facts folder `root` (`current_digest`: its watcher, else a stat of every file)."""
    meta = store.read_meta() if meta is None else meta
    now = current_digest(store, root, meta)
    counts = json.loads(meta["counts"]) if meta.get("counts") else None
    common: dict[str, Any] = {"engine": store.engine, "facts": str(root), "facts_digest": now,
              "digest": meta.get("digest"), "loaded_from": meta.get("facts"),
              "loaded_at": meta.get("loaded_at"), "counts": counts}
    if meta.get("state") == "loading":
        return Status(state=INCOMPLETE, reason="a load stopped part-way (or is running): "
                      "old and new facts may be mixed", **common)
    if is_empty(store):
        return Status(state=EMPTY, reason="the store holds no facts", **common)
    if not meta.get("digest"):
        return Status(state=CHANGED, reason="the store has no record of the facts it was "
                      "loaded from", **common)
    if meta.get("loader") != loader_stamp():
        return Status(state=CHANGED, reason="the store was loaded by another version of "
                      "accountable (another model or loader)", **common)
    if meta["digest"] != now:
        where = ("" if meta.get("facts") == str(Path(root).resolve())
                 else f" (it was loaded from {meta.get('facts')})")
        return Status(state=CHANGED, reason=f"the facts in {root} changed since the load at "
                      f"{meta.get('loaded_at')}{where}", **common)
    return Status(state=UP_TO_DATE, reason=f"the store holds the facts in {root}", **common)


def facts_root(store: Store, seeds: Path | None, meta: dict[str, str] | None = None) -> Path:
    """The facts folder a store answers for: `seeds` if given, else the folder it was last
    loaded from (if that still exists), else the bundled seeds."""
    from accountable.graph.paths import seeds_dir

    if seeds:
        return Path(seeds)
    recorded = (store.read_meta() if meta is None else meta).get("facts")
    if recorded and Path(recorded).is_dir():
        return Path(recorded)
    return seeds_dir()


# ----------------------------------------------------------------------------- one writer

_held: dict[str, tuple[int, int]] = {}  # lock path -> (fd, depth): re-entrant per process


def lock_path(store: Store) -> Path:
    """The file whose flock makes a load the store's only writer.

    Embedded: `load.lock` in the data folder. Neo4j: a file in this user's data folder
    named by a hash of the server's URI and database, so loads from this tool on this
    machine exclude each other (other programs writing to the server are not covered).
    """
    data_dir = getattr(store, "data_dir", None)
    if data_dir is not None:
        return Path(data_dir) / "load.lock"
    key = hashlib.sha256(f"{getattr(store, 'uri', '')}\0{getattr(store, 'database', '')}"
                         .encode()).hexdigest()[:20]
    folder = private_dir(default_data_dir()) / "locks"
    folder.mkdir(exist_ok=True, mode=0o700)
    return folder / f"neo4j-{key}.lock"


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _holder(fd: int) -> str:
    """The pid the lock's holder wrote into the file ("?" if it has not written it yet)."""
    for _ in range(20):
        pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        if pid:
            return pid
        time.sleep(0.01)
    return "?"


@contextlib.contextmanager
def writer_lock(store: Store, notify: Callable[[str], None] | None = _stderr
                ) -> Iterator[bool]:
    """Hold the store's load lock (exclusive; re-entrant within a process) while inside.

    Yields whether it had to wait for another process: if so, that process may just have
    loaded the same facts, and the caller should look at the store again before loading.
    Waiting prints one line to `notify`. The kernel releases the lock when its holder
    exits, however it exits, so a killed load never leaves the store locked.
    """
    path = str(lock_path(store))
    if path in _held:
        fd, depth = _held[path]
        _held[path] = (fd, depth + 1)
        try:
            yield False
        finally:
            _held[path] = (fd, depth)
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        waited = False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if notify:
                notify(f"waiting for a load started by pid {_holder(fd)} ...")
            fcntl.flock(fd, fcntl.LOCK_EX)
            waited = True
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        _held[path] = (fd, 1)
        try:
            yield waited
        finally:
            del _held[path]
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # releases the flock


def loader_stamp() -> str:
    """What turns facts into rows: a digest of the model and the loader's code. A store
    loaded by another version is not "up to date", even from the same files."""
    from accountable.graph.paths import ROOT

    h = hashlib.sha256()
    for rel in LOADER_FILES:
        with contextlib.suppress(OSError):
            h.update(rel.encode() + b"\0" + (ROOT / rel).read_bytes())
    return h.hexdigest()[:16]


LOADER_FILES = ("graph/model.yaml", "graph/dates.py", "graph/catalog.py",
                "loaders/incremental.py", "loaders/rows.py", "loaders/validate.py",
                "loaders/yamlio.py")


def prints_path(store: Store) -> Path:
    """Where the catalog of the store's last load from this machine is kept (the rows'
    fingerprints per file and what a load by difference looks up: `graph/catalog.py`):
    `catalog.sqlite` in the data folder (Neo4j: beside its lock file)."""
    return local_path(store, "catalog.sqlite", ".catalog.sqlite")


def cache_dir(store: Store) -> Path:
    """Where parsed facts files are cached (`loaders.yamlio.parse_cache`): `parsed/` in the
    data folder (Neo4j: beside its lock file)."""
    return local_path(store, "parsed", ".parsed")


def read_catalog(store: Store, meta: dict[str, str]) -> Catalog | None:
    """The catalog of the store's last load, if it is that load's (it names the load it
    belongs to, as the store's record does); else None."""
    from accountable.graph.catalog import open_catalog

    if meta.get("state") != "ready":
        return None
    return open_catalog(prints_path(store), meta.get("load_id"))


def read_prints(store: Store, meta: dict[str, str]) -> dict[str, int] | None:
    """The fingerprints of the rows the store holds, if they are those of its last load;
    else None."""
    cat = read_catalog(store, meta)
    if cat is None:
        return None
    try:
        return cat.all_prints()
    finally:
        cat.close()


@dataclass(frozen=True)
class Summary:
    """How many rows a load left in the store, when it did not read the facts."""

    node_count: int
    rel_count: int


def _summary(held: dict[str, int]) -> Summary:
    from accountable.graph.model import load_model

    labels = {s.name for s in load_model().node_schemata}
    return Summary(sum(v for k, v in held.items() if k in labels),
                   sum(v for k, v in held.items() if k not in labels))


def load_facts(store: Store, root: Path, batch_size: int = 500,
               progress: Progress | None = None, wipe: bool = False,
               notify: Callable[[str], None] | None = _stderr,
               atomic_rows: int = ATOMIC_ROWS) -> tuple[Dataset | Summary, dict[str, int]]:
    """Validate the facts in `root` and sync the store to them, recording their manifest.

    Returns the rows loaded (a `Summary` if nothing needed reading) and what the store then
    holds. The whole load (and the wipe first, with `wipe`) runs under `writer_lock`.

    By difference: if the store already holds these files (same manifest, same loader),
    nothing is read or written. If the catalog of the store's last load is at hand
    (`read_catalog`, same loader), only the files the edit reaches are read and checked
    (`loaders.incremental.by_difference`) and their changed rows written. Otherwise (or if
    those files have a problem, which the full validation then reports) every file is read
    and validated, and if the fingerprints of the last load are at hand (`read_prints`)
    only the rows whose fingerprint changed are written. Either way the change is ONE
    atomic step when it is at most `atomic_rows` rows (`apply_change`); else a full load
    (`load`). The catalog is then updated (`graph/catalog.py`).

    The manifest (each file's size, mtime and sha256) is taken before the files are read:
    if they change meanwhile, the next `status` says "changed" rather than wrongly "up to
    date".
    """
    from accountable.graph import watch
    from accountable.loaders.incremental import (
        build_by_file,
        by_difference,
        is_fact_file,
        record_prefix,
    )
    from accountable.loaders.validate import read_seeds
    from accountable.loaders.yamlio import parse_cache, prune_parse_cache

    with writer_lock(store, notify):
        if wipe:
            store.wipe()
        before = store.read_meta()
        stamp = loader_stamp()

        def holds(digest: str) -> bool:
            return (before.get("state") == "ready" and before.get("digest") == digest
                    and before.get("loader") == stamp
                    and before.get("facts") == str(Path(root).resolve())
                    and not is_empty(store))

        vouched = watch.ask(root)  # the folder's watcher: no file touched
        if vouched is not None and holds(vouched) and "files" not in before:
            held = counts(store)
            return _summary(held), held
        at = time.time_ns()
        # The last load's manifest (a load by difference compares with it), and the
        # folder's now: the watcher's when it has one (no stat per file), else a scan.
        recorded, recorded_at = recorded_manifest(before, root, store)
        kept = watch.manifest(root) if vouched is not None else None
        if kept:
            digest, files = kept
        else:
            files = manifest(root, recorded, recorded_at)
            digest = manifest_digest(files)
        if holds(digest):
            if before.get("load_id") and (not recorded or "files" in before):
                # The manifest file was lost, or an older version kept it in the meta.
                write_manifest_file(store, before["load_id"], root, files, at)
                if "files" in before and hasattr(store, "atomically"):
                    with store.atomically():  # type: ignore[attr-defined]
                        store.write_meta(  # type: ignore[attr-defined]
                            {k: v for k, v in before.items() if k != "files"})
            watch.start(root, manifest_path(store))
            held = counts(store)
            return _summary(held), held
        load_id = os.urandom(8).hex()
        store_id = before.get("store_id") or os.urandom(8).hex()
        meta = {"digest": digest, "files_at": str(at),
                "facts": str(Path(root).resolve()), "loader": stamp, "load_id": load_id,
                "store_id": store_id}
        # By difference needs both records of the last load: its catalog and its manifest.
        cat = (read_catalog(store, before) if before.get("loader") == stamp and recorded
               else None)
        old_catalog, old_cache = prints_path(store), cache_dir(store)
        if hasattr(store, "store_id"):  # Neo4j: its files are named by the id from now on
            store.store_id = store_id
        try:
            with parse_cache(cache_dir(store) / stamp) as used:
                used.update(str(v[2]) for v in files.values())  # files not read keep theirs
                step = None
                if cat is not None and hasattr(store, "atomically"):
                    step = by_difference(root, recorded, files, cat,
                                         json.loads(before.get("counts") or "{}"))
                if step is not None and step.change.size > atomic_rows:
                    step = None
                if step is None:  # a full read (it reports any problem of the facts)
                    ds, facts = build_by_file(read_seeds(root, progress=progress),
                                              [r for r in files if is_fact_file(r)])
            try:
                c: Change | None = None
                if step is not None:
                    ds, c = step.totals, step.change
                else:
                    prints = {k: v for f in facts.values() for k, v in f.prints.items()}
                    old = read_prints(store, before)
                    c = change(ds, old, prints) if old is not None else None
                if c is not None and c.size <= atomic_rows and hasattr(store, "atomically"):
                    if c.size:
                        apply_change(store, ds, c, batch_size, progress, meta)
                    else:  # the same rows from other bytes (a comment, a reordering)
                        with store.atomically():  # type: ignore[attr-defined]
                            store.write_meta(_record(meta, ds, "ready"))  # type: ignore[attr-defined]
                    # by difference, the counts are known; counting would read every edge
                    held = expected_counts(ds) if step is not None else counts(store)
                else:
                    held = load(store, ds, batch_size=batch_size, progress=progress, meta=meta)
            except Exception as e:
                neo = sys.modules.get("neo4j.exceptions")
                if neo and isinstance(e, (neo.ServiceUnavailable, neo.SessionExpired)):
                    raise StoreUnavailable(
                        f"Neo4j at {getattr(store, 'uri', '?')} went away mid-load "
                        f"({type(e).__name__}): a change written in one transaction was rolled "
                        "back, a bigger one is reported incomplete by `accountable status`; "
                        "run the load again") from None
                raise
            if step is not None and cat is not None:
                cat.replace(load_id, step.facts)
            else:
                from accountable.graph.catalog import write_catalog

                write_catalog(prints_path(store), load_id, facts,
                              prefix=record_prefix(root))
                data_dir = getattr(store, "data_dir", None)  # earlier versions' prints
                (Path(data_dir) / "rows.fp" if data_dir is not None
                 else lock_path(store).with_suffix(".rows.fp")).unlink(missing_ok=True)
        finally:
            if cat is not None:
                cat.close()
        if old_catalog != prints_path(store):  # a Neo4j store whose files were named by URI
            if step is not None and cat is not None:  # updated in place: move it
                os.replace(old_catalog, prints_path(store))
            else:  # a new one was written
                old_catalog.unlink(missing_ok=True)
            shutil.rmtree(old_cache, ignore_errors=True)
        write_manifest_file(store, load_id, root, files, at)
        watch.start(root, manifest_path(store))
        prune_parse_cache(cache_dir(store) / stamp, used)
        for other in cache_dir(store).iterdir():  # parses made by another loader version
            if other.name != stamp:
                shutil.rmtree(other, ignore_errors=True)
    return ds, held
