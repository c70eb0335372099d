"""Dates as ISO-8601 prefixes, and the rules for "who held post P over period Q".

A prefix is an interval: `2013` is 1 Jan to 31 Dec 2013, `2013-03` is March 2013.
Derived bounds are full ISO dates (strings), so they compare correctly as text in
Cypher on both engines.

A tenure (or contract) may give `start`, `end` and the bounds `start_after`, `start_before`,
`end_after`, `end_before`. `start`, `end`, `start_before` and `end_after` each put the holder
in post at some time within their prefix ("attested"); `start_after` and `end_before` only
bound the tenure. From these (`derive_bounds`, one record alone):

- `latest_start`  = last day of `start`, else the earliest last day of any attested prefix;
- `earliest_end`  = first day of `end`, else the latest first day of any attested prefix;
- `earliest_start`= first day of `start`, else of `start_after`;
- `latest_end`    = last day of `end`, else of `end_before`, else start + `months`;
- `first_attested` / `last_attested` = the first / last day of any attested prefix.

**The possible span of a tenure** (`tenure_spans`, over all tenures of a post, at load time;
stored on the Tenure node as `span_from` / `span_to`, None meaning "no bound"):

- `span_from` = `earliest_start` when the start or `start_after` is given. Otherwise the start
  is unknown, and the tenure is possibly held back to the end of the *previous known holder*:
  `span_from` = that holder's `earliest_end` (the last day the sources place them in post for
  certain; they may have left the day after), recorded in `span_from_by`. With no previous
  known holder, `span_from` is None: no bound.
- `span_to` = `latest_end` when the end, `end_before` or `months` bound it. Otherwise the end is
  unknown, and the tenure is possibly held up to the *next known holder's* `latest_start` (the
  first day the sources place them in post for certain), recorded in `span_to_by`; None
  without one.
- A *previous known holder* of tenure T is another tenure U of the same post such that
  (1) the sources place U in post (U has attested days), (2) all of U's attested days lie
  before T's first attested day (`U.last_attested < T.first_attested`), so the two do not
  overlap, and (3) no Conflict record names T and U together: competing claims never bound
  each other. Among several, the latest `earliest_end` counts (the nearest). The *next known
  holder* is the mirror image (`N.first_attested > T.last_attested`; the earliest
  `latest_start` counts). A tenure with no attested day has no neighbours and bounds no one.
- Posts of a `shared` kind (`graph/model.yaml`: inspectors, "other") have several holders
  at once: their tenures never bound each other.

Contracts have no "next holder": their span stays their own (`derive_bounds`): from
`earliest_start` (else the first attested day) to `latest_end` (else the last attested day).

Over a query period [q_from, q_to] (a day, a prefix, or an inspection's window), `status`:
- **held**: latest_start <= q_to and q_from <= earliest_end: the sources place the holder in
  post at some time within the period, for certain. For a single day D this is DESIGN's
  `latest_start <= D <= earliest_end`.
- **possibly held**: the possible span [span_from, span_to] overlaps the period, but not held.
- otherwise not listed, and the JSON of `who` says the holder is *known not to have held* that
  tenure then (`known_not_held`): their own dates or a neighbour's bound exclude the period.
  A post with no listed holder is only *not known to have had one* (`no_known_holder`).

**As known on a date** (`known_cut`, `known_status`; `--known-on`): answers computed only from
citations of sources out by then. A Source's `published` is a prefix, stored as
`published_from` / `published_to`; the cut is the *last* day of the known-on prefix (a source
"published on or before 2013-03" is out by 2013-03-31). A citation is

- **known** when its source was certainly out by the cut: `published_to <= cut`;
- **possibly known** when its publication period straddles the cut:
  `published_from <= cut < published_to` (published 2013-03, known on 2013-03-15);
- otherwise not yet out, and left out of the answer.

A fact (tenure, contract, inspection, judgement, event, post) is in the answer when it keeps
a citation (known or possibly known): it is *known* when one of them is known, else
*possibly known*; its certainty is the weakest of the citations it keeps. A conflict is
shown when both its sides are in the answer. The neighbour rule above runs over the tenures
in the answer only: a side set by a tenure nobody had cited yet falls back to the nearest
tenure that had been. The record's own date fields (`start`, `end`, the bounds, `months`)
are the record's: the model does not say which citation gives which date, so they are not
recomputed from the citations kept (a fact that lost citations says so: `citations_dropped`).
The Cypher in `cypher/` applies the same tests to the stored `published_from/_to`, with
`$known_on` the cut day (a `cut` parameter), and NULL meaning "no cut".
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

from accountable.errors import BoundsError, DateError  # noqa: F401 - re-exported

_PREFIX = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True)
class Prefix:
    text: str
    first: date
    last: date


def parse_prefix(value: object) -> Prefix:
    """Parse `2013`, `2013-03` or `2013-03-14` into the interval it names."""
    text = str(value).strip()
    m = _PREFIX.match(text)
    if not m:
        raise DateError(f"{text!r} is not an ISO date prefix (use YYYY, YYYY-MM or YYYY-MM-DD)")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    if month is None:
        return Prefix(text, date(year, 1, 1), date(year, 12, 31))
    mo = int(month)
    if not 1 <= mo <= 12:
        raise DateError(f"{text!r} has no month {mo:02d} (months run 01 to 12)")
    days = calendar.monthrange(year, mo)[1]
    if day is None:
        return Prefix(text, date(year, mo, 1), date(year, mo, days))
    d = int(day)
    if not 1 <= d <= days:
        raise DateError(f"{text!r} is not a real day: {calendar.month_name[mo]} {year} "
                        f"has {days} days")
    return Prefix(text, date(year, mo, d), date(year, mo, d))


def add_months(d: date, months: int) -> date:
    """The same day `months` later, clipped to the month's end."""
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def period(value: str) -> tuple[str, str]:
    """The first and last day (ISO) of a query date given as a prefix."""
    p = parse_prefix(value)
    return p.first.isoformat(), p.last.isoformat()


@dataclass(frozen=True)
class Bounds:
    earliest_start: str | None
    latest_start: str | None
    earliest_end: str | None
    latest_end: str | None
    span_from: str | None
    span_to: str | None
    first_attested: str | None = None
    last_attested: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)


def derive_bounds(
    start: str | None = None,
    end: str | None = None,
    start_after: str | None = None,
    start_before: str | None = None,
    end_after: str | None = None,
    end_before: str | None = None,
    months: int | None = None,
) -> Bounds:
    """Derive earliest/latest start and end, and the listing span. Raises BoundsError."""
    p = {k: parse_prefix(v) if v is not None else None for k, v in {
        "start": start, "end": end, "start_after": start_after, "start_before": start_before,
        "end_after": end_after, "end_before": end_before}.items()}
    attested = {k: v for k, v in p.items() if v and k in ("start", "end", "start_before",
                                                         "end_after")}

    first_start = p["start"] or p["start_after"]
    earliest_start = first_start.first if first_start else None
    if p["start"]:
        latest_start: date | None = p["start"].last
    else:
        lasts = [v.last for k, v in attested.items() if k != "start"]
        latest_start = min(lasts) if lasts else None
    if p["end"]:
        earliest_end: date | None = p["end"].first
    else:
        firsts = [v.first for k, v in attested.items() if k != "end"]
        earliest_end = max(firsts) if firsts else None
    if p["end"]:
        latest_end: date | None = p["end"].last
    elif p["end_before"]:
        latest_end = p["end_before"].last
    elif months is not None and (p["start"] or p["start_after"]) and latest_start:
        latest_end = add_months(latest_start, months)
    else:
        latest_end = None
    if months is not None and earliest_start is not None and not p["end"]:
        by_term = add_months(earliest_start, months)
        earliest_end = max(earliest_end, by_term) if earliest_end else by_term

    if earliest_start and latest_start and earliest_start > latest_start:
        raise BoundsError(f"the start cannot be both on or after {earliest_start} and by "
                          f"{latest_start}", "start_after")
    if earliest_end and latest_end and earliest_end > latest_end:
        raise BoundsError(f"the holder is placed in post until at least {earliest_end}, after "
                          f"the end ({latest_end})", "end" if p["end"] else "end_before")
    if earliest_start and latest_end and latest_end < earliest_start:
        raise BoundsError(f"ends ({latest_end}) before it starts ({earliest_start})",
                          "end" if p["end"] else "end_before")

    span_from = earliest_start or (min(v.first for v in attested.values()) if attested else None)
    span_to = latest_end or (max(v.last for v in attested.values()) if attested else None)

    def iso(d: date | None) -> str | None:
        return d.isoformat() if d else None

    first_att = min(v.first for v in attested.values()) if attested else None
    last_att = max(v.last for v in attested.values()) if attested else None
    return Bounds(iso(earliest_start), iso(latest_start), iso(earliest_end), iso(latest_end),
                  iso(span_from), iso(span_to), iso(first_att), iso(last_att))


@dataclass(frozen=True)
class Span:
    """A tenure's possible span; a None side has no bound. `*_by`: the neighbour that set it."""

    span_from: str | None
    span_to: str | None
    span_from_by: str | None = None
    span_to_by: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {"span_from": self.span_from, "span_to": self.span_to,
                "span_from_by": self.span_from_by, "span_to_by": self.span_to_by}


@dataclass(frozen=True)
class TenureDates:
    """What `tenure_spans` needs to know of one tenure."""

    id: str
    post: str
    bounds: Bounds
    shared: bool = False  # a post several people hold at once: no neighbour bounds


def tenure_spans(tenures: Iterable[TenureDates],
                 conflicts: Iterable[tuple[str, str]] = ()) -> dict[str, Span]:
    """Each tenure's possible span by the neighbour rule in this module's docstring.

    `conflicts` are pairs of ids a Conflict record names together: they never bound each other.
    Per post, O(n log n): tenures sorted by last (first) attested day, with running best bounds.
    """
    apart: dict[str, set[str]] = {}
    for a, b in conflicts:
        apart.setdefault(a, set()).add(b)
        apart.setdefault(b, set()).add(a)
    by_post: dict[str, list[TenureDates]] = {}
    for t in tenures:
        by_post.setdefault(t.post, []).append(t)
    spans: dict[str, Span] = {}
    for group in by_post.values():
        known = [u for u in group if u.bounds.first_attested is not None and not u.shared]
        by_last = sorted(known, key=lambda u: u.bounds.last_attested or "")
        lasts = [u.bounds.last_attested or "" for u in by_last]
        prev_best: list[TenureDates] = []  # prev_best[i]: the latest earliest_end in by_last[:i+1]
        for u in by_last:
            if not prev_best or _prev_key(u) > _prev_key(prev_best[-1]):
                prev_best.append(u)
            else:
                prev_best.append(prev_best[-1])
        by_first = sorted(known, key=lambda u: u.bounds.first_attested or "")
        firsts = [u.bounds.first_attested or "" for u in by_first]
        next_best: list[TenureDates] = [by_first[-1]] * len(by_first) if by_first else []
        for i in range(len(by_first) - 2, -1, -1):  # next_best[i]: earliest latest_start in [i:]
            u = by_first[i]
            next_best[i] = u if _next_key(u) < _next_key(next_best[i + 1]) else next_best[i + 1]

        for t in group:
            tb = t.bounds
            bounded = not t.shared and tb.first_attested is not None
            rivals = apart.get(t.id, set())
            span_from, from_by = tb.earliest_start, None
            if span_from is None and bounded:
                k = bisect_left(lasts, tb.first_attested or "")  # bounded: never None
                prev = None
                if rivals:  # rare: skip the competing claims one by one
                    ok = [u for u in by_last[:k] if u.id not in rivals]
                    prev = max(ok, key=_prev_key) if ok else None
                elif k:
                    prev = prev_best[k - 1]
                if prev is not None:
                    span_from, from_by = prev.bounds.earliest_end, prev.id
            span_to, to_by = tb.latest_end, None
            if span_to is None and bounded:
                k = bisect_right(firsts, tb.last_attested or "")
                nxt = None
                if rivals:
                    ok = [u for u in by_first[k:] if u.id not in rivals]
                    nxt = min(ok, key=_next_key) if ok else None
                elif k < len(by_first):
                    nxt = next_best[k]
                if nxt is not None:
                    span_to, to_by = nxt.bounds.latest_start, nxt.id
            spans[t.id] = Span(span_from, span_to, from_by, to_by)
    return spans


def _prev_key(u: TenureDates) -> tuple[str, str]:
    return (u.bounds.earliest_end or "", u.id)


def _next_key(u: TenureDates) -> tuple[str, str]:
    return (u.bounds.latest_start or "", u.id)


# Which schemata have a missing span side meaning "no bound" (the neighbour rule) rather
# than "undated" is declared in graph/model.yaml (`unbounded_span: true`; Model.unbounded_span).


def with_span(b: Bounds, span: Span) -> Bounds:
    """A tenure's bounds with its possible span from `tenure_spans`."""
    return replace(b, span_from=span.span_from, span_to=span.span_to)


def status(b: Bounds, q_from: str, q_to: str, *, unbounded: bool = False) -> str | None:
    """`held`, `possibly_held` or None for a tenure's or contract's bounds over [q_from, q_to].

    For a tenure (`unbounded=True`, bounds from `with_span`) a None side of the span has no
    bound. For a contract (the default) a None span is never listed: no source dates it.
    The Cypher in `cypher/` (holders_on_date, contracts_on_date, ...) applies the same rule
    to the stored dates; tests compare them.
    """
    if not unbounded and (b.span_from is None or b.span_to is None):
        return None
    if (b.span_from is not None and b.span_from > q_to) or \
            (b.span_to is not None and b.span_to < q_from):
        return None
    if (b.latest_start is not None and b.earliest_end is not None
            and b.latest_start <= q_to and b.earliest_end >= q_from):
        return "held"
    return "possibly_held"


def window(start: str | None, end: str | None, published: str | None) -> tuple[str, str] | None:
    """An inspection's window: from its start (or publication) to its publication (or end)."""
    first = next((v for v in (start, published, end) if v), None)
    last = next((v for v in (published, end, start) if v), None)
    if first is None or last is None:
        return None
    return parse_prefix(first).first.isoformat(), parse_prefix(last).last.isoformat()


def record_window(data: Mapping[str, Any]) -> tuple[str, str] | None:
    """`window` of an inspection record's `start`, `end` and `published`; None when it has
    none of them or one is not a date (validation reports that against the field)."""
    vals = [str(data[k]) if data.get(k) is not None else None
            for k in ("start", "end", "published")]
    try:
        return window(*vals)
    except DateError:
        return None


def known_cut(value: str) -> str:
    """The cut day (ISO) of a known-on date given as a prefix: its last day."""
    return parse_prefix(value).last.isoformat()


def known_status(published_from: str, published_to: str, cut: str | None) -> str | None:
    """`known`, `possibly_known` or None (not yet out) for a source's publication period
    against a cut day (`known_cut`); with no cut (None), everything is `known`."""
    if cut is None or published_to <= cut:
        return "known"
    if published_from <= cut:
        return "possibly_known"
    return None
