"""The canned questions: one `.cypher` file each, with a header naming its parameters.

Header lines (all `//` comments before the query):
    // name: holders_on_date
    // question: Who held each post ...?
    // param org_id: string = "org:sandwell"
    // param known_on: cut? = "2013-03-31"
Parameter types: string, date (an ISO prefix, passed as text), int, number, list, cut (an ISO
prefix passed as its last day: the known-on cut of graph/dates.py). A type ending in `?` is
optional: left out, it is NULL.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from accountable.graph.paths import cypher_dir
from accountable.graph.store import Store

_PARAM = re.compile(r"^param\s+(\w+)\s*:\s*(\w+)(\?)?(?:\s*=\s*(.+))?$")
_WRITE = re.compile(r"\b(CREATE|MERGE|DELETE|DETACH|SET|REMOVE|DROP|LOAD\s+CSV|FOREACH)\b",
                    re.IGNORECASE)


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    example: Any = None
    optional: bool = False


@dataclass(frozen=True)
class CannedQuery:
    name: str
    question: str
    text: str
    path: Path | None
    params: tuple[Param, ...] = field(default_factory=tuple)

    def coerce(self, raw: dict[str, Any]) -> dict[str, Any]:
        """Check parameter names; turn text (from `-p key=value`) into the declared types.

        Values that are not text (from the Python API) are passed as they are."""
        known = {p.name: p for p in self.params}
        unknown = set(raw) - set(known)
        if unknown:
            raise ValueError(f"{self.name} takes no parameter {', '.join(sorted(unknown))}; "
                             f"it takes: {', '.join(known) or 'none'}")
        out: dict[str, Any] = {}
        for p in self.params:
            if p.name not in raw and p.optional:
                out[p.name] = None
                continue
            if p.name not in raw:
                raise ValueError(f"{self.name} needs -p {p.name}=<{p.type}> "
                                 f"(for example {p.name}={json.dumps(p.example)})")
            value = raw[p.name]
            try:
                out[p.name] = _coerce(p, value) if isinstance(value, str) else value
            except ValueError as e:
                raise ValueError(f"{self.name}: parameter {p.name}={value!r} is not a "
                                 f"{p.type}: {e}") from None
        return out


def _coerce(p: Param, text: str) -> Any:
    if p.type == "int":
        return int(text)
    if p.type == "number":
        return float(text)
    if p.type == "list":
        value = json.loads(text) if text.strip().startswith("[") else \
            [t.strip() for t in text.split(",") if t.strip()]
        return value
    if p.type == "date":
        from accountable.graph.dates import parse_prefix
        parse_prefix(text)
    if p.type == "cut" and text.lower() != "null":
        from accountable.graph.dates import known_cut
        return known_cut(text)
    if text.lower() == "null":
        return None
    return text


def parse(path: Path) -> CannedQuery:
    return parse_text(path.read_text(encoding="utf-8"), path)


def parse_text(text: str, path: Path | None = None) -> CannedQuery:
    """A query and its `//` header (name, question, params); the header is optional."""
    meta: dict[str, str] = {}
    params: list[Param] = []
    body: list[str] = []
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("//") and not body:
            s = s[2:].strip()
            m = _PARAM.match(s)
            if m:
                example = json.loads(m.group(4)) if m.group(4) else None
                params.append(Param(m.group(1), m.group(2), example, bool(m.group(3))))
            elif ":" in s:
                k, v = s.split(":", 1)
                meta[k.strip()] = v.strip()
        else:
            body.append(line)
    name = meta.get("name") or (path.stem if path else "cypher")
    return CannedQuery(name=name, question=meta.get("question", ""),
                       text="\n".join(body).strip(), path=path, params=tuple(params))


@cache
def catalogue(folder: Path | None = None) -> dict[str, CannedQuery]:
    """Every canned query, by name."""
    folder = folder or cypher_dir()
    return {q.name: q for q in (parse(p) for p in sorted(folder.glob("*.cypher")))}


def get(name: str) -> CannedQuery:
    try:
        return catalogue()[name]
    except KeyError:
        import difflib
        near = difflib.get_close_matches(name, list(catalogue()), n=3)
        hint = f"did you mean {', '.join(near)}?" if near else "see `accountable query --list`"
        raise KeyError(f"no canned query named {name!r}; {hint}") from None


def run(store: Store, name: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Run a canned query read-only with its parameters (an optional one left out is NULL)."""
    q = get(name)
    given = dict(params or {})
    for p in q.params:
        if p.optional:
            given.setdefault(p.name, None)
    return store.read(q.text, given)


def looks_like_write(text: str) -> bool:
    """A quick check before sending user Cypher; the store's read-only mode is the real guard."""
    no_strings = re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", "''", text)
    no_comments = re.sub(r"//.*", "", no_strings)
    return bool(_WRITE.search(no_comments))
