"""Dates as ISO-8601 prefixes, and the rules for "who held post P over period Q".

A prefix is an interval: `2013` is 1 Jan to 31 Dec 2013, `2013-03` is March 2013.
Derived bounds are full ISO dates (strings), so they compare correctly as text in
Cypher on both engines.

A tenure (or contract) may give `start`, `end` and the bounds `start_after`, `start_before`,
`end_after`, `end_before`. `start`, `end`, `start_before` and `end_after` each put the holder
in post at some time within their prefix ("attested"); `start_after` and `end_before` only
bound the tenure. From these:

- `latest_start`  = last day of `start`, else the earliest last day of any attested prefix;
- `earliest_end`  = first day of `end`, else the latest first day of any attested prefix;
- `earliest_start`= first day of `start`, else of `start_after`;
- `latest_end`    = last day of `end`, else of `end_before`, else start + `months`.

Over a query period [q_from, q_to] (a day, a prefix, or an inspection's window):
- **held**: latest_start <= q_to and q_from <= earliest_end: the sources place the holder in
  post at some time within the period, for certain. For a single day D this is DESIGN's
  `latest_start <= D <= earliest_end`.
- **possibly held**: the possible span overlaps the period, but not held. The span runs from
  `earliest_start` (or, unknown, the first attested day) to `latest_end` (or, unknown, the
  last attested day): a missing start or end is unknown, not "forever".
"""

from __future__ import annotations

import calendar
import re
from dataclasses import asdict, dataclass
from datetime import date

_PREFIX = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class DateError(ValueError):
    """A date that is not a valid ISO-8601 prefix."""


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

    def as_dict(self) -> dict[str, str | None]:
        return asdict(self)


class BoundsError(ValueError):
    """Bounds that cannot all be true (an end before a start, say)."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


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

    earliest_start = (p["start"] or p["start_after"]).first if (p["start"] or p["start_after"]) \
        else None
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

    return Bounds(iso(earliest_start), iso(latest_start), iso(earliest_end), iso(latest_end),
                  iso(span_from), iso(span_to))


def status(b: Bounds, q_from: str, q_to: str) -> str | None:
    """`held`, `possibly_held` or None for a tenure's bounds over [q_from, q_to].

    The Cypher in `cypher/holders_on_date.cypher` applies the same rule; tests compare them.
    """
    if b.span_from is None or b.span_to is None:
        return None
    if b.span_from > q_to or b.span_to < q_from:
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
