"""The resident embedded store (graph/daemon.py) and the start-answer-stop mode, side by side."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from accountable.graph import daemon
from accountable.graph.store import EmbeddedStore

from tests.conftest import invoke

MODES = {"resident": {}, "no-daemon": {"ACCOUNTABLE_NO_DAEMON": "1"}}
WHO = ["who", "Sandwell", "--on", "2013-03", "--json"]


def run(d: Path, *args: str, env: dict[str, str] | None = None) -> Any:
    result = invoke([*args], {"ACCOUNTABLE_DATA": str(d), **(env or {})})
    assert result.exit_code == 0, f"{args} exited {result.exit_code}: {result.output}"
    return json.loads(result.stdout) if "--json" in args else result.stdout


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as f:  # a zombie is dead
        return f.read().split(") ", 1)[1][0] != "Z"


def wait_dead(pid: int, seconds: float = 20) -> bool:
    deadline = time.monotonic() + seconds
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not alive(pid)


def watchdogs(d: Path) -> list[int]:
    """Pids of watchdog processes serving `d`."""
    out = []
    for p in Path("/proc").iterdir():
        if p.name.isdigit():
            try:
                argv = (p / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if daemon.WATCHDOG_MARK.encode() in argv and str(d).encode() in argv and alive(
                    int(p.name)):
                out.append(int(p.name))
    return out


@pytest.fixture()
def loaded(tmp_path: Path) -> Iterator[Path]:
    """A data folder with the seeds loaded; whatever server a test leaves is stopped."""
    d = tmp_path / "data"
    run(d, "load", "--json")
    try:
        yield d
    finally:
        daemon.stop(d)
        assert watchdogs(d) == []


def rdb(d: Path) -> tuple[bytes, int]:
    f = d / daemon.RDB_NAME
    return f.read_bytes(), f.stat().st_mtime_ns


@pytest.mark.parametrize("mode", list(MODES))
def test_reads_leave_the_data_file_untouched(loaded: Path, mode: str) -> None:
    before = rdb(loaded)
    first = run(loaded, *WHO, env=MODES[mode])
    assert first["holders"], "who found no holders: the seeds were not loaded"
    run(loaded, "person", "Simon Hackett", "--json", env=MODES[mode])
    run(loaded, "timeline", "Sandwell", "--json", env=MODES[mode])
    run(loaded, "query", "recurring_at_inadequate", "--json", env=MODES[mode])
    assert run(loaded, *WHO, env=MODES[mode]) == first
    assert rdb(loaded) == before
    assert (daemon.server_info(loaded) is not None) == (mode == "resident")


def test_both_modes_answer_the_same(loaded: Path) -> None:
    resident = run(loaded, *WHO)
    assert daemon.server_info(loaded) is not None
    private = run(loaded, "--no-daemon", *WHO)
    assert private == resident
    assert daemon.server_info(loaded) is None, "--no-daemon left a resident server running"
    assert watchdogs(loaded) == []


def test_resident_server_stays_up_until_stop(loaded: Path) -> None:
    run(loaded, *WHO)
    info = daemon.server_info(loaded)
    assert info is not None
    assert info["data_dir"] == str(loaded) and info["current"] is True
    assert info["socket"] == str(loaded / "server.sock")
    assert info["used_memory_bytes"] > 0 and info["rss_bytes"] > 0 and info["uptime_s"] >= 0
    assert stat.S_IMODE(os.stat(info["socket"]).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(loaded / "server.json").st_mode) == 0o600
    run(loaded, "person", "Simon Hackett", "--json")
    assert daemon.server_info(loaded)["pid"] == info["pid"]  # the same server answered
    out = run(loaded, "stop", "--json")
    assert out == {"data_dir": str(loaded), "stopped": True, "pid": info["pid"],
                   "watchers_stopped": []}
    assert wait_dead(info["pid"]) and wait_dead(info["watchdog_pid"])
    assert daemon.server_info(loaded) is None
    assert not (loaded / "server.json").exists() and not (loaded / "server.sock").exists()
    assert run(loaded, "stop", "--json")["stopped"] is False


def test_stale_files_after_a_crash_are_replaced(loaded: Path) -> None:
    run(loaded, *WHO)
    info = daemon.server_info(loaded)
    os.kill(info["watchdog_pid"], signal.SIGKILL)  # both die without cleaning up
    os.kill(info["pid"], signal.SIGKILL)
    assert wait_dead(info["pid"]) and wait_dead(info["watchdog_pid"])
    assert (loaded / "server.json").exists()  # stale, left behind
    assert run(loaded, *WHO)["holders"]
    again = daemon.server_info(loaded)
    assert again is not None and again["pid"] != info["pid"]


def test_watchdog_killed_takes_the_server_with_it(loaded: Path) -> None:
    run(loaded, *WHO)
    info = daemon.server_info(loaded)
    os.kill(info["watchdog_pid"], signal.SIGKILL)
    assert wait_dead(info["pid"]), "redis-server outlived its watchdog"


def test_server_killed_is_cleaned_up_by_its_watchdog(loaded: Path) -> None:
    run(loaded, *WHO)
    info = daemon.server_info(loaded)
    os.kill(info["pid"], signal.SIGKILL)
    assert wait_dead(info["watchdog_pid"])
    assert not (loaded / "server.json").exists()


def test_kill_9_after_a_load_loses_nothing(tmp_path: Path) -> None:
    d = tmp_path / "data"
    try:
        counts = run(d, "load", "--json")["counts"]
        info = daemon.server_info(d)
        assert info is not None, "load did not leave a resident server"
        os.kill(info["pid"], signal.SIGKILL)
        assert wait_dead(info["pid"])
        store = EmbeddedStore(d)  # a private server, reading only the file
        try:
            from accountable.graph.load import counts as count_store

            assert count_store(store) == counts
        finally:
            store.close()
    finally:
        daemon.stop(d)


def test_unsaved_writes_do_not_stay_in_the_resident_server(loaded: Path) -> None:
    n = run(loaded, "query", "--file", str(_count_file(loaded)), "--json")
    store = EmbeddedStore(loaded, resident=True)
    store.write("CREATE (:Person {id: 'person:half-a-load', name: 'Half'})")
    store.close()  # no save(): a load that failed half-way
    assert run(loaded, "query", "--file", str(_count_file(loaded)), "--json") == n


def _count_file(d: Path) -> Path:
    f = d.parent / "count.cypher"
    f.write_text("MATCH (p:Person) RETURN count(p) AS n\n")
    return f


def test_a_server_of_another_version_or_folder_is_not_used(loaded: Path) -> None:
    run(loaded, *WHO)
    first = daemon.server_info(loaded)
    info = json.loads((loaded / "server.json").read_text())
    (loaded / "server.json").write_text(json.dumps({**info, "stamp": "protocol 0|older"}))
    assert run(loaded, *WHO)["holders"]
    second = daemon.server_info(loaded)
    assert second["pid"] != first["pid"] and wait_dead(first["pid"])
    info = json.loads((loaded / "server.json").read_text())
    (loaded / "server.json").write_text(json.dumps({**info, "data_dir": "/elsewhere"}))
    assert run(loaded, *WHO)["holders"]
    assert daemon.server_info(loaded)["pid"] != second["pid"] and wait_dead(second["pid"])
    assert len(watchdogs(loaded)) == 1


def test_commands_racing_to_start_end_with_one_server(loaded: Path) -> None:
    daemon.stop(loaded)
    env = {**os.environ, "ACCOUNTABLE_DATA": str(loaded)}
    env.pop("ACCOUNTABLE_NO_DAEMON", None)
    code = "from accountable.cli import main; main()"
    procs = [subprocess.Popen([sys.executable, "-c", code, *WHO], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for _ in range(4)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, [o[1].decode()[-300:] for o in outs]
    assert len({o[0] for o in outs}) == 1
    assert len(watchdogs(loaded)) == 1


def test_idle_server_exits_by_itself(loaded: Path) -> None:
    daemon.stop(loaded)  # the load started one with the default idle time
    run(loaded, *WHO, env={"ACCOUNTABLE_IDLE": "1"})
    info = daemon.server_info(loaded)
    assert info["idle_timeout_s"] == 1.0
    assert wait_dead(info["pid"], 30) and wait_dead(info["watchdog_pid"], 30)
    assert not (loaded / "server.json").exists()


def test_a_load_while_a_reader_is_connected(loaded: Path) -> None:
    reader = EmbeddedStore(loaded, resident=True)
    try:
        before = reader.read("MATCH (o:Organisation) RETURN count(o) AS n")
        assert run(loaded, "load", "--wipe", "--json")["counts"]
        assert reader.read("MATCH (o:Organisation) RETURN count(o) AS n") == before
    finally:
        reader.close()


def test_bad_idle_setting_is_explained(loaded: Path) -> None:
    daemon.stop(loaded)
    result = invoke(WHO, {"ACCOUNTABLE_DATA": str(loaded), "ACCOUNTABLE_IDLE": "soon"})
    assert result.exit_code == 3
    assert "ACCOUNTABLE_IDLE='soon'" in result.output


def test_cypher_literals_round_trip(loaded: Path) -> None:
    store = EmbeddedStore(loaded, resident=True)
    try:
        value = {"s": 'a "quoted" \\ back', "n": -3, "f": 1.5, "t": True, "z": None,
                 "l": [1, "two", [3.25]], "u": "é ‘x’"}
        rows = store.read("RETURN $v AS v, $v.s AS s", {"v": value})
        assert rows == [{"v": value, "s": value["s"]}]
    finally:
        store.close()


def test_no_daemon_after_the_command_and_from_the_environment(loaded: Path) -> None:
    daemon.stop(loaded)
    env = {**os.environ, "ACCOUNTABLE_DATA": str(loaded)}
    env.pop("ACCOUNTABLE_NO_DAEMON", None)
    code = "from accountable.cli import main; main()"
    out = subprocess.run([sys.executable, "-c", code, *WHO, "--no-daemon"], env=env,
                         capture_output=True, timeout=120)
    assert out.returncode == 0, out.stderr.decode()[-300:]
    assert json.loads(out.stdout)["holders"]
    assert daemon.server_info(loaded) is None and watchdogs(loaded) == []
    for word, resident in (("yes", False), ("0", True)):
        run(loaded, *WHO, env={"ACCOUNTABLE_NO_DAEMON": word})
        assert (daemon.server_info(loaded) is not None) == resident, word
    bad = invoke(WHO, {"ACCOUNTABLE_DATA": str(loaded), "ACCOUNTABLE_NO_DAEMON": "maybe"})
    assert bad.exit_code == 2 and "'maybe' is not a valid boolean" in bad.output


def test_a_load_by_difference_saves_in_the_background_and_stop_waits_for_it(
        tmp_path: Path) -> None:
    """After a one-record edit the resident server writes its data file with BGSAVE (a full
    SAVE grows with the store); `accountable stop` right after the load still leaves that
    load on disk: a new server reads it back up to date, with the edit."""
    facts, d = tmp_path / "facts", tmp_path / "data"
    run(d, "init", str(facts), "--example", "--json")
    run(d, "load", "--seeds", str(facts), "--json")
    path = facts / "facts" / "sandwell.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "name: Simon Hackett", "name: Simon J. Hackett", 1), encoding="utf-8")
    log = d / "falkordb.log"
    saves_before = log.read_text().count("Background saving started")
    try:
        run(d, "load", "--seeds", str(facts), "--json")
        assert log.read_text().count("Background saving started") == saves_before + 1
    finally:
        daemon.stop(d)
    assert daemon.server_info(d) is None
    status = run(d, "status", "--seeds", str(facts), "--json")
    assert status["state"] == "up to date", status
    try:
        person = run(d, "person", "person:simon-hackett", "--seeds", str(facts), "--json")
        assert person["person"]["name"] == "Simon J. Hackett"
    finally:
        daemon.stop(d)
