"""A real Neo4j server for tests, via scripts/neo4j-local (no Docker needed).

Plain helper module (not a conftest): import `start_server`, `Neo4jServer` and
`wipe` from fixtures. If NEO4J_URI and NEO4J_PASSWORD are set in the
environment (NEO4J_USER defaults to "neo4j"), that server is reused and never
stopped; otherwise `scripts/neo4j-local start --dir <tmp_dir>` starts a private
one (first run fetches Neo4j from Maven Central; `.ci/install-neo4j` pre-fetches).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from neo4j import Driver

REPO = Path(__file__).resolve().parent.parent
NEO4J_LOCAL = REPO / "scripts" / "neo4j-local"
VERSION_FILE = REPO / "scripts" / "neo4j" / "VERSION"
DATABASE = "neo4j"


def neo4j_local(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run scripts/neo4j-local with this interpreter; stdout captured, stderr passed through."""
    return subprocess.run(
        [sys.executable, str(NEO4J_LOCAL), *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        text=True,
        timeout=timeout,
        check=False,
    )


@dataclass
class Neo4jServer:
    """Connection details of a running server; `stop()` ends it if we started it."""

    uri: str
    user: str
    password: str = field(repr=False)
    state_dir: Path | None = None  # None: an external server from the environment
    database: str = DATABASE

    @property
    def managed(self) -> bool:
        """True if this process started the server (and `stop()` stops it)."""
        return self.state_dir is not None

    def driver(self) -> Driver:
        """A new neo4j driver for this server (the caller closes it)."""
        from neo4j import GraphDatabase

        return GraphDatabase.driver(self.uri, auth=(self.user, self.password))

    def stop(self) -> None:
        """Stop the server if we started it; a no-op for an external server."""
        if self.state_dir is None:
            return
        res = neo4j_local("stop", "--dir", str(self.state_dir))
        if res.returncode != 0:
            raise RuntimeError(f"neo4j-local stop failed ({res.returncode})")


def server_from_env() -> Neo4jServer | None:
    """The server named by NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD, if those are set."""
    uri = os.environ.get("NEO4J_URI")
    password = os.environ.get("NEO4J_PASSWORD")
    if not uri or not password:
        return None
    return Neo4jServer(uri=uri, user=os.environ.get("NEO4J_USER") or "neo4j", password=password)


def start_server(tmp_dir: Path, *, reuse_env: bool = True, timeout: float = 300) -> Neo4jServer:
    """Start a private server with its state in `tmp_dir` and return its credentials.

    With `reuse_env` (the default) and NEO4J_URI/NEO4J_PASSWORD set, return that
    server instead (its `stop()` does nothing). Raises RuntimeError on failure.
    """
    if reuse_env and (external := server_from_env()) is not None:
        return external
    state_dir = Path(tmp_dir)
    res = neo4j_local("start", "--dir", str(state_dir), timeout=timeout)
    if res.returncode != 0:
        raise RuntimeError(f"neo4j-local start failed ({res.returncode}); see {state_dir}")
    env = neo4j_local("env", "--dir", str(state_dir))
    if env.returncode != 0:
        raise RuntimeError("neo4j-local env failed after a successful start")
    values: dict[str, str] = {}
    for line in env.stdout.splitlines():
        words = shlex.split(line)
        if words[:1] == ["export"]:
            for word in words[1:]:
                key, _, value = word.partition("=")
                values[key] = value
    return Neo4jServer(
        uri=values["NEO4J_URI"],
        user=values["NEO4J_USER"],
        password=values["NEO4J_PASSWORD"],
        state_dir=state_dir,
    )


def _quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def wipe(driver: Driver, database: str = DATABASE) -> None:
    """Delete every node and relationship, and drop all constraints and indexes.

    The built-in token LOOKUP indexes are kept (they back label/type scans).
    """
    with driver.session(database=database) as session:  # auto-commit, for IN TRANSACTIONS
        session.run(
            "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"
        ).consume()
    records, _, _ = driver.execute_query("SHOW CONSTRAINTS YIELD name", database_=database)
    for record in records:
        driver.execute_query(
            f"DROP CONSTRAINT {_quote(record['name'])} IF EXISTS", database_=database
        )
    records, _, _ = driver.execute_query(
        "SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name", database_=database
    )
    for record in records:
        driver.execute_query(f"DROP INDEX {_quote(record['name'])} IF EXISTS", database_=database)
