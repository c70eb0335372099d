"""Sentences, clauses and dates in an article's raw text, always as offsets into that text.

Every span the drafter cites is `text[start:end]` of the article as read, so a drafted quote
is verbatim by construction (validation only folds whitespace and typographic quotes).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTH_RE = (r"(?:January|February|March|April|May|June|July|August|September|October|"
            r"November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)")
WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
WEEKDAY_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

# Abbreviations whose full stop does not end a sentence ("Mr. Rabaiotti", "Cllr. Cooper").
_ABBREV = {"mr", "mrs", "ms", "dr", "cllr", "clr", "cilr", "st", "prof", "rev", "revd", "no", "sr",
           "jr", "hon", "rt", "gen", "col", "capt", "lt", "co", "inc", "ltd", "vs", "v"}
_BREAK = re.compile(r"[.!?][\"”’')]*\s+|\n\s*")


@dataclass(frozen=True)
class Sentence:
    """A sentence as offsets into the article; `text` is the raw slice."""

    start: int
    end: int
    text: str
    index: int
    paragraph: int


def sentences(text: str) -> list[Sentence]:
    """Split on line breaks and on ., ! or ? followed by space (not after Mr., Cllr., ...)."""
    out: list[Sentence] = []
    start, para = 0, 0

    def add(s: int, e: int) -> None:
        raw = text[s:e]
        lead = len(raw) - len(raw.lstrip())
        raw = raw.strip()
        if raw:
            out.append(Sentence(s + lead, s + lead + len(raw), raw, len(out), para))

    for m in _BREAK.finditer(text):
        if m.group(0)[0] in ".!?":
            word = re.search(r"(\w+)$", text[max(start, m.start() - 12):m.start()])
            if word and (word.group(1).lower() in _ABBREV or len(word.group(1)) == 1
                         and word.group(1).isupper()) and "\n" not in m.group(0):
                continue  # "Mr. Balls", "Baby P. said": one sentence, unless a line ends there
            if "\n" in m.group(0):  # "... Baby P.\n\nMr Balls": a new paragraph as well
                add(start, m.start() + len(m.group(0).rstrip()))
                start = m.end()
                para += 1
                continue
            add(start, m.start() + len(m.group(0).rstrip()))  # keep closing quotes
            start = m.end()
        else:
            add(start, m.start())
            start = m.end()
            para += 1
    add(start, len(text))
    return out


# Clauses: the smallest unit a quote is cut to. Breaks at commas, semicolons, colons and dashes
# that separate clauses; a quote never crosses a sentence.
_CLAUSE = re.compile(r"\s*(?:[,;:]|\s[-–—]\s)\s*")


def clause_around(sent: Sentence, start: int, end: int) -> tuple[int, int]:
    """The clause of `sent` (absolute offsets) holding [start, end), widened to cover both."""
    s, e = sent.start, sent.end
    for m in _CLAUSE.finditer(sent.text):
        a, b = sent.start + m.start(), sent.start + m.end()
        if b <= start:
            s = max(s, b)
        elif a >= end:
            e = min(e, a)
            break
    return s, e


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding spaces and trailing punctuation other than closing quotes."""
    while start < end and text[start] in " \t\n,;:":
        start += 1
    while end > start and text[end - 1] in " \t\n,;:.":
        end -= 1
    return start, end


# ---------------------------------------------------------------------------- dates

@dataclass(frozen=True)
class DateMention:
    """A date found in text: an ISO prefix, where, and whether it was worked out."""

    start: int
    end: int
    value: str | None  # None: relative, and no publication date to resolve it against
    inferred: bool
    note: str | None = None


_EXPLICIT = re.compile(
    rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{MONTH_RE})\.?,?\s+(?P<y>(?:19|20)\d\d)\b"
    rf"|\b(?P<m2>{MONTH_RE})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,\s+(?P<y2>(?:19|20)\d\d)\b"
    rf"|\b(?P<m3>{MONTH_RE})\.?\s+(?P<y3>(?:19|20)\d\d)\b"
    r"|(?<![£$\d,.])\b(?P<y4>(?:19|20)\d\d)\b(?!\d|,\d|\s*(?:per\s+cent|%))")
_RELATIVE = re.compile(
    rf"\b(?:(?P<last>last|next|this|earlier\s+this|later\s+this)\s+"
    rf"(?P<unit>year|month|week|summer|spring|autumn|winter|{MONTH_RE}))\b"
    rf"|\b(?P<ago>two|three|four|five|six|\d+)\s+years?\s+ago\b"
    rf"|\b(?P<today>today|yesterday|last\s+night|this\s+morning)\b"
    rf"|\bon\s+(?P<wd>{WEEKDAY_RE})\b"
    rf"|\b(?P<inm>in|since|from|until|by|during|before|after)\s+(?P<mon>{MONTH_RE})\b"
    rf"(?!\.?\s+\d)")
_NUM = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_FUTURE = re.compile(r"\b(?:will|due\s+to|expected\s+to|is\s+to|are\s+to|plans?\s+to|next)\b",
                     re.I)


def _month(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")[:3] if name.lower() not in MONTHS else name.lower()]


def parse_published(value: str | None) -> tuple[int, int | None, int | None] | None:
    if not value:
        return None
    parts = [int(p) for p in value.split("-")]
    return (parts[0], parts[1] if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None)


def dates_in(text: str, start: int, end: int, published: str | None) -> list[DateMention]:
    """Explicit and relative dates in text[start:end]; relative ones resolved against
    `published` (YYYY[-MM[-DD]]) and marked inferred, or left open (value None) without it."""
    seg = text[start:end]
    pub = parse_published(published)
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for m in _EXPLICIT.finditer(seg):
        if m.group("y"):
            v = f"{int(m.group('y')):04d}-{_month(m.group('m')):02d}-{int(m.group('d')):02d}"
        elif m.group("y2"):
            v = f"{int(m.group('y2')):04d}-{_month(m.group('m2')):02d}-{int(m.group('d2')):02d}"
        elif m.group("y3"):
            v = f"{int(m.group('y3')):04d}-{_month(m.group('m3')):02d}"
        else:
            v = m.group("y4")
        if len(v) == 10:
            try:
                dt.date.fromisoformat(v)
            except ValueError:
                continue
        out.append(DateMention(start + m.start(), start + m.end(), v, False))
        taken.append((m.start(), m.end()))
    future = bool(_FUTURE.search(seg))
    for m in _RELATIVE.finditer(seg):
        if any(a <= m.start() < b for a, b in taken):
            continue
        words = m.group(0)
        value = _resolve(m, pub, future) if pub else None
        note = (f'"{words}" resolved against the publication date {published}'
                if value else f'"{words}": no publication date given, so left open')
        out.append(DateMention(start + m.start(), start + m.end(), value, True, note))
    out.sort(key=lambda d: d.start)
    return out


def _resolve(m: re.Match[str], pub: tuple[int, int | None, int | None],
             future: bool) -> str | None:
    y, mo, d = pub
    if m.group("unit"):
        which, unit = m.group("last").lower(), m.group("unit").lower()
        step = {"last": -1, "next": 1}.get(which, 0)
        if unit == "year":
            return f"{y + step:04d}"
        if unit in ("summer", "spring", "autumn", "winter"):
            return f"{y + step:04d}"
        if unit in ("month", "week"):
            if mo is None:
                return f"{y:04d}" if unit == "week" or step == 0 else None
            if unit == "week":
                return f"{y:04d}-{mo:02d}"
            total = y * 12 + (mo - 1) + step
            return f"{total // 12:04d}-{total % 12 + 1:02d}"
        # "last January": that month of the previous year; "next March": of the next year
        month = _month(unit)
        return f"{y + step:04d}-{month:02d}"
    if m.group("ago"):
        n = _NUM.get(m.group("ago").lower()) or int(m.group("ago"))
        return f"{y - n:04d}"
    if m.group("today"):
        word = m.group("today").lower()
        if d is None:
            return f"{y:04d}-{mo:02d}" if mo else f"{y:04d}"
        day = dt.date(y, mo or 1, d)
        if word in ("yesterday", "last night"):
            day -= dt.timedelta(days=1)
        return day.isoformat()
    if m.group("wd"):
        if mo is None:
            return f"{y:04d}"
        if d is None:
            return f"{y:04d}-{mo:02d}"
        day = dt.date(y, mo, d)
        back = (day.weekday() - WEEKDAYS[m.group("wd").lower()]) % 7 or 7
        return (day - dt.timedelta(days=back)).isoformat()
    if m.group("mon"):
        month = _month(m.group("mon"))
        if mo is None:
            return None  # a month without a known publication month: cannot pick the year
        if future:
            return f"{y if month >= mo else y + 1:04d}-{month:02d}"
        return f"{y if month <= mo else y - 1:04d}-{month:02d}"
    return None
