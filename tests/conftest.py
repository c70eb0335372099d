"""Shared fixtures: a CLI runner on a private embedded store loaded with the seeds."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from accountable.graph import daemon
from accountable.graph.paths import seeds_dir
from accountable.graph.store import EmbeddedStore, Neo4jStore
from typer.testing import CliRunner, Result

from accountable.cli import app
from tests.neo4j_server import Neo4jServer, start_server, wipe

ROOT = Path(__file__).resolve().parent.parent
Cli = Callable[..., Result]

# The facts-folder watcher (graph/watch.py) is off unless a test turns it on (tests/test_watch.py,
# which stops its watchers): otherwise every test folder would keep a watcher for an hour.
os.environ["ACCOUNTABLE_WATCH"] = "0"


def invoke(args: list[str], env: dict[str, str | None] | None = None) -> Result:
    base: dict[str, str | None] = {"NEO4J_URI": None, "NEO4J_USER": None,
                                   "NEO4J_PASSWORD": None, "ACCOUNTABLE_SEEDS": None,
                                   "COLUMNS": "200"}
    return CliRunner(env={**base, **(env or {})}).invoke(app, args)


@pytest.fixture(scope="session", autouse=True)
def _no_resident_servers_left(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Commands start resident servers in the tests' data folders: stop them all at the end."""
    yield
    for info in tmp_path_factory.getbasetemp().rglob("server.json"):
        daemon.stop(info.parent)


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An embedded store, empty until the first command auto-loads or loads the seeds."""
    return tmp_path_factory.mktemp("store")


@pytest.fixture(scope="session")
def cli(data_dir: Path) -> Cli:
    """Run `accountable ARGS` against the session's embedded store."""

    def run(*args: str) -> Result:
        return invoke(list(args), {"ACCOUNTABLE_DATA": str(data_dir)})

    return run


@pytest.fixture(scope="session")
def ask(cli: Cli) -> Callable[..., Any]:
    """Run a command with --json, insist it succeeded, and return the parsed JSON."""

    def run(*args: str) -> Any:
        result = cli(*args, "--json")
        assert result.exit_code == 0, f"{args} exited {result.exit_code}: {result.output}"
        return json.loads(result.stdout)

    return run


@pytest.fixture()
def seeds_copy(tmp_path: Path) -> Path:
    """A private copy of the seeds folder that a test may break."""
    dst = tmp_path / "seeds"
    shutil.copytree(seeds_dir(), dst)
    return dst


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """In CI (ACCOUNTABLE_REQUIRE_ALL=1) a skipped test is a failure: everything must run."""
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("ACCOUNTABLE_REQUIRE_ALL") and report.skipped \
            and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped, but CI requires every test to run: {report.longrepr}"


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jServer]:
    """A real Neo4j (scripts/neo4j-local, from Maven Central) for the whole session."""
    server = start_server(tmp_path_factory.mktemp("neo4j"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def neo4j_env(neo4j_server: Neo4jServer) -> dict[str, str | None]:
    """Environment for `accountable ... --neo4j`, on a database wiped for this module."""
    driver = neo4j_server.driver()
    try:
        wipe(driver)
    finally:
        driver.close()
    return {"NEO4J_URI": neo4j_server.uri, "NEO4J_USER": neo4j_server.user,
            "NEO4J_PASSWORD": neo4j_server.password}


@pytest.fixture(params=["embedded", "neo4j"])
def stores(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Any, Any]]:
    """Two stores of one engine: one synced edit after edit, one loaded fresh."""
    if request.param == "embedded":
        a = EmbeddedStore(tmp_path / "synced", resident=True)
        b = EmbeddedStore(tmp_path / "fresh", resident=True)
        try:
            yield a, b
        finally:
            a.close()
            b.close()
        return
    env = request.getfixturevalue("neo4j_env")
    a = Neo4jStore(env["NEO4J_URI"], env["NEO4J_USER"], env["NEO4J_PASSWORD"])
    wipe(a._driver)
    try:
        yield a, None  # one Neo4j database: the fresh load is made after, in the same one
    finally:
        a.close()
