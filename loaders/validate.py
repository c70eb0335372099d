"""Read a seeds folder and check every record against the model.

All problems are collected in one pass; nothing is loaded when any is found.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accountable.graph.dates import BoundsError, DateError, derive_bounds, parse_prefix
from accountable.graph.model import SCHEMA, Model, Prop, Schema, load_model
from accountable.loaders.yamlio import YamlError, read_yaml, too_large

from accountable.errors import ValidationFailed  # noqa: F401 - re-exported

ID_RE = re.compile(r"^[a-z]+:[a-z0-9][a-z0-9._:-]*$")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u00a0": " "})
BOUND_FIELDS = ("start", "end", "start_after", "start_before", "end_after", "end_before")
# Review bookkeeping any record may carry (written by `accountable draft`), never loaded:
# `draft: true` marks a record nobody has reviewed yet (refused until the line is deleted);
# `found_by` names the drafting rule that proposed it (kept as provenance, harmless once
# reviewed: the loader only reads the model's properties); `existing: true` says the record
# adds citations to an entity defined elsewhere under the same id (merged, not a duplicate).
REVIEW_KEYS = ("draft", "found_by", "existing")


def normalise(text: str) -> str:
    """Fold whitespace runs and typographic quotes: the only differences a quote may have."""
    return " ".join(text.translate(_QUOTES).split())


@dataclass(frozen=True)
class Problem:
    """One validation error: where, what, and how to fix it."""

    file: str
    line: int | None
    record: str | None
    field: str | None
    message: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        who = " ".join(x for x in (self.record, f"field '{self.field}'" if self.field else None)
                       if x)
        return f"{where}: {who + ': ' if who else ''}{self.message}. Fix: {self.fix}"

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "record": self.record,
                "field": self.field, "message": self.message, "fix": self.fix}


@dataclass
class Record:
    """A parsed record with where it came from."""

    schema: Schema
    id: str
    data: dict[str, Any]
    file: str
    line: int

    def line_of(self, key: str) -> int:
        return self.data.get("__lines__", {}).get(key, self.line)


@dataclass
class SeedSet:
    """Everything read from a seeds folder, with the problems found."""

    root: Path
    records: list[Record] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    # the `existing: true` records, already merged into the records they name
    additions: list[Record] = field(default_factory=list)
    # probable duplicates (`probable_duplicates`): reported, never refused
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def by_id(self) -> dict[str, Record]:
        return {r.id: r for r in self.records}


def _closest(word: str, options: list[str]) -> str:
    near = difflib.get_close_matches(word, options, n=3, cutoff=0.5)
    return f"did you mean {', '.join(near)}?" if near else f"use one of: {', '.join(options)}"


class _Checker:
    def __init__(self, root: Path, model: Model,
                 progress: Callable[[str, int, int], None] | None = None) -> None:
        self.root = root
        self.model = model
        self.seeds = SeedSet(root=root)
        self.progress = progress

    def tick(self, what: str, done: int, total: int, every: int) -> None:
        """Report progress on long work (a million facts take minutes to read and check)."""
        if self.progress is not None and (done % every == 0 or done == total):
            self.progress(what, done, total)

    def problem(self, file: str, line: int | None, record: str | None, fld: str | None,
                message: str, fix: str) -> None:
        self.seeds.problems.append(Problem(file, line, record, fld, message, fix))

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    # reading -----------------------------------------------------------------
    def read(self) -> None:
        files = sorted(self.root.glob("*.yaml")) + sorted(self.root.glob("facts/**/*.yaml"))
        if not files:
            self.problem(str(self.root), None, None, None, "no .yaml files found",
                         "point --seeds at a folder holding sources.yaml and facts/*.yaml")
        seen: dict[str, Record] = {}
        for i, path in enumerate(files, 1):
            self.read_file(path, seen, self.seeds.additions)
            self.tick("reading the facts files", i, len(files), 20)
        for rec in self.seeds.additions:
            self.merge_existing(rec, seen)

    def read_file(self, path: Path, seen: dict[str, Record], additions: list[Record]) -> None:
        """Read one facts file: its records go to `seen` and the SeedSet (a duplicate id is a
        problem), its `existing: true` records to `additions` (merged after every file)."""
        name = self.rel(path)
        try:
            doc = read_yaml(path)
        except YamlError as e:
            self.problem(name, e.line, None, None, f"{e.kind}: {e}", e.fix or
                         "correct the YAML at that line (indentation, quotes, colons)")
            return
        if doc is None:
            return
        if not isinstance(doc, list):
            self.problem(name, 1, None, None, "the file is not a list of records",
                         "start each record with '- schema: ...'")
            return
        for item in doc:
            rec = self.read_record(name, item)
            if rec is None:
                continue
            if rec.data.get("existing") is True:
                additions.append(rec)
                continue
            if rec.id in seen:
                first = seen[rec.id]
                self.problem(name, rec.line, rec.id, "id",
                             f"duplicate id: also defined at {first.file}:{first.line}",
                             "give each record its own id, or merge the two records")
                continue
            seen[rec.id] = rec
            self.seeds.records.append(rec)

    def merge_existing(self, rec: Record, seen: dict[str, Record]) -> None:
        """An `existing: true` record adds its citations to the record with its id."""
        if rec.data.get("draft") is True:
            self.refuse_draft(rec)
        target = seen.get(rec.id)
        if target is None:
            self.problem(rec.file, rec.line_of("existing"), rec.id, "existing",
                         "marked existing, but no record with this id is defined",
                         "delete 'existing: true' and give the record its fields, or fix the id")
            return
        if target.schema.name != rec.schema.name:
            self.problem(rec.file, rec.line, rec.id, "schema",
                         f"marked existing, but {rec.id} is a {target.schema.name} "
                         f"({target.file}:{target.line})", f"write 'schema: {target.schema.name}'")
            return
        cites = rec.data.get("sources")
        if not isinstance(cites, list):
            return
        merged = target.data.setdefault("sources", [])
        if not isinstance(merged, list):
            return
        for cite in cites:
            if isinstance(cite, dict):
                cite = {**cite, "__file__": rec.file}  # problems name the file it came from
            merged.append(cite)

    def refuse_draft(self, rec: Record) -> None:
        self.problem(rec.file, rec.line_of("draft"), rec.id, "draft",
                     "unreviewed draft record (draft: true)",
                     "check it against the article, fix or delete what is wrong, then delete "
                     "the 'draft: true' line")

    def read_record(self, file: str, item: Any) -> Record | None:
        if not isinstance(item, dict):
            self.problem(file, None, None, None, f"a record must be a mapping, got {item!r}",
                         "write each record as '- schema: X' followed by 'id: ...' and fields")
            return None
        line = item.get("__line__", 0)
        lines = item.get("__lines__", {})
        sname = item.get("schema")
        rid = item.get("id")
        if sname not in self.model.schemata:
            self.problem(file, lines.get("schema", line), rid if isinstance(rid, str) else None,
                         "schema", f"unknown schema {sname!r}",
                         _closest(str(sname), list(self.model.schemata)))
            return None
        schema = self.model.schemata[sname]
        if not isinstance(rid, str) or not ID_RE.match(rid):
            self.problem(file, lines.get("id", line), None, "id",
                         f"missing or malformed id {rid!r}",
                         f"use a lowercase slug such as '{schema.prefix}:some-name'")
            return None
        if rid.split(":", 1)[0] != schema.prefix:
            self.problem(file, lines.get("id", line), rid, "id",
                         f"a {sname} id must start with '{schema.prefix}:'",
                         f"rename it '{schema.prefix}:{rid.split(':', 1)[-1]}'")
            return None
        return Record(schema, rid, item, file, line)

    # sources -----------------------------------------------------------------
    def read_texts(self) -> None:
        sources = sum(rec.schema.kind == "source" for rec in self.seeds.records)
        done = 0
        for rec in self.seeds.records:
            if rec.schema.kind != "source":
                continue
            done += 1
            self.tick("reading the articles", done, sources, 500)
            f = rec.data.get("file")
            if not isinstance(f, str):
                continue  # reported as a missing required field
            path = self.root / f
            if not path.is_file():
                self.problem(rec.file, rec.line_of("file"), rec.id, "file",
                             f"no such file {self.rel(path)}",
                             "put the article's text under seeds/sources/ and name it here")
                continue
            big = too_large(path)
            if big:
                self.problem(self.rel(path), None, rec.id, "file", big,
                             "an article's text should be a few hundred KiB at most")
                continue
            data = path.read_bytes()
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError as e:
                line = data.count(b"\n", 0, e.start) + 1
                self.problem(self.rel(path), line, rec.id, "file",
                             f"not UTF-8 text: byte 0x{data[e.start]:02x} at byte offset "
                             f"{e.start} ({e.reason})",
                             "save the article as UTF-8 (e.g. `iconv -f cp1252 -t utf-8`)")
                continue
            self.seeds.texts[rec.id] = normalise(text)

    # checking ----------------------------------------------------------------
    def check(self, ids: dict[str, Any] | None = None) -> None:
        """Check every record; `ids` (default: the records read) is what a ref may name:
        anything with a `.schema`."""
        ids = self.seeds.by_id() if ids is None else ids
        total = len(self.seeds.records)
        for i, rec in enumerate(self.seeds.records, 1):
            self.tick("checking the records", i, total, 5000)
            self.check_fields(rec, ids)
            if rec.schema.cited or (rec.schema.kind == "conflict" and "sources" in rec.data):
                self.check_citations(rec, ids)  # a conflict may cite the words that clash
            elif "sources" in rec.data:
                self.problem(rec.file, rec.line_of("sources"), rec.id, "sources",
                             "a Source does not cite sources", "remove the 'sources' field")
            if rec.schema.name in (SCHEMA.tenure, SCHEMA.contract):
                self.check_bounds(rec)

    def check_fields(self, rec: Record, ids: dict[str, Record]) -> None:
        allowed = (set(rec.schema.props) | set(REVIEW_KEYS)
                   | {"schema", "id", "sources", "__line__", "__lines__"})
        if rec.data.get("draft") is True:
            self.refuse_draft(rec)
        elif "draft" in rec.data and rec.data["draft"] is not False:
            self.problem(rec.file, rec.line_of("draft"), rec.id, "draft",
                         f"expected true or false, got {rec.data['draft']!r}",
                         "delete the 'draft' line once the record is reviewed")
        found_by = rec.data.get("found_by")
        if found_by is not None and not isinstance(found_by, str):
            self.problem(rec.file, rec.line_of("found_by"), rec.id, "found_by",
                         f"expected text, got {found_by!r}",
                         "write the drafting rule's name as text, or delete the line")
        for key in rec.data:
            if key not in allowed:
                self.problem(rec.file, rec.line_of(key), rec.id, key,
                             f"{rec.schema.name} has no field {key!r}",
                             _closest(key, sorted(set(rec.schema.props) | {"sources"})))
        for prop in rec.schema.props.values():
            value = rec.data.get(prop.name)
            if value is None:
                if prop.required:
                    self.problem(rec.file, rec.line, rec.id, prop.name,
                                 f"required field {prop.name!r} is missing",
                                 f"add '{prop.name}: ...' ({prop.type})")
                continue
            msg, fix = self.check_value(prop, value, ids)
            if msg:
                self.problem(rec.file, rec.line_of(prop.name), rec.id, prop.name, msg, fix)

    def check_value(self, prop: Prop, value: Any, ids: dict[str, Record]) -> tuple[str, str]:
        base, arg = prop.base, prop.arg
        if base in ("string", "text"):
            if not isinstance(value, str) or not value.strip():
                return f"expected text, got {value!r}", "write it as a quoted string"
        elif base == "strings":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                return f"expected a list of text, got {value!r}", "write [\"a\", \"b\"]"
        elif base == "int":
            if not isinstance(value, int) or isinstance(value, bool):
                return f"expected a whole number, got {value!r}", "write digits only, e.g. 30"
        elif base == "number":
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                return f"expected a number, got {value!r}", "write digits only, e.g. 1150000"
        elif base == "date":
            try:
                parse_prefix(value)
            except DateError as e:
                return f"impossible date: {e}", "give a real date as YYYY, YYYY-MM or YYYY-MM-DD"
        elif base == "vocab":
            words = self.model.vocab(arg or "")
            if value not in words:
                return f"{value!r} is not a {arg} word", _closest(str(value), words)
        elif base == "ref":
            return self.check_ref(value, arg, ids)
        elif base == "refs":
            if not isinstance(value, list) or len(value) < 2:
                return "expected a list of two or more ids", "write [id-a, id-b]"
            for v in value:
                msg, fix = self.check_ref(v, None if arg == "*" else arg, ids)
                if msg:
                    return msg, fix
        elif base == "involvement":
            if not isinstance(value, list):
                return "expected a list of {id, as}", "write '- {id: person:x, as: subject}'"
            for item in value:
                if not isinstance(item, dict) or not isinstance(item.get("as"), str):
                    return (f"each involvement needs an id and an 'as' role, got {item!r}",
                            "write '- {id: person:x, as: subject}'")
                msg, fix = self.check_ref(item.get("id"), None, ids)
                if msg:
                    return msg, fix
        return "", ""

    def check_ref(self, value: Any, schema: str | None,
                  ids: dict[str, Record]) -> tuple[str, str]:
        if not isinstance(value, str) or value not in ids:
            near = difflib.get_close_matches(str(value), list(ids), n=3, cutoff=0.6)
            hint = f"did you mean {', '.join(near)}?" if near else "define that record first"
            return f"unknown id {value!r}", hint
        if schema and ids[value].schema.name != schema:
            return (f"{value!r} is a {ids[value].schema.name}, not a {schema}",
                    f"name a {schema} id here")
        return "", ""

    def check_citations(self, rec: Record, ids: dict[str, Record]) -> None:
        cites = rec.data.get("sources")
        if not isinstance(cites, list) or not cites:
            self.problem(rec.file, rec.line_of("sources"), rec.id, "sources",
                         "no source cited: every fact needs a source and the quoted words",
                         "add 'sources: [{source: source:NNN, quote: \"...\", "
                         "certainty: stated}]'")
            return
        for i, cite in enumerate(cites):
            fld = f"sources[{i}]"
            if not isinstance(cite, dict):
                self.problem(rec.file, rec.line_of("sources"), rec.id, fld,
                             "a citation must be a mapping", "write {source, quote, certainty}")
                continue
            line = cite.get("__line__", rec.line_of("sources"))
            key_lines = cite.get("__lines__", {})
            file = cite.get("__file__", rec.file)
            for key in cite:
                if key not in self.model.citation and not key.startswith("__"):
                    self.problem(file, line, rec.id, f"{fld}.{key}",
                                 f"a citation has no field {key!r}",
                                 _closest(key, list(self.model.citation)))
            for prop in self.model.citation.values():
                value = cite.get(prop.name)
                if value is None:
                    if prop.required:
                        self.problem(file, line, rec.id, f"{fld}.{prop.name}",
                                     f"the citation has no {prop.name!r}",
                                     f"add '{prop.name}: ...'")
                    continue
                msg, fix = self.check_value(prop, value, ids)
                if msg:
                    self.problem(file, key_lines.get(prop.name, line), rec.id,
                                 f"{fld}.{prop.name}", msg, fix)
            src, quote = cite.get("source"), cite.get("quote")
            if (isinstance(quote, str) and src in self.seeds.texts
                    and normalise(quote) not in self.seeds.texts[src]):
                self.problem(file, key_lines.get("quote", line), rec.id, f"{fld}.quote",
                             f"quote not in the source {src} "
                             f"({ids[src].data.get('file')}): {quote[:80]!r}",
                             "copy the words exactly from the article; only whitespace and "
                             "typographic quotes may differ")

    def check_bounds(self, rec: Record) -> None:
        values = {k: rec.data.get(k) for k in BOUND_FIELDS}
        try:
            for v in values.values():
                if v is not None:
                    parse_prefix(v)
        except DateError:
            return  # already reported against the field
        months = rec.data.get("months")
        try:
            derive_bounds(**{k: str(v) if v is not None else None for k, v in values.items()},
                          months=months if isinstance(months, int) else None)
        except BoundsError as e:
            self.problem(rec.file, rec.line_of(e.field), rec.id, e.field,
                         f"end before start: {e}",
                         "check the dates against the quotes; an end cannot precede a start")


def read_seeds(root: Path, model: Model | None = None,
               progress: Callable[[str, int, int], None] | None = None) -> SeedSet:
    """Read and check a seeds folder. The result's `problems` lists everything wrong; its
    `warnings` the probable duplicates. `progress(what, done, total)` hears how far it is."""
    checker = _Checker(root, model or load_model(), progress)
    checker.read()
    checker.read_texts()
    checker.check()
    checker.seeds.warnings = probable_duplicates(checker.seeds)
    return checker.seeds


# probable duplicates ---------------------------------------------------------------------

def probable_duplicates(seeds: SeedSet) -> list[Problem]:
    """Records that probably say the same thing twice, each naming both (file, line, id):
    two sources with the same text; two people of the same name holding posts in one
    organisation; two inspections of one organisation whose dates overlap, of the same kind
    (or one of kind `other`), with no Conflict between them.

    Warnings, not errors: namesakes exist, and two inspections can share a month. Two
    records a Conflict names together are never reported (the facts know about both)."""
    conflicts: set[frozenset[str]] = set()
    for rec in seeds.records:
        between = rec.data.get("between") if rec.schema.kind == "conflict" else None
        if isinstance(between, list):
            ids = [b for b in between if isinstance(b, str)]
            conflicts |= {frozenset((a, b)) for i, a in enumerate(ids) for b in ids[i + 1:]}
    out: list[Problem] = []
    for first, later, message, fix in (_same_text(seeds) + _same_name_in_org(seeds)
                                       + _overlapping_inspections(seeds)):
        if frozenset((first.id, later.id)) in conflicts:
            continue
        out.append(Problem(later.file, later.line, later.id, None,
                           f"probable duplicate of {first.id} ({first.file}:{first.line}): "
                           f"{message}", fix))
    return out


_Pair = tuple[Record, Record, str, str]


def _same_text(seeds: SeedSet) -> list[_Pair]:
    ids = seeds.by_id()
    first: dict[str, Record] = {}
    out: list[_Pair] = []
    for sid, text in seeds.texts.items():
        key = text.lstrip("\ufeff ")
        rec = ids.get(sid)
        if not key or rec is None:
            continue
        if key not in first:
            first[key] = rec
            continue
        other = first[key]
        out.append((other, rec, f"{sid} ({rec.data.get('file')}) has the same text as "
                                f"{other.id} ({other.data.get('file')})",
                    f"one article is one Source: cite {other.id} instead of {sid} (change "
                    f"'source: {sid}' to 'source: {other.id}' in the citations) and delete "
                    f"{sid} and its file"))
    return out


def _same_name_in_org(seeds: SeedSet) -> list[_Pair]:
    from accountable.loaders.names import normalise_name

    ids = seeds.by_id()
    orgs_of: dict[str, set[str]] = {}
    for rec in seeds.records:
        if rec.schema.name == SCHEMA.tenure:
            person, post = rec.data.get("person"), ids.get(str(rec.data.get("post")))
            org = post.data.get("in") if post is not None else None
            if isinstance(person, str) and isinstance(org, str):
                orgs_of.setdefault(person, set()).add(org)
    seen: dict[tuple[str, str], Record] = {}
    out: list[_Pair] = []
    reported: set[frozenset[str]] = set()
    for rec in seeds.records:
        if rec.schema.name != SCHEMA.person or rec.id not in orgs_of:
            continue
        names = {normalise_name(str(rec.data.get("name", "")))}
        aliases = rec.data.get("aliases")
        if isinstance(aliases, list):  # a full name, not "Cllr Cooper"
            names |= {n for n in (normalise_name(str(a)) for a in aliases) if " " in n}
        names.discard("")
        for org in sorted(orgs_of[rec.id]):
            for name in sorted(names):
                other = seen.setdefault((org, name), rec)
                pair = frozenset((other.id, rec.id))
                if other is rec or pair in reported:
                    continue
                reported.add(pair)
                out.append((other, rec, f"both are named {name!r} and hold posts in {org}",
                            f"if they are one person, keep {other.id}: move {rec.id}'s "
                            f"aliases, citations and tenures to it and delete {rec.id}; if "
                            "they are namesakes, leave both (this is a warning)"))
    return out


def _overlapping_inspections(seeds: SeedSet) -> list[_Pair]:
    from accountable.graph.dates import record_window

    by_org: dict[str, list[tuple[str, str, Record]]] = {}
    order = {rec.id: i for i, rec in enumerate(seeds.records)}
    for rec in seeds.records:
        if rec.schema.name != SCHEMA.inspection:
            continue
        w = record_window(rec.data)  # None: undated, or a bad date reported on its field
        org = rec.data.get("organisation")
        if w and isinstance(org, str):
            by_org.setdefault(org, []).append((w[0], w[1], rec))
    out: list[_Pair] = []
    for org, items in by_org.items():
        items.sort(key=lambda x: (x[0], x[1]))
        for i, (a_from, a_to, a) in enumerate(items):
            for b_from, b_to, b in items[i + 1:]:
                if b_from > a_to:
                    break
                kinds = {a.data.get("kind"), b.data.get("kind")}
                if len(kinds) > 1 and "other" not in kinds:
                    continue  # two kinds of inspection: two inspections
                first, later = (a, b) if order[a.id] < order[b.id] else (b, a)
                out.append((first, later, f"both inspect {org} over overlapping dates "
                                          f"({b_from}..{b_to} and {a_from}..{a_to})",
                            "if they are one inspection, merge them: keep one id, point the "
                            "other's judgements and events at it, move its citations there "
                            "and delete it; if they are two and the sources disagree, record "
                            f"a Conflict between {a.id} and {b.id}"))
    return out
