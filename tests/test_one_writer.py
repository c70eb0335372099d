"""One writer at a time: loads (explicit, or the automatic one a question starts when the
facts changed) hold a lock for their whole run; everyone else waits for it, then answers
from the new facts without loading again. Real processes, racing, on both engines."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from accountable.graph.store import Neo4jStore

from tests.neo4j_server import wipe as wipe_neo4j

ROUNDS = 3
TIMEOUT = 300  # seconds for one round: six processes on a shared 2-core machine


def _toggle(seeds: Path, round_no: int) -> str:
    """Rename Sandwell's director back and forth; return the id the facts now say."""
    path = seeds / "facts" / "sandwell.yaml"
    text = path.read_text(encoding="utf-8")
    old, new = (("person:simon-white", "person:simon-whyte") if round_no % 2 == 0
                else ("person:simon-whyte", "person:simon-white"))
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return new


def _env(extra: dict[str, str | None] | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("NEO4J_", "ACCOUNTABLE_"))}
    env.update({k: v for k, v in (extra or {}).items() if v is not None})
    env["COLUMNS"] = "200"
    env["ACCOUNTABLE_WATCH"] = "0"  # no facts-folder watcher left behind (see conftest)
    return env


def _race(seeds: Path, where: list[str], env: dict[str, str]) -> list[dict[str, Any]]:
    """Four `who` and two `load` at once; each one's exit code, stdout and stderr."""
    who = ["who", "org:sandwell", "--on", "2013-03", "--json", "--seeds", str(seeds), *where]
    load = ["load", "--json", "--seeds", str(seeds), *where]
    cmds = [who, load, who, who, load, who]
    procs = [subprocess.Popen([sys.executable, "-m", "accountable", *c], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for c in cmds]
    deadline = time.monotonic() + TIMEOUT
    out = []
    for cmd, p in zip(cmds, procs, strict=True):
        try:
            stdout, stderr = p.communicate(timeout=max(1.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            for q in procs:
                q.kill()
            raise
        out.append({"cmd": cmd[0], "rc": p.returncode, "stdout": stdout, "stderr": stderr})
    return out


def _check_round(results: list[dict[str, Any]], director: str, stale_ok: bool) -> None:
    failures = [r for r in results if r["rc"] != 0]
    assert not failures, "\n".join(f"{r['cmd']} exited {r['rc']}: {r['stderr'][-600:]}"
                                   for r in failures)
    for r in results:
        waits = r["stderr"].count("waiting for a load started by pid")
        assert waits <= 1, r["stderr"]
        if r["cmd"] == "who":
            said = json.dumps(json.loads(r["stdout"]))
            if not stale_ok:
                assert f'"{director}"' in said, said[:400]
        else:
            assert json.loads(r["stdout"])["counts"]["Person"] == 10


def test_embedded_racing_loads_and_questions_after_edits(seeds_copy: Path,
                                                         tmp_path: Path) -> None:
    where = ["--data-dir", str(tmp_path / "store")]
    env = _env({"ACCOUNTABLE_IDLE": "60"})
    first = subprocess.run([sys.executable, "-m", "accountable", "load", "--json",
                            "--seeds", str(seeds_copy), *where], env=env,
                           capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert first.returncode == 0, first.stderr
    waits = 0
    try:
        for n in range(ROUNDS):
            director = _toggle(seeds_copy, n)
            results = _race(seeds_copy, where, env)
            _check_round(results, director, stale_ok=False)
            waits += sum("waiting for a load started by pid" in r["stderr"] for r in results)
            # The questions found the facts changed and waited; at most one load per
            # change is needed, and the store ends up to date.
            st = subprocess.run([sys.executable, "-m", "accountable", "status", "--json",
                                 "--seeds", str(seeds_copy), *where], env=env,
                                capture_output=True, text=True, timeout=60, check=True)
            assert json.loads(st.stdout)["state"] == "up to date"
        assert waits  # the commands did race: some found a load running and waited
    finally:
        subprocess.run([sys.executable, "-m", "accountable", "stop", *where], env=env,
                       capture_output=True, timeout=60, check=False)


def test_neo4j_racing_loads_and_questions(seeds_copy: Path,
                                         neo4j_env: dict[str, str | None]) -> None:
    store = Neo4jStore(neo4j_env["NEO4J_URI"], neo4j_env["NEO4J_USER"],
                       neo4j_env["NEO4J_PASSWORD"])
    try:
        wipe_neo4j(store._driver)
    finally:
        store.close()
    env = _env(neo4j_env)
    for n in range(ROUNDS):
        # Round 0 starts on an empty store: every question loads it, racing both loads.
        # Later rounds follow an edit: questions warn (Neo4j is not re-synced by a
        # question) and the two loads race each other.
        director = _toggle(seeds_copy, n - 1) if n else "person:simon-white"
        results = _race(seeds_copy, ["--neo4j"], env)
        _check_round(results, director, stale_ok=n > 0)
        st = subprocess.run([sys.executable, "-m", "accountable", "status", "--json",
                             "--neo4j", "--seeds", str(seeds_copy)], env=env,
                            capture_output=True, text=True, timeout=60, check=True)
        assert json.loads(st.stdout)["state"] == "up to date"
        assert json.loads(st.stdout)["counts"]["Person"] == 10

