"""A spreadsheet of tenures (CSV) read into YAML facts in the seeds' format.

One row per tenure and cited source: who (person), which post (post title, organisation),
when (start, end, and optionally the bounds `start after` ... `end before`), and where it is
said (source, quote, certainty). Rows naming the same tenure (the same `id`, or the same
person, post and dates) become one Tenure citing each row's source.

People, organisations and posts are matched to those already in the seeds by the shared
rules in `loaders/names.py`; a post title is mapped to a post kind by `loaders/titles.py`, the
drafter's rules. What matches nothing becomes a new record citing the row's source.

Every problem is reported with its row (the header is row 1, as a spreadsheet numbers it)
and column; nothing is written when there is any. The result is validated together with the
seeds (quotes verbatim in the source text, dates, vocabularies) before it is written.
"""

from __future__ import annotations

import csv
import difflib
import io
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from accountable.graph.dates import BoundsError, DateError, derive_bounds, parse_prefix
from accountable.graph.model import SCHEMA, Model, load_model
from accountable.loaders.names import EntityIndex, Known
from accountable.loaders.titles import post_kind
from accountable.loaders.validate import ID_RE, SeedSet, normalise, read_seeds

from accountable.errors import ImportFailed  # noqa: F401 - re-exported

REQUIRED = ("person", "post title", "organisation", "start", "end", "source", "quote",
            "certainty")
OPTIONAL = ("start after", "start before", "end after", "end before", "ended by", "note", "id",
            "organisation kind")
SHEET_COLUMNS = REQUIRED + OPTIONAL
DATE_COLUMNS = ("start", "end", "start after", "start before", "end after", "end before")
# spreadsheet column -> Tenure property
TENURE_FIELDS = {"start": "start", "end": "end", "start after": "start_after",
                 "start before": "start_before", "end after": "end_after",
                 "end before": "end_before", "ended by": "ended_by"}
DELIMITERS = ((";", "semicolons"), ("\t", "tabs"), ("|", "vertical bars"))


@dataclass(frozen=True)
class RowProblem:
    """One thing wrong with the spreadsheet: which row and column, what, and how to fix it."""

    file: str
    row: int | None
    column: str | None
    message: str
    fix: str

    def __str__(self) -> str:
        where = ", ".join(x for x in (f"row {self.row}" if self.row else None,
                                      f"column '{self.column}'" if self.column else None) if x)
        return f"{self.file}: {where + ': ' if where else ''}{self.message}. Fix: {self.fix}"

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "row": self.row, "column": self.column,
                "message": self.message, "fix": self.fix}


@dataclass
class SheetImport:
    """What a spreadsheet becomes: records to write, what was matched, and problems."""

    file: str
    records: list[dict[str, Any]] = field(default_factory=list)
    matched: dict[str, str] = field(default_factory=dict)  # name in the sheet -> known id
    created: dict[str, list[str]] = field(default_factory=dict)  # schema -> new ids
    problems: list[RowProblem] = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> dict[str, Any]:
        return {"file": self.file, "rows": self.rows, "ok": self.ok,
                "tenures": len([r for r in self.records if r["schema"] == SCHEMA.tenure]),
                "created": self.created, "matched": self.matched,
                "problems": [p.as_dict() for p in self.problems]}


def column_name(header: str) -> str:
    """`Post_Title ` -> `post title`: headers match ignoring case, `_`, `-` and spaces."""
    return " ".join(header.replace("_", " ").replace("-", " ").lower().split())


def _closest(word: str, options: list[str] | tuple[str, ...]) -> str:
    near = difflib.get_close_matches(word, list(options), n=3, cutoff=0.5)
    return f"did you mean {', '.join(near)}?" if near else f"use one of: {', '.join(options)}"


class _Reader:
    def __init__(self, path: Path, seeds_root: Path, model: Model) -> None:
        self.path = path
        self.root = seeds_root
        self.model = model
        self.result = SheetImport(file=str(path))
        self.seeds: SeedSet | None = None
        self.index = EntityIndex()
        self.posts: dict[str, EntityIndex] = {}   # org id -> its posts
        self.post_kinds: dict[str, str] = {}      # post id -> kind
        self.new: dict[str, dict[str, Any]] = {}  # id -> new entity record
        self.tenures: dict[Any, dict[str, Any]] = {}
        self.first_row: dict[str, int] = {}       # record id -> first row that made it

    def problem(self, row: int | None, column: str | None, message: str, fix: str) -> None:
        self.result.problems.append(RowProblem(self.path.name, row, column, message, fix))

    # the file as a whole -------------------------------------------------------------
    def read(self) -> SheetImport:
        try:
            text = self.path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as e:
            self.problem(None, None, f"not UTF-8 text ({e.reason} at byte {e.start})",
                         "save the spreadsheet as 'CSV UTF-8 (comma delimited)'")
            return self.result
        if not text.strip():
            self.problem(1, None, "the file is empty",
                         f"save the sheet as CSV with a header row: {', '.join(REQUIRED)}")
            return self.result
        try:
            rows = list(csv.reader(io.StringIO(text, newline="")))
        except csv.Error as e:
            self.problem(None, None, f"not readable as CSV: {e}",
                         "save the spreadsheet as 'CSV UTF-8 (comma delimited)'")
            return self.result
        header = rows[0]
        names = [column_name(h) for h in header]
        if not self.check_header(header, names):
            return self.result
        body = [(i, cells) for i, cells in enumerate(rows[1:], start=2)
                if any(c.strip() for c in cells)]
        if not body:
            self.problem(2, None, "no rows under the header",
                         "add one row per tenure and cited source")
            return self.result
        self.seeds = read_seeds(self.root, self.model)
        if not self.seeds.ok:
            self.problem(None, None, f"the seeds in {self.root} have "
                         f"{len(self.seeds.problems)} problem(s), so nothing can be matched",
                         "run `accountable validate --seeds` on them and fix those first")
            return self.result
        self.build_indexes()
        for i, cells in body:
            self.result.rows += 1
            if len(cells) != len(header):
                self.problem(i, None, f"{len(cells)} cells but the header has {len(header)}",
                             "quote cells that contain commas (\"...\"), one cell per column")
                continue
            self.read_row(i, dict(zip(names, (c.strip() for c in cells), strict=True)))
        if self.result.ok:
            self.result.records = [*self.new.values(), *self.tenures.values()]
            self.check_with_seeds()
        if not self.result.ok:
            self.result.records = []
        return self.result

    def check_header(self, header: list[str], names: list[str]) -> bool:
        missing = [c for c in REQUIRED if c not in names]
        if missing:
            for delim, what in DELIMITERS:
                if any(len(h.split(delim)) > 2 for h in header):
                    self.problem(1, None, f"the columns are separated by {what}, not commas",
                                 "save the sheet as comma-separated values (CSV UTF-8), or "
                                 "replace the delimiter with commas")
                    return False
        for c in missing:
            self.problem(1, c, "missing column",
                         f"add a column headed '{c}' (required: {', '.join(REQUIRED)})")
        seen: set[str] = set()
        for h, n in zip(header, names, strict=True):
            if n not in SHEET_COLUMNS:
                self.problem(1, h, "unknown column", _closest(n, SHEET_COLUMNS))
            elif n in seen:
                self.problem(1, h, "the column appears twice", "keep one of them")
            seen.add(n)
        return self.result.ok

    def build_indexes(self) -> None:
        assert self.seeds is not None
        self.index = EntityIndex.from_records(self.seeds.records)
        for rec in self.seeds.records:
            if rec.schema.name == SCHEMA.post:
                org = str(rec.data.get("in"))  # a Post's `in` is required
                self.posts.setdefault(org, EntityIndex()).add(
                    Known(rec.id, SCHEMA.post, str(rec.data.get("title"))))
                self.post_kinds[rec.id] = str(rec.data.get("kind"))

    # one row ------------------------------------------------------------------------
    def read_row(self, i: int, row: dict[str, str]) -> None:
        before = len(self.result.problems)
        for c in ("person", "post title", "organisation", "source", "quote", "certainty"):
            if not row.get(c):
                self.problem(i, c, "empty", f"give the {c} for this tenure")
        dates_ok = True
        for c in DATE_COLUMNS:
            if row.get(c):
                try:
                    parse_prefix(row[c])
                except DateError as e:
                    dates_ok = False
                    self.problem(i, c, f"bad date {row[c]!r}: {e}",
                                 "write a date as YYYY, YYYY-MM or YYYY-MM-DD")
        self.check_word(i, row, "certainty", "certainty")
        self.check_word(i, row, "ended by", "ended_by")
        self.check_word(i, row, "organisation kind", "organisation_kind")
        if dates_ok:
            try:
                dates: dict[str, Any] = {TENURE_FIELDS[c]: row.get(c) or None
                                         for c in DATE_COLUMNS}
                derive_bounds(**dates)
            except BoundsError as e:
                col = next((c for c, f in TENURE_FIELDS.items() if f == e.field), None)
                self.problem(i, col, f"end before start: {e}",
                             "check the dates against the quote")
        source = self.source(i, row.get("source", "")) if row.get("source") else None
        if source and row.get("quote"):
            assert self.seeds is not None
            if normalise(row["quote"]) not in self.seeds.texts.get(source, ""):
                file = self.seeds.by_id()[source].data.get("file")
                self.problem(i, "quote", f"not found verbatim in {source} ({file}): "
                             f"{row['quote'][:80]!r}",
                             "copy the words exactly from the article; only whitespace and "
                             "typographic quotes may differ")
        tid = row.get("id")
        if tid:
            assert self.seeds is not None
            if not ID_RE.match(tid) or not tid.startswith("tenure:"):
                self.problem(i, "id", f"{tid!r} is not a tenure id",
                             "write it as tenure:<person>:<post>, lower case, or leave it empty")
            elif tid in self.seeds.by_id():
                rec = self.seeds.by_id()[tid]
                self.problem(i, "id", f"{tid} is already in the seeds ({rec.file}:{rec.line})",
                             "leave the id empty to add a new tenure, or edit that record")
        if len(self.result.problems) > before or source is None:
            return
        self.add_tenure(i, row, source)

    def check_word(self, i: int, row: dict[str, str], column: str, vocab: str) -> None:
        value = row.get(column)
        words = self.model.vocab(vocab)
        if value and value not in words:
            self.problem(i, column, f"{value!r} is not a {vocab.replace('_', ' ')} word",
                         _closest(value, words))

    def source(self, i: int, value: str) -> str | None:
        """The Source id a cell names: a source id, its file name, or its file's path."""
        assert self.seeds is not None
        sources = [r for r in self.seeds.records if r.schema.name == SCHEMA.source]
        v = value.strip().replace("\\", "/")
        for r in sources:
            f = str(r.data.get("file") or "")
            if v == r.id or v == f or (f and Path(v).name == Path(f).name):
                return r.id
        if v.startswith(("http://", "https://")):
            self.problem(i, "source", f"no Source in the seeds is this URL: {v}",
                         "save the article's text under seeds/sources/, add a Source record "
                         "for it (seeds/README.md), and put its file name or source id here")
        else:
            names = [r.id for r in sources] + [str(r.data.get("file")) for r in sources]
            self.problem(i, "source", f"no Source in {self.root} has the id or file {v!r}",
                         _closest(v, names))
        return None

    # records --------------------------------------------------------------------------
    def cite(self, row: dict[str, str], source: str) -> dict[str, Any]:
        c = {"source": source, "quote": row["quote"], "certainty": row["certainty"]}
        if row.get("note"):
            c["note"] = row["note"]
        return c

    def entity(self, i: int, schema: str, name: str, make: dict[str, Any],
               row: dict[str, str], source: str, index: EntityIndex | None = None,
               prefix: str = "", parts: tuple[str, ...] = ()) -> str:
        """The id of the known entity `name` names, or of a new record citing this row."""
        known = (index or self.index).find(schema, name)
        if known is not None:
            self.result.matched.setdefault(f"{schema}: {name}", known.id)
            return known.id
        rid = self.index.new_id(prefix, name if not parts else parts[-1], *parts[:-1])
        record = {"schema": schema, "id": rid, **make, "sources": [self.cite(row, source)]}
        self.new[rid] = record
        self.first_row[rid] = i
        label = make.get("name") or make.get("title") or name
        (index or self.index).add(Known(rid, schema, str(label)))
        if index is not None:
            self.index.ids.add(rid)
        self.result.created.setdefault(schema, []).append(rid)
        return rid

    def add_tenure(self, i: int, row: dict[str, str], source: str) -> None:
        org_name = row["organisation"]
        org_kind = row.get("organisation kind") or (
            "council" if "council" in org_name.lower() else "other")
        org = self.entity(i, SCHEMA.organisation, org_name, {"name": org_name, "kind": org_kind},
                          row, source, prefix="org")
        posts = self.posts.setdefault(org, EntityIndex())
        title = row["post title"]
        kind = post_kind(title)
        post = None
        known = posts.find(SCHEMA.post, title)
        if known is None and kind != "other":
            same = [k for k in posts.by_schema.get(SCHEMA.post, [])
                    if self.post_kinds.get(k.id) == kind]
            if len(same) == 1:
                post = same[0].id
                self.result.matched.setdefault(f"Post: {title} ({org})", post)
        if post is None:
            short = org.split(":", 1)[1]
            post = self.entity(i, SCHEMA.post, title, {"title": title, "kind": kind, "in": org},
                               row, source, index=posts, prefix="post",
                               parts=(short, kind if kind != "other" else title))
            self.post_kinds.setdefault(post, kind)
        person = self.entity(i, SCHEMA.person, row["person"], {"name": row["person"]}, row, source,
                             prefix="person")
        fields = {TENURE_FIELDS[c]: row[c] for c in TENURE_FIELDS if row.get(c)}
        key = row.get("id") or (person, post, tuple(sorted(fields.items())))
        if key in self.tenures:
            t = self.tenures[key]
            for c, f in TENURE_FIELDS.items():
                if (row.get(c) or None) != t.get(f) or t["person"] != person \
                        or t["post"] != post:
                    first = self.first_row[t["id"]]
                    self.problem(i, c if (row.get(c) or None) != t.get(f) else "person",
                                 f"the tenure {t['id']} differs from row {first}",
                                 "give every row of one tenure the same person, post and dates")
                    return
            t["sources"].append(self.cite(row, source))
            return
        short_post = post.split(":", 1)[1].replace(":", " ")
        tid = row.get("id") or self.index.new_id("tenure", short_post, row["person"])
        self.index.ids.add(tid)
        self.tenures[key] = {"schema": SCHEMA.tenure, "id": tid, "person": person, "post": post,
                             **fields, "sources": [self.cite(row, source)]}
        self.first_row[tid] = i

    # the result against the seeds ------------------------------------------------------
    def check_with_seeds(self) -> None:
        """Validate the records together with the seeds, as `accountable validate` would."""
        with tempfile.TemporaryDirectory(prefix="accountable-import-") as tmp:
            copy = Path(tmp) / "seeds"
            shutil.copytree(self.root, copy)
            out = copy / "facts" / "__import__.yaml"
            out.parent.mkdir(exist_ok=True)
            out.write_text(dump(self.result.records), encoding="utf-8")
            for p in read_seeds(copy, self.model).problems:
                row = self.first_row.get(p.record or "")
                self.problem(row, p.field, f"{p.record}: {p.message}", p.fix)


def read_sheet(path: Path, seeds_root: Path, model: Model | None = None) -> SheetImport:
    """Read a tenure spreadsheet against the seeds in `seeds_root` (nothing is written)."""
    return _Reader(path, seeds_root, model or load_model()).read()


def dump(records: list[dict[str, Any]], header: str = "") -> str:
    """Records as YAML in the seeds' layout (one list; fields in the order given)."""
    body = yaml.safe_dump(records, sort_keys=False, allow_unicode=True, width=100,
                          default_flow_style=False)
    body = body.replace("\n- schema:", "\n\n- schema:")
    return (header + "\n" if header else "") + body


def import_sheet(path: Path, out: Path, seeds_root: Path, force: bool = False,
                 model: Model | None = None) -> SheetImport:
    """Read the spreadsheet and write its facts to `out`; raises ImportFailed, writing nothing,
    when any row is wrong."""
    result = read_sheet(path, seeds_root, model)
    if result.ok and out.exists() and not force:
        result.problems.append(RowProblem(path.name, None, None, f"{out} already exists",
                                          "choose another --out, or pass --force to replace"))
    if not result.ok:
        raise ImportFailed(result.problems)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(dump(result.records, f"# Imported by `accountable import-csv` from "
                                        f"{path.name}: {result.rows} rows."), encoding="utf-8")
    return result
