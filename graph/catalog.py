"""The catalog of the store's last load: what a load by difference needs to know of the
files it does not read (`loaders/incremental.py`), as point look-ups in one SQLite file.

For every facts file (path relative to the facts folder): the fingerprints of the rows its
records own. For every record: its schema and file. Which files reference each id (a field,
a Conflict's `between`, a citation's source), and which add citations to it
(`existing: true`). Each Tenure's post, own bounds and possible span (graph/dates.py); each
Post's `shared` flag; each Conflict's pairs; each Source's article path.

The file is owner-only (0600) and names the load it belongs to (`load_id`, as the store's
metadata does): a catalog of another load is never used. A full load writes a new file
and renames it into place; a load by difference updates the files it read in ONE
transaction, after the store holds the change.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SCHEMA_SQL = """
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;
CREATE TABLE files (path TEXT PRIMARY KEY, prints BLOB) WITHOUT ROWID;
CREATE TABLE ids (id TEXT PRIMARY KEY, schema TEXT, file TEXT) WITHOUT ROWID;
CREATE INDEX ids_file ON ids (file);
CREATE TABLE refs (file TEXT, id TEXT, PRIMARY KEY (file, id)) WITHOUT ROWID;
CREATE INDEX refs_id ON refs (id);
CREATE TABLE adds (file TEXT, id TEXT, PRIMARY KEY (file, id)) WITHOUT ROWID;
CREATE INDEX adds_id ON adds (id);
CREATE TABLE tenures (id TEXT PRIMARY KEY, post TEXT, file TEXT, bounds BLOB, span BLOB)
    WITHOUT ROWID;
CREATE INDEX tenures_post ON tenures (post);
CREATE INDEX tenures_file ON tenures (file);
CREATE TABLE posts (id TEXT PRIMARY KEY, shared INTEGER, file TEXT) WITHOUT ROWID;
CREATE INDEX posts_file ON posts (file);
CREATE TABLE conflicts (file TEXT, a TEXT, b TEXT);
CREATE INDEX conflicts_file ON conflicts (file);
CREATE INDEX conflicts_a ON conflicts (a);
CREATE INDEX conflicts_b ON conflicts (b);
CREATE TABLE sources (id TEXT PRIMARY KEY, path TEXT, file TEXT) WITHOUT ROWID;
CREATE INDEX sources_path ON sources (path);
CREATE INDEX sources_file ON sources (file);
"""

CHUNK = 500  # ids per `IN (...)`: under SQLite's limit on parameters


@dataclass
class FileFacts:
    """What the catalog keeps of one facts file (see the module docstring)."""

    prints: dict[str, int] = field(default_factory=dict)
    defs: list[tuple[str, str]] = field(default_factory=list)  # (id, schema)
    refs: set[str] = field(default_factory=set)
    adds: set[str] = field(default_factory=set)
    # (id, post, own bounds as a tuple, span as a tuple)
    tenures: list[tuple[str, str, tuple[Any, ...], tuple[Any, ...]]] = field(
        default_factory=list)
    posts: list[tuple[str, bool]] = field(default_factory=list)
    conflicts: list[tuple[str, str]] = field(default_factory=list)
    sources: list[tuple[str, str]] = field(default_factory=list)  # (id, article path)


def _chunks(items: Iterable[str]) -> Iterator[list[str]]:
    items = list(items)
    for i in range(0, len(items), CHUNK):
        yield items[i:i + CHUNK]


class Catalog:
    """An open catalog (read it with the look-ups, change it with `replace`)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def close(self) -> None:
        self.conn.close()

    def _in(self, sql: str, keys: Iterable[str]) -> list[tuple[Any, ...]]:
        out: list[tuple[Any, ...]] = []
        for chunk in _chunks(keys):
            marks = ",".join("?" * len(chunk))
            out.extend(self.conn.execute(sql.format(marks), chunk).fetchall())
        return out

    # look-ups -------------------------------------------------------------------
    def load_id(self) -> str | None:
        return self.meta("load_id")

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT v FROM meta WHERE k = ?", (key,)).fetchone()
        return row[0] if row else None

    def where(self, ids: Iterable[str]) -> dict[str, tuple[str, str]]:
        """id -> (schema, file) of the records defined with those ids."""
        return {i: (s, f) for i, s, f in
                self._in("SELECT id, schema, file FROM ids WHERE id IN ({})", ids)}

    def defs_of(self, files: Iterable[str]) -> dict[str, tuple[str, str]]:
        """id -> (schema, file) of every record the files define."""
        return {i: (s, f) for i, s, f in
                self._in("SELECT id, schema, file FROM ids WHERE file IN ({})", files)}

    def referrers(self, ids: Iterable[str]) -> set[str]:
        return {f for (f,) in self._in("SELECT file FROM refs WHERE id IN ({})", ids)}

    def adders(self, ids: Iterable[str]) -> set[str]:
        return {f for (f,) in self._in("SELECT file FROM adds WHERE id IN ({})", ids)}

    def adds_of(self, files: Iterable[str]) -> set[str]:
        return {i for (i,) in self._in("SELECT id FROM adds WHERE file IN ({})", files)}

    def tenures_of_posts(self, posts: Iterable[str]
                         ) -> list[tuple[str, str, str, tuple[Any, ...], tuple[Any, ...]]]:
        """(id, post, file, bounds, span) of every tenure of those posts."""
        return [(i, p, f, marshal.loads(b), marshal.loads(s)) for i, p, f, b, s in self._in(
            "SELECT id, post, file, bounds, span FROM tenures WHERE post IN ({})", posts)]

    def tenure_posts(self, ids: Iterable[str]) -> dict[str, str]:
        return dict(self._in("SELECT id, post FROM tenures WHERE id IN ({})", ids))

    def tenures_in(self, files: Iterable[str]) -> dict[str, str]:
        """tenure id -> post, for the tenures the files define."""
        return dict(self._in("SELECT id, post FROM tenures WHERE file IN ({})", files))

    def spans(self, ids: Iterable[str]) -> dict[str, tuple[Any, ...]]:
        return {i: marshal.loads(s) for i, s in
                self._in("SELECT id, span FROM tenures WHERE id IN ({})", ids)}

    def shared(self, posts: Iterable[str]) -> dict[str, bool]:
        return {i: bool(s) for i, s in self._in("SELECT id, shared FROM posts WHERE id IN ({})",
                                                posts)}

    def posts_in(self, files: Iterable[str]) -> set[str]:
        return {i for (i,) in self._in("SELECT id FROM posts WHERE file IN ({})", files)}

    def conflicts_in(self, files: Iterable[str]) -> list[tuple[str, str, str]]:
        """(file, a, b) of the Conflicts the files define."""
        return self._in("SELECT file, a, b FROM conflicts WHERE file IN ({})", files)  # type: ignore[return-value]

    def conflicts_naming(self, ids: Iterable[str]) -> list[tuple[str, str, str]]:
        keys = list(ids)
        return list({*self._in("SELECT file, a, b FROM conflicts WHERE a IN ({})", keys),
                     *self._in("SELECT file, a, b FROM conflicts WHERE b IN ({})", keys)})

    def sources_at(self, paths: Iterable[str]) -> list[tuple[str, str]]:
        """(source id, defining file) of the Sources whose article is at those paths."""
        return self._in("SELECT id, file FROM sources WHERE path IN ({})", paths)  # type: ignore[return-value]

    def source_paths(self, ids: Iterable[str]) -> dict[str, str]:
        return dict(self._in("SELECT id, path FROM sources WHERE id IN ({})", ids))

    def prints_of(self, files: Iterable[str]) -> dict[str, dict[str, int]]:
        return {p: marshal.loads(b) for p, b in
                self._in("SELECT path, prints FROM files WHERE path IN ({})", files)}

    def all_prints(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for (blob,) in self.conn.execute("SELECT prints FROM files"):
            out.update(marshal.loads(blob))
        return out

    # changes --------------------------------------------------------------------
    def replace(self, load_id: str, facts: dict[str, FileFacts | None]) -> None:
        """In ONE transaction: forget what the catalog said of these files, record what
        they now hold (None: the file is gone), and name the load."""
        with self.conn:
            files = list(facts)
            self._in("DELETE FROM files WHERE path IN ({})", files)
            for table in ("ids", "refs", "adds", "tenures", "posts", "conflicts", "sources"):
                self._in(f"DELETE FROM {table} WHERE file IN ({{}})", files)
            _insert(self.conn, {f: x for f, x in facts.items() if x is not None})
            self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('load_id', ?)", (load_id,))


def _insert(conn: sqlite3.Connection, facts: dict[str, FileFacts]) -> None:
    conn.executemany("INSERT INTO files VALUES (?, ?)",
                     ((f, marshal.dumps(x.prints)) for f, x in facts.items()))
    conn.executemany("INSERT INTO ids VALUES (?, ?, ?)",
                     ((i, s, f) for f, x in facts.items() for i, s in x.defs))
    conn.executemany("INSERT INTO refs VALUES (?, ?)",
                     ((f, i) for f, x in facts.items() for i in x.refs))
    conn.executemany("INSERT INTO adds VALUES (?, ?)",
                     ((f, i) for f, x in facts.items() for i in x.adds))
    conn.executemany("INSERT INTO tenures VALUES (?, ?, ?, ?, ?)",
                     ((i, p, f, marshal.dumps(b), marshal.dumps(s))
                      for f, x in facts.items() for i, p, b, s in x.tenures))
    conn.executemany("INSERT INTO posts VALUES (?, ?, ?)",
                     ((i, int(s), f) for f, x in facts.items() for i, s in x.posts))
    conn.executemany("INSERT INTO conflicts VALUES (?, ?, ?)",
                     ((f, a, b) for f, x in facts.items() for a, b in x.conflicts))
    conn.executemany("INSERT INTO sources VALUES (?, ?, ?)",
                     ((i, p, f) for f, x in facts.items() for i, p in x.sources))


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def open_catalog(path: Path, load_id: str | None) -> Catalog | None:
    """The catalog at `path` if it belongs to the load `load_id`; else None."""
    if not load_id or not path.is_file():
        return None
    try:
        cat = Catalog(_connect(path))
        if cat.load_id() == load_id:
            return cat
        cat.close()
    except sqlite3.Error:
        pass
    return None


def write_catalog(path: Path, load_id: str, facts: dict[str, FileFacts],
                  **meta: str) -> None:
    """A new catalog of every file, renamed into place (owner-only); `meta`: what else it
    should remember (`Catalog.meta`)."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
    conn = sqlite3.connect(tmp)
    try:
        conn.execute("PRAGMA journal_mode = OFF")
        conn.execute("PRAGMA synchronous = OFF")
        with conn:
            conn.executescript(SCHEMA_SQL)
        with conn:
            _insert(conn, facts)
            conn.executemany("INSERT INTO meta VALUES (?, ?)",
                             [("load_id", load_id), *meta.items()])
    finally:
        conn.close()
    os.replace(tmp, path)


def remove_catalog(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()
