"""Draw who held which post when, with contracts, inspections and events, as a timeline chart.

Plotly draws the figure once; ``write_timeline`` writes it as a self-contained offline HTML
page (plotly.js inlined) or as a PNG (kaleido, which drives a local Chromium). A tenure's
unknown start or end is drawn as a hatched, faded extension to its possible span's bound
(`span_from` / `span_to`: the post's previous or next known holder, graph/dates.py), or to the
chart's edge when it has none; the edge is set by the data (never by today's date). A date
known only to within a window (e.g. "2013-03") is a faded band over that window;
possibly-held tenures are drawn in a different colour and hatch.
"""

from __future__ import annotations

import html
import os
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import plotly.graph_objects as go

from accountable.graph.model import load_model
from accountable.graph.words import date_words, span_words, window_words

_MODEL = load_model()
GRADE_ORDER = _MODEL.grades
GRADE_COLOURS: dict[str, str] = _MODEL.colours("grade")
UNGRADED = _MODEL.palette["ungraded"]

TENURE_COLOUR = _MODEL.status("held").colour
POSSIBLE_COLOUR = _MODEL.status("possibly_held").colour
CONTRACT_COLOUR = next(s.draw.colour for s in _MODEL.schemata.values()
                       if s.edge and not s.unbounded_span)
EVENT_COLOUR = next(s.draw.colour for s in _MODEL.schemata.values()
                    if any(p.base == "involvement" for p in s.props.values()))
# pale: a date known only to within a window
WINDOW_COLOURS = {"tenure": _MODEL.palette["window"], "contract": _MODEL.palette["contract_window"]}

PAPER = _MODEL.palette["paper"]
PAD = timedelta(days=180)
CONTRACTS = "Contracts"
INSPECTIONS = "Inspections"
EVENTS = "Events"

#: segment style -> (legend name, bar opacity, hatch pattern)
STYLES: dict[str, tuple[str, float, str]] = {
    "known": ("held (dates known)", 1.0, ""),
    "window": ("start/end within this window", 1.0, ""),
    "open": ("start/end unknown (open)", 0.8, "/"),
    "possible": (_MODEL.status("possibly_held").label, 0.75, "x"),
}


@dataclass(frozen=True)
class Segment:
    """One drawn bar piece: ``style`` is known, window, open (unknown bound) or possible."""

    group: str
    row: str
    start: date
    end: date
    style: str
    kind: str  # "tenure" or "contract"
    hover: str


def _d(value: Any) -> date | None:
    if not value:
        return None
    return date.fromisoformat(str(value)[:10])


def _esc(value: Any) -> str:
    """Plotly renders a small HTML subset in text: escape source text so it shows as text."""
    return html.escape("" if value is None else str(value), quote=False)


def _all_dates(timeline: dict) -> list[date]:
    found: list[date] = []
    for item in timeline.get("tenures", []) + timeline.get("contracts", []):
        for key in ("earliest_start", "latest_start", "earliest_end", "latest_end"):
            if (d := _d(item.get(key))) is not None:
                found.append(d)
    for item in timeline.get("inspections", []) + timeline.get("events", []):
        for key in ("earliest", "latest"):
            if (d := _d(item.get(key))) is not None:
                found.append(d)
    return found


def chart_range(timeline: dict) -> tuple[date, date]:
    """The x range: every known date plus padding. Never depends on today's date."""
    found = _all_dates(timeline)
    if not found:
        return date(2000, 1, 1), date(2001, 1, 1)
    return min(found) - PAD, max(found) + PAD


def _interval_segments(item: dict, lo: date, hi: date,
                       bounded: bool = False) -> list[tuple[date, date, str]]:
    """Split one tenure/contract into known, window and open pieces within [lo, hi].

    `bounded` (tenures): an unknown side runs to the item's `span_from` / `span_to` (set by a
    neighbouring holder) instead of the chart's edge when that is given.
    """
    s_lo, s_hi = _d(item.get("earliest_start")), _d(item.get("latest_start"))
    e_lo, e_hi = _d(item.get("earliest_end")), _d(item.get("latest_end"))
    if bounded:
        lo = max(lo, _d(item.get("span_from")) or lo)
        hi = min(hi, _d(item.get("span_to")) or hi)
    # Held for certain from the latest possible start to the earliest possible end.
    a, b = s_hi, e_lo
    if a is None and s_lo is not None and e_lo is None and e_hi is None:
        a = s_lo  # only "from <date>" is known: treat as the start of the known part
    if b is None and e_hi is not None and s_hi is None and s_lo is None:
        b = e_hi
    pieces: list[tuple[date, date, str]] = []
    if a is not None and b is not None and a > b:  # contradictory bounds: show the span
        a, b = b, a
    # Start side.
    if a is not None:
        if s_lo is not None and s_lo < a:
            pieces.append((s_lo, a, "window"))
        elif s_lo is None:  # started by `a`, but how long before is unknown
            pieces.append((lo, a, "open"))
    # Known middle.
    if a is not None and b is not None:
        pieces.append((a, b, "known"))
    # End side.
    if b is not None:
        if e_hi is not None and e_hi > b:
            pieces.append((b, e_hi, "window"))
        elif e_hi is None:
            pieces.append((b, hi, "open"))
    if a is None and b is None:  # nothing certain: the whole possible span is uncertain
        start = s_lo or (None if bounded else _d(item.get("span_from"))) or lo
        end = e_hi or (None if bounded else _d(item.get("span_to"))) or hi
        pieces.append((start, max(start, end), "open"))
    if a is not None and b is None:
        end = e_hi or hi
        pieces.append((a, max(a, end), "window" if e_hi else "open"))
    if b is not None and a is None:
        start = s_lo or lo
        pieces.append((min(start, b), b, "window" if s_lo else "open"))
    return [(s, e, style) for s, e, style in pieces if e >= s]


def _dedupe(pieces: list[tuple[date, date, str]]) -> list[tuple[date, date, str]]:
    seen: set[tuple[date, date, str]] = set()
    out = []
    for piece in pieces:
        if piece not in seen:
            seen.add(piece)
            out.append(piece)
    return out


def _tenure_hover(t: dict) -> str:
    lines = [f"<b>{_esc(t.get('person'))}</b>", _esc(t.get("post")), _esc(span_words(t))]
    if t.get("status"):
        lines.append(_esc(_MODEL.status_word(t["status"])))
    if t.get("certainty"):
        lines.append(f"certainty: {_esc(t['certainty'])}")
    if t.get("ended_by"):
        lines.append(f"ended: {_esc(_MODEL.word('ended_by', t['ended_by']))}")
    if "span_from" in t or "span_to" in t:
        ends = [(date_words(t.get(k)) or "no bound")
                + (" (another holder's dates)" if t.get(f"{k}_by") else "")
                for k in ("span_from", "span_to")]
        lines.append(f"possibly in post from {_esc(ends[0])} to {_esc(ends[1])}")
    return "<br>".join(lines)


def _contract_hover(c: dict) -> str:
    lines = [f"<b>{_esc(c.get('contractor'))}</b>", _esc(span_words(c, being="running"))]
    if c.get("value_gbp") is not None:
        lines.append(f"value: £{float(c['value_gbp']):,.0f}")
    if c.get("months"):
        lines.append(f"months: {_esc(c['months'])}")
    if c.get("purpose"):
        lines.append(f"purpose: {_esc(c['purpose'])}")
    return "<br>".join(lines)


def _undated(item: dict) -> bool:
    """A contract no source puts anywhere in time: it is not drawn. (A tenure's missing
    `span_from` is no bound: it is drawn, open to the chart's edge.)"""
    return "span_from" in item and item.get("span_from") is None


def timeline_segments(timeline: dict) -> list[Segment]:
    """Every bar piece to draw for tenures (grouped by post) and contracts."""
    lo, hi = chart_range(timeline)
    segments: list[Segment] = []
    for t in timeline.get("tenures", []):
        possible = t.get("status") == "possibly_held"
        hover = _tenure_hover(t)
        for start, end, style in _dedupe(_interval_segments(t, lo, hi, bounded=True)):
            drawn = "possible" if possible and style == "known" else style
            segments.append(Segment(str(t.get("post") or "?"), str(t.get("person") or "?"),
                                    start, end, drawn, "tenure", hover))
    for c in timeline.get("contracts", []):
        if _undated(c):
            continue
        hover = _contract_hover(c)
        for start, end, style in _dedupe(_interval_segments(c, lo, hi)):
            segments.append(Segment(CONTRACTS, str(c.get("contractor") or "?"), start, end,
                                    style, "contract", hover))
    return segments


def worst_grade(inspection: dict) -> str | None:
    """The worst grade among an inspection's judgements (None if ungraded)."""
    grades = [j.get("grade") for j in inspection.get("judgements", [])
              if j.get("grade") in GRADE_ORDER]
    return max(grades, key=GRADE_ORDER.index) if grades else None


def _ms(start: date, end: date) -> float:
    return (end - start).total_seconds() * 1000


def _rows(timeline: dict, segments: list[Segment]) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    for seg in segments:
        if (seg.group, seg.row) not in rows:
            rows.append((seg.group, seg.row))
    if timeline.get("inspections"):
        rows.append((INSPECTIONS, "Ofsted"))
    if timeline.get("events"):
        rows.append((EVENTS, "events"))
    return rows


PLOT_WIDTH_PX = 1000  # the plot area of a 1400-pixel figure, less margins and row titles
CHAR_PX = 7.0  # a 10-12 px DejaVu Sans character, roughly


def place_labels(xs: list[date], texts: list[str], counts: list[int], noun: str,
                 lo: date, hi: date) -> list[tuple[str, str]]:
    """(text, textposition) for marker labels on one row, so that no two overlap.

    Left to right, each label goes above its marker, else below it; when both places are
    taken it is merged into the label before it (`3 events`), whose marker still carries
    every item in its hover text.
    """
    px_per_day = PLOT_WIDTH_PX / max(1, (hi - lo).days)
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    out: list[tuple[str, str]] = [("", "top center")] * len(xs)
    right = {"top center": float("-inf"), "bottom center": float("-inf")}
    last: int | None = None
    merged: dict[int, int] = {}
    for i in order:
        centre = (xs[i] - lo).days * px_per_day
        half = (CHAR_PX * len(texts[i]) + 8) / 2
        spot = next((p for p in ("top center", "bottom center") if centre - half > right[p]),
                    None)
        if spot is None and last is not None:
            merged[last] = merged.get(last, counts[last]) + counts[i]
            text = f"{merged[last]} {noun}"
            pos = out[last][1]
            out[last] = (text, pos)
            lc = (xs[last] - lo).days * px_per_day
            right[pos] = max(right[pos], lc + (CHAR_PX * len(text) + 8) / 2)
            continue
        spot = spot or "top center"
        out[i] = (texts[i], spot)
        right[spot] = centre + half
        last = i
    return out


def build_timeline_figure(timeline: dict) -> go.Figure:
    """Build the plotly figure: bars per tenure/contract, inspection lines, event markers."""
    lo, hi = chart_range(timeline)
    segments = timeline_segments(timeline)
    rows = _rows(timeline, segments)
    fig = go.Figure()

    def ycat(group: str, row: str) -> list[str]:
        return [_esc(group), _esc(row)]

    for kind, colour in (("tenure", TENURE_COLOUR), ("contract", CONTRACT_COLOUR)):
        for style, (name, opacity, hatch) in STYLES.items():
            segs = [s for s in segments if s.kind == kind and s.style == style]
            if not segs:
                continue
            fill = POSSIBLE_COLOUR if style == "possible" else colour
            if style == "window":
                fill = WINDOW_COLOURS[kind]
            fig.add_trace(go.Bar(
                name=f"{'contract' if kind == 'contract' else 'tenure'}: {name}",
                orientation="h",
                base=[s.start.isoformat() for s in segs],
                x=[_ms(s.start, s.end) for s in segs],
                y=[[ycat(s.group, s.row)[0] for s in segs], [ycat(s.group, s.row)[1]
                                                             for s in segs]],
                customdata=[[s.start.isoformat(), s.end.isoformat(), s.style] for s in segs],
                hovertext=[s.hover for s in segs],
                hovertemplate="%{hovertext}<extra></extra>",
                marker={"color": fill, "opacity": opacity,
                        "line": {"color": fill, "width": 1},
                        "pattern": {"shape": hatch, "fillmode": "replace", "size": 7,
                                    "fgcolor": PAPER if style == "possible" else fill,
                                    "bgcolor": fill if style == "possible" else PAPER,
                                    "solidity": 0.3}},
                meta={"kind": kind, "style": style},
                legendgroup=f"{kind}-{style}",
            ))

    # Inspections: a vertical line per inspection (window shaded), coloured by worst grade.
    dated = [i for i in timeline.get("inspections", [])
             if _d(i.get("earliest")) or _d(i.get("latest"))]
    plan = dict(zip([i.get("id") for i in dated], place_labels(
        [_d(i.get("earliest")) or _d(i.get("latest")) for i in dated],  # type: ignore[misc]
        [_MODEL.word("grade", worst_grade(i)) or "no grade" for i in dated],
        [1] * len(dated), "inspections", lo, hi), strict=True))
    for grade in [*GRADE_ORDER, None]:
        items = [i for i in timeline.get("inspections", []) if worst_grade(i) == grade]
        if not items:
            continue
        colour = GRADE_COLOURS.get(grade or "", UNGRADED)
        xs, texts, hovers, spots = [], [], [], []
        for insp in items:
            start = _d(insp.get("earliest")) or _d(insp.get("latest"))
            end = _d(insp.get("latest")) or start
            if start is None:
                continue
            fig.add_shape(type="line", x0=start.isoformat(), x1=start.isoformat(), y0=0, y1=1,
                          yref="paper", line={"color": colour, "width": 2, "dash": "dash"},
                          layer="below", name=f"inspection {insp.get('id')}")
            if end and end > start:
                fig.add_shape(type="rect", x0=start.isoformat(), x1=end.isoformat(), y0=0,
                              y1=1, yref="paper", fillcolor=colour, opacity=0.12,
                              line={"width": 0}, layer="below")
            xs.append(start.isoformat())
            texts.append(_esc(plan[insp.get("id")][0]))
            spots.append(plan[insp.get("id")][1])
            judged = "<br>".join(
                f"{_esc(_MODEL.word('judgement_area', j.get('area')))}: "
                f"{_esc(_MODEL.word('grade', j.get('grade')))}"
                for j in insp.get("judgements", []))
            when = window_words(insp.get("start"), insp.get("end"), insp.get("published"))
            hovers.append(f"<b>{_esc(_MODEL.word('inspection_kind', insp.get('kind')))}</b> "
                          f"{_esc(when)}<br>{judged}")
        fig.add_trace(go.Scatter(
            name=f"inspection: {_MODEL.word('grade', grade) or 'no grade'}",
            x=xs, y=[[_esc(INSPECTIONS)] * len(xs), ["Ofsted"] * len(xs)],
            mode="markers+text", text=texts, textposition=spots,
            marker={"symbol": "triangle-down", "size": 14,
                    "color": colour},
            hovertext=hovers, hovertemplate="%{hovertext}<extra></extra>",
            meta={"kind": "inspection", "grade": grade},
        ))

    events = [e for e in timeline.get("events", []) if _d(e.get("earliest") or e.get("latest"))]
    if events:
        # Events on the same day share one marker, so their labels do not overprint.
        by_day: dict[date, list[dict]] = {}
        for e in events:
            day = _d(e.get("earliest") or e.get("latest"))
            if day is not None:  # kept above: every event here has a day
                by_day.setdefault(day, []).append(e)
        days = sorted(by_day)
        labels = place_labels(
            days, [_MODEL.word("event_kind", by_day[d][0].get("kind") or "other")
                   if len(by_day[d]) == 1 else f"{len(by_day[d])} events" for d in days],
            [len(by_day[d]) for d in days], "events", lo, hi)
        fig.add_trace(go.Scatter(
            name="event",
            x=[d.isoformat() for d in days],
            y=[[_esc(EVENTS)] * len(days), ["events"] * len(days)],
            mode="markers+text",
            text=[_esc(t) for t, _ in labels],
            textposition=[p for _, p in labels], textfont={"size": 10},
            marker={"symbol": "diamond", "size": 11, "color": EVENT_COLOUR},
            hovertext=["<br>".join(f"<b>{_esc(_MODEL.word('event_kind', e.get('kind')))}</b> "
                                   f"{_esc(date_words(e.get('date')) or 'date unknown')}: "
                                   f"{_esc(e.get('summary'))}" for e in by_day[d])
                       for d in days],
            hovertemplate="%{hovertext}<extra></extra>",
            meta={"kind": "event"},
        ))

    org = timeline.get("organisation") or {}
    height = max(420, 140 + 46 * len(rows))
    fig.update_layout(
        title={"text": f"Who held responsibility when: {_esc(org.get('name') or '')}"
                       + (f", {_esc(timeline['known_on']['statement'])}"
                          if timeline.get("known_on") else ""),
               "x": 0.01},
        barmode="overlay",
        bargap=0.35,
        height=height,
        template="plotly_white",
        font={"family": "DejaVu Sans, Arial, sans-serif", "size": 12},
        hovermode="closest",
        legend={"orientation": "h", "yanchor": "top", "y": -0.08, "x": 0},
        margin={"l": 20, "r": 20, "t": 60, "b": 90},
        xaxis={"type": "date", "range": [lo.isoformat(), hi.isoformat()],
               "showgrid": True, "gridcolor": _MODEL.palette["grid"]},
        yaxis={"type": "multicategory", "autorange": "reversed", "showdividers": True,
               "dividercolor": _MODEL.palette["structure"], "tickson": "boundaries"},
        meta={"range": [lo.isoformat(), hi.isoformat()]},
    )
    return fig


def write_timeline(timeline: dict, path: Path) -> Path:
    """Write the timeline to ``path``: ``.html`` (self-contained, offline) or ``.png``.

    ``timeline`` is ``{"organisation": {"id", "name"}, "tenures": [...], "contracts": [...],
    "inspections": [...], "events": [...]}`` with ISO ``earliest_*``/``latest_*`` bounds.
    PNG needs a local Chromium (``.ci/install-browser``; or set ``BROWSER_PATH``).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".html", ".png"):
        raise ValueError(f"timeline output must be .html or .png, not {path.name!r}")
    fig = build_timeline_figure(timeline)
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".html":
        fig.write_html(str(path), include_plotlyjs=True, include_mathjax=False, full_html=True,
                       config={"displaylogo": False, "responsive": True})
        return path
    png = _png(fig)
    path.write_bytes(png)
    return path


def _png(fig: Any) -> bytes:
    """The figure as PNG bytes, or `MissingExtra` in one line when no Chromium can draw it.

    kaleido drives a local Chromium; a plain install has none, so this is an expected,
    explained failure (exit 4 on the command line), not a traceback."""
    import shutil

    from accountable.errors import MissingExtra

    try:
        import kaleido
    except ImportError:
        raise MissingExtra("a .png timeline needs the kaleido package (pip install kaleido); "
                           "write --out FILE.html instead") from None
    browser = os.environ.get("BROWSER_PATH") or next(
        (p for p in ("chromium", "chromium-browser", "google-chrome", "chrome")
         if shutil.which(p)), None)
    if browser is None:
        raise MissingExtra("a .png timeline needs a local Chromium (Debian: apt-get install "
                           "chromium; or set BROWSER_PATH to one); write --out FILE.html "
                           "instead, which needs nothing")
    opts = {"format": "png", "width": 1400, "height": fig.layout.height, "scale": 1}
    try:
        return bytes(kaleido.calc_fig_sync(fig, opts=opts, kopts={"mathjax": False}))
    except Exception as exc:  # kaleido raises its own ChromeNotFoundError etc.
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise MissingExtra(f"could not draw the PNG with the local Chromium ({first}); "
                           "write --out FILE.html instead") from None
