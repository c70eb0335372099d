"""A load whose cost follows the change, not the size of the facts (sync by difference).

`build_by_file` is the full load's step: every record read and checked (`read_seeds`), the
rows built, and what the catalog (`graph/catalog.py`) keeps of each file.

`by_difference` is the step after an edit. The files to read are those whose bytes changed
(by the manifests) and the few their change reaches, through the catalog:

- files that reference an id that vanished or changed schema (their refs break, or their
  relationships change label), and files adding citations to it (`existing: true`);
- for every file read, the files holding the records its `existing: true` records add to
  (their citations change), and the additions other files make to its records (merged);
- the file defining a Source whose article text changed, and the files citing it (quotes);
- files holding a Tenure whose possible span changes (`graph.dates.tenure_spans`, run over
  every post a file read defines, or holds a tenure of, or names in a Conflict).

Those files are checked as `read_seeds` checks them, against the catalog for every id they
name elsewhere; a duplicate of an id defined in a file not read is found in the catalog.
If anything is wrong the caller runs the full `read_seeds`, so the problems reported are
exactly a full validation's. Probable duplicates (`validate`'s warnings) are not looked
for: a load never reported them.

The rows of the files read are compared with their fingerprints in the catalog: the
`Change` to write is theirs alone.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accountable.graph.catalog import Catalog, FileFacts
from accountable.graph.dataset import Dataset
from accountable.graph.dates import Bounds, TenureDates, tenure_spans
from accountable.graph.load import Change, _identity, fingerprints
from accountable.graph.model import SCHEMA, Model, load_model
from accountable.loaders.rows import _neighbour_spans, record_rows
from accountable.loaders.validate import (
    Record,
    SeedSet,
    ValidationFailed,
    _Checker,
    normalise,
)
from accountable.loaders.yamlio import too_large

BOUNDS = tuple(Bounds.__dataclass_fields__)
SPAN = ("span_from", "span_to", "span_from_by", "span_to_by")
Manifest = dict[str, list[Any]]


def is_fact_file(rel: str) -> bool:
    """A file `read_seeds` reads: `*.yaml` at the top of the folder or under `facts/`."""
    return rel.endswith(".yaml") and ("/" not in rel or rel.startswith("facts/"))


def file_order(rel: str) -> tuple[bool, tuple[str, ...]]:
    """The order `read_seeds` reads files in (top-level files first, then facts/**)."""
    return ("/" in rel, tuple(rel.split("/")))


def record_prefix(root: Path) -> str:
    """What `Record.file` (and so each node's `record_file`) puts before a path relative to
    `root` (`_Checker.rel`): the catalog's rows were built with it."""
    return _Checker(root, load_model()).rel(root / "x")[:-1]


def refs_of(rec: Record, merged: bool = False) -> set[str]:
    """The ids a record names: in its link fields and its citations (`merged`: also the
    citations other files' `existing: true` records added)."""
    out: set[str] = set()
    for prop in rec.schema.link_props:
        value = rec.data.get(prop.name)
        for v in value if isinstance(value, list) else [value]:
            if isinstance(v, dict):
                v = v.get("id")
            if isinstance(v, str):
                out.add(v)
    cites = rec.data.get("sources")
    for cite in cites if isinstance(cites, list) else []:
        if (isinstance(cite, dict) and (merged or "__file__" not in cite)
                and isinstance(cite.get("source"), str)):
            out.add(cite["source"])
    return out


def _facts(defs: list[Record], adds: list[Record], ds: Dataset,
           bounds: dict[str, tuple[Any, ...]], model: Model) -> FileFacts:
    """What the catalog keeps of one file, from its checked records and its rows."""
    shared = set(model.shared_post_kinds)
    ff = FileFacts(prints=fingerprints(ds))
    tenure_rows = {r["id"]: r["props"] for r in ds.nodes.get(SCHEMA.tenure, [])}
    for rec in defs:
        ff.defs.append((rec.id, rec.schema.name))
        ff.refs |= refs_of(rec)
        name = rec.schema.name
        if name == SCHEMA.tenure:
            props = tenure_rows[rec.id]
            ff.tenures.append((rec.id, str(rec.data["post"]), bounds[rec.id],
                               tuple(props.get(k) for k in SPAN)))
        elif name == SCHEMA.post:
            ff.posts.append((rec.id, rec.data.get("kind") in shared))
        elif rec.schema.kind == "conflict":
            between = rec.data["between"]
            ff.conflicts.extend((a, b) for i, a in enumerate(between) for b in between[i + 1:])
        elif rec.schema.kind == "source":
            ff.sources.append((rec.id, os.path.normpath(str(rec.data["file"]))))
    for rec in adds:
        ff.adds.add(rec.id)
        ff.refs |= refs_of(rec)
    return ff


def _own_bounds(ds: Dataset) -> dict[str, tuple[Any, ...]]:
    return {r["id"]: tuple(r["props"].get(k) for k in BOUNDS)
            for r in ds.nodes.get(SCHEMA.tenure, [])}


def build_by_file(seeds: SeedSet, files: Iterable[str],
                  model: Model | None = None) -> tuple[Dataset, dict[str, FileFacts]]:
    """The rows of a checked SeedSet (as `build_rows`), and what the catalog keeps of each
    facts file (`files`: paths relative to the folder). Raises ValidationFailed."""
    if not seeds.ok:
        raise ValidationFailed(seeds.problems)
    model = model or load_model()
    cut = len(record_prefix(seeds.root))
    ids = seeds.by_id()
    per: dict[str, Dataset] = {rel: Dataset() for rel in files}
    defs: dict[str, list[Record]] = {rel: [] for rel in per}
    adds: dict[str, list[Record]] = {rel: [] for rel in per}
    conflicts: list[tuple[str, str]] = []
    for rec in seeds.records:
        rel = rec.file[cut:]
        record_rows(per.setdefault(rel, Dataset()), rec, ids, model, conflicts)
        defs.setdefault(rel, []).append(rec)
    for rec in seeds.additions:
        adds.setdefault(rec.file[cut:], []).append(rec)
    ds = Dataset()
    for part in per.values():
        for label, rows in part.nodes.items():
            ds.nodes[label].extend(rows)  # the same row dicts: spans set below reach both
        for key, rels in part.rels.items():
            ds.rels[key].extend(rels)
    bounds = _own_bounds(ds)
    _neighbour_spans(ds, ids, model, conflicts)
    facts = {rel: _facts(defs.get(rel, []), adds.get(rel, []), part, bounds, model)
             for rel, part in per.items()}
    return ds, facts


class Totals(Dataset):
    """A Dataset that only knows how many rows the whole store holds (for the load's
    record, `graph.load._record`), when only the rows of a few files were built."""

    def __init__(self, counts: dict[str, int], labels: set[str]) -> None:
        super().__init__()
        self._counts = counts
        self._labels = labels

    def counts(self) -> dict[str, int]:
        return dict(self._counts)

    @property
    def node_count(self) -> int:
        return sum(v for k, v in self._counts.items() if k in self._labels)

    @property
    def rel_count(self) -> int:
        return sum(v for k, v in self._counts.items() if k not in self._labels)


@dataclass
class Step:
    """A load by difference, ready to apply: the change, what the store then holds, and
    the catalog's new entries for the files read (None: the file is gone)."""

    change: Change
    totals: Totals
    facts: dict[str, FileFacts | None]
    read: list[str] = field(default_factory=list)  # the facts files read and checked


def _parse_file(root: Path, rel: str, model: Model) -> tuple[list[Record], list[Record], bool]:
    """One file's records and `existing: true` records, and whether it has a problem of its
    own (YAML, a record's schema or id, an id twice)."""
    chk = _Checker(root, model)
    adds: list[Record] = []
    chk.read_file(root / rel, {}, adds)
    return chk.seeds.records, adds, bool(chk.seeds.problems)


def _fresh_copy(rec: Record) -> Record:
    """A record whose citations list is its own: `merge_existing` appends to it."""
    data = dict(rec.data)
    if isinstance(data.get("sources"), list):
        data["sources"] = list(data["sources"])
    return Record(rec.schema, rec.id, data, rec.file, rec.line)


class _Fallback(Exception):
    """Something a full validation must report (or a case this step does not handle)."""


def by_difference(root: Path, old: Manifest, new: Manifest, cat: Catalog,
                  counts: dict[str, int], model: Model | None = None) -> Step | None:
    """The change from the store of the catalog's load (of the files `old`) to one
    holding the facts now in `root` (`new`), reading only the files the edit reaches.
    None when a full load must run instead: the facts have a problem (the full
    validation reports it), or there is no earlier manifest."""
    try:
        return _Diff(root, old, new, cat, counts, model or load_model()).run()
    except _Fallback:
        return None


class _Diff:
    def __init__(self, root: Path, old: Manifest, new: Manifest, cat: Catalog,
                 counts: dict[str, int], model: Model) -> None:
        self.root, self.old, self.new, self.cat, self.model = root, old, new, cat, model
        self.counts = counts
        self.prefix = record_prefix(root)
        self.parsed: dict[str, tuple[list[Record], list[Record], bool]] = {}

    def parse(self, rel: str) -> tuple[list[Record], list[Record]]:
        if rel not in self.parsed:
            self.parsed[rel] = (_parse_file(self.root, rel, self.model)
                                if rel in self.new_y else ([], [], False))
        defs, adds, bad = self.parsed[rel]
        if bad:
            raise _Fallback(rel)
        return defs, adds

    def rel(self, rec: Record) -> str:
        return rec.file[len(self.prefix):]

    def run(self) -> Step | None:
        cat, old, new = self.cat, self.old, self.new
        if not old or cat.meta("prefix") != self.prefix:
            return None
        # one pass over the manifests: an unchanged file's entry is the recorded one
        edited = [r for r, v in new.items() if old.get(r) is not v
                  and (r not in old or old[r][2] != v[2])]
        edited += old.keys() - new.keys()
        self.changed = {r for r in edited if is_fact_file(r)}
        texts = {os.path.normpath(r) for r in edited if not is_fact_file(r)}
        self.new_y = new
        if not any(is_fact_file(r) for r in new):
            return None

        # the changed files' records, and which ids vanished or changed schema
        self.new_defs: dict[str, Record] = {}
        for rel in sorted(self.changed, key=file_order):
            for rec in self.parse(rel)[0]:
                if rec.id in self.new_defs:
                    raise _Fallback("duplicate id")
                self.new_defs[rec.id] = rec
        self.old_defs = cat.defs_of(self.changed)
        if cat.where(i for i in self.new_defs if i not in self.old_defs):
            raise _Fallback("an id also defined in a file not changed")
        gone = {i for i, (s, _) in self.old_defs.items()
                if i not in self.new_defs or self.new_defs[i].schema.name != s}
        at_texts = cat.sources_at(texts)
        # a Source now naming another article: its citations are checked against that one
        moved = [(i, rec) for i, rec in self.new_defs.items() if rec.schema.kind == "source"]
        was = cat.source_paths(i for i, _ in moved)
        at_texts += [(i, self.rel(rec)) for i, rec in moved
                     if was.get(i) != os.path.normpath(str(rec.data.get("file")))]
        files = (set(self.changed) | cat.referrers(gone) | cat.adders(gone)
                 | {f for _, f in at_texts} | cat.referrers(s for s, _ in at_texts))
        for _ in range(100):  # each round adds files; the facts bound the rounds
            self.grow(files)
            step, more = self.attempt(files)
            if step is not None:
                return step
            files |= more
        raise _Fallback("too many rounds")

    def file_of(self, ids: Iterable[str]) -> dict[str, str]:
        """Where each id is defined now (ids defined nowhere left out)."""
        out: dict[str, str] = {}
        ask = []
        for i in ids:
            if i in self.new_defs:
                out[i] = self.rel(self.new_defs[i])
            elif i not in self.old_defs:
                ask.append(i)
        out.update({i: f for i, (_, f) in self.cat.where(ask).items()})
        return out

    def grow(self, files: set[str]) -> None:
        """Add the files holding the records the files' `existing: true` records name."""
        todo = set(files)
        while todo:
            targets = self.cat.adds_of(todo)
            for rel in todo & self.changed:
                targets |= {rec.id for rec in self.parse(rel)[1]}
            todo = set(self.file_of(targets).values()) - files
            files |= todo

    def attempt(self, files: set[str]) -> tuple[Step | None, set[str]]:
        """Check and build the rows of `files`; (None, more files) if spans changed in
        tenures of files not among them."""
        cat, model = self.cat, self.model
        order = sorted(files, key=file_order)
        seen: dict[str, Record] = {}
        records: list[Record] = []
        additions: list[tuple[tuple[bool, tuple[str, ...]], int, Record]] = []
        for rel in order:
            defs, adds = self.parse(rel)
            for rec in map(_fresh_copy, defs):  # merged citations go to a copy per round
                if rec.id in seen:
                    raise _Fallback("duplicate id")
                seen[rec.id] = rec
                records.append(rec)
            additions.extend((file_order(rel), n, rec) for n, rec in enumerate(adds))
        for rel in cat.adders(seen) - files:  # other files' additions to these records
            additions.extend((file_order(rel), n, rec)
                             for n, rec in enumerate(self.parse(rel)[1]) if rec.id in seen)
        chk = _Checker(self.root, model)
        chk.seeds.records = records
        for *_, rec in sorted(additions, key=lambda a: (a[0], a[1])):
            chk.merge_existing(rec, seen)
        if chk.seeds.problems:
            raise _Fallback("existing")

        ids: dict[str, Record] = dict(seen)
        named = set().union(*(refs_of(rec, merged=True) for rec in records)) - seen.keys()
        for i, (schema, rel) in cat.where(named).items():
            if rel not in files and schema in model.schemata:
                ids[i] = Record(model.schemata[schema], i, {}, self.prefix + rel, 0)
        chk.read_texts()
        cited = {c["source"] for rec in records for c in rec.data.get("sources") or []
                 if isinstance(c, dict) and isinstance(c.get("source"), str)}
        for sid, path in cat.source_paths(cited - seen.keys()).items():
            if sid in ids:
                chk.seeds.texts[sid] = self.text(path)
        chk.check(ids)
        if chk.seeds.problems:
            raise _Fallback("a problem")

        # rows of the files read, tenure spans over every post they touch
        per = {rel: Dataset() for rel in order}
        new_conflicts: list[tuple[str, str]] = []
        for rec in records:
            record_rows(per[self.rel(rec)], rec, ids, model, new_conflicts)
        bounds: dict[str, tuple[Any, ...]] = {}
        for part in per.values():
            bounds.update(_own_bounds(part))
        new_tenures = {rec.id: str(rec.data["post"]) for rec in records
                       if rec.schema.name == SCHEMA.tenure}
        old_tenures = cat.tenures_in(files)
        posts = set(new_tenures.values()) | set(old_tenures.values()) | cat.posts_in(files)
        posts |= {rec.id for rec in records if rec.schema.name == SCHEMA.post}
        old_conflicts = cat.conflicts_in(files)
        named = {x for _, a, b in old_conflicts for x in (a, b)}
        named |= {x for pair in new_conflicts for x in pair}
        posts |= {new_tenures[x] for x in named if x in new_tenures}
        posts |= set(cat.tenure_posts(x for x in named if x not in new_tenures).values())

        kept = [t for t in cat.tenures_of_posts(posts) if t[2] not in files]
        shared_kinds = set(model.shared_post_kinds)
        shared = cat.shared(p for p in posts if p not in seen)
        shared.update({p: seen[p].data.get("kind") in shared_kinds for p in posts if p in seen})
        dates = [TenureDates(i, p, Bounds(*b), shared=shared.get(p, False))
                 for i, p, _, b, _ in kept]
        dates += [TenureDates(i, p, Bounds(*bounds[i]), shared=shared.get(p, False))
                  for i, p in new_tenures.items()]
        pairs = [(a, b) for f, a, b in cat.conflicts_naming(t.id for t in dates)
                 if f not in files] + new_conflicts
        spans = tenure_spans(dates, pairs)
        more = {f for i, _, f, _, s in kept if tuple(spans[i].as_dict().values()) != s}
        if more:
            return None, more
        for part in per.values():
            for row in part.nodes.get(SCHEMA.tenure, []):
                row["props"].update(spans[row["id"]].as_dict())
        return self.step(per, bounds), set()

    def text(self, path: str) -> str:
        """An article's text, as `read_texts` keeps it (or a full validation must say why
        not)."""
        full = self.root / path
        if not full.is_file() or too_large(full):
            raise _Fallback(path)
        try:
            return normalise(full.read_bytes().decode("utf-8"))
        except UnicodeDecodeError:
            raise _Fallback(path) from None

    def step(self, per: dict[str, Dataset], bounds: dict[str, tuple[Any, ...]]) -> Step:
        """The change from the catalog's rows of these files to `per`, and their entries."""
        model = self.model
        facts: dict[str, FileFacts | None] = {
            rel: (_facts(*self.parse(rel), part, bounds, model) if rel in self.new_y
                  else None) for rel, part in per.items()}
        before: dict[str, int] = {}
        for prints in self.cat.prints_of(per).values():
            before.update(prints)
        now: dict[str, int] = {}
        for ff in facts.values():
            if ff is not None:
                now.update(ff.prints)
        change = Change()
        for part in per.values():
            for label, rows in part.nodes.items():
                for r in rows:
                    if before.get(_identity(label, r)) != now[_identity(label, r)]:
                        change.nodes.setdefault(label, []).append(r)
            for key, rels in part.rels.items():
                for r in rels:
                    if before.get(_identity(key, r)) != now[_identity(key, r)]:
                        change.rels.setdefault(key, []).append(r)
        labels = {s.name for s in model.node_schemata}
        counts = dict(self.counts)
        for ident in before.keys() - now.keys():
            parts = ident.split("\0")
            counts[parts[1]] = counts.get(parts[1], 0) - 1
            if parts[0] == "n":
                change.gone_nodes.setdefault(parts[1], []).append(parts[2])
            else:
                change.gone_rels.setdefault((parts[1], parts[2], parts[3]), []).append(
                    {"from": parts[4], "to": parts[5], "key": parts[6]})
        for ident in now.keys() - before.keys():
            label = ident.split("\0")[1]
            counts[label] = counts.get(label, 0) + 1
        counts = {k: v for k, v in sorted(counts.items()) if v or k in labels}
        return Step(change, Totals(counts, labels), facts, read=sorted(per, key=file_order))
