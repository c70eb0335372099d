"""The accountability map, the whole-history date slider and the person view, in Chromium.

The slider works out in the page who held each post on a day; these tests hold it to the
CLI's own answer (`accountable who ORG --on DATE --json`), so the rule has two
implementations tested against each other rather than against names written here.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from accountable.graph.dates import derive_bounds
from accountable.graph.model import load_model

from accountable.render.accmap import BOUND_FIELDS, build_page_data, write_map_html
from tests import browser
from tests.conftest import Cli
from tests.test_view import HOSTILE_NAME, HOSTILE_QUOTE, HOSTILE_TITLE, sandwell_subgraph

READY = "return window.__stabilized === true"
INSPECTION = "inspection:sandwell:2013-02"


def _page_data(path: Path) -> dict[str, Any]:
    match = re.search(r"var DATA = (\{.*?\});\n", path.read_text(encoding="utf-8"))
    assert match, "DATA not found in page"
    return json.loads(match.group(1))


def _write(cli: Cli, tmp_path: Path, name: str, *args: str) -> Path:
    out = tmp_path / f"{name}.html"
    r = cli("view", *args, "--out", str(out), "--json")
    assert r.exit_code == 0, r.output
    return out


def _click(driver: Any, pos: tuple[float, float]) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    body = driver.find_element("tag name", "body")
    size = body.rect
    ActionChains(driver).move_to_element_with_offset(
        body, int(pos[0] - size["width"] / 2), int(pos[1] - size["height"] / 2)).click().perform()


def _edge_middle(driver: Any, edge_id: str) -> tuple[float, float]:
    """Page coordinates of a point on the edge, nearest its middle, that nothing covers."""
    pos = driver.execute_script(
        "var id = arguments[0]; var e = network.body.data.edges.get(id);"
        "var p = network.getPositions([e.from, e.to]);"
        "var r = document.getElementById('mynetwork').getBoundingClientRect();"
        "for (var t = 0.5; t > 0.05; t -= 0.05) { for (var s = -1; s <= 1; s += 2) {"
        "  var k = 0.5 + s * (0.5 - t);"
        "  var c = {x: p[e.from].x + k * (p[e.to].x - p[e.from].x),"
        "           y: p[e.from].y + k * (p[e.to].y - p[e.from].y)};"
        "  var d = network.canvasToDOM(c);"
        "  if (network.getNodeAt(d) === undefined && network.getEdgeAt(d) === id)"
        "    return [d.x + r.left, d.y + r.top]; } }"
        "return null;", edge_id)
    assert pos is not None, f"no free point on {edge_id} to click"
    return pos


def _open(driver: Any, page: Path, fragment: str) -> None:
    """Open the page afresh at `page#fragment` and wait until it is drawn."""
    import time

    driver.get("about:blank")
    driver.get(page.resolve().as_uri() + "#" + fragment)
    deadline = time.monotonic() + 30
    while not driver.execute_script(READY):
        assert time.monotonic() < deadline, "page not ready"
        time.sleep(0.1)


def _details(driver: Any) -> str:
    return driver.execute_script("return document.getElementById('details-body').textContent")


def test_map_reads_the_models_edge_declarations(cli: Cli, tmp_path: Path) -> None:
    page = _write(cli, tmp_path, "map", "Sandwell", "--inspection", INSPECTION)
    data = _page_data(page)
    model = load_model()
    edge_schemata = {s.name: s.edge for s in model.schemata.values() if s.edge}
    assert {n["kind"] for n in data["nodes"]}.isdisjoint(edge_schemata)
    facts = [e for e in data["edges"] if e["fact"]]
    assert {e["fact"] for e in facts} == {"Tenure", "Contract"}
    for e in facts:
        assert e["verb"] == edge_schemata[e["fact"]].label
        assert set(e["bounds"]) == set(BOUND_FIELDS)
    # Sources are in the side panel, not nodes; only Sandwell and this inspection are drawn.
    assert "Source" not in {n["kind"] for n in data["nodes"]}
    assert not any("dudley" in n["id"] for n in data["nodes"])
    assert [n["id"] for n in data["nodes"] if n["kind"] == "Inspection"] == [INSPECTION]
    # The same question draws the same picture.
    again = _page_data(_write(cli, tmp_path, "map-again", "Sandwell", "--inspection",
                              INSPECTION))
    assert [(n["id"], n["x"], n["y"]) for n in again["nodes"]] == \
        [(n["id"], n["x"], n["y"]) for n in data["nodes"]]


@browser.requires_browser
def test_inspection_map_in_chromium(cli: Cli, tmp_path: Path,
                                    ask: Callable[..., Any]) -> None:
    page = _write(cli, tmp_path, "map", "Sandwell", "--inspection", INSPECTION)
    who = ask("who", "Sandwell", "--inspection", INSPECTION)
    white = next(h for h in who["holders"] if h["person"] == "Simon White")
    with browser.chromium() as driver:
        loaded = browser.load(driver, page, ready_js=READY)
        assert browser.external(loaded.requests) == []
        assert loaded.console_errors == []
        nodes = driver.execute_script(
            "return network.body.data.nodes.get().map(function (n) {"
            "  return {id: n.id, label: n.label, kind: n.kind}; });")
        assert len(nodes) <= 15
        labels = " ".join(" ".join(n["label"].split()) for n in nodes)
        for name in ("Bob Badham", "Darren Cooper", "Simon White", "iMPOWER"):
            assert name in labels
        grades = [n for n in nodes if n["kind"] == "Judgement"]
        assert grades and all("inadequate" in n["label"] for n in grades)
        assert driver.execute_script("return network.physics.physicsEnabled") is False
        # One edge joins Simon White to his post; clicking it shows his quote in the panel.
        edge = driver.execute_script(
            "var e = network.body.data.edges.get(arguments[0]);"
            "return {from: e.from, to: e.to};", white["tenure_id"])
        assert edge["from"] == "person:simon-white"
        _click(driver, _edge_middle(driver, white["tenure_id"]))
        details = _details(driver)
        assert white["sources"][0]["quote"] in details
        assert "certainty" in details
        driver.execute_script("network.unselectAll(); document.querySelectorAll("
                              "'div.vis-tooltip').forEach(function (t) {"
                              "  t.style.visibility = 'hidden'; });")
        browser.screenshot(driver, "map-sandwell-2013-02.png")


def _state(driver: Any) -> dict[str, Any]:
    return driver.execute_script("return window.accountable.state()")


def _listed(driver: Any) -> set[tuple[str, str]]:
    return {(li["id"], li["status"]) for li in driver.execute_script(
        "return Array.from(document.querySelectorAll('#on-date li[data-id]'))"
        ".map(function (li) { return {id: li.dataset.id, status: li.dataset.status,"
        "  fact: li.dataset.fact}; }).filter(function (x) { return x.fact === 'Tenure'; })")}


def _set_slider(driver: Any, day: str) -> None:
    """Move the range input to `day` and fire its input event, as dragging does."""
    driver.execute_script(
        "var s = document.getElementById('date-slider');"
        "var lo = new Date(s.dataset.lo + 'T00:00:00Z');"
        "s.value = String(Math.round((new Date(arguments[0] + 'T00:00:00Z') - lo) / 864e5));"
        "s.dispatchEvent(new Event('input'));", day)


def _assert_matches_who(driver: Any, ask: Callable[..., Any], org: str, day: str) -> None:
    who = ask("who", org, "--on", day)
    expected = {(h["tenure_id"], h["status"]) for h in who["holders"]}
    assert _state(driver)["date"] == day
    assert _listed(driver) == expected
    active = {(a["id"], a["status"]) for a in _state(driver)["active"] if a["fact"] == "Tenure"}
    assert active == expected
    # Highlighted people are exactly the holders; everyone else is faded.
    people = driver.execute_script(
        "return network.body.data.nodes.get({filter: function (n) {"
        "  return n.kind === 'Person'; }}).map(function (n) {"
        "  return {id: n.id, on: n.opacity === undefined || n.opacity === 1}; })")
    assert {p["id"] for p in people if p["on"]} == {h["person_id"] for h in who["holders"]}
    edges = driver.execute_script(
        "return network.body.data.edges.get().filter(function (e) { return e.fact; })"
        ".map(function (e) { return {id: e.id, dashes: e.dashes}; })")
    for e in edges:
        status = dict(expected).get(e["id"])
        if status == "possibly_held":
            assert e["dashes"], e
        elif status == "held":
            assert not e["dashes"], e


@browser.requires_browser
@pytest.mark.parametrize(("org", "days"), [("Sandwell", ["2013-02-15", "2014-06-01"]),
                                           ("Dudley", ["2016-04-15"])])
def test_slider_highlights_whoever_who_names(cli: Cli, tmp_path: Path,
                                             ask: Callable[..., Any], org: str,
                                             days: list[str]) -> None:
    page = _write(cli, tmp_path, org.lower(), org)
    assert _page_data(page)["view"] == "history"
    with browser.chromium() as driver:
        loaded = browser.load(driver, page, ready_js=READY)
        assert browser.external(loaded.requests) == []
        assert loaded.console_errors == []
        for day in days:
            _set_slider(driver, day)
            _assert_matches_who(driver, ask, org, day)
            assert driver.execute_script("return location.hash") == f"#{day}"
            # Inspections appear as the slider passes them.
            shown = driver.execute_script(
                "return network.body.data.nodes.get({filter: function (n) {"
                "  return n.kind === 'Inspection' && !n.hidden; }}).map(function (n) {"
                "  return n.from; })")
            assert all(d <= day for d in shown)
            browser.screenshot(driver, f"slider-{org.lower()}-{day}.png")


@browser.requires_browser
def test_fragment_opens_the_page_at_that_date(cli: Cli, tmp_path: Path,
                                              ask: Callable[..., Any]) -> None:
    page = _write(cli, tmp_path, "sandwell", "Sandwell")
    with browser.chromium() as driver:
        _open(driver, page, "2014-06-01")
        assert driver.execute_script(
            "return document.getElementById('date-text').textContent") == "1 June 2014"
        _assert_matches_who(driver, ask, "Sandwell", "2014-06-01")
        # Keyboard: the slider takes focus and the arrow keys move it a day at a time.
        from selenium.webdriver.common.keys import Keys

        slider = driver.find_element("id", "date-slider")
        slider.send_keys(Keys.ARROW_RIGHT)
        assert _state(driver)["date"] == "2014-06-02"
        assert driver.execute_script("return location.hash") == "#2014-06-02"
        assert slider.get_attribute("aria-valuetext") == "2 June 2014"


def _hostile_history() -> dict[str, Any]:
    """The synthetic Sandwell graph with a hostile name and quote, as a history view."""
    sub = copy.deepcopy(sandwell_subgraph())
    for n in sub["nodes"]:
        if n["label"] in ("Tenure", "Contract"):
            p = n["props"]
            b = derive_bounds(start=p.get("start"), end=p.get("end"), months=p.get("months"))
            p.update(b.as_dict())
            p.pop("status", None)
        if n["label"] == "Inspection":
            n["props"]["window_from"] = "2013-02-01"
    sub["view"] = "history"
    return sub


def test_hostile_page_source_has_no_live_markup(tmp_path: Path) -> None:
    page = tmp_path / "hostile.html"
    write_map_html(_hostile_history(), page, title=HOSTILE_TITLE)
    html = page.read_text(encoding="utf-8")
    assert HOSTILE_NAME not in html and HOSTILE_QUOTE not in html
    assert "<img src=x" not in html and "<b>friends</b>" not in html
    data = build_page_data(_hostile_history())
    assert any(e["who"] == HOSTILE_NAME for e in data["edges"] if e["fact"])


@browser.requires_browser
def test_hostile_names_stay_text_in_slider_and_panel(tmp_path: Path) -> None:
    page = tmp_path / "hostile.html"
    write_map_html(_hostile_history(), page, title=HOSTILE_TITLE)
    with browser.chromium() as driver:
        loaded = browser.load(driver, page, ready_js=READY)
        assert browser.external(loaded.requests) == []
        assert loaded.console_errors == []
        _open(driver, page, "2012-06-01")
        assert driver.execute_script(
            "return document.getElementById('page-title').textContent") == HOSTILE_TITLE
        listed = driver.execute_script(
            "return document.getElementById('on-date').textContent")
        assert HOSTILE_NAME in listed
        # Keyboard path to the side panel: the listed holder is a button.
        button = driver.find_element("css selector", "#on-date li[data-id='tenure:hostile'] "
                                                     "button")
        button.click()
        assert HOSTILE_QUOTE in _details(driver)
        _click(driver, _edge_middle(driver, "tenure:hostile"))
        assert HOSTILE_QUOTE in _details(driver)
        assert driver.execute_script("return typeof window.__pwned") == "undefined"
        assert driver.execute_script("return document.images.length") == 0
        assert driver.execute_script("return document.querySelectorAll('aside script, "
                                     "aside img, #on-date b').length") == 0


@browser.requires_browser
def test_person_view_career_and_inspections(cli: Cli, tmp_path: Path,
                                            ask: Callable[..., Any]) -> None:
    page = _write(cli, tmp_path, "cooper", "Darren Cooper")
    record = ask("person", "Darren Cooper")
    data = _page_data(page)
    assert data["view"] == "person"
    tenures = {e["id"] for e in data["edges"] if e["fact"] == "Tenure"}
    assert tenures == {t["tenure_id"] for t in record["tenures"]}
    inspections = {n["id"] for n in data["nodes"] if n["kind"] == "Inspection"}
    assert inspections == {i["inspection_id"] for i in record["inspections"]}
    with browser.chromium() as driver:
        loaded = browser.load(driver, page, ready_js=READY)
        assert browser.external(loaded.requests) == []
        assert loaded.console_errors == []
        tips = driver.execute_script(
            "return network.body.data.nodes.get({filter: function (n) {"
            "  return n.kind === 'Inspection'; }}).map(function (n) { return n.tip; })")
        for tip in tips:
            text = json.dumps(tip)
            assert "during" in text and "inadequate" in text
        browser.screenshot(driver, "person-darren-cooper.png")


@browser.requires_browser
def test_page_rule_equals_graph_dates_status(tmp_path: Path) -> None:
    """The page's statusOn and graph.dates.status agree on every bound shape and day."""
    from dataclasses import replace
    from itertools import product

    from accountable.graph.dates import BoundsError, status

    shapes = []
    values = [None, "2012", "2013-03", "2013-03-14"]
    for start, end, start_after, end_before in product(values, values, [None, "2011"],
                                                       [None, "2015"]):
        try:
            shapes.append(derive_bounds(start=start, end=end, start_after=start_after,
                                        end_before=end_before))
        except BoundsError:
            continue
    days = ["2010-06-01", "2012-01-01", "2012-12-31", "2013-03-01", "2013-03-14",
            "2013-03-31", "2014-06-01", "2015-12-31"]
    # Both readings of a missing span side: a tenure's (no bound) and a contract's (undated),
    # and spans cut by a neighbour (the tenure rule's stored span_from/span_to).
    shapes += [replace(b, span_from=f, span_to=t) for b in shapes[:12]
               for f, t in ((None, "2013-03-31"), ("2012-06-01", None), (None, None))]
    cases = [(b, u) for b in shapes for u in (False, True)]
    expected = [[status(b, d, d, unbounded=u) for d in days] for b, u in cases]
    page = tmp_path / "rule.html"
    write_map_html(_hostile_history(), page, title="rule")
    with browser.chromium() as driver:
        browser.load(driver, page, ready_js=READY)
        got = driver.execute_script(
            "var days = arguments[1]; return arguments[0].map(function (c) {"
            "  return days.map(function (d) {"
            "    return window.accountable.statusOn(c[0], d, d, c[1]); });"
            "});", [[b.as_dict(), u] for b, u in cases], days)
    assert len(shapes) > 50
    assert got == expected


@browser.requires_browser
def test_the_map_partial_works_inside_another_page(tmp_path: Path) -> None:
    """A web page of its own (as `accountable serve` will have) includes the shared map and
    slider (templates/map_partial.html) with `page_context`, and the slider works there."""
    from jinja2 import ChoiceLoader, DictLoader
    from markupsafe import Markup

    from accountable.render.accmap import page_context
    from accountable.render.view import _VIS_DIR, templates

    env = templates()
    env.loader = ChoiceLoader([DictLoader({"mine.html": """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ page_title }}</title>
<style>{{ vis_css }}</style><script>{{ vis_js }}</script>
<style>:root { --held: {{ colours.held }}; --possible: {{ colours.possible }};
  --event: {{ colours.event }}; --event-ink: {{ colours.event_ink }}; }
{% include "map.css" %} body { display: flex; flex-direction: column; height: 100vh; }</style>
</head><body><nav id="site">my site</nav>{% include "map_partial.html" %}</body></html>"""}),
        env.loader])
    page = tmp_path / "mine.html"
    page.write_text(env.get_template("mine.html").render(
        vis_js=Markup((_VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")),
        vis_css=Markup((_VIS_DIR / "vis-network.css").read_text(encoding="utf-8")),
        **page_context(_hostile_history(), "Inside another page")), encoding="utf-8")
    with browser.chromium() as driver:
        loaded = browser.load(driver, page, ready_js=READY)
        assert loaded.console_errors == []
        assert driver.execute_script(
            "return document.getElementById('site').textContent") == "my site"
        _open(driver, page, "2012-06-01")
        assert _state(driver)["date"] == "2012-06-01"
        assert HOSTILE_NAME in driver.execute_script(
            "return document.getElementById('on-date').textContent")
