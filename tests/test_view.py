"""render/view.py: the subgraph page is offline, self-contained, readable and inert to markup."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import networkx as nx
import pytest
from accountable.graph.model import load_model

from accountable.render.view import to_networkx, write_graph_html

try:
    from tests import browser
except ImportError:  # tests/ not importable as a package: pytest put tests/ itself on sys.path
    import browser  # type: ignore[no-redef]

HOSTILE_NAME = "<script>window.__pwned=1</script>"
HOSTILE_QUOTE = '<img src=x onerror="window.__pwned=1">'
HOSTILE_TITLE = "Sandwell <img src=x onerror=\"window.__pwned=1\"> & <b>friends</b>"

SRC_BBC = "source:bbc-2013-03-sandwell"
SRC_MJ = "source:mj-2012-iMPOWER"


def _cite(fact: str, source: str, quote: str, certainty: str = "stated") -> dict:
    return {"source": fact, "target": source, "type": "SOURCED_FROM",
            "props": {"quote": quote, "certainty": certainty}}


def sandwell_subgraph() -> dict:
    """A small Sandwell-like subgraph, with one hostile person name and one hostile quote."""
    nodes = [
        {"id": "org:sandwell", "label": "Organisation", "name": "Sandwell Council",
         "props": {"kind": "council"}},
        {"id": "org:impower", "label": "Organisation", "name": "iMPOWER",
         "props": {"kind": "contractor"}},
        {"id": "org:ofsted", "label": "Organisation", "name": "Ofsted",
         "props": {"kind": "regulator"}},
        {"id": "person:simon-hackett", "label": "Person", "name": "Simon Hackett", "props": {}},
        {"id": "person:darran-bishop", "label": "Person", "name": "Darran Bishop", "props": {}},
        {"id": "person:hostile", "label": "Person", "name": HOSTILE_NAME, "props": {}},
        {"id": "post:sandwell:lead_member", "label": "Post",
         "name": "Cabinet member for children's services",
         "props": {"title": "Cabinet member for children's services", "kind": "lead_member"}},
        {"id": "post:sandwell:dcs", "label": "Post", "name": "Director of Children's Services",
         "props": {"title": "Director of Children's Services", "kind": "dcs"}},
        {"id": "tenure:hackett", "label": "Tenure", "name": None,
         "props": {"start": "2013-03", "end": None, "certainty": "stated"}},
        {"id": "tenure:bishop", "label": "Tenure", "name": None,
         "props": {"start": None, "end": "2013-03", "ended_by": "resigned",
                   "certainty": "stated"}},
        {"id": "tenure:hostile", "label": "Tenure", "name": None,
         "props": {"start": "2011", "end": "2013", "status": "possibly_held",
                   "certainty": "inferred"}},
        {"id": "contract:impower", "label": "Contract", "name": None,
         "props": {"start": "2012", "end": None, "value_gbp": 1150000, "months": 30,
                   "purpose": "Children's services improvement"}},
        {"id": "inspection:sandwell:2013-02", "label": "Inspection", "name": None,
         "props": {"kind": "unannounced", "start": "2013-02", "end": "2013-02",
                   "published": "2013-03"}},
        {"id": "judgement:sandwell:2013-02:overall", "label": "Judgement", "name": None,
         "props": {"area": "overall", "grade": "inadequate"}},
        {"id": "event:bishop-resigned", "label": "Event", "name": None,
         "props": {"kind": "resigned", "date": "2013-03",
                   "summary": "Cabinet member resigned after the Ofsted report"}},
        {"id": SRC_BBC, "label": "Source", "name": "Sandwell children's services chief quits",
         "props": {"title": "Sandwell children's services chief quits", "publisher": "BBC",
                   "published": "2013-03-14", "file": "seeds/sources/bbc.md"}},
        {"id": SRC_MJ, "label": "Source", "name": "Sandwell hires iMPOWER",
         "props": {"title": "Sandwell hires iMPOWER", "publisher": "The MJ",
                   "published": "2012-06-01", "file": "seeds/sources/mj.md"}},
    ]
    edges = [
        {"source": "person:simon-hackett", "target": "tenure:hackett", "type": "HELD",
         "props": {}},
        {"source": "tenure:hackett", "target": "post:sandwell:lead_member", "type": "OF",
         "props": {}},
        {"source": "person:darran-bishop", "target": "tenure:bishop", "type": "HELD",
         "props": {}},
        {"source": "tenure:bishop", "target": "post:sandwell:lead_member", "type": "OF",
         "props": {}},
        {"source": "person:hostile", "target": "tenure:hostile", "type": "HELD", "props": {}},
        {"source": "tenure:hostile", "target": "post:sandwell:dcs", "type": "OF", "props": {}},
        {"source": "post:sandwell:lead_member", "target": "org:sandwell", "type": "IN",
         "props": {}},
        {"source": "post:sandwell:dcs", "target": "org:sandwell", "type": "IN", "props": {}},
        {"source": "org:sandwell", "target": "contract:impower", "type": "AWARDED", "props": {}},
        {"source": "contract:impower", "target": "org:impower", "type": "TO", "props": {}},
        {"source": "inspection:sandwell:2013-02", "target": "org:sandwell", "type": "OF",
         "props": {}},
        {"source": "inspection:sandwell:2013-02",
         "target": "judgement:sandwell:2013-02:overall", "type": "JUDGED", "props": {}},
        {"source": "event:bishop-resigned", "target": "person:darran-bishop",
         "type": "INVOLVED", "props": {"as": "subject"}},
        {"source": "event:bishop-resigned", "target": "inspection:sandwell:2013-02",
         "type": "AFTER", "props": {}},
        _cite("tenure:hackett", SRC_BBC, "Councillor Simon Hackett will take over the role"),
        _cite("tenure:bishop", SRC_BBC, "Darran Bishop has resigned as cabinet member"),
        _cite("tenure:hostile", SRC_BBC, HOSTILE_QUOTE, certainty="inferred"),
        _cite("event:bishop-resigned", SRC_BBC, "resigned following the damning report"),
        _cite("inspection:sandwell:2013-02", SRC_BBC, "Ofsted rated the services inadequate"),
        _cite("contract:impower", SRC_MJ, "a £1.15m contract with iMPOWER"),
        {"source": "tenure:hackett", "target": "tenure:bishop", "type": "CONFLICTS_WITH",
         "props": {"note": "overlap of a month"}},
    ]
    return {"nodes": nodes, "edges": edges, "focus": "org:sandwell"}


EXPECTED_LABELS = [
    "Sandwell Council", "iMPOWER", "Ofsted", "Simon Hackett", "Darran Bishop", HOSTILE_NAME,
    "Cabinet member for children's services", "Director of Children's Services",
    "Sandwell children's services chief quits", "Sandwell hires iMPOWER",
]


def _network_json(html: str, var: str) -> list[dict]:
    match = re.search(rf"var {var} = (\[.*?\]);\n", html)
    assert match, f"{var} not found in page"
    return json.loads(match.group(1))


def _unwrap(label: str) -> str:
    return " ".join(label.split())


@pytest.fixture
def page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    out = write_graph_html(sandwell_subgraph(), tmp_path / "out" / "sandwell.html",
                           title=HOSTILE_TITLE)
    assert os.listdir(cwd) == [], "writing the page must not create lib/ or anything else"
    return out


def test_to_networkx_keeps_every_node_and_edge() -> None:
    sub = sandwell_subgraph()
    g = to_networkx(sub)
    assert isinstance(g, nx.MultiDiGraph)
    assert g.number_of_nodes() == len(sub["nodes"])
    assert g.number_of_edges() == len(sub["edges"])
    assert g.nodes["person:hostile"]["name"] == HOSTILE_NAME
    assert g.nodes["org:impower"]["props"]["kind"] == "contractor"
    assert g.graph["focus"] == "org:sandwell"
    types = {d["type"] for _, _, d in g.edges(data=True)}
    assert {"HELD", "OF", "IN", "AWARDED", "TO", "JUDGED", "SOURCED_FROM"} <= types


def test_page_is_self_contained(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert page.exists() and page.stat().st_size > 400_000  # vis-network is inlined
    links = re.findall(r"""(?:src|href)\s*=\s*["']?([^"'\s>]+)""", html, flags=re.I)
    remote = [u for u in links if re.match(r"(?i)(https?:)?//", u)]
    assert remote == []
    assert "<link" not in html.lower()
    for cdn in ("cdnjs", "jsdelivr", "unpkg", "bootstrap", "tom-select", "TomSelect"):
        assert cdn not in html
    assert "stabilizationIterationsDone" in html and "physics: { enabled: false }" in html


def test_page_carries_labels_and_escapes_markup(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    nodes = _network_json(html, "NODE_DATA")
    labels = {_unwrap(n["label"]) for n in nodes}
    for label in EXPECTED_LABELS:
        assert label in labels
    # Hostile text only ever appears escaped: never as a live tag in the page source.
    assert HOSTILE_NAME not in html
    assert HOSTILE_QUOTE not in html
    assert "<img src=x" not in html
    assert "<b>friends</b>" not in html
    assert "&lt;b&gt;friends&lt;/b&gt;" in html  # the title, escaped as text
    # Tenures and contracts are drawn as the model declares (one captioned edge), not nodes.
    model = load_model()
    assert {n["kind"] for n in nodes}.isdisjoint(
        {s.name for s in model.schemata.values() if s.edge})
    edges = _network_json(html, "EDGE_DATA")
    by_id = {e["id"]: e for e in edges}
    verb = model.schemata["Tenure"].edge.label
    hackett = by_id["tenure:hackett"]
    assert (hackett["from"], hackett["to"]) == ("person:simon-hackett",
                                                "post:sandwell:lead_member")
    assert _unwrap(hackett["label"]) == f"{verb} · from March 2013, end unknown"
    assert _unwrap(by_id["tenure:hostile"]["label"]) == f"{verb} · 2011 to 2013 (possibly held)"
    assert by_id["tenure:hostile"]["dashes"] == [6, 4]
    contract = by_id["contract:impower"]
    assert (contract["from"], contract["to"]) == ("org:sandwell", "org:impower")
    assert "£1.15m" in contract["label"]
    # Quotes and certainty reach the tooltip data.
    tips = {e["id"]: json.dumps(e["tip"], ensure_ascii=False) for e in edges}
    assert HOSTILE_QUOTE.replace('"', '\\"') in tips["tenure:hostile"]
    assert "certainty: inferred" in tips["tenure:hostile"]
    assert "Councillor Simon Hackett will take over the role" in tips["tenure:hackett"]
    kinds = {n["id"]: (n["shape"], n["color"]) for n in nodes}
    assert kinds["org:impower"] != kinds["org:sandwell"]  # contractor vs council
    assert kinds["person:simon-hackett"][0] != kinds["org:sandwell"][0]


def test_rejects_non_html_path(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_graph_html(sandwell_subgraph(), tmp_path / "graph.png", title="x")


READY = "return window.__stabilized === true"


@browser.requires_browser
def test_page_in_headless_chromium(page: Path) -> None:
    with browser.chromium() as driver:
        loaded = browser.load(driver, page, ready_js=READY)
        assert browser.external(loaded.requests) == []
        assert any(u.startswith("file://") for u in loaded.requests)
        assert loaded.console_errors == []
        assert driver.execute_script("return typeof window.__pwned") == "undefined"
        assert driver.execute_script("return document.images.length") == 0

        data = driver.execute_script(
            "return network.body.data.nodes.get().map(function (n) {"
            "  return {id: n.id, label: n.label, kind: n.kind,"
            "          tip: n.title ? n.title.textContent : null}; });")
        labels = {_unwrap(n["label"]) for n in data}
        for label in EXPECTED_LABELS:
            assert label in labels
        by_id = {n["id"]: n for n in data}
        assert by_id["person:hostile"]["label"] == HOSTILE_NAME
        edge_tips = {e["id"]: e["tip"] for e in driver.execute_script(
            "return network.body.data.edges.get().map(function (e) {"
            "  return {id: e.id, tip: e.title ? e.title.textContent : null}; });")}
        assert HOSTILE_QUOTE in edge_tips["tenure:hostile"]
        assert "Darran Bishop has resigned" in edge_tips["tenure:bishop"]

        # Physics has stopped after stabilisation.
        assert driver.execute_script("return network.physics.physicsEnabled") is False
        # The page title and menus show the hostile strings as text.
        assert driver.execute_script(
            "return document.getElementById('page-title').textContent") == HOSTILE_TITLE
        options = driver.execute_script(
            "return Array.from(document.querySelectorAll('#select-node option'))"
            ".map(function (o) { return o.textContent; })")
        assert f"Person: {HOSTILE_NAME}" in options
        legend = driver.execute_script(
            "return document.getElementById('legend').textContent")
        for word in ("Person", "Organisation: contractor", "Judgement: inadequate", "Source"):
            assert word in legend
        # The focus node is selected and its details (with quotes) shown as text.
        assert driver.execute_script("return network.getSelectedNodes()") == ["org:sandwell"]

        # Filter menu hides a kind; the select menu focuses a node and shows its quote.
        driver.execute_script(
            "var c = document.querySelector('.kind-filter[value=Source]');"
            "c.checked = false; c.dispatchEvent(new Event('change'));")
        hidden = driver.execute_script(
            "return nodes.get({filter: function (n) { return n.hidden; }})"
            ".map(function (n) { return n.kind; })")
        assert hidden and set(hidden) == {"Source"}
        driver.execute_script(
            "var s = document.getElementById('select-node'); s.value = 'person:hostile';"
            "s.dispatchEvent(new Event('change'));")
        details = driver.execute_script(
            "return document.getElementById('details-body').textContent")
        assert HOSTILE_NAME in details
        _click_edge(driver, "tenure:hostile")
        details = driver.execute_script(
            "return document.getElementById('details-body').textContent")
        assert HOSTILE_QUOTE in details
        assert driver.execute_script("return typeof window.__pwned") == "undefined"
        driver.execute_script("document.getElementById('reset').click();")
        driver.execute_script("network.unselectAll(); network.fit({animation: false});")
        shot = browser.screenshot(driver, "graph-sandwell.png")
        assert shot.stat().st_size > 20_000

        # Hovering the hostile tenure shows vis-network's tooltip with the quote as text.
        _hover(driver, "person:hostile", "tenure:hostile")
        tooltip = driver.execute_script(
            "var t = document.querySelector('div.vis-tooltip');"
            "return t && t.style.visibility !== 'hidden' ? t.textContent : null;")
        assert tooltip is not None and HOSTILE_QUOTE in tooltip
        assert "certainty: inferred" in tooltip
        assert driver.execute_script("return typeof window.__pwned") == "undefined"
        browser.screenshot(driver, "graph-sandwell-tooltip.png")


def _point(driver, a: str, b: str | None = None) -> tuple[float, float]:
    """Page coordinates of a node, or of the middle of the straight line from a to b."""
    return driver.execute_script(
        "var ids = [arguments[0], arguments[1] || arguments[0]];"
        "var p = network.getPositions(ids);"
        "var c = {x: (p[ids[0]].x + p[ids[1]].x) / 2, y: (p[ids[0]].y + p[ids[1]].y) / 2};"
        "var d = network.canvasToDOM(c); var r = document.getElementById('mynetwork')"
        ".getBoundingClientRect(); return [d.x + r.left, d.y + r.top];", a, b)


def _move(driver, pos: tuple[float, float], click: bool = False) -> None:
    from selenium.webdriver.common.action_chains import ActionChains

    body = driver.find_element("tag name", "body")
    size = body.rect
    chain = ActionChains(driver).move_to_element_with_offset(
        body, int(pos[0] - size["width"] / 2), int(pos[1] - size["height"] / 2))
    (chain.click() if click else chain).perform()


def _click_edge(driver, edge_id: str) -> None:
    """Click the real mouse on a point of an edge that no node or other edge covers."""
    driver.execute_script("network.setOptions({edges: {smooth: false}});"
                          "network.fit({animation: false});")
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
    _move(driver, pos, click=True)


def _hover(driver, node_id: str, to: str | None = None) -> None:
    """Move the real mouse over a node (or an edge's middle) and wait for the tooltip."""
    import time

    if to is not None:
        driver.execute_script("network.setOptions({edges: {smooth: false}});")
        ends = driver.execute_script(
            "var e = network.body.data.edges.get(arguments[0]); return [e.from, e.to];", to)
        _move(driver, _point(driver, ends[0], ends[1]))
    else:
        _move(driver, _point(driver, node_id))
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if driver.execute_script(
                "var t = document.querySelector('div.vis-tooltip');"
                "return !!t && t.style.visibility !== 'hidden';"):
            return
        time.sleep(0.1)
