"""Dates and records in words, at the precision the sources give: one way, for every page.

A date is an ISO prefix (`graph/dates.py`), and it is said no more precisely than it is
written: `2009` is "2009", `2013-03` "March 2013", `2013-03-14` "14 March 2013". A span
(a tenure's or contract's `start`, `end` and their `_after` / `_before` bounds) is said the
same way in tables, on the map, on the timeline and in exports:

- "2009" (one date), "2012 to March 2013", "from January 2015, end unknown";
- "in post by March 2013" (`start_before`: the sources place them in post by then),
  "started in or after March 2013" (`start_after`), "started between 2012 and March 2013";
- "until at least May 2015" (`end_after`), "ended by the end of 2013" (`end_before`: the
  last day of the prefix), "ended between March 2013 and the end of 2014";
- "start unknown" / "end unknown" when nothing bounds a side.

A derived bound stored as a full day (`span_from`, `2013-03-01`) is said as the day it is;
callers that have the sources' own prefixes pass those instead.
"""

from __future__ import annotations

import calendar
import re
from typing import Any

from accountable.graph.dates import DateError, parse_prefix
from accountable.graph.model import Schema, load_model

_SLOT = re.compile(r"\{([^{}]*)\}")


def date_words(value: Any) -> str:
    """`2009` -> "2009", `2013-03` -> "March 2013", `2013-03-14` -> "14 March 2013".

    Anything that is not an ISO prefix is returned as written ("" for None).
    """
    if value in (None, ""):
        return ""
    text = str(value)
    try:
        parse_prefix(text)
    except DateError:
        return text
    parts = text.split("-")
    if len(parts) == 1:
        return parts[0]
    month = calendar.month_name[int(parts[1])]
    if len(parts) == 2:
        return f"{month} {parts[0]}"
    return f"{int(parts[2])} {month} {parts[0]}"


def _end_of(value: Any) -> str:
    """The last day a prefix allows, in words: "the end of 2013", "14 March 2013"."""
    text = str(value)
    return date_words(text) if text.count("-") == 2 else f"the end of {date_words(text)}"


def span_words(props: dict[str, Any], *, being: str = "in post") -> str:
    """A span in words from its `start`, `end`, bounds and `months` (see the module's list).

    `being` names the state the sources attest ("in post" for a tenure, "running" for a
    contract).
    """
    start, end = props.get("start"), props.get("end")
    s_after, s_before = props.get("start_after"), props.get("start_before")
    e_after, e_before = props.get("end_after"), props.get("end_before")
    months = props.get("months")
    if start and end:
        return date_words(start) if str(start) == str(end) else \
            f"{date_words(start)} to {date_words(end)}"
    if start:
        head = f"from {date_words(start)}"
    elif s_after and s_before:
        head = f"started between {date_words(s_after)} and {date_words(s_before)}"
    elif s_after:
        head = f"started in or after {date_words(s_after)}"
    elif s_before:
        head = f"start unknown, {being} by {date_words(s_before)}"
    else:
        head = "start unknown"
    if end:
        tail = f"until {date_words(end)}"
    elif e_after and e_before:
        tail = f"ended between {date_words(e_after)} and {_end_of(e_before)}"
    elif e_after:
        tail = f"until at least {date_words(e_after)}"
    elif e_before:
        tail = f"ended by {_end_of(e_before)}"
    elif months:
        tail = f"for {months} months"
    else:
        tail = "end unknown"
    if head == "start unknown" and tail == "end unknown":
        return "dates unknown"
    return f"{head}, {tail}"


def period_words(value: Any) -> str:
    """A query period (`2013-02-15`, `2013-02`, `2013-02-01/2013-03-31`) in words:
    "15 February 2013", "February 2013", "1 February 2013 to 31 March 2013"."""
    if not value:
        return ""
    first, _, last = str(value).partition("/")
    return f"{date_words(first)} to {date_words(last)}" if last else date_words(first)


def window_words(start: Any, end: Any, published: Any) -> str:
    """An inspection's dates: "February 2013, published March 2013", or "published 2009"."""
    if start or end:
        when = span_words({"start": start or end, "end": end or start})
        return f"{when}, published {date_words(published)}" if published else when
    return f"published {date_words(published)}" if published else "date unknown"


def value_words(schema: Schema, name: str, value: Any) -> str:
    """One property's value as users read it: a vocabulary word's label, a date in words."""
    prop = schema.props.get(name)
    if value in (None, ""):
        return ""
    if isinstance(value, list):
        return ", ".join(value_words(schema, name, v) for v in value)
    if prop is not None and prop.base == "vocab":
        return load_model().word(prop.arg or "", value)
    if prop is not None and prop.base == "date":
        return date_words(value)
    return str(value)


def caption(schema: Schema, props: dict[str, Any]) -> str:
    """A record's one-line name by its schema's `caption` in the model.

    `{name}` a property; `{a|b}` the first present; `{start..end}` the span in words.
    """
    def slot(m: re.Match[str]) -> str:
        inner = m.group(1)
        if ".." in inner:
            return span_words(props)
        parts = inner.split("|")
        for part in parts:
            if props.get(part) not in (None, ""):
                return value_words(schema, part, props[part])
        prop = schema.props.get(parts[0])
        return "date unknown" if prop is not None and prop.base == "date" else "?"

    return _SLOT.sub(slot, schema.caption).strip()
