"""Whole CLI processes, timed the way a user runs them: with and without the resident store.

    .venv/bin/python -m benchmarks.cli                           # seeds and 100k facts
    .venv/bin/python -m benchmarks.cli --sizes seeds,100000,1000000 --runs 5

For each store (the seeds, loaded with `accountable load`; or N generated facts, made by
`benchmarks.load`'s generator and loaded once into `--store-dir/store-N`, reused by later
runs) and each of `who`, `person` and `timeline` (with `--json`):

- `no-daemon`: `ACCOUNTABLE_NO_DAEMON=1`, what every command did before the resident
  store: start the server, load the data file, answer, stop (median of `--runs`; peak RSS
  of the largest process, the command or its server, from wait4);
- `first`: the resident store stopped before each run, so the command starts it;
- `warm`: the resident store already up;
- `loop`: `--loop` `who` calls in a bash `for` loop, as a script asking about one
  council after another would (per call; no-daemon only on the seeds, where it is short).

`python -c pass` is timed in the same run (same interpreter) and every median is also
given as a multiple of it. The resident server's memory comes from `graph.daemon.server_info`.
Progress goes to stderr, the table to stdout (and everything to `--json-out`).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
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

from accountable.graph import daemon  # noqa: E402

# As a user runs it: Python may cache bytecode (an installed wheel ships it; an editable
# checkout writes it on first use). Some sandboxes set PYTHONDONTWRITEBYTECODE, which makes
# every command compile every module it imports again.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
PY = sys.executable
CLI = str(Path(sys.executable).with_name("accountable"))
SEED = 20240601


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


CPU: list[float] = []  # user+sys seconds of each timed process, in order


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (bytes) of one process and the children it waited for.

    Its CPU time (user + sys, with the children it waited for: the server in no-daemon mode)
    goes to `CPU`: on a busy machine wall time mostly measures waiting for a core.
    """
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    CPU.append(usage.ru_utime + usage.ru_stime)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {proc.returncode}: {err[-500:]}")
    return wall, usage.ru_maxrss * 1024


def median_ms(xs: list[float]) -> float:
    return round(statistics.median(xs) * 1000, 1)


def build_store(size: int, store_dir: Path) -> Path:
    """`store_dir/store-SIZE/accountable.rdb` loaded by `accountable load`'s code from a real
    facts folder of SIZE generated facts (`benchmarks.folder`, in `store_dir/facts-SIZE`), so
    the store carries its facts record and questions do not reload it (made once)."""
    out = store_dir / f"store-{size}"
    bench = out / "bench.json"
    if (out / daemon.RDB_NAME).exists() and bench.exists() and \
            "folder" in json.loads(bench.read_text()):
        return out
    from accountable.graph.store import EmbeddedStore
    from accountable.graph.sync import load_facts

    from benchmarks.folder import write_folder

    t0 = time.perf_counter()
    folder = store_dir / f"facts-{size}"
    info = write_folder(size, folder, SEED)
    log(f"store {size}: {info['facts']:,} facts written to {folder} "
        f"({time.perf_counter() - t0:.0f} s); loading")
    out.mkdir(parents=True, exist_ok=True)
    store = EmbeddedStore(out, resident=False)
    try:
        ds, _ = load_facts(store, folder, batch_size=1000, notify=None)
    finally:
        store.close()
    bench.write_text(json.dumps({"facts": info["facts"], "rows": ds.node_count + ds.rel_count,
                                 "councils": info["councils"], "folder": str(folder)}))
    log(f"store {size}: built in {time.perf_counter() - t0:.0f} s")
    return out


def prepare(name: str, store_dir: Path, work: Path) -> tuple[Path, dict[str, Any]]:
    """A fresh data folder for `name` (a copy of the built store) and the questions to ask."""
    data = work / f"data-{name}"
    if data.exists():
        shutil.rmtree(data)
    data.mkdir(parents=True)
    env = {**os.environ, "ACCOUNTABLE_DATA": str(data), "ACCOUNTABLE_NO_DAEMON": "1"}
    if name == "seeds":
        timed([CLI, "load", "--json"], env)
        meta: dict[str, Any] = {"facts": None, "org": "Sandwell", "person": "Simon Hackett",
                                "on": "2013-03"}
    else:
        src = build_store(int(name), store_dir)
        shutil.copy2(src / daemon.RDB_NAME, data / daemon.RDB_NAME)
        info = json.loads((src / "bench.json").read_text())
        org = info["councils"][len(info["councils"]) // 2]
        from accountable.graph.store import EmbeddedStore

        store = EmbeddedStore(data, resident=False)
        try:
            person = store.read("MATCH (o:Organisation {id: $id})<-[:IN]-(:Post)<-[:OF]-"
                                "(t:Tenure)<-[:HELD]-(p:Person) RETURN p.id AS id LIMIT 1",
                                {"id": org})
        finally:
            store.close()
        meta = {"facts": info["facts"], "org": org,
                "person": person[0]["id"] if person else None, "on": "2013-03"}
    meta["rdb_bytes"] = (data / daemon.RDB_NAME).stat().st_size
    return data, meta


def commands(meta: dict[str, Any]) -> dict[str, list[str]]:
    out = {"who": [CLI, "who", meta["org"], "--on", meta["on"], "--json"],
           "timeline": [CLI, "timeline", meta["org"], "--json"]}
    if meta.get("person"):
        out["person"] = [CLI, "person", meta["person"], "--json"]
    return out


def loop_seconds(argv: list[str], n: int, env: dict[str, str]) -> float:
    script = f'for i in $(seq {n}); do {" ".join(_q(a) for a in argv)} >/dev/null; done'
    t0 = time.perf_counter()
    subprocess.run(["bash", "-c", script], env=env, check=True)
    return time.perf_counter() - t0


def _q(a: str) -> str:
    return "'" + a.replace("'", "'\\''") + "'"


def bench(name: str, data: Path, meta: dict[str, Any], args: argparse.Namespace,
          base_ms: float, base_cpu_ms: float) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    private = {**os.environ, "ACCOUNTABLE_DATA": str(data), "ACCOUNTABLE_NO_DAEMON": "1"}
    resident = {**os.environ, "ACCOUNTABLE_DATA": str(data)}
    resident.pop("ACCOUNTABLE_NO_DAEMON", None)
    before = (data / daemon.RDB_NAME).stat().st_mtime_ns

    def row(cmd: str, mode: str, walls: list[float], rss: int | None = None,
            cpus: list[float] | None = None) -> None:
        ms = median_ms(walls)
        cpu = median_ms(cpus) if cpus else None
        rows.append({"store": name, "facts": meta["facts"], "command": cmd, "mode": mode,
                     "runs": len(walls), "median_ms": ms, "min_ms": round(min(walls) * 1000, 1),
                     "x_python": round(ms / base_ms, 1), "cpu_ms": cpu,
                     "cpu_x_python": round(cpu / base_cpu_ms, 1) if cpu else None,
                     "peak_rss_mb": round(rss / 2**20) if rss else None})
        log(f"{name} {cmd} {mode}: {ms} ms wall, {cpu} ms CPU ({len(walls)} runs)")

    try:
        for cmd, argv in commands(meta).items():
            if not args.skip_no_daemon:
                res = [timed(argv, private) for _ in range(args.runs)]
                row(cmd, "no-daemon", [w for w, _ in res], max(r for _, r in res),
                    CPU[-args.runs:])
            firsts = []
            for _ in range(args.runs):
                daemon.stop(data)
                firsts.append(timed(argv, resident)[0])
            row(cmd, "first", firsts)
            timed(argv, resident)
            row(cmd, "warm", [timed(argv, resident)[0] for _ in range(args.runs)], None,
                CPU[-args.runs:])
        who = commands(meta)["who"]
        timed(who, resident)
        n = args.loop
        row("who", f"loop of {n}, per call", [loop_seconds(who, n, resident) / n])
        info = daemon.server_info(data) or {}
        rows.append({"store": name, "facts": meta["facts"], "command": "server", "mode":
                     "resident memory", "rss_mb": round(info.get("rss_bytes", 0) / 2**20),
                     "peak_rss_mb": round((info.get("peak_rss_bytes") or 0) / 2**20),
                     "used_memory_mb": round(info.get("used_memory_bytes", 0) / 2**20),
                     "watchdog_rss_mb": round((info.get("watchdog_rss_bytes") or 0) / 2**20),
                     "rdb_mb": round(meta["rdb_bytes"] / 2**20, 1)})
        log(f"{name} resident server: {rows[-1]}")
        if name == "seeds" and not args.skip_no_daemon:  # (this stops the resident server)
            row("who", f"loop of {n}, per call, no-daemon", [loop_seconds(who, n, private) / n])
    finally:
        daemon.stop(data)
    if (data / daemon.RDB_NAME).stat().st_mtime_ns != before:
        raise SystemExit(f"{name}: a read changed the data file")
    return rows


def table(rows: list[dict[str, Any]]) -> str:
    lines = ["| store | facts | command | mode | median ms | x `python -c pass` | CPU ms | "
             "CPU x | peak RSS MB (largest process) |", "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        if r["command"] == "server":
            continue
        facts = f"{r['facts']:,}" if r["facts"] else "seeds"
        lines.append(f"| {r['store']} | {facts} | {r['command']} | {r['mode']} | "
                     f"{r['median_ms']} | {r['x_python']} | {r['cpu_ms'] or ''} | "
                     f"{r['cpu_x_python'] or ''} | {r['peak_rss_mb'] or ''} |")
    lines += ["", "| store | resident server RSS MB | its peak MB | redis used_memory MB | "
              "watchdog RSS MB | data file MB |", "|---|---|---|---|---|---|"]
    for r in rows:
        if r["command"] == "server":
            lines.append(f"| {r['store']} | {r['rss_mb']} | {r['peak_rss_mb']} | "
                         f"{r['used_memory_mb']} | {r['watchdog_rss_mb']} | {r['rdb_mb']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sizes", default="seeds,100000",
                   help="comma-separated: seeds and/or generated fact counts")
    p.add_argument("--runs", type=int, default=5, help="runs per median")
    p.add_argument("--loop", type=int, default=100, help="who calls in the shell loop")
    p.add_argument("--store-dir", type=Path, default=Path(tempfile.gettempdir()) / "acc-bench",
                   help="where generated stores are built once and kept")
    p.add_argument("--skip-no-daemon", action="store_true",
                   help="only the resident store (no-daemon at 1M takes minutes)")
    p.add_argument("--json-out", type=Path)
    args = p.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop servers on the way out
    started = time.time()
    env = dict(os.environ)
    subprocess.run([PY, "-m", "compileall", "-q", str(REPO / "accountable"), str(REPO / "graph"),
                    str(REPO / "loaders")], check=True, stdout=subprocess.DEVNULL)
    base = [timed([PY, "-c", "pass"], env)[0] for _ in range(max(args.runs, 9))]
    base_ms = median_ms(base)
    base_cpu_ms = median_ms(CPU[-len(base):])
    log(f"python -c pass: {base_ms} ms wall, {base_cpu_ms} ms CPU")
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="acc-cli-bench-") as tmp:
        for name in args.sizes.split(","):
            data, meta = prepare(name.strip(), args.store_dir, Path(tmp))
            rows += bench(name.strip(), data, meta, args, base_ms, base_cpu_ms)
            shutil.rmtree(data, ignore_errors=True)
    base_after = median_ms([timed([PY, "-c", "pass"], env)[0] for _ in range(9)])
    print(f"\naccountable CLI benchmark: {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} "
          f"CPUs, load average {os.getloadavg()[0]:.1f}, Python {platform.python_version()}; "
          f"`python -c pass` {base_ms} ms wall, {base_cpu_ms} ms CPU (median of {len(base)}; "
          f"{base_after} ms wall at the end)\n")
    print(table(rows))
    log(f"done in {time.time() - started:.0f} s")
    if args.json_out:
        args.json_out.write_text(json.dumps({"python_pass_ms": base_ms,
                                             "python_pass_ms_end": base_after,
                                             "rows": rows}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
