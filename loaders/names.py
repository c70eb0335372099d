"""Matching a name to an entity already in the facts: one rule for the drafter and the importer.

A person, organisation or post found in an article or a spreadsheet keeps the id it already
has when its name matches that entity's id, name or one of its aliases, ignoring case,
honorifics (Cllr, Councillor, Mr, Ms, Dr, ...), typographic quotes and punctuation; small
spelling differences match too (a similarity ratio of at least 0.9 on the normalised names,
and never across schemata). New entities get an id built from the name that does not collide.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accountable.graph.model import SCHEMA

HONORIFICS = (
    "councillor", "cllr", "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir",
    "dame", "lord", "lady", "baroness", "rt hon", "the rt hon", "right honourable", "hon",
    "rev", "revd", "reverend",
)
_HONORIFIC_RE = re.compile(
    r"^(?:(?:" + "|".join(re.escape(h) for h in sorted(HONORIFICS, key=len, reverse=True))
    + r")\.?\s+)+",
    re.IGNORECASE,
)
SIMILAR = 0.9


def strip_honorifics(name: str) -> str:
    """`Cllr Simon Hackett` -> `Simon Hackett`."""
    return _HONORIFIC_RE.sub("", name.strip()).strip()


def normalise_name(name: str) -> str:
    """Lower case, no accents, honorifics, quotes or punctuation; single spaces."""
    n = unicodedata.normalize("NFKD", name)
    n = "".join(c for c in n if not unicodedata.combining(c))
    n = n.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", "").replace("\u201d", "")
    n = strip_honorifics(n)
    n = re.sub(r"[^\w\s'-]", " ", n.lower()).replace("'", "")
    return re.sub(r"\s+", " ", n).strip()


def slug(name: str) -> str:
    """`Simon O'Hackett Jr.` -> `simon-ohackett-jr`: the part of an id after its prefix."""
    return re.sub(r"[^a-z0-9]+", "-", normalise_name(name)).strip("-") or "unnamed"


@dataclass
class Known:
    """One entity already in the facts."""

    id: str
    schema: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass
class FactRecord:
    """Any record already in the facts, with where it is defined (for matching drafts)."""

    id: str
    schema: str
    data: dict[str, Any]
    file: str = ""
    line: int = 0

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.file else self.id


@dataclass
class EntityIndex:
    """Names of known entities, for finding the id a new mention should reuse; with
    `records` (every record) and `texts` (each Source's normalised text) the drafter also
    recognises sources, inspections, events and the rest the facts already hold
    (`loaders/draft/match.py`)."""

    by_schema: dict[str, list[Known]] = field(default_factory=dict)
    ids: set[str] = field(default_factory=set)
    records: dict[str, FactRecord] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    root: Path | None = None

    def add(self, known: Known) -> None:
        self.by_schema.setdefault(known.schema, []).append(known)
        self.ids.add(known.id)

    @classmethod
    def from_records(cls, records: Iterable[object]) -> EntityIndex:
        """Index validated seed records (`loaders.validate.Record`): people, orgs, posts."""
        index = cls()
        for rec in records:
            schema = getattr(rec, "schema", None)
            schema = getattr(schema, "name", schema)  # a model Schema, or its name
            rid = getattr(rec, "id", None)
            data = getattr(rec, "data", {}) or {}
            if not rid:
                continue
            index.ids.add(rid)
            index.records.setdefault(rid, FactRecord(
                rid, str(schema), data, str(getattr(rec, "file", "") or ""),
                int(getattr(rec, "line", 0) or 0)))
            if schema not in (SCHEMA.person, SCHEMA.organisation, SCHEMA.post):
                continue
            name = data.get("name") or data.get("title") or ""
            index.add(Known(rid, schema, str(name), tuple(str(a) for a in data.get("aliases")
                                                            or ())))
        return index

    @classmethod
    def from_seeds(cls, seeds: Any) -> EntityIndex:
        """Index a read facts folder (`loaders.validate.SeedSet`): every record, and the
        text of every source, so an article already registered is recognised."""
        index = cls.from_records(seeds.records)
        index.texts = dict(seeds.texts)
        index.root = Path(seeds.root)
        return index

    def find(self, schema: str, name: str) -> Known | None:
        """The known entity of this schema that `name` names, or None.

        Exact matches (after normalising) on id, name or alias win; otherwise the closest
        name at or above the similarity threshold, when exactly one is that close.
        """
        want = normalise_name(name)
        if not want:
            return None
        candidates = self.by_schema.get(schema, [])
        for k in candidates:
            if name.strip().lower() == k.id.lower():
                return k
            if want in {normalise_name(n) for n in (k.name, *k.aliases)}:
                return k
        scored = []
        for k in candidates:
            best = max(difflib.SequenceMatcher(None, want, normalise_name(n)).ratio()
                       for n in (k.name, *k.aliases))
            if best >= SIMILAR:
                scored.append((best, k))
        scored.sort(key=lambda s: -s[0])
        if len(scored) == 1 or (len(scored) > 1 and scored[0][0] > scored[1][0]):
            return scored[0][1]
        return None

    def new_id(self, prefix: str, name: str, *parts: str) -> str:
        """An id `prefix:slug[:part...]` not yet used; `-2`, `-3`, ... on collision."""
        base = ":".join([prefix, *[slug(p) for p in parts], slug(name)])
        candidate, n = base, 2
        while candidate in self.ids:
            candidate, n = f"{base}-{n}", n + 1
        self.ids.add(candidate)
        return candidate
