"""The accountability map: who answered for a council's children's services, at a glance.

One offline HTML page (vis-network inlined, nothing fetched) in three views:

- ``map``: a council at a date or inspection. The inspection and its grades, the council, each
  post with its holder(s) joined by ONE edge per tenure (captioned with the dates, `held` /
  `possibly held` and certainty), the contractor and its contract, and the events that
  followed as small markers on the people they concern.
- ``history``: the same picture over the council's whole history, with a date slider that
  works out in the page who held each post on the chosen day. The page applies the rule of
  `graph.dates.status` to the derived bounds stored on each fact (exported as data), so the
  browser and the CLI share one rule; tests compare them.
- ``person``: a career across councils and the inspections inside each tenure.

Facts whose schema declares `edge` in `graph/model.yaml` (Tenure, Contract) are drawn as one
captioned edge by reading that declaration (`edge_facts`), never by per-label code. Sources
and quotes are not nodes: they appear in the side panel when a node or edge is clicked. Every
name and quote is text (canvas labels, `textContent`), never markup. Positions are computed
here in layers, so the same question draws the same picture, and physics stays off.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import DictLoader, Environment
from markupsafe import Markup

from accountable.graph.dates import UNBOUNDED_SPAN, Bounds
from accountable.graph.model import load_model
from accountable.render.view import (
    _VIS_DIR,
    GRADE_COLOURS,
    NODE_STYLES,
    ORGANISATION_COLOURS,
    TIP_ELEMENT_JS,
    EdgeFact,
    _display_label,
    _text,
    _wrap,
    caption,
    edge_facts,
    to_networkx,
)

#: The derived bounds a fact stores (`loaders/rows.py`); the page's date rule reads these.
BOUND_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Bounds))

HELD_COLOUR = "#1f4e79"
POSSIBLE_COLOUR = "#7a5195"
FADED = "#d9d9d9"
STRUCTURE = "#b5b5b5"
ROW_GAP = 190
COL_GAP = 230
GRADE_ORDER = ["outstanding", "good", "adequate", "requires_improvement", "inadequate"]


def _status_words(status: str | None) -> str:
    return {"held": "held", "possibly_held": "possibly held"}.get(status or "", "")


def _citations(g: nx.MultiDiGraph, node: str) -> list[dict[str, str]]:
    lines: list[dict[str, str]] = []
    for _, dst, d in sorted(g.out_edges(node, data=True), key=lambda e: (e[1], str(e[2]))):
        props = d["props"]
        if d["type"] == "SOURCED_FROM":
            src = g.nodes[dst]
            title = _text(src["props"].get("title") or src.get("name") or dst)
            lines.append({"s": "q", "v": f"“{_text(props.get('quote'))}”"})
            cite = f"— {title}"
            if src["props"].get("published"):
                cite += f" ({_text(src['props']['published'])})"
            if props.get("certainty"):
                cite += f" · certainty: {_text(props['certainty'])}"
            lines.append({"s": "c", "v": cite})
            if props.get("note"):
                lines.append({"s": "n", "v": f"note: {_text(props['note'])}"})
    for a, b, d in list(g.out_edges(node, data=True)) + list(g.in_edges(node, data=True)):
        if d["type"] == "CONFLICTS_WITH":
            other = b if a == node else a
            lines.append({"s": "n", "v": f"⚠ conflicts with {other}: "
                                         f"{_text(d['props'].get('note'))}"})
    return lines


def panel(g: nx.MultiDiGraph, node: str, heading: str) -> list[dict[str, str]]:
    """Side-panel lines for a node or fact: heading, declared properties, quoted sources."""
    data = g.nodes[node]
    lines = [{"s": "h", "v": heading}]
    schema = load_model().schemata.get(data["kind"])
    props = data["props"]
    names = [p.name for p in schema.scalar_props] if schema else sorted(props)
    for name in [*names, "status", "certainty"]:
        value = props.get(name)
        if value not in (None, "", []) and name not in ("name", "title") or (
                name in ("name", "title") and value and _text(value) not in heading):
            value = ", ".join(map(str, value)) if isinstance(value, list) else value
            shown = _status_words(value) if name == "status" else _text(value)
            lines.append({"s": "p", "k": name.replace("_", " "), "v": shown})
    return lines + _citations(g, node)


def _kind_of(g: nx.MultiDiGraph, node: str) -> str:
    return g.nodes[node]["kind"]


def _grades(g: nx.MultiDiGraph, inspection: str) -> list[tuple[str, str, str]]:
    """(judgement id, area, grade) of an inspection, overall first."""
    found = [(v, _text(g.nodes[v]["props"].get("area")), _text(g.nodes[v]["props"].get("grade")))
             for _, v, d in g.out_edges(inspection, data=True) if d["type"] == "JUDGED"]
    return sorted(found, key=lambda j: (j[1] != "overall", j[1]))


def _worst(grades: list[str]) -> str | None:
    known = [x for x in grades if x in GRADE_ORDER]
    return max(known, key=GRADE_ORDER.index) if known else None


def _node_style(g: nx.MultiDiGraph, node: str, focus: str | None) -> dict[str, Any]:
    data = g.nodes[node]
    kind, props = data["kind"], data["props"]
    style = dict(NODE_STYLES.get(kind, {"color": "#cccccc", "shape": "dot", "size": 12}))
    if kind == "Organisation":
        style["color"] = ORGANISATION_COLOURS.get(_text(props.get("kind")), "#8cd17d")
    if kind == "Judgement":
        style["color"] = GRADE_COLOURS.get(_text(props.get("grade")), style["color"])
    if kind == "Inspection":
        worst = _worst([gr for _, _, gr in _grades(g, node)])
        if worst:
            style["color"] = GRADE_COLOURS[worst]
    out: dict[str, Any] = {"shape": style["shape"], "color": style["color"],
                           "size": style["size"]}
    if kind in ("Organisation", "Post"):
        out["shape"] = "box"
        out["margin"] = 8
        out["widthConstraint"] = {"maximum": 180}
        out["font"] = {"size": 15, "color": "#ffffff" if kind == "Organisation" else "#102a2a"}
    if kind == "Person":
        out["font"] = {"size": 16, "bold": True}
        out["size"] = 16
    if node == focus and kind == "Person":  # a career page: the name in a box, not under
        out["shape"] = "box"                # a dot that the edges run through
        out["margin"] = 10
        out["color"] = style["color"]
    if node == focus:
        out["borderWidth"] = 3
        out["font"] = {"size": 17, "bold": True,
                       "color": "#ffffff" if out["shape"] == "box" else "#111111"}
        if kind == "Person":
            out["font"]["size"] = 20
    return out


def _layers(view: str) -> dict[str, int]:
    if view == "person":
        return {"Person": 0, "Post": 1, "Organisation": 2, "Inspection": 3, "Judgement": 3}
    return {"Inspection": 0, "Judgement": 0, "Organisation": 1, "Post": 2, "Person": 3}


def _spread(xs: list[float], gap: float) -> list[float]:
    """Push sorted x positions apart to at least `gap`, keeping their centre."""
    if not xs:
        return xs
    out = [xs[0]]
    for x in xs[1:]:
        out.append(max(x, out[-1] + gap))
    shift = (sum(xs) / len(xs)) - (sum(out) / len(out))
    return [x + shift for x in out]


def _layout(g: nx.MultiDiGraph, drawn: list[str], facts: list[EdgeFact], view: str,
            focus: str | None, post_order: list[str]) -> dict[str, tuple[float, float]]:
    """Layered positions: computed, not simulated, so one question draws one picture."""
    layer = _layers(view)
    rows: dict[int, list[str]] = {}
    for node in drawn:
        rows.setdefault(layer.get(_kind_of(g, node), 4), []).append(node)
    pos: dict[str, tuple[float, float]] = {}
    span_of = {f.id: _text(g.nodes[f.id]["props"].get("span_from")) for f in facts}

    def post_rank(post: str) -> tuple[int, str]:
        kind = _text(g.nodes[post]["props"].get("kind"))
        return (post_order.index(kind) if kind in post_order else len(post_order),
                _display_label(g, post))

    if view == "person":
        person = focus
        tenures = sorted((f for f in facts if f.source == person), key=lambda f: span_of[f.id])
        posts = list(dict.fromkeys(f.target for f in tenures))
        posts += sorted(n for n in rows.get(1, []) if n not in posts)
        xs = [i * COL_GAP * 1.6 for i in range(len(posts))]
        centre = (xs[-1] / 2) if xs else 0
        for x, post in zip(xs, posts, strict=True):
            pos[post] = (x - centre, ROW_GAP * 1.2)
        if person:
            pos[person] = (0, 0)
        orgs: dict[str, list[float]] = {}
        for post in posts:
            for _, org, d in g.out_edges(post, data=True):
                if d["type"] == "IN":
                    orgs.setdefault(org, []).append(pos[post][0])
        org_ids = sorted(orgs, key=lambda o: sum(orgs[o]) / len(orgs[o]))
        for org, x in zip(org_ids, _spread([sum(orgs[o]) / len(orgs[o]) for o in org_ids],
                                           COL_GAP), strict=True):
            pos[org] = (x, 2 * ROW_GAP)
        inspections = sorted(rows.get(3, []))
        insp = [n for n in inspections if _kind_of(g, n) == "Inspection"]
        by_org: dict[str, list[str]] = {}
        for i in insp:
            org = next((v for _, v, d in g.out_edges(i, data=True) if d["type"] == "OF"), None)
            by_org.setdefault(org or "", []).append(i)
        placed: list[tuple[float, str]] = []
        for org, items in by_org.items():
            x0 = pos.get(org, (0, 0))[0]
            for k, i in enumerate(sorted(items, key=lambda n: _text(
                    g.nodes[n]["props"].get("window_from")))):
                placed.append((x0 + (k - (len(items) - 1) / 2) * COL_GAP, i))
        placed.sort()
        for x, (_, i) in zip(_spread([p[0] for p in placed], COL_GAP), placed, strict=True):
            pos[i] = (x, 3 * ROW_GAP + 10)
        for n in drawn:
            pos.setdefault(n, (0, 4 * ROW_GAP))
        return pos

    # Council views: each post's holders side by side under it, at alternating depths so
    # that the captions of neighbouring edges do not print over each other.
    people = rows.get(3, [])
    first_post: dict[str, tuple[Any, ...]] = {}
    for f in facts:
        if f.source in people and f.target in g:
            key = (*post_rank(f.target), span_of[f.id])
            first_post[f.source] = min(first_post.get(f.source, key), key)
    people.sort(key=lambda p: (first_post.get(p, (99, "", "")), _display_label(g, p)))
    gap = COL_GAP - 40
    for i, p in enumerate(people):
        pos[p] = ((i - (len(people) - 1) / 2) * gap, 3 * ROW_GAP + (i % 2) * 120)
    posts = sorted(rows.get(2, []), key=post_rank)
    want = []
    for post in posts:
        xs = [pos[f.source][0] for f in facts if f.target == post and f.source in pos
              and first_post.get(f.source, ("",))[:2] == post_rank(post)]
        xs = xs or [pos[f.source][0] for f in facts if f.target == post and f.source in pos]
        want.append(sum(xs) / len(xs) if xs else None)
    known = [w for w in want if w is not None]
    free = (max(known) if known else 0) + COL_GAP
    xs = []
    for w in want:
        if w is None:
            xs.append(free)
            free += COL_GAP
        else:
            xs.append(w)
    order = sorted(range(len(posts)), key=lambda k: xs[k])
    spread = _spread([xs[k] for k in order], COL_GAP - 20)
    for k, x in zip(order, spread, strict=True):
        pos[posts[k]] = (x, 2 * ROW_GAP)
    orgs = rows.get(1, [])
    others = sorted(o for o in orgs if o != focus)
    if focus in orgs:
        pos[focus] = (0, ROW_GAP)
    right = max((x for x, _ in pos.values()), default=0)
    for i, o in enumerate(others):
        pos[o] = (max(right, 2 * COL_GAP) + i * COL_GAP, ROW_GAP)
    top = sorted((n for n in rows.get(0, []) if _kind_of(g, n) == "Inspection"),
                 key=lambda n: _text(g.nodes[n]["props"].get("window_from")))
    for k, n in enumerate(top):
        x = (k - (len(top) - 1) / 2) * COL_GAP
        pos[n] = (x, 0)
        grades = [j for j, _, _ in _grades(g, n) if j in drawn]
        for m, j in enumerate(grades):
            pos[j] = (x + (m - (len(grades) - 1) / 2) * (COL_GAP - 40), -ROW_GAP * 0.7)
    for n in drawn:
        pos.setdefault(n, (0, 4 * ROW_GAP))
    return pos


def _caption_box(g: nx.MultiDiGraph, pos: dict[str, tuple[float, float]],
                 f: EdgeFact) -> tuple[float, float, float, float]:
    """Roughly where vis-network prints an edge's caption: a box around its midpoint."""
    (x1, y1), (x2, y2) = pos[f.source], pos[f.target]
    assert f.schema.edge is not None
    cap = _wrap(caption(f.schema, g.nodes[f.id]["props"]), 24).split("\n")
    width = 7.0 * max(len(line) for line in [*cap, "possibly held · inferred"])
    height = 15.0 * (len(cap) + 1)
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    return mx - width / 2, my - height / 2, mx + width / 2, my + height / 2


def _untangle(g: nx.MultiDiGraph, pos: dict[str, tuple[float, float]],
              facts: list[EdgeFact], rounds: int = 40) -> None:
    """Move people down (or posts right) until no two edge captions overlap."""
    for _ in range(rounds):
        boxes = [(f, _caption_box(g, pos, f)) for f in facts]
        clash = next(((a, b) for i, (a, ba) in enumerate(boxes) for b, bb in boxes[i + 1:]
                      if (a.source, a.target) != (b.source, b.target)
                      and ba[0] < bb[2] and bb[0] < ba[2] and ba[1] < bb[3] and bb[1] < ba[3]),
                     None)
        if clash is None:
            return
        a, b = clash
        if a.source == b.source:  # one person, two posts: move the right-hand post over
            post = max((a.target, b.target), key=lambda n: pos[n][0])
            if _kind_of(g, post) != "Post":
                return
            x0, y0 = pos[post]
            for n, (x, y) in list(pos.items()):
                if y == y0 and x >= x0:
                    pos[n] = (x + 60, y)
        else:  # two people: take the one further down lower still
            person = max((a.source, b.source), key=lambda n: (pos[n][1], pos[n][0]))
            if _kind_of(g, person) != "Person":
                return
            x, y = pos[person]
            pos[person] = (x, y + 60)


def _events(g: nx.MultiDiGraph, drawn: set[str]) -> list[dict[str, Any]]:
    """Events as small markers on the drawn people they concern (else the council)."""
    markers = []
    for node, data in sorted(g.nodes(data=True)):
        if data["kind"] != "Event":
            continue
        involved = [(v, d["props"].get("as")) for _, v, d in g.out_edges(node, data=True)
                    if d["type"] == "INVOLVED" and v in drawn]
        people = [v for v, _ in involved if _kind_of(g, v) == "Person"]
        anchors = people or [v for v, _ in involved if _kind_of(g, v) == "Organisation"] or [
            v for _, v, d in g.out_edges(node, data=True) if d["type"] == "AFTER" and v in drawn]
        if not anchors:
            continue
        props = data["props"]
        what = _text(props.get("kind") or "event").replace("_", " ")
        if what == "other" and props.get("summary"):
            words = _text(props["summary"]).split()
            what = " ".join(words[:4]) + ("…" if len(words) > 4 else "")
        text = f"{what} {_text(props.get('date'))}".strip()
        markers.append({
            "id": node, "anchors": sorted(anchors), "text": text,
            "on": ", ".join(_display_label(g, a) for a in sorted(anchors)),
            "from": props.get("earliest"),
            "tip": panel(g, node, f"Event: {text}: {_text(props.get('summary'))}"),
        })
    return markers


def build_page_data(subgraph: dict) -> dict[str, Any]:
    """Nodes, edges, markers and positions for the page, from a `render.subgraph` dict."""
    view = subgraph.get("view", "map")
    g = to_networkx(subgraph)
    focus = subgraph.get("focus")
    model = load_model()
    post_order = model.vocab("post_kind")
    facts = edge_facts(g)
    fact_ids = {f.id for f in facts}
    hidden_kinds = {"Source", "Event"} | ({"Judgement"} if view != "map" else set())
    drawn = [n for n, d in sorted(g.nodes(data=True))
             if d["kind"] not in hidden_kinds and n not in fact_ids
             and d["kind"] not in {s.name for s in model.schemata.values() if s.edge}]
    pos = _layout(g, drawn, facts, view, focus, post_order)
    if view != "person":
        _untangle(g, pos, [f for f in facts if f.source in pos and f.target in pos])

    during: dict[str, list[dict[str, str]]] = {}
    for link in subgraph.get("during", []):
        ins, tenure = link["inspection"], link["tenure"]
        fact = next((f for f in facts if f.id == tenure), None)
        if ins not in g or fact is None:
            continue
        words = _status_words(link.get("status"))
        grades = ", ".join(f"{a.replace('_', ' ')}: {gr.replace('_', ' ')}"
                           for _, a, gr in _grades(g, ins))
        during.setdefault(ins, []).append(
            {"s": "p", "k": "during", "v": f"{_display_label(g, fact.source)} "
                                           f"{_display_label(g, fact.target)} ({words})"})
        during.setdefault(tenure, []).append(
            {"s": "p", "k": "inspection during this tenure",
             "v": f"{_display_label(g, ins)}: {grades or 'no grade'} ({words})"})
    nodes = []
    for n in drawn:
        data = g.nodes[n]
        label = _display_label(g, n)
        if data["kind"] == "Inspection":
            props = data["props"]
            label = (f"Ofsted {_text(props.get('kind')).replace('_', ' ')}\n"
                     f"{_text(props.get('start') or props.get('published') or '?')}")
            if view != "map":
                grades = _grades(g, n)
                overall = [gr for _, area, gr in grades if area == "overall"]
                shown = overall or [gr for _, _, gr in grades][:1]
                if shown:
                    label += f"\n{shown[0].replace('_', ' ')}"
        heading = f"{data['kind']}: {label}".replace("\n", " ")
        tip = panel(g, n, heading)
        if data["kind"] == "Inspection":
            tip[1:1] = [{"s": "p", "k": area.replace("_", " "), "v": gr.replace("_", " ")}
                        for _, area, gr in _grades(g, n)]
        tip[1:1] = during.get(n, [])
        x, y = pos[n]
        nodes.append({"id": n, "label": _wrap(label, 22), "kind": data["kind"],
                      "x": x, "y": y, "fullname": heading, "tip": tip,
                      "from": data["props"].get("window_from"),
                      **_node_style(g, n, focus)})

    drawn_set = set(drawn)
    edges = []
    pairs: dict[tuple[str, str], int] = {}
    for f in facts:
        if f.source not in drawn_set or f.target not in drawn_set:
            continue
        props = g.nodes[f.id]["props"]
        assert f.schema.edge is not None
        cap = caption(f.schema, props)
        status = props.get("status")
        who = _display_label(g, f.source)
        what = _display_label(g, f.target)
        ended = props.get("ended_by")
        lines = [cap]
        if view == "person" and ended:
            lines.append(f"ended: {_text(ended).replace('_', ' ')}")
        head_lines = list(lines)
        head = "\n".join(_wrap(x, 24) for x in head_lines if x)
        if status:
            lines.append(" · ".join(x for x in (_status_words(status),
                                                _text(props.get("certainty"))) if x))
        elif props.get("certainty"):
            lines.append(_text(props.get("certainty")))
        heading = f"{who} {f.schema.edge.label} {what}"
        nth = pairs[(f.source, f.target)] = pairs.get((f.source, f.target), -1) + 1
        edges.append({
            "smooth": ({"enabled": True, "type": "curvedCW", "roundness": 0.25 * nth}
                       if nth else False),
            "id": f.id, "from": f.source, "to": f.target, "fact": f.schema.name,
            "verb": f.schema.edge.label, "caption": cap, "who": who, "what": what,
            "head": head,
            "label": "\n".join(x for x in (head, *lines[len(head_lines):]) if x),
            "status": status, "certainty": props.get("certainty"),
            "bounds": {k: props.get(k) for k in BOUND_FIELDS},
            "unbounded": f.schema.name in UNBOUNDED_SPAN,
            "tip": [*panel(g, f.id, heading)[:1], *during.get(f.id, []),
                    *panel(g, f.id, heading)[1:]],
        })
    for a, b, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1], e[2]["type"])):
        if a not in drawn_set or b not in drawn_set:
            continue
        label = {"OF": "inspected" if _kind_of(g, a) == "Inspection" else "",
                 "JUDGED": "", "IN": ""}.get(d["type"], d["type"].lower().replace("_", " "))
        edges.append({"id": f"{a}|{d['type']}|{b}", "from": a, "to": b, "fact": None,
                      "label": label, "structural": True,
                      "tip": [{"s": "h", "v": f"{_display_label(g, a)} "
                                              f"{d['type'].lower().replace('_', ' ')} "
                                              f"{_display_label(g, b)}"}]})
    markers = _events(g, drawn_set)
    return {"view": view, "focus": focus if focus in drawn_set else None, "nodes": nodes,
            "edges": edges, "markers": markers, "on": subgraph.get("on"),
            "vacant": subgraph.get("vacant", [])}


def _legend(data: dict[str, Any]) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    kinds: dict[str, str] = {}
    for n in data["nodes"]:
        name = n["kind"]
        if n["kind"] == "Organisation":
            for k, colour in ORGANISATION_COLOURS.items():
                if n["color"] == colour:
                    name = f"Organisation ({k})"
        if n["kind"] in ("Judgement", "Inspection"):
            continue
        kinds.setdefault(name, n["color"])
        rows_shape = n["shape"]
        if not any(r["label"] == name for r in rows):
            rows.append({"shape": rows_shape, "color": n["color"], "label": name})
    if any(n["kind"] in ("Inspection", "Judgement") for n in data["nodes"]):
        rows.append({"shape": "triangle", "color": "#9c755f", "label": "Ofsted inspection "
                     "(coloured by its worst grade)"})
    return rows


def write_map_html(subgraph: dict, path: Path, title: str) -> dict[str, Any]:
    """Write the map, history (with date slider) or person page as ONE offline HTML file.

    Returns what was drawn: ``{"path", "view", "nodes", "edges", "markers"}`` (counts).
    """
    path = Path(path)
    if path.suffix.lower() != ".html":
        raise ValueError(f"graph output must be an .html file, not {path.name!r}")
    data = build_page_data(subgraph)
    env = Environment(loader=DictLoader({"map.html": _TEMPLATE}), autoescape=True)
    page = env.get_template("map.html").render(
        tip_js=TIP_ELEMENT_JS,
        vis_js=Markup((_VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")),
        vis_css=Markup((_VIS_DIR / "vis-network.css").read_text(encoding="utf-8")),
        page_title=title, data=data, legend=_legend(data),
        grades=[(g.replace("_", " "), c) for g, c in GRADE_COLOURS.items()],
        colours={"held": HELD_COLOUR, "possible": POSSIBLE_COLOUR, "faded": FADED,
                 "structure": STRUCTURE},
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return {"path": path, "view": data["view"], "nodes": len(data["nodes"]),
            "edges": len(data["edges"]), "markers": len(data["markers"])}


# Rendered with autoescape on: every {{ }} is escaped text; data goes in through |tojson, which
# escapes <, >, & and ' inside the script. The script only ever sets text with textContent.
_TEMPLATE = r"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ page_title }}</title>
<style>{{ vis_css }}</style>
<script>{{ vis_js }}</script>
<style>
  html, body { margin: 0; height: 100%; font-family: "DejaVu Sans", Arial, sans-serif;
               font-size: 14px; color: #222; }
  body { display: flex; flex-direction: column; }
  header { padding: 6px 12px; border-bottom: 1px solid #ddd; background: #fafafa; }
  header h1 { font-size: 18px; margin: 2px 0 4px 0; }
  #subtitle { color: #555; font-size: 13px; margin: 0 0 4px 0; }
  #slider-row { display: flex; align-items: center; gap: 10px; margin: 4px 0 2px 0; }
  #date-slider { flex: 1; max-width: 900px; }
  #date-text { font-weight: bold; font-size: 16px; min-width: 7.5em; }
  #date-slider:focus, #date-input:focus, button:focus { outline: 3px solid #f28e2b; }
  main { flex: 1; display: flex; min-height: 0; }
  #mynetwork { flex: 1; min-width: 0; height: 100%; background: #ffffff; }
  aside { width: 340px; overflow: auto; border-left: 1px solid #ddd; padding: 8px 10px;
          background: #fcfcfc; }
  aside h2 { font-size: 14px; margin: 8px 0 4px 0; }
  #legend ul, #on-date { list-style: none; margin: 0; padding: 0; }
  #legend li { display: flex; align-items: center; gap: 8px; margin: 2px 0; font-size: 12px; }
  #on-date li { margin: 2px 0; }
  #on-date button { all: unset; cursor: pointer; display: block; font-size: 12px;
                    padding: 2px 4px; border-left: 4px solid #1f4e79; }
  #on-date li.possibly_held button { border-left: 4px dashed #7a5195; }
  #on-date li.event button { border-left: 4px solid #e15759; color: #5a1d1f; }
  #on-date .post { color: #555; }
  .sw { width: 13px; height: 13px; display: inline-block; border: 1px solid #555; flex: none; }
  .sw.dot { border-radius: 50%; }
  .sw.triangle { clip-path: polygon(50% 0, 100% 100%, 0 100%); border: none; }
  .sw.star { clip-path: polygon(50% 0, 61% 35%, 98% 35%, 68% 57%, 79% 91%, 50% 70%,
             21% 91%, 32% 57%, 2% 35%, 39% 35%); border: none; }
  .ln { width: 28px; height: 0; border-top: 3px solid; flex: none; }
  .ln.dash { border-top-style: dashed; }
  .mk { width: 0; height: 0; border-left: 6px solid transparent; flex: none;
        border-right: 6px solid transparent; border-top: 10px solid #e15759; }
  .tip { white-space: normal; font-size: 12px; line-height: 1.35; max-width: 420px; }
  .tip .h { font-weight: bold; margin-bottom: 3px; font-size: 13px; }
  .tip .k { color: #666; }
  .tip .q { font-style: italic; margin-top: 6px; }
  .tip .c { color: #555; font-size: 11px; }
  .tip .n { color: #8a3b00; font-size: 11px; }
  div.vis-tooltip { white-space: normal; max-width: 440px; font-family: inherit; }
  #status { color: #777; font-size: 12px; }
</style>
</head>
<body>
<header>
  <h1 id="page-title">{{ page_title }}</h1>
  <p id="subtitle">
  {%- if data.view == "map" %}Who was accountable {% if data.on %}over {{ data.on }}{% endif %}:
  held (solid) or possibly held (dashed), with certainty. Click anything for its sources.
  {%- elif data.view == "history" %}Drag the slider (or use the arrow keys) to see who held each
  post on that day: held solid, possibly held dashed, others faded.
  {%- else %}Career: each post with its dates and how it ended; the inspections during each
  tenure with their grades. Click anything for its sources.{% endif %}
  <span id="status">{{ data.nodes|length }} nodes</span></p>
  {% if data.view == "history" %}
  <div id="slider-row">
    <label for="date-slider">Date</label>
    <input type="range" id="date-slider" min="0" max="1" step="1" value="0"
           aria-label="Date shown (arrow keys: a day; Page Up/Down: a month)">
    <output id="date-text" for="date-slider" aria-live="polite"></output>
    <label for="date-input">Go to</label>
    <input type="date" id="date-input" aria-label="Go to a date">
  </div>
  {% endif %}
</header>
<main>
  <div id="mynetwork" role="img" aria-label="accountability map"></div>
  <aside>
    <section><h2 id="on-date-heading">{% if data.view == "history" %}In post{% elif
      data.view == "person" %}Posts and events{% else %}Accountable then, and what
      followed{% endif %}</h2><ul id="on-date"></ul></section>
    <section id="details" aria-live="polite"><h2>Details</h2>
      <div id="details-body">Click a person, a post or an edge for its sources and quotes.</div>
    </section>
    <section id="legend">
      <h2>Legend</h2>
      <ul>
        <li><span class="ln" style="border-color: {{ colours.held }}"></span>
            <span>held (the sources place them in post)</span></li>
        <li><span class="ln dash" style="border-color: {{ colours.possible }}"></span>
            <span>possibly held</span></li>
        {% if data.view == "history" %}
        <li><span class="ln" style="border-color: {{ colours.faded }}"></span>
            <span>not in post on this date</span></li>
        {% endif %}
        <li><span class="mk"></span><span>event (click it)</span></li>
      {% for row in legend %}
        <li><span class="sw {{ row.shape }}" style="background: {{ row.color }}"></span>
            <span class="legend-label">{{ row.label }}</span></li>
      {% endfor %}
      {% for grade, colour in grades %}
        <li><span class="sw star" style="background: {{ colour }}"></span>
            <span>grade: {{ grade }}</span></li>
      {% endfor %}
      </ul>
      {% if data.vacant %}
      <p style="font-size:12px;color:#555">No known holder (not known, not "nobody"):
        {{ data.vacant|join(", ") }}</p>
      {% endif %}
    </section>
  </aside>
</main>
<script>
  var DATA = {{ data|tojson }};
  var COLOURS = {{ colours|tojson }};
  var network, nodes, edges, markerBoxes = [];
  var current = null;
  window.__stabilized = false;

  {{ tip_js }}

  function showDetails(lines) {
    var body = document.getElementById("details-body");
    while (body.firstChild) body.removeChild(body.firstChild);
    body.appendChild(tipElement(lines));
  }

  // The rule of graph/dates.status, over the derived bounds stored on each fact. With
  // `unbounded` (a tenure) a missing side of the span has no bound; otherwise (a contract)
  // a fact with a missing side is undated and never listed.
  function statusOn(b, qFrom, qTo, unbounded) {
    if (!unbounded && (b.span_from == null || b.span_to == null)) return null;
    if ((b.span_from != null && b.span_from > qTo) ||
        (b.span_to != null && b.span_to < qFrom)) return null;
    if (b.latest_start != null && b.earliest_end != null &&
        b.latest_start <= qTo && b.earliest_end >= qFrom) return "held";
    return "possibly_held";
  }

  function paint(c) { return { color: c, highlight: c, hover: c }; }

  function edgeStyle(e, status) {
    if (e.structural) {
      return { color: paint(COLOURS.structure),
               width: 1, dashes: e.during ? [3, 3] : false,
               font: { size: 11, color: "#777", strokeWidth: 3 } };
    }
    if (status === "held") {
      return { color: paint(COLOURS.held),
               width: 3, dashes: false,
               font: { size: 12, color: "#1b1b1b", strokeWidth: 4 } };
    }
    if (status === "possibly_held") {
      return { color: paint(COLOURS.possible),
               width: 2.5, dashes: [9, 6],
               font: { size: 12, color: "#4a2f5e", strokeWidth: 4 } };
    }
    if (DATA.view === "history" && e.fact) {
      return { color: paint(COLOURS.faded),
               width: 1, dashes: false,
               font: { size: 10, color: "rgba(0,0,0,0)", strokeWidth: 0 } };
    }
    return { color: paint(COLOURS.held),
               width: 2, dashes: false,
             font: { size: 12, color: "#1b1b1b", strokeWidth: 4 } };
  }

  function iso(d) { return d.toISOString().slice(0, 10); }
  function dayOf(text) { return new Date(text + "T00:00:00Z"); }
  function addDays(text, n) {
    var d = dayOf(text); d.setUTCDate(d.getUTCDate() + n); return iso(d);
  }
  function daysBetween(a, b) { return Math.round((dayOf(b) - dayOf(a)) / 86400000); }

  var RANGE = null;
  function dateRange() {
    var all = [];
    DATA.edges.forEach(function (e) {
      if (e.bounds) ["span_from", "span_to"].forEach(function (k) {
        if (e.bounds[k]) all.push(e.bounds[k]); });
    });
    DATA.nodes.forEach(function (n) { if (n.from) all.push(n.from); });
    DATA.markers.forEach(function (m) { if (m.from) all.push(m.from); });
    all.sort();
    if (!all.length) return { lo: "2000-01-01", hi: "2000-12-31" };
    return { lo: all[0].slice(0, 4) + "-01-01", hi: all[all.length - 1].slice(0, 4) + "-12-31" };
  }

  function validDate(text) {
    return /^\d{4}-\d{2}-\d{2}$/.test(text || "") && !isNaN(dayOf(text).getTime())
      && iso(dayOf(text)) === text;
  }

  // Show who held each post on `day` (history view).
  function applyDate(day, fromHash) {
    current = day;
    var active = {}, list = [];
    DATA.edges.forEach(function (e) {
      if (!e.fact) return;
      var s = statusOn(e.bounds, day, day, e.unbounded);
      e.current = s;
      if (s) {
        active[e.from] = true; active[e.to] = true;
        list.push(e);
      }
    });
    edges.update(DATA.edges.map(function (e) {
      var u = Object.assign({ id: e.id }, edgeStyle(e, e.fact ? e.current : null));
      if (e.fact) {
        u.label = e.head + "\n" + [e.current === "held" ? "held" :
          e.current === "possibly_held" ? "possibly held" : "not in post",
          e.certainty].filter(Boolean).join(" · ");
      }
      return u;
    }));
    nodes.update(DATA.nodes.map(function (n) {
      var u = { id: n.id, hidden: !!(n.from && n.from > day) };
      if (n.kind === "Person" || (n.kind === "Organisation" && n.id !== DATA.focus)) {
        u.opacity = active[n.id] ? 1 : 0.25;
      }
      return u;
    }));
    var slider = document.getElementById("date-slider");
    var offset = daysBetween(RANGE.lo, day);
    slider.value = String(Math.max(0, Math.min(offset, Number(slider.max))));
    slider.setAttribute("aria-valuetext", day);
    document.getElementById("date-text").textContent = day;
    document.getElementById("date-input").value = day;
    document.getElementById("on-date-heading").textContent = "In post on " + day;
    fillList(list);
    if (!fromHash && location.hash !== "#" + day) history.replaceState(null, "", "#" + day);
    network.redraw();
  }

  // The facts drawn (and, outside the slider, the events) as buttons: the keyboard way to
  // every side panel. Names are set with textContent only.
  function fillList(list) {
    var ul = document.getElementById("on-date");
    while (ul.firstChild) ul.removeChild(ul.firstChild);
    list.sort(function (a, b) { return (a.what + a.who).localeCompare(b.what + b.who); });
    list.forEach(function (e) {
      var li = document.createElement("li");
      li.className = e.current || "";
      li.dataset.id = e.id;
      li.dataset.fact = e.fact;
      li.dataset.status = e.current || "";
      li.dataset.person = e.from;
      var b = document.createElement("button");
      b.type = "button";
      var who = document.createElement("strong");
      who.textContent = e.who;
      var post = document.createElement("span");
      post.className = "post";
      post.textContent = " " + e.verb + " " + e.what + (e.current ? " (" +
        (e.current === "held" ? "held" : "possibly held") + ")" : "");
      b.appendChild(who);
      b.appendChild(post);
      b.addEventListener("click", function () {
        network.selectEdges([e.id]);
        showDetails(e.tip);
      });
      li.appendChild(b);
      ul.appendChild(li);
    });
    if (!list.length) {
      var none = document.createElement("li");
      none.textContent = "No known holder (not known, not nobody).";
      ul.appendChild(none);
    }
    if (DATA.view === "history") return;
    DATA.markers.forEach(function (m) {
      var li = document.createElement("li");
      li.className = "event";
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = "▾ " + m.text + " · " + m.on;
      b.addEventListener("click", function () { showDetails(m.tip); });
      li.appendChild(b);
      ul.appendChild(li);
    });
  }

  function markerVisible(m) {
    if (DATA.view !== "history" || !current) return true;
    return m.from && m.from <= current && m.from >= addDays(current, -365);
  }

  function drawMarkers(ctx) {
    markerBoxes = [];
    var perAnchor = {};
    DATA.markers.forEach(function (m) {
      if (!markerVisible(m)) return;
      m.anchors.forEach(function (a) {
        var n = nodes.get(a);
        if (!n || n.hidden) return;
        (perAnchor[a] = perAnchor[a] || []).push(m);
      });
    });
    ctx.save();
    ctx.font = "11px DejaVu Sans, Arial, sans-serif";
    ctx.textBaseline = "middle";
    Object.keys(perAnchor).forEach(function (a) {
      var p = network.getPositions([a])[a];
      var box = network.getBoundingBox(a);
      // People carry their markers underneath; a council or firm, and the person a
      // career is about, carry them beside the box, clear of the edges below.
      var kind = nodes.get(a).kind;
      var right = DATA.view === "person" && a === DATA.focus;
      var left = !right && kind !== "Person";
      var y = right || left ? box.top + 6 : box.bottom + 30;
      perAnchor[a].forEach(function (m, k) {
        var w0 = ctx.measureText(m.text).width + 14;
        var x = right ? box.right + 14 : left ? box.left - 12 - w0 : p.x - 60;
        var yy = y + k * 16;
        ctx.fillStyle = "#e15759";
        ctx.beginPath();
        ctx.moveTo(x, yy - 5); ctx.lineTo(x + 10, yy - 5); ctx.lineTo(x + 5, yy + 4);
        ctx.closePath(); ctx.fill();
        ctx.fillStyle = "#5a1d1f";
        ctx.fillText(m.text, x + 14, yy);
        var w = ctx.measureText(m.text).width + 14;
        markerBoxes.push({ m: m, x0: x, y0: yy - 8, x1: x + w, y1: yy + 8 });
      });
    });
    ctx.restore();
  }

  function draw() {
    var nodeData = DATA.nodes.map(function (n) {
      var copy = Object.assign({}, n);
      copy.title = tipElement(n.tip);
      copy.fixed = true;
      return copy;
    });
    var edgeData = DATA.edges.map(function (e) {
      var copy = Object.assign({}, e, edgeStyle(e, e.status));
      copy.title = tipElement(e.tip);
      if (e.bounds) copy.bounds = undefined;
      return copy;
    });
    nodes = new vis.DataSet(nodeData);
    edges = new vis.DataSet(edgeData);
    var options = {
      physics: { enabled: false },
      layout: { improvedLayout: false },
      nodes: { font: { size: 14, face: "DejaVu Sans, Arial, sans-serif" }, borderWidth: 1 },
      edges: { arrows: { to: { enabled: true, scaleFactor: 0.5 } }, smooth: false,
               font: { align: "horizontal", face: "DejaVu Sans, Arial, sans-serif",
                       multi: false } },
      interaction: { hover: true, tooltipDelay: 200, keyboard: false, multiselect: false }
    };
    network = new vis.Network(document.getElementById("mynetwork"),
                              { nodes: nodes, edges: edges }, options);
    network.on("afterDrawing", drawMarkers);
    network.on("click", function (params) {
      var hit = markerBoxes.filter(function (b) {
        var c = params.pointer.canvas;
        return c.x >= b.x0 && c.x <= b.x1 && c.y >= b.y0 && c.y <= b.y1; })[0];
      if (hit) { showDetails(hit.m.tip); return; }
      if (params.nodes.length) { showDetails(nodes.get(params.nodes[0]).tip); return; }
      if (params.edges.length) { showDetails(edges.get(params.edges[0]).tip); }
    });
    window.network = network;
    if (DATA.view === "history") {
      RANGE = dateRange();
      var slider = document.getElementById("date-slider");
      slider.max = String(daysBetween(RANGE.lo, RANGE.hi));
      slider.dataset.lo = RANGE.lo;
      var input = document.getElementById("date-input");
      input.min = RANGE.lo; input.max = RANGE.hi;
      slider.addEventListener("input", function () {
        applyDate(addDays(RANGE.lo, Number(slider.value)));
      });
      slider.addEventListener("keydown", function (ev) {
        if (ev.key === "PageUp" || ev.key === "PageDown") {
          ev.preventDefault();
          var d = dayOf(current);
          d.setUTCMonth(d.getUTCMonth() + (ev.key === "PageUp" ? 1 : -1));
          applyDate(iso(d));
        }
      });
      input.addEventListener("change", function () {
        if (validDate(input.value)) applyDate(input.value);
      });
      window.addEventListener("hashchange", function () {
        var h = location.hash.slice(1);
        if (validDate(h) && h !== current) applyDate(h, true);
      });
      var start = location.hash.slice(1);
      if (!validDate(start)) {
        var insp = DATA.nodes.filter(function (n) { return n.from; })
          .map(function (n) { return n.from; }).sort();
        start = insp.length ? insp[insp.length - 1] : RANGE.lo;
        applyDate(start, true);
      } else {
        applyDate(start, true);
      }
    } else {
      DATA.edges.forEach(function (e) { if (e.fact) e.current = e.status; });
      fillList(DATA.edges.filter(function (e) { return e.fact; }));
      if (DATA.focus) network.selectNodes([DATA.focus]);
    }
    network.fit();
    network.moveTo({ scale: network.getScale() * 0.9 });
    document.getElementById("status").textContent =
      "· " + nodes.length + " nodes, " + DATA.edges.length + " edges";
    window.accountable = {
      statusOn: statusOn, applyDate: applyDate,
      state: function () {
        return { date: current, active: DATA.edges.filter(function (e) {
          return e.fact && e.current; }).map(function (e) {
          return { id: e.id, fact: e.fact, status: e.current, from: e.from, to: e.to }; }) };
      }
    };
    window.__stabilized = true;
  }
  draw();
</script>
</body>
</html>
"""
