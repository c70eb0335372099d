"""render/timeline.py: offline HTML and PNG timelines; unknown ends are drawn as unknown."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from accountable.graph.model import load_model

from accountable.render.timeline import (
    build_timeline_figure,
    chart_range,
    timeline_segments,
    worst_grade,
    write_timeline,
)

try:
    from tests import browser
except ImportError:  # tests/ not importable as a package: pytest put tests/ itself on sys.path
    import browser  # type: ignore[no-redef]

HOSTILE = "<script>window.__pwned=1</script>"
LEAD = "Cabinet member for children's services"
DCS = "Director of Children's Services"


def sandwell_timeline() -> dict:
    return {
        "organisation": {"id": "org:sandwell", "name": "Sandwell Council"},
        "tenures": [
            {"post": LEAD, "post_kind": "lead_member", "person": "Simon Hackett",
             "person_id": "person:simon-hackett", "start": "2013-03", "end": None,
             "earliest_start": "2013-03-01", "latest_start": "2013-03-31",
             "earliest_end": "2015-01-01", "latest_end": None, "ended_by": None,
             "certainty": "stated"},
            {"post": LEAD, "post_kind": "lead_member", "person": "Darran Bishop",
             "person_id": "person:darran-bishop", "start": None, "end": "2013-03",
             "earliest_start": None, "latest_start": None,
             "earliest_end": "2013-03-01", "latest_end": "2013-03-31",
             "ended_by": "resigned", "certainty": "stated"},
            {"post": DCS, "post_kind": "dcs", "person": "Jane Doe",
             "person_id": "person:jane-doe", "start": "2010-09", "end": "2013-06",
             "earliest_start": "2010-09-01", "latest_start": "2010-09-30",
             "earliest_end": "2013-06-01", "latest_end": "2013-06-30",
             "ended_by": "left", "certainty": "reported"},
            {"post": DCS, "post_kind": "dcs", "person": HOSTILE,
             "person_id": "person:hostile", "start": "2013-07", "end": "2014",
             "earliest_start": "2013-07-01", "latest_start": "2013-07-31",
             "earliest_end": "2014-01-01", "latest_end": "2014-12-31",
             "status": "possibly_held", "ended_by": None, "certainty": "inferred"},
        ],
        "contracts": [
            {"contractor": "iMPOWER", "start": "2012", "end": None,
             "earliest_start": "2012-01-01", "latest_start": "2012-12-31",
             "earliest_end": None, "latest_end": None, "value_gbp": 1150000, "months": 30,
             "purpose": "Children's services improvement"},
        ],
        "inspections": [
            {"id": "inspection:sandwell:2013-02", "kind": "unannounced", "start": "2013-02",
             "end": "2013-02", "published": "2013-03", "earliest": "2013-02-01",
             "latest": "2013-03-31",
             "judgements": [{"area": "overall", "grade": "inadequate"},
                            {"area": "leadership", "grade": "requires_improvement"}]},
            {"id": "inspection:sandwell:2011-06", "kind": "safeguarding_and_looked_after",
             "start": "2011-06", "end": "2011-06", "published": "2011-07",
             "earliest": "2011-06-01", "latest": "2011-07-31",
             "judgements": [{"area": "overall", "grade": "adequate"}]},
        ],
        "events": [
            {"kind": "resigned", "date": "2013-03", "earliest": "2013-03-01",
             "latest": "2013-03-31", "summary": "Lead member resigned after the report"},
        ],
    }


def _segments_for(row: str) -> list:
    return [s for s in timeline_segments(sandwell_timeline()) if s.row == row]


def test_chart_range_comes_from_the_data_not_today() -> None:
    lo, hi = chart_range(sandwell_timeline())
    assert lo < date(2010, 9, 1) and date(2015, 1, 1) < hi < date(2016, 1, 1)


def test_open_end_is_drawn_as_unknown_to_the_chart_edge() -> None:
    _, hi = chart_range(sandwell_timeline())
    hackett = sorted(_segments_for("Simon Hackett"), key=lambda s: s.start)
    assert [s.style for s in hackett] == ["window", "known", "open"]
    assert hackett[1].start == date(2013, 3, 31) and hackett[1].end == date(2015, 1, 1)
    assert hackett[2].start == date(2015, 1, 1) and hackett[2].end == hi
    assert hi < date.today()  # an unknown end never runs to today

    fig = build_timeline_figure(sandwell_timeline())
    open_bars = [t for t in fig.data if t.meta and t.meta.get("style") == "open"
                 and t.meta.get("kind") == "tenure"]
    assert len(open_bars) == 1
    trace = open_bars[0]
    assert trace.marker.pattern.shape == "/"  # hatched
    assert trace.marker.opacity < 1
    known = next(t for t in fig.data if t.meta and t.meta.get("style") == "known"
                 and t.meta.get("kind") == "tenure")
    assert known.marker.pattern.shape == "" and known.marker.opacity == 1
    people = list(trace.y[1])
    i = people.index("Simon Hackett")
    assert trace.customdata[i][1] == hi.isoformat()


def test_unknown_start_is_open_and_month_dates_are_windows() -> None:
    lo, _ = chart_range(sandwell_timeline())
    bishop = sorted(_segments_for("Darran Bishop"), key=lambda s: s.start)
    assert [(s.start, s.end, s.style) for s in bishop] == [
        (lo, date(2013, 3, 1), "open"),
        (date(2013, 3, 1), date(2013, 3, 31), "window"),
    ]
    impower = sorted(_segments_for("iMPOWER"), key=lambda s: s.start)
    # Started some time in 2012 (a window), end unknown (open to the chart edge).
    assert [s.style for s in impower] == ["window", "open"]
    assert impower[0].start == date(2012, 1, 1) and impower[1].start == date(2012, 12, 31)
    assert impower[-1].group == "Contracts"


def test_possibly_held_is_drawn_differently() -> None:
    hostile = _segments_for(HOSTILE)
    assert "possible" in {s.style for s in hostile}
    assert "known" not in {s.style for s in hostile}
    fig = build_timeline_figure(sandwell_timeline())
    possible = next(t for t in fig.data if t.meta and t.meta.get("style") == "possible")
    known = next(t for t in fig.data if t.meta and t.meta.get("style") == "known")
    assert possible.marker.color != known.marker.color
    assert possible.marker.pattern.shape == "x"


def test_inspections_are_lines_coloured_by_worst_grade() -> None:
    data = sandwell_timeline()
    assert worst_grade(data["inspections"][0]) == "inadequate"
    assert worst_grade(data["inspections"][1]) == "adequate"
    fig = build_timeline_figure(data)
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert {s.x0 for s in lines} == {"2013-02-01", "2011-06-01"}
    colours = {s.x0: s.line.color for s in lines}
    red = load_model().colour("grade", "inadequate")
    assert colours["2013-02-01"] == red and colours["2011-06-01"] == load_model().colour(
        "grade", "adequate")
    groups = {tuple(t.y[0])[0] for t in fig.data}
    assert {LEAD, DCS, "Contracts", "Inspections", "Events"} <= groups


class _Refs(HTMLParser):
    """Collect src/href attribute values of real tags (script bodies are not tags)."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.refs += [v or "" for k, v in attrs if k in ("src", "href")]


def test_html_is_self_contained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    out = write_timeline(sandwell_timeline(), tmp_path / "t" / "timeline.html")
    html = out.read_text(encoding="utf-8")
    parser = _Refs()
    parser.feed(html)
    assert [r for r in parser.refs if re.match(r"(?i)(https?:)?//", r)] == []
    assert re.search(r"<script[^>]+src=", html) is None
    assert out.stat().st_size > 1_000_000  # plotly.js is inlined
    assert "Simon Hackett" in html and "Darran Bishop" in html
    assert HOSTILE not in html  # escaped as text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t"]


def test_rejects_other_suffixes(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_timeline(sandwell_timeline(), tmp_path / "timeline.svg")


@browser.requires_browser
def test_html_loads_offline_in_chromium(tmp_path: Path) -> None:
    out = write_timeline(sandwell_timeline(), tmp_path / "timeline.html")
    with browser.chromium() as driver:
        loaded = browser.load(
            driver, out,
            ready_js="var g = document.querySelector('.js-plotly-plot');"
                     "return !!g && !!g._fullLayout && "
                     "document.querySelectorAll('.ytick text, .yaxislayer-above text')"
                     ".length > 0;")
        assert browser.external(loaded.requests) == []
        assert loaded.console_errors == []
        assert driver.execute_script("return typeof window.__pwned") == "undefined"
        text = driver.execute_script(
            "return document.querySelector('.js-plotly-plot').textContent")
        for name in ("Simon Hackett", "Darran Bishop", "Jane Doe", "iMPOWER", HOSTILE):
            assert name in text
        bars = driver.execute_script("return document.querySelectorAll('.bars path').length")
        assert bars >= 8
        browser.screenshot(driver, "timeline-sandwell-html.png")


@browser.requires_browser
def test_png_has_size_and_content(tmp_path: Path) -> None:
    from PIL import Image, ImageStat

    out = write_timeline(sandwell_timeline(), tmp_path / "timeline.png")
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(out) as img:
        assert img.width >= 800 and img.height >= 400
        rgb = img.convert("RGB")
        stat = ImageStat.Stat(rgb)
        assert max(stat.stddev) > 20  # not blank
        colours = rgb.getcolors(maxcolors=1_000_000) or []
        assert len(colours) > 50
        browser.OUTPUT_DIR.mkdir(exist_ok=True)
        rgb.save(browser.OUTPUT_DIR / "timeline-sandwell.png")


def _boxes(fig) -> list[tuple[str, str, float, float]]:
    """(row, position, left px, right px) of every marker label, as the chart places them."""
    from accountable.render.timeline import CHAR_PX, PLOT_WIDTH_PX

    lo, hi = (date.fromisoformat(x) for x in fig.layout.meta["range"])
    per_day = PLOT_WIDTH_PX / (hi - lo).days
    out = []
    for trace in fig.data:
        if trace.type != "scatter" or trace.text is None:
            continue
        spots = trace.textposition
        for i, (x, text) in enumerate(zip(trace.x, trace.text, strict=True)):
            if not text:
                continue
            spot = spots[i] if isinstance(spots, (list, tuple)) else spots
            centre = (date.fromisoformat(x[:10]) - lo).days * per_day
            half = (CHAR_PX * len(text) + 8) / 2
            out.append((trace.y[0][i], spot, centre - half, centre + half))
    return out


def test_marker_labels_never_overlap_and_crowds_merge() -> None:
    crowded = sandwell_timeline()
    crowded["events"] = [
        {"id": f"event:{i}", "kind": "resigned", "date": f"2013-03-{i + 1:02d}",
         "earliest": f"2013-03-{i + 1:02d}", "latest": f"2013-03-{i + 1:02d}",
         "summary": f"event {i}"} for i in range(12)]
    crowded["inspections"] = [
        {"id": f"inspection:{i}", "kind": "unannounced", "earliest": f"2013-0{i + 1}-01",
         "latest": f"2013-0{i + 1}-28", "judgements": [{"area": "overall",
                                                         "grade": "inadequate"}]}
        for i in range(4)]
    fig = build_timeline_figure(crowded)
    boxes = _boxes(fig)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if a[:2] == b[:2]:
                assert a[3] < b[2] or b[3] < a[2], (a, b)
    texts = [t for trace in fig.data if trace.type == "scatter" for t in trace.text if t]
    assert any(t.endswith(" events") for t in texts)  # twelve events in a month merge
    # Every event is still on a marker's hover text, merged or not.
    hover = " ".join(h for trace in fig.data if trace.name == "event" for h in trace.hovertext)
    assert all(f"event {i}" in hover for i in range(12))
