"""Draw a responsibility subgraph as one self-contained, offline HTML page (pyvis/vis-network).

The input is a plain dict (see ``write_graph_html``) so this module does not depend on the
database code. The page inlines vis-network's JS/CSS from the pyvis package, uses no CDN,
bootstrap or tom-select, and treats every name, title and quote as text, never as markup:
labels are drawn on a canvas, tooltips and menus are built with ``textContent``.
"""

from __future__ import annotations

import dataclasses
import textwrap
from pathlib import Path
from typing import Any

import networkx as nx
import pyvis
from jinja2 import DictLoader, Environment
from markupsafe import Markup
from pyvis.network import Network

from accountable.graph.model import Schema, load_model

_VIS_DIR = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"

# Colour and shape by node kind (Organisation and Judgement are refined below).
NODE_STYLES: dict[str, dict[str, Any]] = {
    "Person": {"color": "#4e79a7", "shape": "dot", "size": 18},
    "Organisation": {"color": "#59a14f", "shape": "box", "size": 20},
    "Post": {"color": "#76b7b2", "shape": "diamond", "size": 16},
    "Tenure": {"color": "#a0cbe8", "shape": "dot", "size": 7},
    "Contract": {"color": "#f1ce63", "shape": "hexagon", "size": 14},
    "Inspection": {"color": "#9c755f", "shape": "triangle", "size": 16},
    "Judgement": {"color": "#bab0ac", "shape": "star", "size": 16},
    "Event": {"color": "#ff9da7", "shape": "triangleDown", "size": 14},
    "Source": {"color": "#d4d4d4", "shape": "ellipse", "size": 12},
}
_DEFAULT_STYLE: dict[str, Any] = {"color": "#cccccc", "shape": "dot", "size": 12}

ORGANISATION_COLOURS: dict[str, str] = {
    "council": "#59a14f",
    "contractor": "#f28e2b",
    "regulator": "#b07aa1",
    "government": "#8c8c8c",
}

GRADE_COLOURS: dict[str, str] = {
    "outstanding": "#1a9850",
    "good": "#91cf60",
    "adequate": "#fee08b",
    "requires_improvement": "#fc8d59",
    "inadequate": "#d73027",
}

EDGE_COLOURS: dict[str, str] = {
    "SOURCED_FROM": "#b0b0b0",
    "CONFLICTS_WITH": "#d62728",
}

_WRAP = 26


def to_networkx(subgraph: dict) -> nx.MultiDiGraph:
    """Turn a ``{"nodes", "edges", "focus"}`` dict into a MultiDiGraph.

    Node attributes: ``kind`` (the node label), ``name``, ``props``. Edge attributes: ``type``,
    ``props``; the edge key is its index in ``subgraph["edges"]``. Edges whose ends are not
    among the nodes are skipped. ``graph.graph["focus"]`` holds the focus id (or None).
    """
    g = nx.MultiDiGraph(focus=subgraph.get("focus"))
    for node in subgraph.get("nodes", []):
        g.add_node(
            str(node["id"]),
            kind=str(node.get("label") or ""),
            name=node.get("name"),
            props=dict(node.get("props") or {}),
        )
    for i, edge in enumerate(subgraph.get("edges", [])):
        src, dst = str(edge["source"]), str(edge["target"])
        if src in g and dst in g:
            g.add_edge(src, dst, key=i, type=str(edge.get("type") or ""),
                       props=dict(edge.get("props") or {}))
    return g


@dataclasses.dataclass(frozen=True)
class EdgeFact:
    """A fact drawn as one edge, as its schema's `edge` declaration says."""

    id: str
    schema: Schema
    source: str
    target: str


def _end(g: nx.MultiDiGraph, fact: str, schema: Schema, role: str) -> str | None:
    """The node a fact's ref property `role` points at, found by the relationship it made."""
    prop = schema.props[role]
    if prop.direction == "in":
        ends = sorted(u for u, _, d in g.in_edges(fact, data=True) if d["type"] == prop.edge)
    else:
        ends = sorted(v for _, v, d in g.out_edges(fact, data=True) if d["type"] == prop.edge)
    return ends[0] if ends else None


def edge_facts(g: nx.MultiDiGraph) -> list[EdgeFact]:
    """Every fact in `g` whose schema declares how it draws as an edge, with both ends drawn."""
    schemata = load_model().schemata
    found = []
    for node, data in sorted(g.nodes(data=True)):
        schema = schemata.get(data["kind"])
        if schema is None or schema.edge is None:
            continue
        src = _end(g, node, schema, schema.edge.source)
        dst = _end(g, node, schema, schema.edge.target)
        if src is not None and dst is not None:
            found.append(EdgeFact(node, schema, src, dst))
    return found


def _side(props: dict[str, Any], name: str, first: bool) -> str:
    """One date of a caption, or its bounds in words when the date itself is unknown."""
    exact, after, before = props.get(name), props.get(f"{name}_after"), props.get(
        f"{name}_before")
    if exact:
        return str(exact)
    if after and before:
        return f"{after}…{before}"
    if after:
        return f"after {after}" if first else f"in post {after}"
    if before:
        return f"by {before}" if first else f"before {before}"
    return "?"


def caption(schema: Schema, props: dict[str, Any]) -> str:
    """The caption the model declares for an edge fact: its dates as a span, then the rest."""
    assert schema.edge is not None
    dates = [c for c in schema.edge.caption if schema.props[c].base == "date"]
    parts = []
    if dates:
        parts.append(" – ".join(_side(props, c, i == 0) for i, c in enumerate(dates)))
    for name in schema.edge.caption:
        if name in dates or props.get(name) in (None, ""):
            continue
        value = props[name]
        parts.append(_money(value) if name.endswith("_gbp") else f"{name}: {_text(value)}")
    return " · ".join(parts)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _span(start: Any, end: Any) -> str:
    if start is None and end is None:
        return "dates unknown"
    return f"{_text(start) or '?'} → {_text(end) or '?'}"


def _money(value: Any) -> str:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return _text(value)
    return f"£{v / 1e6:.2f}m" if v >= 1e6 else f"£{v:,.0f}"


def _wrap(text: str, width: int = _WRAP) -> str:
    lines = textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines) or text


def _post_title(g: nx.MultiDiGraph, post_id: str) -> str:
    data = g.nodes[post_id]
    return _text(data["props"].get("title") or data.get("name") or post_id)


def _tenure_post(g: nx.MultiDiGraph, tenure_id: str) -> str | None:
    for _, dst, d in g.out_edges(tenure_id, data=True):
        if d["type"] == "OF" and g.nodes[dst]["kind"] == "Post":
            return _post_title(g, dst)
    return None


def _display_label(g: nx.MultiDiGraph, node_id: str) -> str:
    """The text drawn on a node: the entity's name, or a short summary of a fact."""
    data = g.nodes[node_id]
    kind, name, p = data["kind"], data.get("name"), data["props"]
    if kind == "Post":
        return _text(p.get("title") or name or node_id)
    if kind == "Source":
        return _text(p.get("title") or name or node_id)
    if kind == "Tenure":
        return _span(p.get("start"), p.get("end"))
    if kind == "Contract":
        label = f"Contract {_span(p.get('start'), p.get('end'))}"
        if p.get("value_gbp") is not None:
            label += f" · {_money(p['value_gbp'])}"
        return label
    if kind == "Inspection":
        when = p.get("start") or p.get("published") or ""
        what = _text(p.get("kind") or "inspection").replace("_", " ")
        return f"Inspection: {what} {when}".strip()
    if kind == "Judgement":
        area = _text(p.get("area") or "judgement").replace("_", " ")
        grade = _text(p.get("grade") or "?").replace("_", " ")
        return f"{area}: {grade}"
    if kind == "Event":
        what = _text(p.get("kind") or "event").replace("_", " ")
        return f"{what} · {_text(p.get('date')) or '?'}"
    return _text(name or p.get("title") or p.get("name") or node_id)


def _long_label(g: nx.MultiDiGraph, node_id: str) -> str:
    """A fuller name for menus and tooltip headings: who held which post, who hired whom."""
    data = g.nodes[node_id]
    label = _display_label(g, node_id)
    if data["kind"] == "Tenure":
        people = [_display_label(g, src) for src, _, d in g.in_edges(node_id, data=True)
                  if d["type"] == "HELD"]
        post = _tenure_post(g, node_id)
        return " · ".join([*people, *([post] if post else []), label])
    if data["kind"] == "Contract":
        ends = [_display_label(g, n) for n, _, d in g.in_edges(node_id, data=True)
                if d["type"] == "AWARDED"]
        ends += [_display_label(g, n) for _, n, d in g.out_edges(node_id, data=True)
                 if d["type"] == "TO"]
        return " → ".join(ends + [label]) if ends else label
    return label


def _style(kind: str, props: dict) -> dict[str, Any]:
    style = dict(NODE_STYLES.get(kind, _DEFAULT_STYLE))
    if kind == "Organisation":
        style["color"] = ORGANISATION_COLOURS.get(_text(props.get("kind")), "#8cd17d")
    if kind == "Judgement":
        style["color"] = GRADE_COLOURS.get(_text(props.get("grade")), style["color"])
    return style


def _tip_node(g: nx.MultiDiGraph, node_id: str) -> list[dict[str, str]]:
    """Tooltip lines for a node: heading, properties, then each citation's quoted words."""
    data = g.nodes[node_id]
    lines = [{"s": "h", "v": f"{data['kind']}: {_long_label(g, node_id)}"}]
    if data.get("name") and _text(data["name"]) != _display_label(g, node_id):
        lines.append({"s": "p", "k": "name", "v": _text(data["name"])})
    for key, value in data["props"].items():
        if value is not None and value != "" and value != []:
            lines.append({"s": "p", "k": str(key), "v": _text(value)})
    for _, dst, d in g.out_edges(node_id, data=True):
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
        elif d["type"] == "CONFLICTS_WITH":
            other = _display_label(g, dst)
            lines.append({"s": "n", "v": f"conflicts with {other}: {_text(props.get('note'))}"})
    return lines


def _edge_label(g: nx.MultiDiGraph, src: str, dst: str, etype: str, props: dict) -> str:
    if etype == "HELD":
        tp = g.nodes[dst]["props"]
        post = _tenure_post(g, dst) if g.nodes[dst]["kind"] == "Tenure" else None
        dates = _span(tp.get("start"), tp.get("end"))
        label = f"{post} · {dates}" if post else f"held · {dates}"
        if tp.get("status") == "possibly_held":
            label = f"possibly {label}"
        return label
    if etype == "AWARDED":
        cp = g.nodes[dst]["props"]
        return f"awarded · {_text(cp.get('start')) or '?'}"
    if etype == "INVOLVED":
        return _text(props.get("as") or "involved")
    if etype == "SOURCED_FROM":
        return _text(props.get("certainty") or "source")
    if etype == "CONFLICTS_WITH":
        return "conflicts with"
    return etype.lower().replace("_", " ")


def _tip_edge(etype: str, label: str, props: dict) -> list[dict[str, str]]:
    lines = [{"s": "h", "v": f"{etype}: {label}"}]
    if etype == "SOURCED_FROM" and props.get("quote"):
        lines.append({"s": "q", "v": f"“{_text(props['quote'])}”"})
    for key, value in props.items():
        if key != "quote" and value not in (None, "", []):
            lines.append({"s": "p", "k": str(key), "v": _text(value)})
    return lines


def _network(g: nx.MultiDiGraph, focus: str | None, title: str) -> Network:
    net = Network(height="100%", width="100%", directed=True, heading=title,
                  cdn_resources="in_line", select_menu=False, filter_menu=False)
    facts = {f.id: f for f in edge_facts(g)}
    for node_id, data in g.nodes(data=True):
        if node_id in facts:
            continue
        style = _style(data["kind"], data["props"])
        label = _display_label(g, node_id)
        colour = style["color"]
        extra: dict[str, Any] = {}
        if data["kind"] in ("Organisation", "Source", "Post", "Contract"):
            extra["widthConstraint"] = {"maximum": 190}
        if data["kind"] == "Tenure":
            extra["font"] = {"size": 11, "color": "#333333"}
            if data["props"].get("status") == "possibly_held":
                extra["shapeProperties"] = {"borderDashes": [4, 3]}
                extra["borderWidth"] = 2
                colour = {"background": "#ffffff", "border": style["color"]}
        if data["kind"] == "Source":
            extra["font"] = {"size": 11, "color": "#444444"}
        if node_id == focus:
            extra["borderWidth"] = 5
            extra["size"] = style["size"] + 10
            extra["font"] = {"size": 18, "bold": True}
            extra["shadow"] = True
        net.add_node(
            node_id,
            label=_wrap(label) if data["kind"] not in ("Organisation", "Source") else label,
            shape=style["shape"],
            color=colour,
            size=extra.pop("size", style["size"]),
            kind=data["kind"],
            fullname=_long_label(g, node_id),
            tip=_tip_node(g, node_id),
            **extra,
        )
    for f in facts.values():  # drawn as the model declares: one captioned edge
        assert f.schema.edge is not None
        props = g.nodes[f.id]["props"]
        label = f"{f.schema.edge.label} · {caption(f.schema, props)}"
        possible = props.get("status") == "possibly_held"
        if possible:
            label = f"possibly {label}"
        net.add_edge(f.source, f.target, id=f.id, label=_wrap(label, 34), etype=f.schema.name,
                     tip=_tip_node(g, f.id), color="#1f4e79", width=2,
                     dashes=[6, 4] if possible else False)
    for src, dst, key, d in g.edges(keys=True, data=True):
        if src in facts or dst in facts:
            continue
        etype, props = d["type"], d["props"]
        label = _edge_label(g, src, dst, etype, props)
        extra = {}
        if etype in ("SOURCED_FROM", "CONFLICTS_WITH"):
            extra["dashes"] = True
            extra["color"] = EDGE_COLOURS[etype]
        else:
            extra["color"] = "#7f7f7f"
        if etype == "SOURCED_FROM":
            extra["font"] = {"size": 9, "color": "#888888", "strokeWidth": 2}
            extra["width"] = 1
        if etype == "HELD" and g.nodes[dst]["props"].get("status") == "possibly_held":
            extra["dashes"] = [6, 4]
        net.add_edge(src, dst, id=f"e{key}", label=_wrap(label, 34), etype=etype,
                     tip=_tip_edge(etype, label, props), **extra)
    net.options = _options()
    return net


def _options() -> dict[str, Any]:
    return {
        "nodes": {"font": {"size": 14, "face": "DejaVu Sans, Arial, sans-serif"},
                  "borderWidth": 1},
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "font": {"size": 10, "align": "horizontal", "strokeWidth": 4,
                     "face": "DejaVu Sans, Arial, sans-serif"},
            "smooth": {"enabled": True, "type": "continuous", "roundness": 0.3},
        },
        "physics": {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -90, "centralGravity": 0.012,
                                 "springLength": 130, "springConstant": 0.06,
                                 "damping": 0.5, "avoidOverlap": 0.6},
            "stabilization": {"enabled": True, "iterations": 800, "updateInterval": 50,
                              "fit": True},
        },
        "layout": {"randomSeed": 7, "improvedLayout": True},
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False,
                        "keyboard": False, "multiselect": False},
    }


def _legend(g: nx.MultiDiGraph) -> list[dict[str, str]]:
    """Legend rows for the node kinds (and grades, organisation kinds) present."""
    rows: list[dict[str, str]] = []
    kinds = {d["kind"] for _, d in g.nodes(data=True)}
    for kind, style in NODE_STYLES.items():
        if kind not in kinds:
            continue
        if kind == "Organisation":
            org_kinds = sorted({_text(d["props"].get("kind")) or "other"
                                for _, d in g.nodes(data=True) if d["kind"] == kind})
            for ok in org_kinds:
                rows.append({"shape": style["shape"], "label": f"Organisation ({ok})",
                             "color": ORGANISATION_COLOURS.get(ok, "#8cd17d")})
        elif kind == "Judgement":
            grades = {_text(d["props"].get("grade"))
                      for _, d in g.nodes(data=True) if d["kind"] == kind}
            for grade, colour in GRADE_COLOURS.items():
                if grade in grades:
                    rows.append({"shape": style["shape"], "color": colour,
                                 "label": f"Judgement: {grade.replace('_', ' ')}"})
        else:
            rows.append({"shape": style["shape"], "color": style["color"], "label": kind})
    for kind in sorted(kinds - set(NODE_STYLES)):
        rows.append({"shape": "dot", "color": _DEFAULT_STYLE["color"], "label": kind})
    return rows


def write_graph_html(subgraph: dict, path: Path, title: str, focus: str | None = None,
                     drawn: dict[str, int] | None = None) -> Path:
    """Write the subgraph as ONE self-contained offline HTML file and return its path.

    ``drawn``, if given, receives the counts of what the page holds (``nodes``, ``edges``):
    tenures and contracts are edges there, so they differ from the subgraph's.

    ``subgraph`` is ``{"nodes": [{"id", "label", "name", "props"}], "edges": [{"source",
    "target", "type", "props"}], "focus": id | None}``. ``focus`` (or ``subgraph["focus"]``)
    is highlighted and selected once the layout settles. Nothing is written outside ``path``
    (no ``lib/`` folder) and the page fetches nothing from the network.
    """
    path = Path(path)
    if path.suffix.lower() != ".html":
        raise ValueError(f"graph output must be an .html file, not {path.name!r}")
    g = to_networkx(subgraph)
    focus = focus or subgraph.get("focus")
    if focus is not None and focus not in g:
        focus = None
    net = _network(g, focus, title)
    facts = {f.id for f in edge_facts(g)}
    shown = g.subgraph([n for n in g if n not in facts])

    env = Environment(loader=DictLoader({"graph.html": _TEMPLATE}), autoescape=True)
    env.globals.update(
        tip_js=TIP_ELEMENT_JS,
        vis_js=Markup((_VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")),
        vis_css=Markup((_VIS_DIR / "vis-network.css").read_text(encoding="utf-8")),
        page_title=title,
        focus_id=focus,
        legend=_legend(shown),
        node_kinds=sorted({d["kind"] for _, d in shown.nodes(data=True)}),
        edge_types=sorted({e["etype"] for e in net.edges}),
        counts={"nodes": len(net.nodes), "edges": len(net.edges)},
    )
    net.templateEnv = env
    net.path = "graph.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    net.write_html(str(path), notebook=False, open_browser=False)
    if drawn is not None:
        drawn.update(nodes=len(net.nodes), edges=len(net.edges))
    return path


# Jinja template rendered by pyvis's write_html (autoescape on: every {{ }} is escaped text;
# data goes in through |tojson, which escapes <, >, & and ' inside the script).
# Shared by this page and the map (render/accmap.py): a tooltip or side panel is DOM built
# with textContent, so names and quotes from the sources stay text, never markup.
TIP_ELEMENT_JS = Markup(r"""// Tooltips: DOM elements whose text is set with textContent.
  function tipElement(lines) {
    var box = document.createElement("div");
    box.className = "tip";
    (lines || []).forEach(function (line) {
      var row = document.createElement("div");
      row.className = line.s;
      if (line.k) {
        var key = document.createElement("span");
        key.className = "k";
        key.textContent = line.k + ": ";
        row.appendChild(key);
      }
      row.appendChild(document.createTextNode(line.v));
      box.appendChild(row);
    });
    return box;
  }""")

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
  header h1 { font-size: 18px; margin: 2px 0 6px 0; }
  .controls { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; }
  .controls label { white-space: nowrap; }
  .controls select, .controls input[type=search] { font-size: 13px; max-width: 320px; }
  main { flex: 1; display: flex; min-height: 0; }
  #mynetwork { flex: 1; min-width: 0; height: 100%; background: #ffffff; }
  aside { width: 300px; overflow: auto; border-left: 1px solid #ddd; padding: 8px 10px;
          background: #fcfcfc; }
  aside h2 { font-size: 14px; margin: 6px 0; }
  #legend ul { list-style: none; margin: 0; padding: 0; }
  #legend li { display: flex; align-items: center; gap: 8px; margin: 3px 0; }
  .sw { width: 14px; height: 14px; display: inline-block; border: 1px solid #555;
        flex: none; }
  .sw.dot, .sw.ellipse { border-radius: 50%; }
  .sw.ellipse { width: 20px; height: 12px; }
  .sw.diamond { transform: rotate(45deg) scale(0.8); }
  .sw.triangle { clip-path: polygon(50% 0, 100% 100%, 0 100%); border: none; }
  .sw.triangleDown { clip-path: polygon(0 0, 100% 0, 50% 100%); border: none; }
  .sw.star { clip-path: polygon(50% 0, 61% 35%, 98% 35%, 68% 57%, 79% 91%, 50% 70%,
             21% 91%, 32% 57%, 2% 35%, 39% 35%); border: none; }
  .sw.hexagon { clip-path: polygon(25% 0, 75% 0, 100% 50%, 75% 100%, 25% 100%, 0 50%);
                border: none; }
  .ln { width: 26px; height: 0; border-top: 2px solid #7f7f7f; flex: none; }
  .ln.dash { border-top-style: dashed; }
  .tip { max-width: 420px; white-space: normal; font-size: 12px; line-height: 1.35; }
  .tip .h { font-weight: bold; margin-bottom: 3px; }
  .tip .k { color: #666; }
  .tip .q { font-style: italic; margin-top: 4px; }
  .tip .c { color: #555; font-size: 11px; }
  .tip .n { color: #8a3b00; font-size: 11px; }
  div.vis-tooltip { white-space: normal; max-width: 440px; font-family: inherit; }
  #details .tip { max-width: none; }
  #status { color: #777; font-size: 12px; }
</style>
</head>
<body>
<header>
  <h1 id="page-title">{{ page_title }}</h1>
  <div class="controls">
    <span id="select-menu">
      <label for="find">Find</label>
      <input type="search" id="find" placeholder="filter names…">
      <select id="select-node" aria-label="Select a node"></select>
      <button type="button" id="reset">Reset</button>
    </span>
    <span id="filter-menu">
      Show:
      {% for kind in node_kinds %}
      <label><input type="checkbox" class="kind-filter" value="{{ kind }}" checked>
        {{ kind }}</label>
      {% endfor %}
      |
      {% for etype in edge_types %}
      <label><input type="checkbox" class="edge-filter" value="{{ etype }}" checked>
        {{ etype }}</label>
      {% endfor %}
    </span>
    <span id="status">{{ counts.nodes }} nodes, {{ counts.edges }} edges · laying out…</span>
  </div>
</header>
<main>
  <div id="mynetwork"></div>
  <aside>
    <section id="legend">
      <h2>Legend</h2>
      <ul>
      {% for row in legend %}
        <li><span class="sw {{ row.shape }}" style="background: {{ row.color }}"></span>
            <span class="legend-label">{{ row.label }}</span></li>
      {% endfor %}
        <li><span class="ln"></span><span>relationship; a tenure or contract is one
            edge (label: holds / contracted · dates)</span></li>
        <li><span class="ln dash" style="border-color:#b0b0b0"></span>
            <span>sourced from (certainty)</span></li>
        <li><span class="ln dash" style="border-color:#d62728"></span>
            <span>conflicts with</span></li>
        <li><span class="ln dash"></span><span>possibly held</span></li>
      </ul>
      <p style="color:#666;font-size:12px">Hover or click a node or edge for its
        certainty and the quoted words.</p>
    </section>
    <section id="details"><h2>Details</h2><div id="details-body">Click a node.</div></section>
  </aside>
</main>
<script>
  var network, nodes, edges;
  var FOCUS = {{ focus_id|tojson }};
  var NODE_DATA = {{ nodes|tojson }};
  var EDGE_DATA = {{ edges|tojson }};
  var OPTIONS = JSON.parse({{ options|tojson }});
  window.__stabilized = false;

  {{ tip_js }}

  function showDetails(id) {
    var body = document.getElementById("details-body");
    while (body.firstChild) body.removeChild(body.firstChild);
    var n = nodes.get(id) || edges.get(id);
    if (n) body.appendChild(tipElement(n.tip));
  }

  function fillSelect(filterText) {
    var sel = document.getElementById("select-node");
    var keep = sel.value;
    while (sel.firstChild) sel.removeChild(sel.firstChild);
    var first = document.createElement("option");
    first.value = "";
    first.textContent = "Select a node…";
    sel.appendChild(first);
    var f = (filterText || "").toLowerCase();
    nodes.get({ order: function (a, b) {
      return String(a.fullname).localeCompare(String(b.fullname)); } })
      .forEach(function (n) {
        var text = n.kind + ": " + n.fullname;
        if (f && text.toLowerCase().indexOf(f) < 0) return;
        var opt = document.createElement("option");
        opt.value = n.id;
        opt.textContent = text;
        sel.appendChild(opt);
      });
    sel.value = keep;
  }

  function applyFilters() {
    var kinds = {}, types = {};
    document.querySelectorAll(".kind-filter").forEach(function (c) { kinds[c.value] = c.checked; });
    document.querySelectorAll(".edge-filter").forEach(function (c) { types[c.value] = c.checked; });
    nodes.update(nodes.get().map(function (n) {
      return { id: n.id, hidden: kinds[n.kind] === false };
    }));
    edges.update(edges.get().map(function (e) {
      return { id: e.id, hidden: types[e.etype] === false };
    }));
  }

  function draw() {
    NODE_DATA.forEach(function (n) { n.title = tipElement(n.tip); });
    EDGE_DATA.forEach(function (e) { e.title = tipElement(e.tip); });
    nodes = new vis.DataSet(NODE_DATA);
    edges = new vis.DataSet(EDGE_DATA);
    var container = document.getElementById("mynetwork");
    network = new vis.Network(container, {}, OPTIONS);
    // Physics runs until the layout is stable, then stops for good.
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      network.fit();
      if (FOCUS !== null && nodes.get(FOCUS)) {
        network.selectNodes([FOCUS]);
        showDetails(FOCUS);
      }
      document.getElementById("status").textContent =
        nodes.length + " nodes, " + edges.length + " edges";
      window.__stabilized = true;
    });
    network.on("click", function (params) {
      if (params.nodes.length) showDetails(params.nodes[0]);
      else if (params.edges.length) showDetails(params.edges[0]);
    });
    network.setData({ nodes: nodes, edges: edges });
    if (nodes.length === 0) {
      document.getElementById("status").textContent = "nothing to show";
      window.__stabilized = true;
    }
    fillSelect("");
    document.getElementById("find").addEventListener("input", function (ev) {
      fillSelect(ev.target.value);
    });
    document.getElementById("select-node").addEventListener("change", function (ev) {
      var id = ev.target.value;
      if (!id) return;
      network.selectNodes([id]);
      network.focus(id, { scale: 1.1, animation: true });
      showDetails(id);
    });
    document.getElementById("reset").addEventListener("click", function () {
      document.querySelectorAll(".kind-filter, .edge-filter").forEach(function (c) {
        c.checked = true;
      });
      applyFilters();
      document.getElementById("find").value = "";
      fillSelect("");
      document.getElementById("select-node").value = "";
      network.unselectAll();
      network.fit();
    });
    document.querySelectorAll(".kind-filter, .edge-filter").forEach(function (c) {
      c.addEventListener("change", applyFilters);
    });
    window.network = network;
  }
  draw();
</script>
</body>
</html>
"""
