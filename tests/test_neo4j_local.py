"""scripts/neo4j-local starts a real Neo4j server that the driver can use, then stops it."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ConstraintError, ServiceUnavailable

try:
    from tests.neo4j_server import Neo4jServer, neo4j_local, start_server, wipe
except ImportError:  # tests/ itself on sys.path (pytest's default rootdir-less import)
    from neo4j_server import Neo4jServer, neo4j_local, start_server, wipe


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jServer]:
    """A private server for this module: never the one from NEO4J_URI, since we stop it."""
    srv = start_server(tmp_path_factory.mktemp("neo4j-local"), reuse_env=False)
    yield srv
    srv.stop()


def _port_open(uri: str) -> bool:
    parts = urlsplit(uri)
    try:
        with socket.create_connection((parts.hostname, parts.port), timeout=1):
            return True
    except OSError:
        return False


def test_server_is_loopback_with_auth(server: Neo4jServer) -> None:
    parts = urlsplit(server.uri)
    assert parts.scheme == "bolt"
    assert parts.hostname == "127.0.0.1"
    assert server.user == "neo4j"
    assert len(server.password) >= 20
    wrong = (server.user, "wrong-password")
    with GraphDatabase.driver(server.uri, auth=wrong) as bad, pytest.raises(AuthError):
        bad.verify_connectivity()


def test_create_and_read_back(server: Neo4jServer) -> None:
    with server.driver() as driver:
        wipe(driver)
        driver.execute_query(
            "CREATE (:Person {name: $name, born: $born})",
            name="Ada",
            born=1815,
            database_="neo4j",
        )
        records, _, _ = driver.execute_query(
            "MATCH (p:Person {name: $name}) RETURN p.born AS born", name="Ada", database_="neo4j"
        )
        assert [r["born"] for r in records] == [1815]


def test_uniqueness_constraint_rejects_duplicate(server: Neo4jServer) -> None:
    with server.driver() as driver:
        wipe(driver)
        driver.execute_query(
            "CREATE CONSTRAINT person_name IF NOT EXISTS FOR (p:Person) REQUIRE p.name IS UNIQUE",
            database_="neo4j",
        )
        driver.execute_query("CREATE (:Person {name: $n})", n="Ada", database_="neo4j")
        with pytest.raises(ConstraintError):
            driver.execute_query("CREATE (:Person {name: $n})", n="Ada", database_="neo4j")
        records, _, _ = driver.execute_query(
            "MATCH (p:Person {name: 'Ada'}) RETURN count(p) AS n", database_="neo4j"
        )
        assert records[0]["n"] == 1

        wipe(driver)
        records, _, _ = driver.execute_query(
            "SHOW CONSTRAINTS YIELD name RETURN count(*) AS n", database_="neo4j"
        )
        assert records[0]["n"] == 0
        records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n", database_="neo4j")
        assert records[0]["n"] == 0


def test_status_reports_running(server: Neo4jServer) -> None:
    res = neo4j_local("status", "--dir", str(server.state_dir))
    assert res.returncode == 0, res.stdout
    assert "running" in res.stdout and server.uri in res.stdout


def test_start_is_idempotent(server: Neo4jServer) -> None:
    res = neo4j_local("start", "--dir", str(server.state_dir))
    assert res.returncode == 0
    env = neo4j_local("env", "--dir", str(server.state_dir))
    assert f"NEO4J_URI={server.uri}" in env.stdout


def test_stop_makes_it_unreachable(server: Neo4jServer) -> None:
    """Keep last: stops the module's server (the fixture's own stop is then a no-op)."""
    assert server.managed
    assert _port_open(server.uri)

    server.stop()

    assert not _port_open(server.uri)
    res = neo4j_local("status", "--dir", str(server.state_dir))
    assert res.returncode == 1 and "not running" in res.stdout
    assert neo4j_local("env", "--dir", str(server.state_dir)).returncode == 1
    auth = (server.user, server.password)
    with GraphDatabase.driver(server.uri, auth=auth) as driver, pytest.raises(ServiceUnavailable):
        driver.verify_connectivity()


@pytest.mark.parametrize("password", [
    "-Cn" + "x" * 21,   # what secrets.token_urlsafe gives one start in 64: read as an option
    "@neo4j.out",        # picocli would read the file neo4j.out (present in the state dir)
], ids=["dash", "at-file"])
def test_user_password_is_data_not_an_option(tmp_path: Path, password: str) -> None:
    """A password written to the state dir before the first start is set as given, whatever
    its first character, and the driver logs in with it (a real start of a second server)."""
    state = tmp_path / "neo4j-local"
    state.mkdir()
    (state / "password").write_text(password + "\n")
    srv = start_server(state, reuse_env=False)
    try:
        assert srv.password == password
        with srv.driver() as driver:
            records, _, _ = driver.execute_query("RETURN 1 AS ok", database_="neo4j")
            assert records[0]["ok"] == 1
        wrong = (srv.user, password[1:])
        with GraphDatabase.driver(srv.uri, auth=wrong) as bad, pytest.raises(AuthError):
            bad.verify_connectivity()
    finally:
        srv.stop()
