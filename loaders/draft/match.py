"""Match a draft against the facts before proposing anything: what the facts already hold is
cited, never proposed again.

The drafter (`drafter.py`) recognises; this module decides, for each drafted record, whether
the facts already hold it. A matched record keeps the existing id and carries
`existing: true`: it only adds its citations to the record defined elsewhere (validate merges
them), and its `found_by` names that record (file:line) and what the draft said differently.

The rules, one per schema (the test `tests/test_draft_match.py` checks them on the seeds):
- Source: the article's text equals a registered source's text up to whitespace and
  typographic quotes (the comparison `validate` uses for quotes), or the article is that
  source's file. Its id is reused: no new `source:NNN`.
- Person, Organisation: name or alias (`names.EntityIndex.find`, in the drafter); a surname
  alone ("Ms Norman") is a known person with that surname when exactly one holds a post in
  an organisation the article names.
- Post: same organisation and same kind, for the kinds an organisation has one of (DCS,
  lead member, leader, chief executive, LSCB chair), or the same title or alias there.
- Tenure: same person and post (the one whose dates agree, when the facts hold several).
- Contract: same council and contractor, possible spans (`months` included) sharing a day
  and no other start.
- Inspection: same organisation, windows (start or publication to publication or end)
  overlapping, kinds compatible (equal, or one is `other`), and no judgement of the same
  area with another grade. The best candidate wins: the same words of the same source,
  then the same date, then the same grades.
- Judgement: same (matched) inspection and area.
- Event: same kind (resigned, dismissed and left count as one departure), the same subject
  (its speaker for a statement) and dates not disjoint; an undated event matches only when
  its subject is a person (and it names no other post) or it cites the same words.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from accountable.graph.dates import (
    BoundsError,
    DateError,
    derive_bounds,
    parse_prefix,
    record_window,
)
from accountable.graph.model import SCHEMA
from accountable.loaders.names import EntityIndex, FactRecord, normalise_name
from accountable.loaders.titles import POST_KIND
from accountable.loaders.validate import normalise

# a person leaves a post once per tenure: these are one event told in different words
DEPARTURES = ("resigned", "dismissed", "left")
# an organisation has one post of each of these kinds, so the kind names it (it has many
# MPs, inspectors, heads of service: those are matched by title)
ONE_PER_ORG = (POST_KIND.dcs, POST_KIND.lead_member, POST_KIND.leader, POST_KIND.chief_executive,
               POST_KIND.lscb_chair)
REF_KEYS = ("person", "post", "in", "organisation", "inspection", "awarded_by", "contractor",
            "after")
# the references the known records are looked up by (schemata by role: graph/model.yaml)
KEYS = {SCHEMA.post: ("in",), SCHEMA.tenure: ("person", "post"),
        SCHEMA.contract: ("awarded_by",), SCHEMA.inspection: ("organisation",),
        SCHEMA.judgement: ("inspection",), SCHEMA.event: ("involved",)}
# what a drafted record said that the matched record may not: left in found_by for review
DETAILS = {SCHEMA.inspection: ("kind", "start", "end", "published"), SCHEMA.judgement: ("grade",),
           SCHEMA.event: ("kind", "date"), SCHEMA.contract: ("start", "end", "months", "value_gbp"),
           SCHEMA.tenure: ("start", "end", "start_after", "start_before", "end_after",
                           "end_before", "ended_by")}


# ---------------------------------------------------------------------------- sources

def find_source(text: str, index: EntityIndex, path: Path | None = None) -> FactRecord | None:
    """The registered Source this article is: the same text (up to whitespace and
    typographic quotes) or the same file. None when it is a new article."""
    norm = normalise(text.lstrip("\ufeff"))
    sources = [r for r in index.records.values() if r.schema == SCHEMA.source]
    for rec in sources:
        known = index.texts.get(rec.id)
        if known is not None and known.lstrip("\ufeff ") == norm:
            return rec
    if path is not None and index.root is not None:
        here = path.resolve()
        for rec in sources:
            f = rec.data.get("file")
            if isinstance(f, str) and (index.root / f).resolve() == here:
                return rec
    return None


def free_file_name(file_name: str, index: EntityIndex) -> str:
    """`file_name`, or `stem-2.txt`, ... when a registered source already uses that name
    for another article (copying this one there would overwrite it)."""
    used = {str(r.data.get("file")) for r in index.records.values() if r.schema == SCHEMA.source}
    if file_name not in used:
        return file_name
    p = Path(file_name)
    n = 2
    while str(p.with_name(f"{p.stem}-{n}{p.suffix}")) in used:
        n += 1
    return str(p.with_name(f"{p.stem}-{n}{p.suffix}"))


def existing_source(known: FactRecord, published: str | None) -> dict[str, Any]:
    """The Source record of a draft whose article is already registered."""
    recorded = known.data.get("published")
    note = (f"source-same-text: this article is already {known.id} ({known.where}); the "
            "records below cite it")
    if published and recorded is not None and str(recorded) != published:
        note += (f"; --published {published} differs from its recorded published "
                 f"{recorded}: relative dates were resolved against {published}")
    rec: dict[str, Any] = {"schema": SCHEMA.source, "id": known.id}
    for k in ("file", "title"):
        if known.data.get(k) is not None:
            rec[k] = known.data[k]
    rec.update({"existing": True, "draft": True, "found_by": note})
    return rec


# ---------------------------------------------------------------------------- dates

def _prefix_span(*values: Any) -> tuple[date, date] | None:
    """The interval covered by the ISO prefixes given (None when none parses)."""
    firsts, lasts = [], []
    for v in values:
        if v is None:
            continue
        try:
            p = parse_prefix(str(v))
        except DateError:
            continue
        firsts.append(p.first)
        lasts.append(p.last)
    return (min(firsts), max(lasts)) if firsts else None


def _disjoint(a: tuple[Any, Any] | None, b: tuple[Any, Any] | None) -> bool:
    """Both known and not overlapping (unknown is never "disjoint")."""
    return a is not None and b is not None and (a[1] < b[0] or b[1] < a[0])


def _possible(data: dict[str, Any]) -> tuple[str | None, str | None]:
    """A tenure's or contract's possible span (earliest start, latest end; None: open),
    `months` included."""
    dates = {k: str(data[k]) for k in DETAILS[SCHEMA.tenure][:6] if data.get(k) is not None}
    months = data.get("months")
    try:
        b = derive_bounds(**dates, months=months if isinstance(months, int) else None)
    except (DateError, BoundsError):
        return None, None
    return b.earliest_start, b.latest_end


def _apart(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Two tenures or contracts that cannot be one: their possible spans share no day, or
    both give a start and the starts differ (a second term, a renewal)."""
    (f1, t1), (f2, t2) = _possible(a), _possible(b)
    if bool(t1 and f2 and t1 < f2) or bool(t2 and f1 and t2 < f1):
        return True
    return _disjoint(_prefix_span(a.get("start")), _prefix_span(b.get("start")))


# ---------------------------------------------------------------------------- matching

class _Matcher:
    def __init__(self, records: list[dict[str, Any]], index: EntityIndex) -> None:
        self.records = records
        self.index = index
        self.renamed: dict[str, str] = {}
        self.by_schema: dict[str, list[FactRecord]] = {}
        # the known records by what a match needs, so a draft against a million facts only
        # compares the few that share its organisation, person or inspection
        self.by_ref: dict[tuple[str, str, Any], list[FactRecord]] = {}
        for r in index.records.values():
            self.by_schema.setdefault(r.schema, []).append(r)
            for key in KEYS.get(r.schema, ()):
                values = r.data.get(key)
                if key == "involved":
                    values = [x.get("id") for x in values or [] if isinstance(x, dict)]
                for v in values if isinstance(values, list) else [values]:
                    if isinstance(v, str):
                        self.by_ref.setdefault((r.schema, key, v), []).append(r)

    def known(self, schema: str, key: str | None = None, value: Any = None) -> list[FactRecord]:
        """Known records of a schema; with `key`, those whose `key` is (or involves) value."""
        if key is None:
            return self.by_schema.get(schema, [])
        return self.by_ref.get((schema, key, value), []) if isinstance(value, str) else []

    # -- helpers ------------------------------------------------------------
    def same_words(self, drafted: list[dict[str, Any]], known: Any) -> bool:
        """The draft cites (mostly) the same words of the same source as the known record."""
        if not isinstance(known, list):
            return False
        for a in drafted:
            for b in known:
                if not isinstance(b, dict) or a.get("source") != b.get("source"):
                    continue
                qa, qb = normalise(str(a.get("quote", ""))), normalise(str(b.get("quote", "")))
                if not qa or not qb:
                    continue
                text = self.index.texts.get(str(a.get("source")), "")
                ia, ib = text.find(qa), text.find(qb)
                if ia < 0 or ib < 0:
                    if qa in qb or qb in qa:
                        return True
                    continue
                shared = min(ia + len(qa), ib + len(qb)) - max(ia, ib)
                if shared >= 0.5 * min(len(qa), len(qb)):
                    return True
        return False

    def adopt(self, rec: dict[str, Any], known: FactRecord, why: str = "",
              others: list[FactRecord] | None = None) -> dict[str, Any]:
        """`rec` is `known`: the record to emit instead (its id, existing, its citations)."""
        self.renamed[rec["id"]] = known.id
        out: dict[str, Any] = {"schema": rec["schema"], "id": known.id}
        if rec["schema"] in (SCHEMA.person, SCHEMA.organisation):
            out["name"] = known.data.get("name")
        elif rec["schema"] == SCHEMA.post:
            out["title"] = known.data.get("title")
        out["existing"] = True
        out["draft"] = True
        note = f"{rec.get('found_by', 'drafted')}; already in the facts as {known.id} " \
               f"({known.where})"
        if why:
            note += f": {why}"
        drafted = {k: rec[k] for k in DETAILS.get(rec["schema"], ()) if k in rec
                   and str(rec[k]) != str(known.data.get(k))
                   and not (k == "kind" and rec[k] == "other")}  # "other": not known
        if drafted:
            note += f"; the draft said {drafted}: merge by hand if new"
        if others:
            note += f"; it could also be {', '.join(o.id for o in others)}: check which"
        out["found_by"] = note
        out["sources"] = rec.get("sources", [])
        return out

    def ref(self, value: Any) -> Any:
        return self.renamed.get(value, value) if isinstance(value, str) else value

    def rename_refs(self, rec: dict[str, Any]) -> None:
        for k in REF_KEYS:
            if k in rec:
                rec[k] = self.ref(rec[k])
        if isinstance(rec.get("involved"), list):
            for item in rec["involved"]:
                if isinstance(item, dict):
                    item["id"] = self.ref(item.get("id"))
        if isinstance(rec.get("between"), list):
            rec["between"] = [self.ref(x) for x in rec["between"]]

    @staticmethod
    def best(scored: Sequence[tuple[float, FactRecord]]) -> tuple[FactRecord | None,
                                                               list[FactRecord]]:
        """The highest-scoring candidate and the others that tie with it."""
        if not scored:
            return None, []
        ranked = sorted(scored, key=lambda s: -s[0])
        top = ranked[0][0]
        ties = [k for s, k in ranked if s == top]
        return ties[0], ties[1:]

    # -- per schema ----------------------------------------------------------
    def run(self) -> list[dict[str, Any]]:
        draft_orgs = {r["id"] for r in self.records if r["schema"] == SCHEMA.organisation}
        steps = ((SCHEMA.person, lambda r: self.person(r, draft_orgs)), (SCHEMA.post, self.post),
                 (SCHEMA.tenure, self.tenure), (SCHEMA.contract, self.contract),
                 (SCHEMA.inspection, self.inspection), (SCHEMA.judgement, self.judgement),
                 (SCHEMA.event, self.event))
        for schema, step in steps:
            for i, rec in enumerate(self.records):
                self.rename_refs(rec)
                if rec["schema"] != schema or rec.get("existing"):
                    continue
                self.records[i] = step(rec)
        for rec in self.records:
            self.rename_refs(rec)
        return self.merge()

    def person(self, rec: dict[str, Any], draft_orgs: set[str]) -> dict[str, Any]:
        words = normalise_name(str(rec.get("name", ""))).split()
        if len(words) != 1:
            return rec
        posts_in = {p.id for org in draft_orgs for p in self.known(SCHEMA.post, "in", org)}
        holders = {t.data.get("person") for post in posts_in
                   for t in self.known(SCHEMA.tenure, "post", post)}
        hits = [p for p in self.known(SCHEMA.person) if p.id in holders
                and normalise_name(str(p.data.get("name", ""))).split()[-1:] == words]
        if len(hits) == 1:
            return self.adopt(rec, hits[0], "the only person of that surname holding a post "
                                            "in an organisation the article names")
        return rec

    def post(self, rec: dict[str, Any]) -> dict[str, Any]:
        org, kind = rec.get("in"), rec.get("kind")
        title = normalise_name(str(rec.get("title", "")))
        same_kind, same_title = [], []
        for p in self.known(SCHEMA.post, "in", org):
            names = {normalise_name(str(n)) for n in
                     (p.data.get("title", ""), *(p.data.get("aliases") or ()))}
            if title and title in names:
                same_title.append(p)
            elif kind in ONE_PER_ORG and p.data.get("kind") == kind:
                same_kind.append(p)
        if same_title:
            return self.adopt(rec, same_title[0], "same title in the same organisation")
        if same_kind:
            return self.adopt(rec, same_kind[0], f"the {kind} post of the same organisation",
                              same_kind[1:])
        return rec

    def tenure(self, rec: dict[str, Any]) -> dict[str, Any]:
        cands = [t for t in self.known(SCHEMA.tenure, "person", rec.get("person"))
                 if t.data.get("post") == rec.get("post")]
        scored = [(0 if _apart(rec, t.data) else 1, t) for t in cands]
        known, others = self.best(scored)
        return self.adopt(rec, known, "same person and post", others) if known else rec

    def contract(self, rec: dict[str, Any]) -> dict[str, Any]:
        scored = []
        for c in self.known(SCHEMA.contract, "awarded_by", rec.get("awarded_by")):
            if c.data.get("contractor") != rec.get("contractor") or _apart(rec, c.data):
                continue
            score = 100 * self.same_words(rec.get("sources", []), c.data.get("sources"))
            score += 10 * (rec.get("start") is not None
                           and str(rec.get("start")) == str(c.data.get("start")))
            score += 5 * (rec.get("value_gbp") is not None
                          and rec.get("value_gbp") == c.data.get("value_gbp"))
            scored.append((score, c))
        known, others = self.best(scored)
        return self.adopt(rec, known, "same council and contractor", others) if known else rec

    def inspection(self, rec: dict[str, Any]) -> dict[str, Any]:
        grades = {(j["area"], j["grade"]) for j in self.records if j["schema"] == SCHEMA.judgement
                  and j.get("inspection") == rec["id"]}
        mine = record_window(rec)
        dated = {str(rec[k]) for k in ("start", "end", "published") if rec.get(k) is not None}
        scored = []
        rejected: list[str] = []
        for insp in self.known(SCHEMA.inspection, "organisation", rec.get("organisation")):
            kinds = {rec.get("kind"), insp.data.get("kind")}
            if len(kinds) > 1 and "other" not in kinds:
                continue
            words = self.same_words(rec.get("sources", []), insp.data.get("sources"))
            theirs = record_window(insp.data)
            if _disjoint(mine, theirs) or not words and (mine is None or theirs is None):
                continue
            known_grades = {(j.data.get("area"), j.data.get("grade"))
                            for j in self.known(SCHEMA.judgement, "inspection", insp.id)}
            clash = sorted(f"{ka}: {kg}" for a, g in grades for ka, kg in known_grades
                           if a == ka and g != kg)
            if clash:  # another grade for the same area: another inspection, or a Conflict
                rejected.append(f"{insp.id} ({insp.where}) grades {', '.join(clash)}")
                continue
            score: float = 100 * words + 10 * bool(dated & {str(insp.data[k]) for k in
                                                     ("start", "end", "published")
                                                     if insp.data.get(k) is not None})
            score += 5 * len(grades & known_grades)
            if theirs:  # the narrower window is the likelier
                span = date.fromisoformat(theirs[1]) - date.fromisoformat(theirs[0])
                score -= span.days / 100_000
            scored.append((score, insp))
        known, others = self.best(scored)
        if known is None:
            if rejected:
                rec["found_by"] = (f"{rec.get('found_by')}; overlaps {'; '.join(rejected)}: if "
                                   "it is the same inspection, fix the grade, or record a "
                                   "Conflict between the two")
            return rec
        return self.adopt(rec, known, "same organisation, overlapping dates, no other grade",
                          others)

    def judgement(self, rec: dict[str, Any]) -> dict[str, Any]:
        insp = rec.get("inspection")
        if insp not in self.index.records:
            return rec
        for j in self.known(SCHEMA.judgement, "inspection", insp):
            if j.data.get("area") == rec.get("area"):
                if j.data.get("grade") == rec.get("grade"):
                    return self.adopt(rec, j, "same inspection and area")
                rec["found_by"] = (f"{rec.get('found_by')}; {j.id} ({j.where}) grades the same "
                                   f"area {j.data.get('grade')}: record a Conflict or fix one")
                return rec
        # a new area of a known inspection: an id under that inspection's
        base = f"judgement:{insp.split(':', 1)[1]}:{rec.get('area')}"
        new, n = base, 2
        taken = self.index.ids | {r["id"] for r in self.records if r is not rec}
        while new in taken:
            new, n = f"{base}-{n}", n + 1
        self.renamed[rec["id"]] = new
        rec["id"] = new
        return rec

    def event(self, rec: dict[str, Any]) -> dict[str, Any]:
        involved = [x for x in rec.get("involved") or [] if isinstance(x, dict)]
        if not involved:
            return rec
        subject, role = involved[0].get("id"), involved[0].get("as")
        my_post = next((x.get("id") for x in involved if x.get("as") == "post"), None)
        is_person = isinstance(subject, str) and subject.startswith("person:")
        my_posts = {r.get("post") for r in self.records
                    if r["schema"] == SCHEMA.tenure and r.get("person", r["id"]) == subject}
        my_posts |= {self.index.records[r["id"]].data.get("post") for r in self.records
                     if r["schema"] == SCHEMA.tenure and r.get("existing")
                     and r["id"] in self.index.records
                     and self.index.records[r["id"]].data.get("person") == subject}
        family = "departure" if rec.get("kind") in DEPARTURES else rec.get("kind")
        mine = _prefix_span(rec.get("date"))
        scored = []
        undated: list[str] = []
        posts: dict[str, str] = {}
        for ev in self.known(SCHEMA.event, "involved", subject):
            kind = ev.data.get("kind")
            if ("departure" if kind in DEPARTURES else kind) != family:
                continue
            inv = [x for x in ev.data.get("involved") or [] if isinstance(x, dict)]
            principal = {inv[0].get("id")} if inv else set()
            principal |= {x.get("id") for x in inv if x.get("as") == role}
            if subject not in principal:
                continue
            post = next((x.get("id") for x in inv if x.get("as") == "post"), None)
            theirs = _prefix_span(ev.data.get("date"))
            if _disjoint(mine, theirs):
                continue
            other_post = bool(my_post and post and my_post != post and post not in my_posts)
            if other_post and (mine is None or theirs is None):
                continue  # undated, about another post (the draft's is a guess among the
                # person's posts): nothing says it is the same
            words = self.same_words(rec.get("sources", []), ev.data.get("sources"))
            if not words and not is_person and (mine is None or theirs is None):
                undated.append(ev.id)
                continue  # an undated council event could be any of its kind
            score = 100 * words + 10 * (rec.get("date") is not None
                                        and str(rec.get("date")) == str(ev.data.get("date")))
            score += 3 * (kind == rec.get("kind")) + (theirs is not None) - 2 * other_post
            scored.append((score, ev))
            if other_post:
                posts[ev.id] = f"the draft names {my_post}, the facts {post}: check which"
        known, others = self.best(scored)
        if known is None:
            if undated:
                rec["found_by"] = (f"{rec.get('found_by')}; it may be {', '.join(undated)} "
                                   "(same kind and subject; no date to tell): if so, cite that "
                                   "one instead")
            return rec
        return self.adopt(rec, known, "; ".join(["same kind, subject and dates",
                                                 *([posts[known.id]] if known.id in posts
                                                   else [])]), others)

    # -- output -----------------------------------------------------------------
    def merge(self) -> list[dict[str, Any]]:
        """One record per id: two drafted records of one known record become one, with the
        citations of both."""
        out: list[dict[str, Any]] = []
        first: dict[str, dict[str, Any]] = {}
        for rec in self.records:
            prev = first.get(rec["id"])
            if prev is None or not rec.get("existing") or not prev.get("existing"):
                first.setdefault(rec["id"], rec)
                out.append(rec)
                continue
            seen = {(c.get("quote"), c.get("certainty")) for c in prev["sources"]}
            for c in rec.get("sources", []):
                if (c.get("quote"), c.get("certainty")) not in seen:
                    prev["sources"].append(c)
                    seen.add((c.get("quote"), c.get("certainty")))
            if rec.get("found_by") and rec["found_by"] not in prev.get("found_by", ""):
                prev["found_by"] = f"{prev.get('found_by')} | {rec['found_by']}"
        return out


def resolve(records: list[dict[str, Any]], index: EntityIndex) -> list[dict[str, Any]]:
    """The drafted records with every one the facts already hold turned into an
    `existing: true` record under its id, and references to it renamed."""
    if not index.records:
        return records
    return _Matcher(records, index).run()
