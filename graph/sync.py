"""Does the store hold the facts on disk? The digest of a facts folder, the store's record of
what it was loaded from, and a load that records it.

`accountable status` and `graph.session.open_current` are thin over this module.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from accountable.graph.dataset import Dataset
from accountable.graph.load import Progress, is_empty, load
from accountable.graph.store import Store

UP_TO_DATE, CHANGED, EMPTY, INCOMPLETE = "up to date", "changed", "empty", "incomplete"


def facts_files(root: Path) -> list[Path]:
    """Every file of a facts folder, in a stable order (hidden files and caches left out)."""
    return sorted((p for p in root.rglob("*") if p.is_file()
                   and not any(part.startswith(".") or part == "__pycache__"
                               for part in p.relative_to(root).parts)),
                  key=lambda p: p.relative_to(root).as_posix())


def facts_digest(root: Path) -> str:
    """sha256 over each file's relative path, length and bytes, in `facts_files` order."""
    h = hashlib.sha256()
    for path in facts_files(root):
        data = path.read_bytes()
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        h.update(str(len(data)).encode() + b"\0")
        h.update(data)
    return "sha256:" + h.hexdigest()


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


def status(store: Store, root: Path) -> Status:
    """Compare the store's record of its last load with the facts folder `root`."""
    meta = store.read_meta()
    now = facts_digest(root)
    counts = json.loads(meta["counts"]) if meta.get("counts") else None
    common = {"engine": store.engine, "facts": str(root), "facts_digest": now,
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
    if meta["digest"] != now:
        where = ("" if meta.get("facts") == str(Path(root).resolve())
                 else f" (it was loaded from {meta.get('facts')})")
        return Status(state=CHANGED, reason=f"the facts in {root} changed since the load at "
                      f"{meta.get('loaded_at')}{where}", **common)
    return Status(state=UP_TO_DATE, reason=f"the store holds the facts in {root}", **common)


def facts_root(store: Store, seeds: Path | None) -> Path:
    """The facts folder a store answers for: `seeds` if given, else the folder it was last
    loaded from (if that still exists), else the bundled seeds."""
    from accountable.graph.paths import seeds_dir

    if seeds:
        return Path(seeds)
    recorded = store.read_meta().get("facts")
    if recorded and Path(recorded).is_dir():
        return Path(recorded)
    return seeds_dir()


def load_facts(store: Store, root: Path, batch_size: int = 500,
               progress: Progress | None = None) -> tuple[Dataset, dict[str, int]]:
    """Validate the facts in `root` and sync the store to them, recording their digest.

    Returns the rows loaded and what the store then holds.

    The digest is taken before the files are read: if they change meanwhile, the next
    `status` says "changed" rather than wrongly "up to date".
    """
    from accountable.loaders.rows import build_rows
    from accountable.loaders.validate import read_seeds

    digest = facts_digest(root)
    ds = build_rows(read_seeds(root))
    held = load(store, ds, batch_size=batch_size, progress=progress,
                meta={"digest": digest, "facts": str(Path(root).resolve())})
    return ds, held
