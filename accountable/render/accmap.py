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
from markupsafe import Markup

from accountable.graph.dates import Bounds
from accountable.graph.model import load_model
from accountable.graph.words import date_words, period_words
from accountable.render.view import (
    _VIS_DIR,
    TIP_ELEMENT_JS,
    EdgeFact,
    _display_label,
    _prop_lines,
    _style,
    _text,
    _wrap,
    caption,
    edge_facts,
    templates,
    to_networkx,
)

#: The derived bounds a fact stores (`loaders/rows.py`); the page's date rule reads these.
BOUND_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Bounds))

ROW_GAP = 190
COL_GAP = 230


def _status_words(status: str | None) -> str:
    return load_model().status_word(status) if status else ""


def _citations(g: nx.MultiDiGraph, node: str) -> list[dict[str, str]]:
    model = load_model()
    lines: list[dict[str, str]] = []
    for _, dst, d in sorted(g.out_edges(node, data=True), key=lambda e: (e[1], str(e[2]))):
        props = d["props"]
        if d["type"] == model.citation_edge:
            src = g.nodes[dst]
            title = _text(src["props"].get("title") or src.get("name") or dst)
            lines.append({"s": "q", "v": f"“{_text(props.get('quote'))}”"})
            cite = f"— {title}"
            if src["props"].get("published"):
                cite += f" ({date_words(src['props']['published'])})"
            if props.get("certainty"):
                cite += f" · certainty: {_text(props['certainty'])}"
            lines.append({"s": "c", "v": cite})
            if props.get("note"):
                lines.append({"s": "n", "v": f"note: {_text(props['note'])}"})
    for a, b, d in list(g.out_edges(node, data=True)) + list(g.in_edges(node, data=True)):
        if d["type"] == model.conflict().relationship:
            other = b if a == node else a
            lines.append({"s": "n", "v": f"⚠ {model.conflict().verb} {other}: "
                                         f"{_text(d['props'].get('note'))}"})
    return lines


def panel(g: nx.MultiDiGraph, node: str, heading: str) -> list[dict[str, str]]:
    """Side-panel lines for a node or fact: heading, declared properties, quoted sources."""
    data = g.nodes[node]
    lines = [{"s": "h", "v": heading}]
    schema = load_model().schemata.get(data["kind"])
    props = data["props"]
    names = [p.name for p in schema.scalar_props] if schema else sorted(props)
    shown = {name: props.get(name) for name in [*names, "status", "certainty"]
             if props.get(name) not in (None, "", []) and not (
                 name in ("name", "title") and _text(props.get(name)) in heading)}
    return lines + _prop_lines(data["kind"], shown) + _citations(g, node)


def _kind_of(g: nx.MultiDiGraph, node: str) -> str:
    return g.nodes[node]["kind"]


def _grades(g: nx.MultiDiGraph, inspection: str) -> list[tuple[str, str, str]]:
    """(judgement id, area, grade) of an inspection, the first area the model lists first."""
    model = load_model()
    judged = next(s for s in model.schemata.values()
                  if any(p.edge and p.arg == g.nodes[inspection]["kind"] and p.direction == "in"
                         and s.props.get("grade") for p in s.link_props))
    rel = next(p.edge for p in judged.link_props if p.arg == g.nodes[inspection]["kind"])
    found = [(v, _text(g.nodes[v]["props"].get("area")), _text(g.nodes[v]["props"].get("grade")))
             for _, v, d in g.out_edges(inspection, data=True) if d["type"] == rel]
    areas = model.vocab("judgement_area")
    return sorted(found, key=lambda j: (areas.index(j[1]) if j[1] in areas else len(areas),
                                        j[1]))


def _grade_words(area: str, grade: str) -> str:
    model = load_model()
    return f"{model.word('judgement_area', area)}: {model.word('grade', grade)}"


def _node_style(g: nx.MultiDiGraph, node: str, focus: str | None) -> dict[str, Any]:
    """A node's look on the map: the model's shape and colour (an inspection in its worst
    grade's); names in boxes, and dots with their names beneath."""
    data = g.nodes[node]
    kind, props = data["kind"], data["props"]
    palette = load_model().palette
    props = {**props, "grades": [gr for _, _, gr in _grades(g, node)]} if \
        _is_graded(g, node) else props
    style = _style(kind, props)
    out: dict[str, Any] = {"shape": style["shape"], "color": style["color"],
                           "size": style["size"], "fades": _fades(kind)}
    if out["shape"] in ("box", "diamond"):  # a name to read: set in a box
        out["shape"] = "box"
        out["margin"] = 8
        out["widthConstraint"] = {"maximum": 180}
        out["font"] = {"size": 15, "color": palette["focus_ink"] if style["shape"] == "box"
                       else palette["ink"]}
    elif out["shape"] == "dot":
        out["font"] = {"size": 16, "bold": True}
        out["size"] = 16
    if node == focus and out["shape"] == "dot":  # a career page: the name in a box, not
        out["shape"] = "box"                    # under a dot that the edges run through
        out["margin"] = 10
    if node == focus:
        out["borderWidth"] = 3
        out["font"] = {"size": 20 if style["shape"] == "dot" else 17, "bold": True,
                       "color": palette["focus_ink"] if out["shape"] == "box"
                       else palette["ink"]}
    return out


def _is_graded(g: nx.MultiDiGraph, node: str) -> bool:
    """A node that judgements grade (an inspection)."""
    kind = g.nodes[node]["kind"]
    return any(p.arg == kind and s.props.get("grade")
               for s in load_model().schemata.values() for p in s.link_props)


def _fades(kind: str) -> bool:
    """On the slider, a node dims when none of its facts holds: the ends of a fact drawn
    as an edge, other than what the fact is of (a post stays)."""
    model = load_model()
    for s in model.schemata.values():
        if s.edge and (s.props[s.edge.source].arg == kind
                       or (s.props[s.edge.target].arg == kind and not s.unbounded_span)):
            return True
    return False


def _layers(view: str) -> dict[str, int]:
    """Each schema's row on this page, as the model draws it; a schema with none is not
    drawn as a node here."""
    return {s.name: s.draw.layer[view] for s in load_model().schemata.values()
            if view in s.draw.layer}


@dataclasses.dataclass(frozen=True)
class Roles:
    """The schemata the map's layout places, found in the model rather than named: the
    holder and the post of the fact with an unbounded span (a tenure), the body the post is
    in, and the fact that involves others (an event) with its relationships."""

    holder: str
    post: str
    body: str
    post_in: str
    involves: str
    involved_edge: str
    after_edges: frozenset[str]


def roles() -> Roles:
    model = load_model()
    held = next(s for s in model.schemata.values() if s.unbounded_span and s.edge)
    assert held.edge is not None
    holder = held.props[held.edge.source].arg or ""
    post = held.props[held.edge.target].arg or ""
    post_link = model.schemata[post].link_props[0]
    event = next(s for s in model.schemata.values()
                 if any(p.base == "involvement" for p in s.props.values()))
    inv = next(p for p in event.props.values() if p.base == "involvement")
    return Roles(holder=holder, post=post, body=post_link.arg or "", post_in=post_link.edge or "",
                 involves=event.name, involved_edge=inv.edge or "",
                 after_edges=frozenset(p.edge or "" for p in event.link_props if p is not inv))


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
    role = roles()
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
                if d["type"] == role.post_in:
                    orgs.setdefault(org, []).append(pos[post][0])
        org_ids = sorted(orgs, key=lambda o: sum(orgs[o]) / len(orgs[o]))
        for org, x in zip(org_ids, _spread([sum(orgs[o]) / len(orgs[o]) for o in org_ids],
                                           COL_GAP), strict=True):
            pos[org] = (x, 2 * ROW_GAP)
        inspections = sorted(rows.get(3, []))
        insp = [n for n in inspections if _is_graded(g, n)]
        by_org: dict[str, list[str]] = {}
        for i in insp:
            org = next((v for _, v in g.out_edges(i) if _kind_of(g, v) == role.body), None)
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
    for rank, p in enumerate(people):
        pos[p] = ((rank - (len(people) - 1) / 2) * gap, 3 * ROW_GAP + (rank % 2) * 120)
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
    bodies = rows.get(1, [])
    others = sorted(o for o in bodies if o != focus)
    if focus in bodies:
        pos[focus] = (0, ROW_GAP)
    right = max((x for x, _ in pos.values()), default=0)
    for rank, o in enumerate(others):
        pos[o] = (max(right, 2 * COL_GAP) + rank * COL_GAP, ROW_GAP)
    top = sorted((n for n in rows.get(0, []) if _is_graded(g, n)),
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
            if _kind_of(g, post) != roles().post:
                return
            x0, y0 = pos[post]
            for n, (x, y) in list(pos.items()):
                if y == y0 and x >= x0:
                    pos[n] = (x + 60, y)
        else:  # two people: take the one further down lower still
            person = max((a.source, b.source), key=lambda n: (pos[n][1], pos[n][0]))
            if _kind_of(g, person) != roles().holder:
                return
            x, y = pos[person]
            pos[person] = (x, y + 60)


def _events(g: nx.MultiDiGraph, drawn: set[str]) -> list[dict[str, Any]]:
    """Events as small markers on the drawn people they concern (else the council)."""
    markers = []
    role = roles()
    model = load_model()
    for node, data in sorted(g.nodes(data=True)):
        if data["kind"] != role.involves:
            continue
        involved = [(v, d["props"].get("as")) for _, v, d in g.out_edges(node, data=True)
                    if d["type"] == role.involved_edge and v in drawn]
        people = [v for v, _ in involved if _kind_of(g, v) == role.holder]
        anchors = people or [v for v, _ in involved if _kind_of(g, v) == role.body] or [
            v for _, v, d in g.out_edges(node, data=True)
            if d["type"] in role.after_edges and v in drawn]
        if not anchors:
            continue
        props = data["props"]
        kind = _text(props.get("kind"))
        vocab = model.schemata[role.involves].props["kind"].arg or ""
        what = model.word(vocab, kind) if kind else ""
        if (not kind or kind == model.vocab(vocab)[-1]) and props.get("summary"):
            words = _text(props["summary"]).split()  # the catch-all kind: say what it was
            what = " ".join(words[:4]) + ("…" if len(words) > 4 else "")
        text = f"{what}, {date_words(props.get('date'))}" if props.get("date") else what
        markers.append({
            "id": node, "anchors": sorted(anchors), "text": text,
            "on": ", ".join(_display_label(g, a) for a in sorted(anchors)),
            "from": props.get("earliest"),
            "tip": panel(g, node, f"{model.schema_label(data['kind'])}: {text}: "
                                  f"{_text(props.get('summary'))}"),
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
    layers = _layers(view)
    drawn = [n for n, d in sorted(g.nodes(data=True))
             if d["kind"] in layers and n not in fact_ids
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
        grades = ", ".join(_grade_words(a, gr) for _, a, gr in _grades(g, ins))
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
        graded = _is_graded(g, n)
        if graded and view != "map":  # its headline grade: the first area the model lists
            headline = _grades(g, n)
            if headline:
                label += f": {load_model().word('grade', headline[0][2])}"
        heading = f"{model.schema_label(data['kind'])}: {label}".replace("\n", " ")
        tip = panel(g, n, heading)
        if graded:
            tip[1:1] = [{"s": "p", "k": model.word("judgement_area", area),
                         "v": model.word("grade", gr)} for _, area, gr in _grades(g, n)]
        tip[1:1] = during.get(n, [])
        x, y = pos[n]
        nodes.append({"id": n, "label": _wrap(label, 22), "kind": data["kind"],
                      "graded": graded,
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
            lines.append(f"ended: {model.word('ended_by', ended)}")
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
            "unbounded": f.schema.unbounded_span,
            "tip": [*panel(g, f.id, heading)[:1], *during.get(f.id, []),
                    *panel(g, f.id, heading)[1:]],
        })
    for a, b, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1], e[2]["type"])):
        if a not in drawn_set or b not in drawn_set:
            continue
        label = _verb(g, a, b, d["type"])  # printed only where the model gives a verb
        edges.append({"id": f"{a}|{d['type']}|{b}", "from": a, "to": b, "fact": None,
                      "label": label, "structural": True,
                      "tip": [{"s": "h", "v": f"{_display_label(g, a)} "
                                              f"{model.relationship_words(d['type'])} "
                                              f"{_display_label(g, b)}"}]})
    markers = _events(g, drawn_set)
    return {"view": view, "focus": focus if focus in drawn_set else None, "nodes": nodes,
            "edges": edges, "markers": markers, "on": subgraph.get("on"),
            "on_words": period_words(subgraph.get("on")),
            "vacant": subgraph.get("vacant", [])}


def _verb(g: nx.MultiDiGraph, a: str, b: str, rel: str) -> str:
    """The verb the model gives the ref property that made relationship `rel` (""), or a
    conflict's ("conflicts with")."""
    if rel == load_model().conflict().relationship:
        return load_model().conflict().verb
    for node in (a, b):
        schema = load_model().schemata.get(_kind_of(g, node))
        for p in schema.link_props if schema else []:
            if p.edge == rel and p.verb:
                return p.verb
    return ""


def _legend(data: dict[str, Any]) -> list[dict[str, str]]:
    """A row per schema and colour drawn (an organisation per kind); graded nodes and
    grades have their own rows (`_grade_legend`)."""
    model = load_model()
    rows: list[dict[str, str]] = []
    graded = {n["id"] for n in data["nodes"] if n.get("graded")}
    for n in data["nodes"]:
        if n["id"] in graded or n["kind"] not in model.schemata:
            continue
        schema = model.schemata[n["kind"]]
        label = schema.label
        for prop in schema.scalar_props:
            for word, colour in (model.colours(prop.arg or "") if prop.base == "vocab"
                                 else {}).items():
                if colour == n["color"]:
                    label = f"{schema.label}: {model.word(prop.arg or '', word)}"
        if not any(r["label"] == label for r in rows):
            rows.append({"shape": n["shape"], "color": n["color"], "label": label})
    for n in data["nodes"]:
        if n["id"] in graded:
            shape = model.schemata[n["kind"]].draw.shape
            rows.append({"shape": shape, "color": model.schemata[n["kind"]].draw.colour,
                         "label": f"{model.schema_label(n['kind'])} (coloured by its worst "
                                  "grade; grey: no grade recorded)"})
            break
    return rows


def page_context(subgraph: dict, title: str) -> dict[str, Any]:
    """Everything `templates/map_partial.html` (and the full `map.html`) needs: the page's
    data, legend and the model's colours and status words. A web page may include the
    partial with this context (and vis-network, map.css, the :root colours of map.html)."""
    model = load_model()
    data = build_page_data(subgraph)
    held, possible = model.status("held"), model.status("possibly_held")
    palette = model.palette
    return {
        "page_title": title, "data": data, "legend": _legend(data), "tip_js": TIP_ELEMENT_JS,
        "grades": [(model.word("grade", g), c) for g, c in model.colours("grade").items()],
        "colours": {"held": held.colour, "possible": possible.colour,
                    "held_ink": held.ink, "possible_ink": possible.ink,
                    "faded": palette["faded"], "structure": palette["structure"],
                    "structure_ink": palette["ink"],
                    "event": model.schemata[roles().involves].draw.colour,
                    "event_ink": palette["event_ink"]},
        "status_words": {name: st.label for name, st in model.statuses.items()},
    }


def write_map_html(subgraph: dict, path: Path, title: str) -> dict[str, Any]:
    """Write the map, history (with date slider) or person page as ONE offline HTML file.

    Returns what was drawn: ``{"path", "view", "nodes", "edges", "markers"}`` (counts).
    """
    path = Path(path)
    if path.suffix.lower() != ".html":
        raise ValueError(f"graph output must be an .html file, not {path.name!r}")
    context = page_context(subgraph, title)
    data = context["data"]
    page = templates().get_template("map.html").render(
        vis_js=Markup((_VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")),
        vis_css=Markup((_VIS_DIR / "vis-network.css").read_text(encoding="utf-8")),
        **context,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return {"path": path, "view": data["view"], "nodes": len(data["nodes"]),
            "edges": len(data["edges"]), "markers": len(data["markers"])}
