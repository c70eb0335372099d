"""What a user waits for, timed as whole processes on a REAL facts folder on disk.

    .venv/bin/python -m benchmarks.user --sizes 100000 --engines embedded,neo4j
    .venv/bin/python -m benchmarks.user --sizes 1000000 --work /var/tmp/acc-bench

For each size, `benchmarks.folder` writes the facts folder (YAML per council, one article
text per source; reused when present). For each engine, a fresh store is then:

1. `accountable load` (the first load), 2. `load` again with nothing changed, 3. `load`
after a one-record edit, 4. `load` after editing 1% of the records (every name in as few
council files as hold that many; `--spread` also times 1% spread over every file); then,
with the store warm (the resident server up; Neo4j running), the median of `--runs` runs of `who`,
`person`, `timeline`, `view` and three canned queries. `python -c pass` is timed in the
same run. Neo4j: NEO4J_URI/NEO4J_PASSWORD if set (its database is WIPED), else a private
server from `scripts/neo4j-local`. Figures go to stdout as a table and to `--json-out`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks.folder import edit_names, write_folder  # noqa: E402

os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
CLI = str(Path(sys.executable).with_name("accountable"))
GOALS_MS = {"who": 150, "person": 300, "timeline": 300, "view": 300,
            "load unchanged": 5000, "load one edit": 5000, "load 1% edit": 60000}


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


CPU: list[float] = []  # CPU ms (user + sys) of each timed process, in order


def timed(argv: list[str], env: dict[str, str]) -> float:
    """Wall milliseconds of one process (it must succeed); its CPU ms go to CPU (on a shared
    machine wall time is mostly waiting for a core)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    ms = (time.perf_counter() - t0) * 1000
    CPU.append((usage.ru_utime + usage.ru_stime) * 1000)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} exited {os.waitstatus_to_exitcode(status)}: "
                         f"{err[-800:]}")
    return ms


def median(argv: list[str], env: dict[str, str], runs: int) -> float:
    """Median wall ms of `runs` runs; CPU gets their median CPU ms as its last entry."""
    walls, cpus = [], []
    for _ in range(runs):
        walls.append(timed(argv, env))
        cpus.append(CPU.pop())
    CPU.append(statistics.median(cpus))
    return statistics.median(walls)


def questions(info: dict[str, Any], where: list[str], out: Path) -> dict[str, list[str]]:
    org = info["councils"][len(info["councils"]) // 2]
    person = info["person"]
    return {
        "who": [CLI, "who", org, "--on", "2013-03", "--json", *where],
        "person": [CLI, "person", person, "--json", *where],
        "timeline": [CLI, "timeline", org, "--json", *where],
        "view": [CLI, "view", org, "--on", "2013-03", "--out", str(out / "view.html"), *where],
        "query holders_on_date": [CLI, "query", "holders_on_date", "-p", f"org_id={org}",
                                  "-p", "from=2013-01-01", "-p", "to=2013-03-31", "--json",
                                  *where],
        "query org_events": [CLI, "query", "org_events", "-p", f"org_id={org}", "--json",
                             *where],
        "query recurring_at_inadequate": [CLI, "query", "recurring_at_inadequate", "--json",
                                          *where],
    }


def a_person(folder: Path, org: str) -> str:
    """A person holding a post in `org` (read from its council's file)."""
    import re

    n = int(org.split("c", 1)[1]) + 1
    text = (folder / "facts" / f"council-{n:05d}.yaml").read_text(encoding="utf-8")
    found = re.search(r"^  person: (person:\S+)$", text, re.M)
    if not found:
        raise SystemExit(f"no tenure in council-{n:05d}.yaml")
    return found.group(1)


def watcher_ready(folder: Path, env: dict[str, str], timeout: float = 300.0) -> float:
    """Seconds until the folder's watcher (started by the load) vouches for it: its first
    scan of a big folder runs in the background for a while after a load, and a user's
    next command comes later than this script's would. Questions before that are still
    right, they `stat` every file instead."""
    probe = ("import sys; from accountable.graph import watch; "
             "sys.exit(0 if watch.ask(sys.argv[1]) else 1)")
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < timeout:
        if subprocess.run([sys.executable, "-c", probe, str(folder)], env=env,
                          check=False).returncode == 0:
            break
        time.sleep(0.5)
    return time.perf_counter() - t0


def _files(folder: Path) -> int:
    """How many council files hold an edited name."""
    return sum("(ed.)" in p.read_text(encoding="utf-8")
               for p in (folder / "facts").glob("council-*.yaml"))


def run(size: int, engine: str, work: Path, runs: int, neo_env: dict[str, str],
        spread: bool = False, reuse: bool = False, first_only: bool = False
        ) -> list[dict[str, Any]]:
    pristine = work / f"facts-{size}"
    log(f"{size}: writing or reusing the facts folder {pristine}")
    info = write_folder(size, pristine)
    info["person"] = a_person(pristine, info["councils"][len(info["councils"]) // 2])
    folder = work / f"facts-{size}-{engine}"  # edited below: a copy per engine
    data = work / f"data-{size}-{engine}"
    reused = reuse and folder.exists() and data.exists()
    if not reused:
        if folder.exists():
            shutil.rmtree(folder)
        shutil.copytree(pristine, folder)
        if data.exists():
            subprocess.run([CLI, "stop", "--data-dir", str(data)], capture_output=True,
                           check=False)
            shutil.rmtree(data)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "ACCOUNTABLE_"))}
    env.update({"ACCOUNTABLE_DATA": str(data), "ACCOUNTABLE_SEEDS": str(folder),
                "ACCOUNTABLE_IDLE": "3600"})
    where = []
    if engine == "neo4j":
        env.update(neo_env)
        where = ["--neo4j"]
        from accountable.graph.store import Neo4jStore

        if not reused:
            store = Neo4jStore(neo_env["NEO4J_URI"], neo_env["NEO4J_USER"],
                               neo_env["NEO4J_PASSWORD"])
            try:
                store.wipe()
            finally:
                store.close()
        # Its fingerprints and parses live under ACCOUNTABLE_DATA (`data`, removed above).
    rows: list[dict[str, Any]] = []

    def row(what: str, ms: float, note: str = "") -> None:
        goal = GOALS_MS.get(what)
        rows.append({"size": size, "facts": info["facts"], "engine": engine, "what": what,
                     "ms": round(ms, 1), "cpu_ms": round(CPU[-1], 1), "goal_ms": goal,
                     "note": note})
        log(f"{size} {engine} {what}: {ms:,.0f} ms wall, {CPU[-1]:,.0f} ms CPU {note}")

    load = [CLI, "load", "--json", *where]
    if reused:  # loaded by an earlier run (same folder copy, same store): bring it up to date
        log(f"{size} {engine}: reusing {data} (untimed load first)")
        timed(load, env)
        CPU.pop()
    else:
        row("load first", timed(load, env))
    if first_only:
        return rows
    waited = watcher_ready(folder, env)
    log(f"{size} {engine}: the folder's watcher answered after {waited:.1f} s")
    row("load unchanged", timed(load, env))
    walls, cpus = [], []
    for _ in range(3):  # three one-record edits, each loaded: the median
        edit_names(folder, 1)
        walls.append(timed(load, env))
        cpus.append(CPU.pop())
    CPU.append(statistics.median(cpus))
    row("load one edit", statistics.median(walls),
        "median of 3 edits: " + ", ".join(f"{w:,.0f}" for w in walls) + " ms")
    count = max(1, info["records"] // 100)
    edited = edit_names(folder, count, spread=False)
    row("load 1% edit", timed(load, env), f"{edited} records, {_files(folder)} files")
    if spread:
        edited = edit_names(folder, count, spread=True)
        row("load 1% spread", timed(load, env), f"{edited} records in every council file")
    with tempfile.TemporaryDirectory() as out:
        for what, argv in questions(info, where, Path(out)).items():
            timed(argv, env)  # warm: the server up, the OS cache full
            row(what.split(" ", 1)[0] if what.startswith("query") else what,
                median(argv, env, runs), what if what.startswith("query") else "")
    if engine == "embedded":
        subprocess.run([CLI, "stop"], env=env, capture_output=True, check=False)
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="100000")
    ap.add_argument("--engines", default="embedded,neo4j")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "acc-user-bench")
    ap.add_argument("--json-out", type=Path)
    ap.add_argument("--reuse", action="store_true",
                    help="keep each engine's folder copy and store from an earlier run in "
                    "--work (no first load timed: a first load at 1M takes 15-25 minutes); "
                    "the edits then apply on top of the earlier ones")
    ap.add_argument("--first-only", action="store_true",
                    help="only the first loads (for --reuse later)")
    ap.add_argument("--spread", action="store_true",
                    help="also time a 1%% edit spread over every council file (a bulk edit: "
                    "every file is read again)")
    args = ap.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    baseline = median([sys.executable, "-c", "pass"], env, args.runs)
    baseline_cpu = CPU[-1]
    results: list[dict[str, Any]] = []
    neo_env: dict[str, str] = {}
    server = None
    engines = args.engines.split(",")
    if "neo4j" in engines:
        if os.environ.get("NEO4J_URI") and os.environ.get("NEO4J_PASSWORD"):
            neo_env = {k: os.environ[k] for k in ("NEO4J_URI", "NEO4J_PASSWORD")}
            neo_env["NEO4J_USER"] = os.environ.get("NEO4J_USER", "neo4j")
        else:
            from tests.neo4j_server import start_server

            server = start_server(args.work / "neo4j")
            neo_env = {"NEO4J_URI": server.uri, "NEO4J_USER": server.user,
                       "NEO4J_PASSWORD": server.password}
    try:
        for size in (int(s) for s in args.sizes.split(",")):
            for engine in engines:
                results.extend(run(size, engine, args.work, args.runs, neo_env, args.spread,
                                   args.reuse, args.first_only))
    finally:
        if server is not None:
            server.stop()
    load1 = os.getloadavg()[0]
    print(f"python -c pass: {baseline:.0f} ms wall, {baseline_cpu:.0f} ms CPU; load average "
          f"at the end {load1:.1f}; "
          f"{os.cpu_count()} cores")
    print(f"| {'facts':>9} | {'engine':8} | {'what':18} | {'wall ms':>9} | {'CPU ms':>8} | "
          f"{'goal':>6} | note")
    print(f"|{'-' * 11}|{'-' * 10}|{'-' * 20}|{'-' * 11}|{'-' * 10}|{'-' * 8}|------")
    for r in results:
        goal = f"{r['goal_ms']}" if r["goal_ms"] else ""
        print(f"| {r['facts']:>9,} | {r['engine']:8} | {r['what']:18} | {r['ms']:>9,.0f} | "
              f"{r['cpu_ms']:>8,.0f} | {goal:>6} | {r['note']}")
    if args.json_out:
        args.json_out.write_text(json.dumps({"python_c_pass_ms": baseline,
                                             "python_c_pass_cpu_ms": baseline_cpu,
                                             "load_average": load1,
                                             "results": results}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
