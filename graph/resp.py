"""The one RESP client of the embedded store: a unix-socket RESP2 client and Cypher parameters.

Used by the store (`graph/store.py`) for every query, and by the resident server's watchdog
(`graph/daemon.py`, run as a script without `site`), so it imports only the standard library.
The `falkordb` package's client does the same over redis-py, which costs more to import than a
whole `accountable who`; what it checks is checked here too, and more: parameters go in
FalkorDB's `CYPHER name=value ...` header as literals made by `cypher_literal`, which refuses
what the header cannot carry (a NUL character, NaN or an infinity, an empty or backticked map
key) instead of sending a query that means something else. `tests/test_resp.py` compares it
with `falkordb.helpers.stringify_param_value` and round-trips values through a real server.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable
from typing import Any

try:
    from accountable.errors import RespError
except ImportError:  # imported by the watchdog script: the standard library only

    class RespError(Exception):  # type: ignore[no-redef]
        """An error reply from the server."""


class NeedsFullClient(Exception):  # noqa: N818 - a signal, not a failure
    """A reply holds nodes, edges, paths or temporal values: decode it with `falkordb`."""


def _encode(args: tuple[Any, ...]) -> bytes:
    out = [b"*%d\r\n" % len(args)]
    for a in args:
        b = a if isinstance(a, bytes) else str(a).encode()
        out.append(b"$%d\r\n%s\r\n" % (len(b), b))
    return b"".join(out)


class Resp:
    """A minimal RESP2 client on a unix socket: enough for INFO, SAVE and GRAPH.* commands.

    Built on `_socket` (the C module) rather than `socket`, whose import (selectors, enums)
    costs a few milliseconds per command.
    """

    def __init__(self, path: str, timeout: float | None = None) -> None:
        import _socket

        self.path = path
        self._sock = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
        self._sock.settimeout(timeout)
        try:
            self._sock.connect(path)
        except OSError:
            self._sock.close()
            raise
        self._buf = bytearray()
        self._pos = 0

    def call(self, *args: Any) -> Any:
        if self._pos == len(self._buf):
            self._buf.clear()
            self._pos = 0
        self._sock.sendall(_encode(args))
        return self._reply()

    def settimeout(self, timeout: float | None) -> None:
        self._sock.settimeout(timeout)

    def _fill(self) -> None:
        if self._pos > 1 << 20:
            del self._buf[:self._pos]
            self._pos = 0
        chunk = self._sock.recv(1 << 16)
        if not chunk:
            raise ConnectionError(f"the server at {self.path} closed the connection")
        self._buf += chunk

    def _line(self) -> bytes:
        while True:
            i = self._buf.find(b"\r\n", self._pos)
            if i >= 0:
                line = bytes(self._buf[self._pos:i])
                self._pos = i + 2
                return line
            self._fill()

    def _reply(self) -> Any:
        line = self._line()
        kind, rest = line[:1], line[1:]
        if kind == b"$":
            n = int(rest)
            if n < 0:
                return None
            while len(self._buf) - self._pos < n + 2:
                self._fill()
            data = bytes(self._buf[self._pos:self._pos + n])
            self._pos += n + 2
            return data.decode("utf-8", "surrogateescape")
        if kind == b"*":
            n = int(rest)
            if n < 0:
                return None
            items, error = [], None
            for _ in range(n):  # read the whole reply even if part of it is an error
                try:
                    items.append(self._reply())
                except RespError as e:
                    error = error or e
            if error is not None:
                raise error
            return items
        if kind == b":":
            return int(rest)
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise RespError(rest.decode("utf-8", "replace"))
        raise ConnectionError(f"unexpected reply from {self.path}: {line[:40]!r}")

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._sock.close()


def parse_info(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in text.splitlines():
        if ":" in line and not line.startswith("#"):
            k, v = line.split(":", 1)
            out[k] = v.strip()
    return out


def wait_for_bgsave(call: Callable[..., Any], timeout: float = 600.0) -> bool:
    """Wait while the server writes its data file in the background (BGSAVE); True once
    none is running. Whoever stops the server waits here first, so a save a load started
    is never cut short."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        raw = call("INFO", "persistence")
        text = raw.decode() if isinstance(raw, bytes) else str(raw)
        if parse_info(text).get("rdb_bgsave_in_progress", "0") == "0":
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)


def cypher_literal(value: Any) -> str:
    """A parameter value as FalkorDB's `CYPHER name=value` header wants it."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("a Cypher parameter cannot hold a NUL character (\\x00): the "
                             "server would cut the query there")
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"a Cypher parameter cannot be {value!r}: Cypher has no literal for it")
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        parts = []
        for k, v in value.items():
            key = str(k)
            if not key or "`" in key:
                raise ValueError(f"a map key cannot be empty or hold a backtick: {key!r}")
            parts.append(f"`{key}`:{cypher_literal(v)}")
        return "{" + ",".join(parts) + "}"
    raise TypeError(f"cannot pass a {type(value).__name__} as a Cypher parameter")


def with_params(query: str, params: dict[str, Any] | None) -> str:
    """`query` with its parameters in FalkorDB's header: values as literals, names checked."""
    if not params:
        return query
    for k in params:
        if not (isinstance(k, str) and k.isidentifier() and k.isascii()):
            raise ValueError(f"a Cypher parameter name must be a plain identifier, not {k!r}")
    head = " ".join(f"{k}={cypher_literal(v)}" for k, v in params.items())
    return f"CYPHER {head} {query}"


def _value(cell: list[Any]) -> Any:
    t, v = cell
    if t == 1:
        return None
    if t in (2, 3):  # string, integer
        return v
    if t == 4:
        return v == "true"
    if t == 5:
        return float(v)
    if t == 6:
        return [_value(x) for x in v]
    if t == 10:
        return {v[i]: _value(v[i + 1]) for i in range(0, len(v), 2)}
    raise NeedsFullClient(t)


def compact_rows(reply: list[Any]) -> list[dict[str, Any]]:
    """Rows of a `--compact` reply ([header, rows, stats], or [stats] for no result set)."""
    if len(reply) < 3:
        return []
    names = [h[1] for h in reply[0]]
    return [dict(zip(names, (_value(c) for c in row), strict=True)) for row in reply[1]]


