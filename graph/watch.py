"""A facts folder's watcher: a small resident process that keeps the folder's manifest in
memory (Linux inotify) so a question learns "is the store up to date?" without `stat`ing
every file.

One watcher per facts folder (a flock), started detached by a load and by a question that
had to scan the folder itself (`start`). It puts an inotify watch on every directory of the
folder (adding one for each new directory), then scans the folder once against the manifest
the last load recorded, and only then opens its unix socket (in `<data folder>/watch/`, mode
0700). On each request (`ask`) it first drains the inotify queue without blocking — the
kernel queues an event inside the write syscall itself, so every write completed before the
request is seen — re-stats and re-hashes only the paths touched (the whole folder again on a
queue overflow, on a directory moved or deleted, or on anything it cannot attribute), and
replies with the folder's digest (`graph.sync.manifest_digest`).

It does not vouch (replies no digest, and the question scans the folder itself) while the
folder holds a symbolic link or a file with another hard link: a write through them need
not raise an event here. Not seen at all: writes through a shared memory map (mmap) and
changes made by another machine on a network filesystem; `ACCOUNTABLE_WATCH=0` turns the
watcher off. It exits after `ACCOUNTABLE_WATCH_IDLE` seconds without a request (default
3600), when its folder disappears or moves, or when its socket file is removed.

The client side (`ask`, `start`, `enabled`) imports only the standard library.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import stat
import sys
import time
from pathlib import Path
from typing import Any

PROTOCOL = 1  # bump when a reply's meaning changes
ASK_TIMEOUT = 1.0  # seconds: a watcher slower than this is not waited for
DEFAULT_IDLE = 3600.0
MAX_PENDING = 100_000  # events held before a full rescan replaces them
OFF_RETRY = 600.0  # seconds before trying again a folder that could not be watched
_MAX_SOCKET = 100

# inotify (linux/inotify.h)
IN_MODIFY, IN_ATTRIB, IN_CLOSE_WRITE = 0x2, 0x4, 0x8
IN_MOVED_FROM, IN_MOVED_TO, IN_CREATE, IN_DELETE = 0x40, 0x80, 0x100, 0x200
IN_DELETE_SELF, IN_MOVE_SELF = 0x400, 0x800
IN_UNMOUNT, IN_Q_OVERFLOW, IN_IGNORED = 0x2000, 0x4000, 0x8000
IN_ONLYDIR, IN_DONT_FOLLOW, IN_ISDIR = 0x01000000, 0x02000000, 0x40000000
IN_NONBLOCK, IN_CLOEXEC = 0o4000, 0o2000000
DIR_MASK = (IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE
            | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW)


def enabled() -> bool:
    """False when `ACCOUNTABLE_WATCH` is 0, false, no or off; or off Linux."""
    if not sys.platform.startswith("linux"):
        return False
    return os.environ.get("ACCOUNTABLE_WATCH", "").strip().lower() not in (
        "0", "false", "no", "off")


def _data_dir() -> Path:
    if os.environ.get("ACCOUNTABLE_DATA"):
        return Path(os.environ["ACCOUNTABLE_DATA"]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "accountable"


def watch_dir(create: bool = True) -> Path:
    """`watch/` in this user's data folder (0700): the watchers' sockets, locks and logs."""
    base = _data_dir()
    d = base / "watch"
    if not create:
        return d
    base.mkdir(parents=True, exist_ok=True, mode=0o700)
    d.mkdir(exist_ok=True, mode=0o700)
    with contextlib.suppress(OSError):
        if d.stat().st_uid == os.getuid():
            os.chmod(d, 0o700)
    return d


def _key(root: str) -> str:
    return hashlib.sha256(root.encode()).hexdigest()[:24]


def socket_path(root: str, create: bool = False) -> str:
    """The socket of the watcher of folder `root` (resolved): in `watch_dir()`, or under
    /tmp/acc-<uid>/ (0700) when that path is too long for a unix socket."""
    path = str(watch_dir(create) / f"{_key(root)}.sock")
    if len(path.encode()) <= _MAX_SOCKET:
        return path
    short = os.path.join("/tmp", f"acc-{os.getuid()}")
    if create:
        os.makedirs(short, mode=0o700, exist_ok=True)
        os.chmod(short, 0o700)
    return os.path.join(short, "w-" + hashlib.sha256(path.encode()).hexdigest()[:24] + ".sock")


def stamp() -> str:
    """A watcher started by another version of this code is not believed: protocol and this
    file's size and mtime (a new version replaces the file)."""
    st = os.stat(__file__)
    return f"{PROTOCOL}:{st.st_size}:{st.st_mtime_ns}"


def _request(root: str, line: str, timeout: float) -> dict[str, Any] | None:
    """Send one request to the watcher of `root`; its reply, or None. A watcher started by
    another version is told to stop (a new one can then start) and not believed."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(timeout)
            s.connect(socket_path(root))
            s.sendall(line.encode() + b"\n")
            buf = b""
            while not buf.endswith(b"\n"):
                chunk = s.recv(65536)
                if not chunk:
                    return None
                buf += chunk
        reply = json.loads(buf)
    except (OSError, ValueError):
        return None
    if not isinstance(reply, dict) or reply.get("root") != root:
        return None
    if reply.get("stamp") != stamp():
        if not line.startswith("stop "):
            _request(root, "stop " + root, timeout)
            _wait_unlocked(root, timeout)  # so that `start` can start today's watcher
        return None
    return reply


def _wait_unlocked(root: str, timeout: float) -> None:
    """Wait (at most `timeout`) until no watcher holds the lock of folder `root`."""
    import fcntl

    try:
        fd = os.open(watch_dir(create=False) / f"{_key(root)}.lock", os.O_RDWR)
    except OSError:
        return
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                time.sleep(0.01)
    finally:
        os.close(fd)


def ask(root: Path | str, timeout: float = ASK_TIMEOUT) -> str | None:
    """The digest of folder `root` now, from its watcher; None when there is no watcher,
    it is off, does not answer within `timeout`, or cannot vouch for the folder."""
    if not enabled():
        return None
    r = os.path.realpath(root)
    reply = _request(r, "digest " + r, timeout)
    digest = reply.get("digest") if reply else None
    return digest if isinstance(digest, str) else None


def manifest(root: Path | str, timeout: float = 10.0) -> tuple[str, dict[str, list[Any]]] | None:
    """(digest, manifest) of folder `root` now, from its watcher: what a load records, without
    a `stat` per file. None as for `ask`."""
    import marshal

    if not enabled():
        return None
    r = os.path.realpath(root)
    path = watch_dir() / f"{_key(r)}.{os.getpid()}.{os.urandom(4).hex()}.manifest"
    try:
        reply = _request(r, f"manifest {r}\0{path}", timeout)
        if not reply or not isinstance(reply.get("digest"), str):
            return None
        with open(path, "rb") as f:
            digest, files = marshal.loads(f.read())  # load(f): 6x slower
    except (OSError, EOFError, ValueError, TypeError):
        return None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(path)
    if digest != reply["digest"] or not isinstance(files, dict):
        return None
    return digest, files


def stop(root: Path | str) -> bool:
    """Ask the watcher of `root` to exit; whether one answered."""
    r = os.path.realpath(root)
    return _request(r, "stop " + r, ASK_TIMEOUT) is not None


def stop_all() -> list[str]:
    """Stop every watcher of this user's data folder (`accountable stop`); their folders."""
    import fcntl

    stopped = []
    d = watch_dir(create=False)
    for lock in sorted(d.glob("*.lock")) if d.is_dir() else []:
        try:
            fd = os.open(lock, os.O_RDWR)
        except OSError:
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                continue  # nobody holds it: no watcher
            except BlockingIOError:
                pass
            pid, _, root = os.pread(fd, 4096, 0).decode(errors="replace").partition("\n")
            root = root.strip()
            if root and _request(root, "stop " + root, ASK_TIMEOUT) is not None:
                stopped.append(root)
            elif pid.strip().isdigit():
                with contextlib.suppress(OSError):
                    os.kill(int(pid), 15)
                    stopped.append(root)
        finally:
            os.close(fd)
    return stopped


def start(root: Path | str, recorded: Path | None = None) -> None:
    """Start a watcher for `root` in the background unless watching is off (it exits at once
    if one already runs). `recorded`: the manifest file of the last load, so the watcher's
    first scan hashes only the files whose size or mtime changed since."""
    if not enabled():
        return
    import fcntl
    import subprocess  # here: a question that only asks the watcher never needs it

    r = os.path.realpath(root)
    d = watch_dir()
    key = _key(r)
    with contextlib.suppress(OSError):
        if time.time() - os.stat(d / f"{key}.off").st_mtime < OFF_RETRY:
            return  # it could not watch this folder a moment ago (see the file)
    try:
        fd = os.open(d / f"{key}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return  # one runs (or is still making its first scan)
    finally:
        os.close(fd)
    log = os.open(d / f"{key}.log", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        # Not waited for: it runs for as long as it is useful (a finished child left by a
        # long-running caller is reaped by `subprocess` on its next Popen).
        # It needs no credentials: Neo4j's are left out of its environment.
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
        subprocess.Popen([sys.executable, "-m", "accountable.graph.watch", "serve", r,
                          str(recorded or "")], stdin=subprocess.DEVNULL, stdout=log,
                         stderr=log, start_new_session=True, cwd="/", umask=0o077,
                         close_fds=True, env=env)
    except OSError:
        pass
    finally:
        os.close(log)


# ----------------------------------------------------------------------------- the watcher

class Unwatchable(Exception):
    """inotify is unavailable here, or its watch limit is reached."""


class Watcher:
    """The folder's manifest, kept current from inotify events."""

    def __init__(self, root: str, previous: dict[str, list[Any]], previous_at: int) -> None:
        import ctypes

        self.root = root
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.fd = self.libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
        if self.fd < 0:
            raise Unwatchable(f"inotify_init1: {os.strerror(ctypes.get_errno())}")
        st = os.stat(root)
        self.ident = (st.st_dev, st.st_ino)
        self.dirs: dict[int, str] = {}  # wd -> relative directory ("" is the root)
        self.files: dict[str, list[Any]] = {}
        self.odd: set[str] = set()  # symlinks and hard-linked files: cannot vouch
        self.pending: list[tuple[int, int, str]] = []
        self.pending_since = 0.0
        self._digest: str | None = None
        self.scan_at = time.time_ns()
        self.rescan(previous, previous_at)

    # -- watches
    def _watch(self, rel: str) -> int:
        import ctypes

        path = os.path.join(self.root, rel) if rel else self.root
        wd = self.libc.inotify_add_watch(self.fd, os.fsencode(path), DIR_MASK)
        if wd < 0:
            err = ctypes.get_errno()
            if err in (2, 20):  # ENOENT, ENOTDIR: gone already; its parent's event says so
                return -1
            raise Unwatchable(f"inotify_add_watch {path}: {os.strerror(err)}")
        self.dirs[wd] = rel
        return wd

    def _walk(self, rel: str, out: dict[str, os.stat_result]) -> None:
        """Watch `rel` and, below it, every directory; collect its files' stat (a watch is
        in place before a directory is listed, so nothing created meanwhile is missed)."""
        if self._watch(rel) < 0:
            return
        try:
            it = os.scandir(os.path.join(self.root, rel) if rel else self.root)
        except (FileNotFoundError, NotADirectoryError):
            return
        except OSError:  # unreadable: the question's own scan reports it
            self.odd.add(rel or ".")
            return
        with it:
            for entry in it:
                if entry.name.startswith(".") or entry.name == "__pycache__":
                    continue
                path = f"{rel}/{entry.name}" if rel else entry.name
                if entry.is_symlink():
                    self.odd.add(path)
                elif entry.is_dir(follow_symlinks=False):
                    self._walk(path, out)
                elif entry.is_file(follow_symlinks=False):
                    with contextlib.suppress(FileNotFoundError):
                        out[path] = entry.stat(follow_symlinks=False)

    def _take(self, found: dict[str, os.stat_result], previous: dict[str, list[Any]],
              previous_at: int) -> None:
        from accountable.graph.sync import RACY_NS

        for rel, st in found.items():
            old = previous.get(rel)
            if (old and old[0] == st.st_size and old[1] == st.st_mtime_ns
                    and st.st_mtime_ns < previous_at - RACY_NS and st.st_nlink == 1):
                self.files[rel] = old
            else:
                self._file(rel)

    def rescan(self, previous: dict[str, list[Any]], previous_at: int) -> None:
        """Watch every directory again and compare every file's stat with `previous`."""
        at = time.time_ns()
        old_wds = set(self.dirs)
        self.dirs, self.files, self.odd = {}, {}, set()
        found: dict[str, os.stat_result] = {}
        self._walk("", found)
        if "" not in self.dirs.values() or not self.still_there():
            raise Gone
        for wd in old_wds - set(self.dirs):
            self.libc.inotify_rm_watch(self.fd, wd)
        self._take(found, previous, previous_at)
        self.scan_at, self._digest = min(at, previous_at) if previous else at, None

    def _file(self, rel: str) -> None:
        """Re-read one path (a file event)."""
        from accountable.graph.sync import _sha256

        self._digest = None
        self.files.pop(rel, None)
        self.odd.discard(rel)
        path = os.path.join(self.root, rel)
        try:
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                self.odd.add(rel)
            elif stat.S_ISREG(st.st_mode):
                if st.st_nlink > 1:
                    self.odd.add(rel)
                self.files[rel] = [st.st_size, st.st_mtime_ns, _sha256(Path(path))]
            elif stat.S_ISDIR(st.st_mode):
                raise _Rescan
        except FileNotFoundError:
            pass
        except OSError:  # unreadable: the question's own scan reports it
            self.files.pop(rel, None)
            self.odd.add(rel)

    # -- events
    def drain(self) -> None:
        import struct

        while True:
            try:
                buf = os.read(self.fd, 1 << 20)
            except BlockingIOError:
                return
            if not self.pending:
                self.pending_since = time.monotonic()
            i = 0
            while i < len(buf):
                wd, mask, _, n = struct.unpack_from("iIII", buf, i)
                name = buf[i + 16:i + 16 + n].rstrip(b"\0")
                i += 16 + n
                if len(self.pending) <= MAX_PENDING:  # past it, `apply` rescans anyway
                    self.pending.append((wd, mask, os.fsdecode(name)))

    def overdue(self) -> bool:
        """Events have waited a second (a folder written to without pause): apply them."""
        return bool(self.pending) and time.monotonic() - self.pending_since > 1.0

    def apply(self) -> None:
        """Bring the manifest up to date with the pending events."""
        events, self.pending = self.pending, []
        try:
            if len(events) > MAX_PENDING:
                raise _Rescan  # cheaper than replaying them, and bounded memory
            for wd, mask, name in events:
                if mask & IN_Q_OVERFLOW:
                    raise _Rescan
                if mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT | IN_IGNORED) and \
                        self.dirs.get(wd) == "":
                    raise Gone
                if mask & IN_IGNORED:
                    self.dirs.pop(wd, None)
                    continue
                if not name:
                    continue  # about a watched directory itself: its parent reports it
                rel_dir = self.dirs.get(wd)
                if rel_dir is None:
                    raise _Rescan  # cannot attribute it
                if name.startswith(".") or name == "__pycache__":
                    continue
                rel = f"{rel_dir}/{name}" if rel_dir else name
                if mask & IN_ISDIR:
                    if mask & IN_CREATE:
                        found: dict[str, os.stat_result] = {}
                        self._walk(rel, found)
                        self._take(found, {}, 0)
                        self._digest = None
                    elif mask & (IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE):
                        raise _Rescan
                    continue
                self._file(rel)
        except _Rescan:
            self.pending = []
            self.rescan(self.files, self.scan_at)

    def digest(self) -> str | None:
        from accountable.graph.sync import manifest_digest

        if self.odd:
            return None
        if self._digest is None:
            self._digest = manifest_digest(self.files)
        return self._digest

    def dump(self, path: str) -> None:
        """Write (digest, manifest) to `path` (owner-only, atomically) for a load."""
        import marshal

        tmp = f"{path}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            marshal.dump((self.digest(), self.files), f)
        os.replace(tmp, path)

    def still_there(self) -> bool:
        try:
            st = os.stat(self.root)
        except OSError:
            return False
        return (st.st_dev, st.st_ino) == self.ident


class _Rescan(Exception):
    pass


class Gone(Exception):
    """The watched folder was deleted or moved."""


def _recorded(path: str, root: str) -> tuple[dict[str, list[Any]], int]:
    from accountable.graph.sync import read_manifest_file

    if not path:
        return {}, 0
    got = read_manifest_file(Path(path))
    if got is None or got[1] != root:
        return {}, 0
    return got[2], got[3]


def serve(root: str, recorded: str) -> int:
    """Run the watcher of `root` until idle, stopped, or its folder is gone."""
    import fcntl
    import select

    my_stamp = stamp()
    idle = DEFAULT_IDLE
    with contextlib.suppress(ValueError):
        idle = float(os.environ.get("ACCOUNTABLE_WATCH_IDLE", "") or DEFAULT_IDLE)
    d = watch_dir()
    lock = os.open(d / f"{_key(root)}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return 0  # one runs already
    os.ftruncate(lock, 0)
    os.pwrite(lock, f"{os.getpid()}\n{root}\n".encode(), 0)
    try:
        w = Watcher(root, *_recorded(recorded, root))
    except (Unwatchable, OSError, Gone) as e:
        print(f"not watching {root}: {e}", file=sys.stderr)
        if isinstance(e, Unwatchable):
            with contextlib.suppress(OSError):
                (d / f"{_key(root)}.off").write_text(f"{e}\n", encoding="utf-8")
        return 1
    sock_path = socket_path(root, create=True)
    with contextlib.suppress(FileNotFoundError):
        os.unlink(sock_path)
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind(sock_path)
    os.chmod(sock_path, 0o600)
    srv.listen(16)
    sock_ino = os.stat(sock_path).st_ino
    print(f"watching {root}: {len(w.dirs)} directories, {len(w.files)} files", file=sys.stderr,
          flush=True)
    last = time.monotonic()

    def ours() -> bool:
        try:
            return os.stat(sock_path).st_ino == sock_ino
        except OSError:
            return False

    try:
        while True:
            timeout = 0.2 if w.pending else min(30.0, idle)
            ready, _, _ = select.select([srv, w.fd], [], [], timeout)
            if w.fd in ready:
                w.drain()  # applied when the events stop for a moment, or a request comes
            if srv not in ready:
                if w.fd in ready and not w.overdue():
                    continue
                if w.pending:
                    w.apply()
                    continue
                if time.monotonic() - last > idle or not ours() or not w.still_there():
                    return 0
                continue
            conn, _ = srv.accept()
            with conn:
                conn.settimeout(5)
                with contextlib.suppress(OSError, ValueError):
                    line = conn.recv(4096).decode().strip()
                    verb, _, asked = line.partition(" ")
                    if verb == "stop" and asked == root:
                        conn.sendall(json.dumps({"root": root, "stamp": my_stamp,
                                                 "stopped": True}).encode() + b"\n")
                        return 0
                    reply: dict[str, Any] = {"root": root, "stamp": my_stamp,
                                             "digest": None}
                    asked, _, dump = asked.partition("\0")
                    if verb in ("digest", "manifest") and asked == root:
                        if not w.still_there():
                            raise Gone
                        w.drain()  # every write completed before the request is queued
                        w.apply()
                        reply["digest"] = w.digest()
                        if reply["digest"] is None:
                            reply["why"] = ("a symbolic link, a hard-linked or an "
                                            "unreadable file: " + sorted(w.odd)[0])
                        elif verb == "manifest" and os.path.dirname(dump) == str(d):
                            w.dump(dump)
                        last = time.monotonic()
                    conn.sendall(json.dumps(reply).encode() + b"\n")
    except Gone:
        return 0
    except Unwatchable as e:
        print(f"stopped watching {root}: {e}", file=sys.stderr)
        with contextlib.suppress(OSError):
            (d / f"{_key(root)}.off").write_text(f"{e}\n", encoding="utf-8")
        return 1
    finally:
        if ours():
            with contextlib.suppress(OSError):
                os.unlink(sock_path)
        srv.close()
        os.close(lock)


def main(argv: list[str]) -> int:
    if len(argv) == 3 and argv[0] == "serve":
        return serve(argv[1], argv[2])
    print("usage: python -m accountable.graph.watch serve FOLDER MANIFEST_FILE "
          "(started by accountable itself)", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
