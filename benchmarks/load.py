"""Load and query benchmark: batched vs row-at-a-time loads, and `who` latency.

    .venv/bin/python -m benchmarks.load                      # 10k and 100k facts, both engines
    .venv/bin/python -m benchmarks.load --sizes 10000 --engines embedded --json-out out.json

Synthetic data is made with the real model: seed-like records (councils with their posts,
people, tenures with date bounds over 2005-2020, Ofsted inspections with judgements,
contracts, events, sources, and a citation for every fact and entity) are checked by the
real validator and turned into rows by `loaders.rows.build_rows`, so every derived property
(tenure bounds from `graph.dates.derive_bounds`, inspection windows, certainty, caption) is
computed as it is for the seeds. "Facts" are Tenure, Contract, Inspection, Judgement and
Event records; "rows" are nodes plus relationships. Everything is seeded, so a run is
repeatable.

For each size and engine: a batched load (`graph.load.load`) of the whole dataset into a
wiped store; a row-at-a-time load (`graph.load.load_row_at_a_time`) of a self-contained
sample (the first councils' records, about `--row-sample` rows; row-at-a-time at full size
would take too long) into a wiped store, plus a batched load of the same sample; then
`graph.answers.who` for random councils and days, the `holders_on_date` query alone, and
each query `who` runs, timed on the loaded store. Neo4j is a private server started with
`tests.neo4j_server.start_server` in a temp dir and stopped at the end.

Progress goes to stderr; the figures to stdout (and JSON with `--json-out`).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import math
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from accountable.graph import answers, queries  # noqa: E402
from accountable.graph.dataset import Dataset  # noqa: E402
from accountable.graph.dates import BoundsError, derive_bounds, period  # noqa: E402
from accountable.graph.load import ATOMIC_ROWS, load, load_row_at_a_time  # noqa: E402
from accountable.graph.model import Model, load_model  # noqa: E402
from accountable.graph.store import EmbeddedStore, Neo4jStore  # noqa: E402
from accountable.loaders.rows import build_rows  # noqa: E402
from accountable.loaders.validate import BOUND_FIELDS, Record, SeedSet, _Checker  # noqa: E402

FACT_LABELS = ("Tenure", "Contract", "Inspection", "Judgement", "Event")
GOAL_RATIO = 20.0
GOAL_WHO_P50_MS = 10.0
FIRST_DAY, LAST_DAY = date(2005, 1, 1), date(2020, 12, 31)


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- synthetic data

_PLACES_A = ["Ash", "Brack", "Cal", "Dun", "Elm", "Fen", "Gar", "Hol", "Ken", "Lang", "Mar",
             "Nor", "Oak", "Pen", "Ray", "Sal", "Thorn", "Wal", "Wex", "Yar", "Ced", "Bram"]
_PLACES_B = ["ford", "ley", "bury", "ton", "ham", "wick", "field", "worth", "mouth", "dale",
             "stow", "minster"]
_COUNCIL_KINDS = ["Metropolitan Borough Council", "County Council", "City Council",
                  "Borough Council", "Council"]
_FIRST = ["Alan", "Beverley", "Carol", "David", "Eleanor", "Fiona", "Graham", "Helen", "Ian",
          "Janet", "Keith", "Linda", "Mark", "Nadia", "Oliver", "Pauline", "Rashid", "Sarah",
          "Tom", "Usha", "Vikram", "Wendy", "Yasmin", "Zoe"]
_LAST = ["Adams", "Begum", "Clarke", "Davies", "Evans", "Foster", "Green", "Hughes", "Iqbal",
         "Jones", "Khan", "Lewis", "Morgan", "Norris", "Owen", "Patel", "Quinn", "Roberts",
         "Shah", "Turner", "Walker", "Young"]
# post kind -> (probability the council's record has it, tenure years min, max)
_POSTS = {"dcs": (1.0, 1.5, 6), "lead_member": (1.0, 1, 5), "leader": (1.0, 2, 8),
          "chief_executive": (1.0, 2.5, 8), "service_director": (0.5, 1.5, 5),
          "lscb_chair": (0.4, 2, 6)}
_AREAS = {"safeguarding_and_looked_after": ["safeguarding", "looked_after", "leadership"],
          "child_protection": ["child_protection"],
          "unannounced": ["child_protection", "early_help"],
          "single_inspection": ["overall", "help_and_protection", "looked_after", "adoption",
                                "care_leavers", "leadership", "lscb"],
          "ilacs": ["overall", "help_and_protection", "looked_after", "leadership"]}
_GRADES = ["outstanding", "good", "adequate", "requires_improvement", "inadequate"]
_ENDED = {"resigned": "resigned", "dismissed": "dismissed", "left": "left",
          "mutual_consent": "left", "replaced": "left", "term_ended": "left"}


def _day(d: date) -> str:
    return d.isoformat()


def _month(d: date) -> str:
    return d.isoformat()[:7]


def _year(d: date) -> str:
    return str(d.year)


def _add_days(d: date, n: int) -> date:
    return d + timedelta(days=n)


class World:
    """Seed-like records, council by council, from one seeded random generator.

    Each council's records refer only to themselves, to the shared records made first
    (regulator, government, contractors and their sources) and to people of earlier
    councils (a director moving on), so any prefix of councils is a valid seed set.
    """

    def __init__(self, seed: int, model: Model) -> None:
        self.rng = random.Random(seed)
        self.model = model
        self.groups: list[list[Record]] = []
        self.councils: list[str] = []
        self.people: list[str] = []  # everyone so far, for directors who move
        self.facts = 0
        self._line = 0
        self._file = "synthetic/shared.yaml"
        shared: list[Record] = []
        self._group = shared
        self._source("source:shared", "Children's services in England: a national review",
                      date(2021, 3, 1), "national")
        self._org("org:ofsted", "Office for Standards in Education, Children's Services and "
                  "Skills", "regulator", ["Ofsted", "OFSTED"], "source:shared")
        self._org("org:dfe", "Department for Education", "government", ["DfE"],
                  "source:shared")
        self.contractors = []
        for i in range(24):
            oid = f"org:contractor-{i:02d}"
            self._org(oid, f"{self.rng.choice(_PLACES_A)}{self.rng.choice(_PLACES_B)} "
                      f"Children's Partnership {i}", "contractor", None, "source:shared")
            self.contractors.append(oid)
        self.groups.append(shared)

    # records ---------------------------------------------------------------
    def _rec(self, schema: str, rid: str, data: dict[str, Any]) -> None:
        self._line += 1
        data = {"schema": schema, "id": rid, **{k: v for k, v in data.items() if v is not None}}
        self._group.append(Record(self.model.schemata[schema], rid, data, self._file,
                                  self._line))
        if schema in FACT_LABELS:
            self.facts += 1

    def _cite(self, sources: list[str], quote: str, certainty: str | None = None
              ) -> list[dict[str, Any]]:
        r = self.rng.random()
        cert = certainty or ("stated" if r < 0.7 else "reported" if r < 0.85 else
                             "believed" if r < 0.93 else "inferred")
        out = [{"source": sources[0], "quote": quote, "certainty": cert}]
        if len(sources) > 1 and self.rng.random() < 0.3:
            out.append({"source": sources[1], "quote": quote.lower(), "certainty": "stated"})
        if self.rng.random() < 0.05:
            out[0]["note"] = "The article gives the month only; the day is the curator's."
        return out

    def _source(self, sid: str, title: str, published: date, publisher: str) -> None:
        self._rec("Source", sid, {"title": title, "publisher": publisher,
                                  "published": _month(published),
                                  "published_certainty": "stated",
                                  "file": f"sources/{sid.split(':', 1)[1]}.txt"})

    def _org(self, oid: str, name: str, kind: str, aliases: list[str] | None,
             source: str) -> None:
        self._rec("Organisation", oid, {"name": name, "kind": kind, "aliases": aliases,
                                        "sources": self._cite([source], f"{name} said")})

    # one council -----------------------------------------------------------
    def add_council(self) -> None:
        rng = self.rng
        n = len(self.councils)
        slug = f"c{n:05d}"
        cid = f"org:{slug}"
        place = f"{rng.choice(_PLACES_A)}{rng.choice(_PLACES_B)}"
        if n >= len(_PLACES_A) * len(_PLACES_B) // 2:
            place = f"{place} {n}"
        name = f"{place} {rng.choice(_COUNCIL_KINDS)}"
        group: list[Record] = []
        self._group, self._file = group, f"synthetic/{slug}.yaml"
        # one article a year about this council, published early the next year
        srcs = []
        for year in range(2004, 2022):
            sid = f"source:{slug}-{year}"
            self._source(sid, f"{place} children's services: {year} in review",
                         date(year, rng.randint(1, 12), 1), f"{place} Gazette")
            srcs.append(sid)

        def src(d: date) -> list[str]:
            i = min(max(d.year - 2004, 0), len(srcs) - 1)
            return srcs[i:i + 2]

        self._org(cid, name, "council", [place, f"{place} council"], srcs[0])
        people: list[str] = []
        tenures: list[tuple[str, str, str, date, date | None]] = []  # id, person, post, s, e
        for kind, (p, lo, hi) in _POSTS.items():
            if rng.random() >= p:
                continue
            pid = f"post:{slug}:{kind}"
            title = self.model.post_kind_info(kind)["title"]
            self._rec("Post", pid, {"title": title, "kind": kind, "in": cid,
                                    "sources": self._cite(src(date(2010, 1, 1)),
                                                          f"{place}'s {title.lower()}")})
            start = date(rng.randint(1998, 2004), rng.randint(1, 12), rng.randint(1, 28))
            j = 0
            while start <= LAST_DAY:
                end: date | None = _add_days(start, int(365 * rng.uniform(lo, hi)))
                if end is not None and end > LAST_DAY:
                    end = None
                if end is not None and end < FIRST_DAY:  # before the period: skip
                    start = _add_days(end, rng.randint(0, 120))
                    continue
                person = self._person(slug, people, kind, start)
                tid = f"tenure:{slug}:{kind}:{j}"
                self._tenure(tid, person, pid, title, start, end, src(start))
                tenures.append((tid, person, pid, start, end))
                j += 1
                if end is None:
                    break
                start = _add_days(end, rng.choice([1, 1, 1, 14, 30, 60, 120]))
        inspections = self._inspections(slug, cid, place, src)
        self._events(slug, cid, tenures, inspections, src)
        if rng.random() < 0.25:
            for k in range(rng.randint(1, 3)):
                self._contract(f"contract:{slug}:{k}", cid, src)
        if rng.random() < 0.05 and len(tenures) > 1:  # two claims that cannot both hold
            a, b = rng.sample([t[0] for t in tenures], 2)
            self._rec("Conflict", f"conflict:{slug}:dates", {
                "between": [a, b], "note": "The two articles disagree about the dates.",
                "sources": self._cite(srcs[-2:], "the dates are disputed")})
        self.groups.append(group)
        self.councils.append(cid)

    def _person(self, slug: str, people: list[str], kind: str, when: date) -> str:
        rng = self.rng
        if kind == "dcs" and self.people and rng.random() < 0.1:  # a director moving on
            return rng.choice(self.people[-200:])
        if people and rng.random() < 0.08:  # a member taking another post
            return rng.choice(people)
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        pid = f"person:{first.lower()}-{last.lower()}-{slug}-{len(people)}"
        cites = self._cite([f"source:{slug}-{min(max(when.year, 2004), 2021)}"],
                           f"{first} {last}")
        self._rec("Person", pid, {"name": f"{first} {last}",
                                  "aliases": [f"Cllr {last}"] if kind in
                                  ("lead_member", "leader") else None, "sources": cites})
        people.append(pid)
        self.people.append(pid)
        return pid

    def _tenure(self, tid: str, person: str, post: str, title: str, s: date, e: date | None,
                sources: list[str]) -> None:
        rng = self.rng
        b: dict[str, Any] = {}
        r = rng.random()  # how the sources date the start
        if r < 0.45:
            b["start"] = _day(s)
        elif r < 0.75:
            b["start"] = _month(s)
        elif r < 0.85:
            b["start"] = _year(s)
        elif r < 0.95:
            b["start_after"] = _month(_add_days(s, -rng.randint(30, 150)))
            b["start_before"] = _month(_add_days(s, rng.randint(30, 120)))
        else:
            b["start_before"] = _month(_add_days(s, rng.randint(0, 120)))
        if e is None:  # still in post at the last source
            b["end_after"] = _month(date(2020, rng.randint(1, 12), 1))
        else:
            r = rng.random()
            if r < 0.4:
                b["end"] = _day(e)
            elif r < 0.7:
                b["end"] = _month(e)
            elif r < 0.8:
                b["end"] = _year(e)
            elif r < 0.9:
                b["end_after"] = _month(_add_days(e, -rng.randint(30, 200)))
                b["end_before"] = _month(_add_days(e, rng.randint(30, 150)))
            else:
                b["end_after"] = _month(_add_days(e, -rng.randint(0, 200)))
            if rng.random() < 0.5:
                b["ended_by"] = rng.choice(list(_ENDED))
        try:  # the same rule the validator applies; a fuzzy date can overreach
            derive_bounds(**{k: b.get(k) for k in BOUND_FIELDS})
        except BoundsError:
            b = {"start": _day(s), **({"end": _day(e)} if e else {"end_after": "2020"})}
        self._rec("Tenure", tid, {"person": person, "post": post, **b,
                                  "sources": self._cite(sources, f"appointed {title}")})

    def _inspections(self, slug: str, cid: str, place: str,
                     src: Callable[[date], list[str]]) -> list[tuple[str, date, str]]:
        rng = self.rng
        out: list[tuple[str, date, str]] = []
        d = date(rng.randint(2005, 2007), rng.randint(1, 12), rng.randint(1, 28))
        while d <= date(2020, 3, 1):
            kind = ("safeguarding_and_looked_after" if d.year < 2009 else
                    rng.choice(["child_protection", "unannounced"]) if d.year < 2013 else
                    "single_inspection" if d.year < 2018 else "ilacs")
            iid = f"inspection:{slug}:{_day(d)}"
            end = _add_days(d, rng.randint(9, 28))
            published = _add_days(end, rng.randint(25, 70))
            overall = rng.choices(_GRADES, weights=[5, 35, 20, 20, 20])[0]
            self._rec("Inspection", iid, {
                "organisation": cid, "kind": kind, "start": _day(d), "end": _day(end),
                "published": _day(published) if rng.random() < 0.6 else _month(published),
                "summary": f"Ofsted judged {place}'s services {overall.replace('_', ' ')}.",
                "sources": self._cite(src(published), f"Ofsted rated {place} {overall}")})
            for area in _AREAS[kind]:
                g = overall if area == "overall" or rng.random() < 0.6 else \
                    _GRADES[min(max(_GRADES.index(overall) + rng.choice([-1, 1]), 0), 4)]
                self._rec("Judgement", f"judgement:{slug}:{_day(d)}:{area}", {
                    "inspection": iid, "area": area, "grade": g,
                    "sources": self._cite(src(published), f"{area}: {g}")})
            out.append((iid, published, overall))
            if overall == "inadequate":  # monitoring visits follow, ungraded
                v = _add_days(published, rng.randint(90, 200))
                vid = f"inspection:{slug}:{_day(v)}"
                if v <= LAST_DAY:
                    self._rec("Inspection", vid, {
                        "organisation": cid, "kind": "monitoring_visit", "start": _day(v),
                        "end": _day(_add_days(v, 2)),
                        "published": _month(_add_days(v, 40)),
                        "sources": self._cite(src(v), "a monitoring visit found progress")})
                d = _add_days(published, rng.randint(500, 900))
            else:
                d = _add_days(published, rng.randint(800, 1400))
        return out

    def _events(self, slug: str, cid: str, tenures: list[tuple[str, str, str, date, date | None]],
                inspections: list[tuple[str, date, str]],
                src: Callable[[date], list[str]]) -> None:
        rng = self.rng
        for tid, person, post, s, e in tenures:
            if s >= FIRST_DAY and rng.random() < 0.5:
                self._rec("Event", f"event:{slug}:{tid.split(':', 2)[2]}:appointed", {
                    "kind": "appointed", "date": _month(s) if rng.random() < 0.6 else _day(s),
                    "summary": "Appointed to the post.",
                    "involved": [{"id": person, "as": "subject"}, {"id": post, "as": "post"}],
                    "sources": self._cite(src(s), "has been appointed")})
            if e is not None and rng.random() < 0.4:
                kind = rng.choice(["resigned", "left", "dismissed", "suspended"])
                self._rec("Event", f"event:{slug}:{tid.split(':', 2)[2]}:{kind}", {
                    "kind": kind, "date": _month(e), "summary": f"The holder {kind}.",
                    "involved": [{"id": person, "as": "subject"}, {"id": post, "as": "post"}],
                    "sources": self._cite(src(e), f"has {kind}")})
        for iid, published, overall in inspections:
            if rng.random() < 0.5:
                self._rec("Event", f"event:{slug}:{_day(published)}:report", {
                    "kind": "report_published", "date": _month(published),
                    "summary": "Ofsted published its report.", "after": iid,
                    "involved": [{"id": cid, "as": "subject"},
                                 {"id": "org:ofsted", "as": "inspector"}],
                    "sources": self._cite(src(published), "Ofsted published its report")})
            if overall == "inadequate" and rng.random() < 0.5:
                d = _add_days(published, rng.randint(20, 120))
                self._rec("Event", f"event:{slug}:{_day(d)}:commissioner", {
                    "kind": "commissioner_appointed", "date": _month(d),
                    "summary": "The DfE appointed a commissioner.", "after": iid,
                    "involved": [{"id": cid, "as": "subject"}, {"id": "org:dfe", "as": "by"}],
                    "sources": self._cite(src(d), "a commissioner has been appointed")})

    def _contract(self, kid: str, cid: str, src: Callable[[date], list[str]]) -> None:
        rng = self.rng
        s = date(rng.randint(2006, 2019), rng.randint(1, 12), 1)
        data: dict[str, Any] = {"awarded_by": cid, "contractor": rng.choice(self.contractors),
                                "start": _month(s), "value_gbp": rng.randint(50, 5000) * 1000,
                                "purpose": "improvement support for children's services"}
        if rng.random() < 0.6:
            data["months"] = rng.choice([6, 12, 18, 24, 36])
        else:
            data["end"] = _month(_add_days(s, rng.randint(180, 1000)))
        self._rec("Contract", kid, {**data, "sources": self._cite(src(s), "awarded a contract")})


def make_world(facts: int, seed: int, model: Model) -> World:
    """Councils until the world holds at least `facts` fact records."""
    world = World(seed, model)
    while world.facts < facts:
        world.add_council()
    return world


def dataset(groups: list[list[Record]], model: Model) -> Dataset:
    """Check the records with the real validator, then build rows as `load` does."""
    checker = _Checker(Path("synthetic"), model)
    checker.seeds.records = [r for g in groups for r in g]
    checker.check()
    if checker.seeds.problems:
        raise SystemExit("synthetic records fail validation:\n" +
                         "\n".join(str(p) for p in checker.seeds.problems[:10]))
    return build_rows(SeedSet(root=Path("synthetic"), records=checker.seeds.records), model)


def sample_groups(world: World, full: Dataset, rows: int) -> list[list[Record]]:
    """The shared records and the first councils: about `rows` rows, self-contained."""
    total = full.node_count + full.rel_count
    per_council = total / max(len(world.councils), 1)
    k = max(1, math.ceil(rows / per_council))
    return world.groups[:1 + k]


def head(ds: Dataset, n: int) -> Dataset:
    """The first `n` nodes of each label and relationships of each type (for warming up)."""
    out = Dataset()
    for label, rows in ds.nodes.items():
        out.nodes[label] = rows[:n]
    for key, rows in ds.rels.items():
        out.rels[key] = rows[:n]
    return out


def rows_of(ds: Dataset) -> int:
    return ds.node_count + ds.rel_count


def fact_count(ds: Dataset) -> int:
    return sum(len(ds.nodes.get(label, [])) for label in FACT_LABELS)


# --------------------------------------------------------------------------- stores


def wipe(store: Any) -> None:
    """Empty the store: `Store.wipe` (on Neo4j relationships, then nodes, in bounded batches;
    one `DETACH DELETE` per node batch ran out of transaction memory at 1M facts)."""
    store.wipe()


def plan_operators(store: Any, name: str, params: dict[str, Any]) -> list[str]:
    """The operators of a canned query's plan, as the engine reports them."""
    text = queries.get(name).text
    params = {**{p.name: None for p in queries.get(name).params if p.optional}, **params}
    if store.engine == "neo4j":
        with store._driver.session(database=store.database) as s:
            plan = s.run("EXPLAIN " + text, params).consume().plan or {}
        ops: list[str] = []

        def walk(p: dict[str, Any]) -> None:
            details = p.get("args", {}).get("Details", "")
            op = p.get("operatorType", "?").split("@")[0]
            ops.append(f"{op}({details})" if details and "Index" in op else op)
            for c in p.get("children", []):
                walk(c)
        walk(plan)
        return ops
    plan = store._graph.explain(text, params)
    return [line.strip() for line in str(plan).splitlines() if line.strip()]


@contextlib.contextmanager
def neo4j_server(from_env: bool) -> Iterator[Any]:
    from tests.neo4j_server import start_server

    tmp = Path(tempfile.mkdtemp(prefix="acc-bench-neo4j-"))
    log("starting Neo4j (scripts/neo4j-local) ...")
    server = start_server(tmp, reuse_env=from_env)
    log(f"Neo4j at {server.uri} ({'private' if server.managed else 'from the environment'})")
    try:
        yield server
    finally:
        log("stopping Neo4j")
        try:
            server.stop()
        finally:
            if server.managed:
                shutil.rmtree(tmp, ignore_errors=True)


# --------------------------------------------------------------------------- measuring


def ms_stats(times: list[float]) -> dict[str, float]:
    ms = sorted(t * 1000 for t in times)
    p95 = ms[min(len(ms) - 1, math.ceil(0.95 * len(ms)) - 1)]
    return {"p50": round(statistics.median(ms), 3), "p95": round(p95, 3),
            "mean": round(statistics.fmean(ms), 3), "n": len(ms)}


def timed_load(label: str, fn: Callable[[], Any], rows: int) -> dict[str, Any]:
    t0 = time.perf_counter()
    fn()
    dt = time.perf_counter() - t0
    rate = rows / dt
    log(f"  {label}: {rows} rows in {dt:.2f} s = {rate:,.0f} rows/s")
    return {"rows": rows, "seconds": round(dt, 3), "rows_per_s": round(rate, 1)}


def progress_printer(label: str) -> Callable[[str, int, int], None]:
    step = {"next": 0.0}

    def show(what: str, done: int, total: int) -> None:
        if done / total >= step["next"]:
            log(f"    {label}: {done}/{total} rows ({what})")
            step["next"] += 0.25
    return show


def random_day(rng: random.Random) -> str:
    return _day(_add_days(FIRST_DAY, rng.randint(0, (LAST_DAY - FIRST_DAY).days)))


WARM = 10


def who_picks(councils: list[str], samples: int, seed: int) -> list[tuple[str, str]]:
    """`WARM` + `samples` (council id, day) pairs."""
    rng = random.Random(seed)
    return [(rng.choice(councils), random_day(rng)) for _ in range(samples + WARM)]


def measure_who(store: Any, councils: list[str], samples: int, seed: int) -> dict[str, float]:
    """`graph.answers.who(store, council, on=day)` over random councils and days."""
    picks = who_picks(councils, samples, seed)
    for org, day in picks[:WARM]:
        answers.who(store, org, on=day)
    times = []
    for org, day in picks[WARM:]:
        t0 = time.perf_counter()
        answers.who(store, org, on=day)
        times.append(time.perf_counter() - t0)
    return ms_stats(times)


def measure_queries(store: Any, councils: list[str], samples: int, seed: int
                    ) -> dict[str, Any]:
    """`who` end to end, then each query it runs on its own, over the same (org, day)s."""
    picks = who_picks(councils, samples, seed)
    warm = WARM
    out: dict[str, Any] = {"who": measure_who(store, councils, samples, seed)}

    # The queries `who` runs, in its order, with the same parameters it passes.
    calls: list[list[tuple[str, dict[str, Any]]]] = []
    for org, day in picks:
        q_from, q_to = period(day)
        p = {"org_id": org, "from": q_from, "to": q_to}
        held = queries.run(store, "holders_on_date", p)
        cons = queries.run(store, "contracts_on_date", p)
        calls.append([
            ("organisation_by_id", {"id": org}),
            ("holders_on_date", p),
            ("contracts_on_date", p),
            ("fact_conflicts", {"ids": [r["tenure_id"] for r in held]
                                + [c["contract_id"] for c in cons]}),
            ("latest_inspection", {"org_id": org, "to": q_to}),
            ("org_posts", {"org_id": org}),
        ])
    per: dict[str, list[float]] = {}
    for i, steps in enumerate(calls):
        for name, params in steps:
            t0 = time.perf_counter()
            queries.run(store, name, params)
            dt = time.perf_counter() - t0
            if i >= warm:
                per.setdefault(name, []).append(dt)
    # resolve() = the organisations query plus matching every name in Python
    res = []
    for org, _ in picks[warm:]:
        t0 = time.perf_counter()
        answers.resolve(store, "organisation", org)
        res.append(time.perf_counter() - t0)
    out["queries"] = {name: ms_stats(ts) for name, ts in per.items()}
    out["queries"]["resolve (organisations + Python)"] = ms_stats(res)
    out["holders_on_date"] = out["queries"]["holders_on_date"]
    org, day = picks[warm]
    q_from, q_to = period(day)
    out["plans"] = {
        name: plan_operators(store, name, params) for name, params in (
            ("holders_on_date", {"org_id": org, "from": q_from, "to": q_to}),
            ("fact_conflicts", {"ids": ["tenure:x"]}),
            ("latest_inspection", {"org_id": org, "to": q_to}))}
    return out


def run_engine(store: Any, size: int, full: Dataset, sample: Dataset, councils: list[str],
               args: argparse.Namespace) -> dict[str, Any]:
    eng = store.engine
    res: dict[str, Any] = {"engine": eng, "size": size, "facts": fact_count(full),
                           "rows": rows_of(full), "nodes": full.node_count,
                           "rels": full.rel_count, "councils": len(councils),
                           "sample_rows": rows_of(sample)}
    log(f"[{eng} {size}] warm-up (untimed): the sample batched, 50 rows a type one by one")
    wipe(store)
    load(store, sample, batch_size=args.batch_size)
    wipe(store)
    load_row_at_a_time(store, head(sample, 50))
    wipe(store)
    log(f"[{eng} {size}] row-at-a-time on the sample ({rows_of(sample)} rows)")
    res["row_at_a_time"] = timed_load("row-at-a-time (sample)",
                                      lambda: load_row_at_a_time(store, sample), rows_of(sample))
    runs = []
    for _ in range(3):  # small and quick: the median of three
        wipe(store)
        runs.append(timed_load("batched (sample)",
                               lambda: load(store, sample, batch_size=args.batch_size),
                               rows_of(sample)))
    res["batched_sample"] = sorted(runs, key=lambda r: r["rows_per_s"])[1]
    wipe(store)
    log(f"[{eng} {size}] batched load of all {rows_of(full)} rows, batch {args.batch_size}")
    held: dict[str, int] = {}

    def full_load() -> None:
        held.update(load(store, full, batch_size=args.batch_size,
                         progress=progress_printer(f"{eng} {size}")))
    res["batched"] = timed_load("batched (full)", full_load, rows_of(full))
    expected = full.counts()
    if held != {k: expected.get(k, 0) for k in held} or sum(held.values()) != rows_of(full):
        log(f"  WARNING: the store holds {held}, expected {expected}")
    res["ratio"] = round(res["batched"]["rows_per_s"] / res["row_at_a_time"]["rows_per_s"], 1)
    res["ratio_same_sample"] = round(res["batched_sample"]["rows_per_s"]
                                     / res["row_at_a_time"]["rows_per_s"], 1)
    log(f"[{eng} {size}] who x{args.who_samples} and the queries it runs")
    res.update(measure_queries(store, councils, args.who_samples, args.seed + size))
    log(f"  who p50 {res['who']['p50']:.2f} ms, p95 {res['who']['p95']:.2f} ms; "
        f"holders_on_date p50 {res['holders_on_date']['p50']:.2f} ms")
    return res


def edited(world: World, full: Dataset, drop_councils: int, edit_every: int) -> Dataset:
    """`full` less the records of the last `drop_councils` councils (their nodes and every
    relationship touching them, citations of shared sources included), with one node in
    `edit_every` of each label given a changed caption: what a re-sync must apply."""
    gone = {r.id for g in world.groups[len(world.groups) - drop_councils:] for r in g}
    out = Dataset()
    for label, rows in full.nodes.items():
        out.nodes[label] = [
            r if i % edit_every else {**r, "props": {**r["props"],
                                                     "caption": f"{r['props'].get('caption')} *"}}
            for i, r in enumerate(rows) if r["id"] not in gone]
    for key, rows in full.rels.items():
        out.rels[key] = [r for r in rows if r["from"] not in gone and r["to"] not in gone]
    return out


def run_sync(store: Any, size: int, steps: list[tuple[str, Dataset]],
             args: argparse.Namespace) -> dict[str, Any]:
    """Load, re-sync (unchanged, small change, large change) and wipe, each timed.

    Every sync is checked: afterwards the store's counts equal the dataset's."""
    from accountable.graph.load import counts, ensure_constraints, expected_counts, sync_in_place

    eng = store.engine
    res: dict[str, Any] = {"engine": eng, "size": size, "steps": []}
    store.wipe()
    for name, ds in steps:
        log(f"[{eng} {size}] sync: {name} ({rows_of(ds):,} rows)")
        t0 = time.perf_counter()
        if eng == "neo4j":
            ensure_constraints(store)
            d = sync_in_place(store, ds, args.batch_size, progress_printer(f"{eng} {name}"))
            changed, atomic = d.size, d.size <= ATOMIC_ROWS
        else:
            load(store, ds, batch_size=args.batch_size,
                 progress=progress_printer(f"{eng} {name}"))
            changed, atomic = rows_of(ds), True
        dt = time.perf_counter() - t0
        ok = counts(store) == expected_counts(ds)
        log(f"  {name}: {dt:.1f} s, {changed:,} rows changed, "
            f"{'one transaction/swap' if atomic else 'batched'}, counts match: {ok}")
        res["steps"].append({"step": name, "rows": rows_of(ds), "changed_rows": changed,
                             "atomic": atomic, "seconds": round(dt, 1), "counts_match": ok})
    log(f"[{eng} {size}] wipe")
    t0 = time.perf_counter()
    store.wipe()
    dt = time.perf_counter() - t0
    empty = store.read("MATCH (n) RETURN count(n) AS n")
    ok = not empty or empty[0]["n"] == 0
    log(f"  wipe: {dt:.1f} s, empty afterwards: {ok}")
    res["steps"].append({"step": "wipe", "seconds": round(dt, 1), "counts_match": ok})
    return res


def sync_table(results: list[dict[str, Any]]) -> str:
    lines = ["| engine | facts | step | rows | rows changed | how | seconds | store = facts |",
             "|---|---|---|---|---|---|---|---|"]
    for r in results:
        for st in r["steps"]:
            how = "" if st["step"] == "wipe" else ("one transaction" if r["engine"] == "neo4j"
                                                   and st["atomic"] else "staging + RENAME"
                                                   if r["engine"] == "embedded" else "batched")
            lines.append(f"| {r['engine']} | {r['size']:,} | {st['step']} | "
                         f"{st.get('rows', 0):,} | {st.get('changed_rows', 0):,} | {how} | "
                         f"{st['seconds']} | {'yes' if st['counts_match'] else 'NO'} |")
    return "\n".join(lines)


# --------------------------------------------------------------------------- report


def table(results: list[dict[str, Any]], row_sample: int) -> str:
    head = ("engine", "facts", "rows", "batched rows/s", "row-at-a-time rows/s*",
            "ratio", "ratio same sample", "who p50 ms", "who p95 ms", "holders_on_date p50 ms")
    lines = [head]
    for r in results:
        lines.append((r["engine"], f"{r['facts']:,}", f"{r['rows']:,}",
                      f"{r['batched']['rows_per_s']:,.0f}",
                      f"{r['row_at_a_time']['rows_per_s']:,.0f}", f"{r['ratio']:.1f}x",
                      f"{r['ratio_same_sample']:.1f}x", f"{r['who']['p50']:.2f}",
                      f"{r['who']['p95']:.2f}", f"{r['holders_on_date']['p50']:.2f}"))
    widths = [max(len(str(line[i])) for line in lines) for i in range(len(head))]
    out = ["| " + " | ".join(str(c).ljust(w) for c, w in zip(line, widths, strict=True)) + " |"
           for line in lines]
    out.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    out.append(f"* row-at-a-time measured on a sample of about {row_sample:,} rows (the shared "
               "records and the first councils), not the full dataset; 'ratio' = full batched "
               "rows/s / sample row-at-a-time rows/s, 'ratio same sample' = both on the sample.")
    return "\n".join(out)


def goals(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for r in results:
        if r["engine"] == "neo4j":
            out.append({"goal": f"neo4j {r['size']}: batched >= {GOAL_RATIO:.0f}x row-at-a-time",
                        "value": r["ratio"], "met": r["ratio"] >= GOAL_RATIO})
    big = max(r["size"] for r in results)
    for r in results:
        if r["size"] == big:
            out.append({"goal": f"{r['engine']} {r['size']}: who p50 <= {GOAL_WHO_P50_MS:.0f} ms",
                        "value": r["who"]["p50"], "met": r["who"]["p50"] <= GOAL_WHO_P50_MS})
    return out


def breakdown(results: list[dict[str, Any]]) -> str:
    out = []
    for r in results:
        out.append(f"{r['engine']} {r['size']:,} facts: p50 ms of the queries `who` runs")
        for name, s in r["queries"].items():
            out.append(f"  {name:36s} p50 {s['p50']:7.2f}  p95 {s['p95']:7.2f}")
        for name, ops in r["plans"].items():
            out.append(f"  plan {name}: " + " <- ".join(ops))
    return "\n".join(out)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="benchmarks.load", description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10000,100000",
                    help="fact counts, comma-separated (default 10000,100000)")
    ap.add_argument("--engines", default="embedded,neo4j",
                    help="embedded and/or neo4j (default both)")
    ap.add_argument("--batch-size", type=int, default=1000)
    ap.add_argument("--who-samples", type=int, default=200)
    ap.add_argument("--row-sample", type=int, default=5000,
                    help="rows in the row-at-a-time sample (default 5000)")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("--json-out", type=Path)
    ap.add_argument("--sync", action="store_true",
                    help="measure syncs instead: load, re-sync unchanged, re-sync after a "
                         "small and a 1%% change, then wipe (bounded batches on Neo4j)")
    ap.add_argument("--sync-steps", default="load,same,small,big",
                    help="with --sync: which syncs, in order (load, same, small, big); a "
                         "wipe always ends the run")
    ap.add_argument("--neo4j-from-env", action="store_true",
                    help="use the server in NEO4J_URI/NEO4J_PASSWORD instead of a private "
                         "one; its database is WIPED")
    args = ap.parse_args(argv)
    args.size_list = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    args.engine_list = [e.strip() for e in args.engines.split(",") if e.strip()]
    bad = set(args.engine_list) - {"embedded", "neo4j"}
    if bad or not args.engine_list or not args.size_list:
        ap.error(f"unknown engine(s) {', '.join(sorted(bad))}" if bad else
                 "give at least one size and one engine")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    model = load_model()
    started = time.time()
    data: dict[int, tuple[Dataset, Dataset, list[str]]] = {}
    syncs: dict[int, list[tuple[str, Dataset]]] = {}
    for size in args.size_list:
        t0 = time.perf_counter()
        world = make_world(size, args.seed, model)
        full = dataset(world.groups, model)
        sample = dataset(sample_groups(world, full, args.row_sample), model)
        data[size] = (full, sample, world.councils)
        if args.sync:
            small = edited(world, full, 1, 10**9)
            big = edited(world, full, max(1, len(world.councils) // 100), 100)
            steps = {"load": ("first load", full), "same": ("re-sync, unchanged", full),
                     "small": ("re-sync, one council gone", small),
                     "big": ("re-sync, 1% councils gone + 1% edited", big)}
            syncs[size] = [steps[k] for k in args.sync_steps.split(",") if k.strip()]
            sample = Dataset()
            data[size] = (full, sample, world.councils)
        log(f"data {size}: {fact_count(full):,} facts, {len(world.councils)} councils, "
            f"{full.node_count:,} nodes + {full.rel_count:,} rels = {rows_of(full):,} rows; "
            f"sample {rows_of(sample):,} rows ({time.perf_counter() - t0:.1f} s)")
        del world
    # Millions of row dicts stay alive all run: keep them out of the cyclic GC, whose full
    # passes over them would otherwise land inside timed queries (pauses of ~0.5-1 s).
    gc.collect()
    gc.freeze()

    results: list[dict[str, Any]] = []
    for engine in args.engine_list:
        with contextlib.ExitStack() as stack:
            if engine == "embedded":
                tmp = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="acc-bench-")))
                store: Any = EmbeddedStore(tmp / "data")
            else:
                server = stack.enter_context(neo4j_server(args.neo4j_from_env))
                store = Neo4jStore(server.uri, server.user, server.password)
            try:
                for size in args.size_list:
                    full, sample, councils = data[size]
                    if args.sync:
                        results.append(run_sync(store, size, syncs[size], args))
                    else:
                        results.append(run_engine(store, size, full, sample, councils, args))
                wipe(store)
            finally:
                store.close()

    print(f"\naccountable load benchmark: {time.strftime('%Y-%m-%d')}, "
          f"{os.cpu_count()} CPUs, Python {platform.python_version()}, "
          f"batch size {args.batch_size}, {args.who_samples} who samples, seed {args.seed}\n")
    if args.sync:
        print(sync_table(results))
        log(f"done in {time.time() - started:.0f} s")
        if args.json_out:
            args.json_out.write_text(json.dumps({"date": time.strftime("%Y-%m-%d"),
                                                 "results": results}, indent=2) + "\n")
        return 0
    print(table(results, args.row_sample))
    print()
    print(breakdown(results))
    print()
    met = goals(results)
    for g in met:
        print(f"{'MET    ' if g['met'] else 'NOT MET'}  {g['goal']} (got {g['value']})")
    log(f"done in {time.time() - started:.0f} s")
    if args.json_out:
        args.json_out.write_text(json.dumps({
            "date": time.strftime("%Y-%m-%d"), "cpus": os.cpu_count(),
            "python": platform.python_version(), "batch_size": args.batch_size,
            "who_samples": args.who_samples, "row_sample": args.row_sample, "seed": args.seed,
            "results": results, "goals": met}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
