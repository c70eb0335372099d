"""Draw a responsibility subgraph as one self-contained, offline HTML page (pyvis/vis-network).

The input is a plain dict (see ``write_graph_html``) so this module does not depend on the
database code. The page inlines vis-network's JS/CSS from the pyvis package, uses no CDN,
bootstrap or tom-select, and treats every name, title and quote as text, never as markup:
labels are drawn on a canvas, tooltips and menus are built with ``textContent``.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from accountable.graph.model import Draw, Schema, load_model
from accountable.graph.words import caption as record_caption
from accountable.graph.words import span_words

if TYPE_CHECKING:
    from pyvis.network import Network


def _package_dir(name: str) -> Path:
    """Where an installed package lives, found without importing it: pyvis imports IPython
    and jsonpickle at its top (~100 ms), and the map view only needs its vis-network files."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"the {name} package is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


_VIS_DIR = _package_dir("pyvis") / "templates" / "lib" / "vis-9.1.2"
_TEMPLATES = Path(__file__).with_name("templates")


def templates() -> Environment:
    """The pages' Jinja templates (package data in `accountable/render/templates/`), with
    autoescape on: every {{ }} is escaped text; data goes in through |tojson."""
    env = Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=True)
    model = load_model()
    env.globals.update(palette=model.palette, statuses=model.statuses,
                       citation_colour=model.citation_colour,
                       conflict_colour=model.conflict().draw.colour)
    return env

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


def caption(schema: Schema, props: dict[str, Any]) -> str:
    """The caption the model declares for an edge fact: its dates as a span, then the rest."""
    assert schema.edge is not None
    dates = [c for c in schema.edge.caption if schema.props[c].base == "date"]
    parts = []
    if dates:
        parts.append(span_words(props))
    for name in schema.edge.caption:
        if name in dates or props.get(name) in (None, ""):
            continue
        value = props[name]
        parts.append(_money(value) if name.endswith("_gbp") else f"{name}: {_text(value)}")
    return " · ".join(parts)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


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


def _display_label(g: nx.MultiDiGraph, node_id: str) -> str:
    """The text drawn on a node: its caption as the model declares it (a contract's value
    follows its dates)."""
    data = g.nodes[node_id]
    name, p = data.get("name"), data["props"]
    schema = load_model().schemata.get(data["kind"])
    if schema is None or not schema.caption:
        return _text(name or p.get("title") or p.get("name") or node_id)
    if name and not p.get("name"):
        p = {**p, "name": name, "title": p.get("title") or name}
    label = record_caption(schema, p)
    if schema.edge is not None:
        rest = [c for c in schema.edge.caption if schema.props[c].base != "date"
                and p.get(c) not in (None, "")]
        label = " · ".join([label, *(_money(p[c]) if c.endswith("_gbp") else _text(p[c])
                                     for c in rest)])
    return label


def _long_label(g: nx.MultiDiGraph, node_id: str) -> str:
    """A fuller name for menus and tooltip headings: who held which post, who hired whom."""
    label = _display_label(g, node_id)
    schema = load_model().schemata.get(g.nodes[node_id]["kind"])
    if schema is None or schema.edge is None:
        return label
    src = _end(g, node_id, schema, schema.edge.source)
    dst = _end(g, node_id, schema, schema.edge.target)
    if src is None or dst is None:
        return label
    return f"{_display_label(g, src)} {schema.edge.label} {_display_label(g, dst)} · {label}"


def _style(kind: str, props: dict) -> dict[str, Any]:
    """A node's colour, shape and size as the model draws its schema (and colours its kind
    or grade)."""
    model = load_model()
    schema = model.schemata.get(kind)
    draw = schema.draw if schema else Draw()
    colour = model.node_colour(kind, props) if schema else draw.colour
    return {"color": colour, "shape": draw.shape, "size": draw.size}


_SPAN_PROPS = frozenset({"start", "end", "start_after", "start_before", "end_after",
                         "end_before", "months"})


def _prop_lines(kind: str, props: dict[str, Any]) -> list[dict[str, str]]:
    """A record's properties as tooltip lines, each value in words (labels, dates)."""
    from accountable.graph.words import value_words

    schema = load_model().schemata.get(kind)
    spanned = schema is not None and {"start", "end"} <= set(schema.props)
    lines: list[dict[str, str]] = []
    for key, value in props.items():
        if value is not None and value != "" and value != []:
            if spanned and key in _SPAN_PROPS:  # the dates as one span, said once
                if not any(line["k"] == "dates" for line in lines):
                    being = "in post" if schema and schema.unbounded_span else "running"
                    lines.append({"s": "p", "k": "dates",
                                  "v": span_words(props, being=being)})
                continue
            shown = value_words(schema, key, value) if schema else _text(value)
            if key == "status":
                shown = load_model().status_word(_text(value))
            lines.append({"s": "p", "k": str(key).replace("_", " "), "v": shown})
    return lines


def _tip_node(g: nx.MultiDiGraph, node_id: str) -> list[dict[str, str]]:
    """Tooltip lines for a node: heading, properties, then each citation's quoted words."""
    data = g.nodes[node_id]
    model = load_model()
    lines = [{"s": "h", "v": f"{model.schema_label(data['kind'])}: {_long_label(g, node_id)}"}]
    if data.get("name") and _text(data["name"]) != _display_label(g, node_id):
        lines.append({"s": "p", "k": "name", "v": _text(data["name"])})
    lines += _prop_lines(data["kind"], data["props"])
    for _, dst, d in g.out_edges(node_id, data=True):
        props = d["props"]
        if d["type"] == model.citation_edge:
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
        elif d["type"] == model.conflict().relationship:
            other = _display_label(g, dst)
            lines.append({"s": "n", "v": f"conflicts with {other}: {_text(props.get('note'))}"})
    return lines


def _edge_label(etype: str, props: dict) -> str:
    """A relationship's caption: a citation's certainty, an involvement's role, else the
    verb the model gives the relationship."""
    model = load_model()
    if etype == model.citation_edge:
        return _text(props.get("certainty") or model.citation_verb)
    if props.get("as"):
        return _text(props["as"])
    return model.relationship_words(etype)


def _tip_edge(etype: str, label: str, props: dict) -> list[dict[str, str]]:
    model = load_model()
    lines = [{"s": "h", "v": f"{model.relationship_words(etype)}: {label}"}]
    if etype == model.citation_edge and props.get("quote"):
        lines.append({"s": "q", "v": f"“{_text(props['quote'])}”"})
    for key, value in props.items():
        if key != "quote" and value not in (None, "", []):
            lines.append({"s": "p", "k": str(key), "v": _text(value)})
    return lines


def _dashes(status: Any) -> list[int] | bool:
    """A dashed line for a status the model draws dashed (possibly held)."""
    st = load_model().statuses.get(_text(status))
    return [6, 4] if st is not None and st.line == "dashed" else False


def _network(g: nx.MultiDiGraph, focus: str | None, title: str) -> Network:
    from pyvis.network import Network

    net = Network(height="100%", width="100%", directed=True, heading=title,
                  cdn_resources="in_line", select_menu=False, filter_menu=False)
    model = load_model()
    palette = model.palette
    facts = {f.id: f for f in edge_facts(g)}
    for node_id, data in g.nodes(data=True):
        if node_id in facts:
            continue
        schema = model.schemata.get(data["kind"])
        grades = [g.nodes[v]["props"]["grade"] for _, v in g.out_edges(node_id)
                  if g.nodes[v]["props"].get("grade")]  # an inspection: its worst grade
        style = _style(data["kind"], {**data["props"], "grades": grades})
        label = _display_label(g, node_id)
        colour: Any = style["color"]
        extra: dict[str, Any] = {"widthConstraint": {"maximum": 190}}
        inside = style["shape"] in ("box", "ellipse")  # the label is drawn inside the shape
        if schema is not None and schema.edge is not None:  # a fact missing an end: a node
            extra["font"] = {"size": 11, "color": palette["ink"]}
            if _dashes(data["props"].get("status")):
                extra["shapeProperties"] = {"borderDashes": [4, 3]}
                extra["borderWidth"] = 2
                colour = {"background": palette["paper"], "border": style["color"]}
        if schema is not None and schema.kind == "source":
            extra["font"] = {"size": 11, "color": palette["ink"]}
        if node_id == focus:
            extra["borderWidth"] = 5
            extra["size"] = style["size"] + 10
            extra["font"] = {"size": 18, "bold": True}
            extra["shadow"] = True
        net.add_node(
            node_id,
            label=label if inside else _wrap(label),
            shape=style["shape"],
            color=colour,
            size=extra.pop("size", style["size"]),
            kind=data["kind"],
            kindLabel=model.schema_label(data["kind"]),
            fullname=_long_label(g, node_id),
            tip=_tip_node(g, node_id),
            **extra,
        )
    for f in facts.values():  # drawn as the model declares: one captioned edge
        assert f.schema.edge is not None
        props = g.nodes[f.id]["props"]
        label = f"{f.schema.edge.label} · {caption(f.schema, props)}"
        status = props.get("status")
        if status:
            label = f"{label} ({model.status_word(status)})"
        colour = model.statuses[status].colour if status in model.statuses else \
            model.status("held").colour
        net.add_edge(f.source, f.target, id=f.id, label=_wrap(label, 34), etype=f.schema.name,
                     tip=_tip_node(g, f.id), color=colour, width=2, dashes=_dashes(status))
    conflict = model.conflict()
    for src, dst, key, d in g.edges(keys=True, data=True):
        if src in facts or dst in facts:
            continue
        etype, props = d["type"], d["props"]
        label = _edge_label(etype, props)
        extra = {"color": palette["structure"]}
        if etype == model.citation_edge:
            extra = {"dashes": True, "color": model.citation_colour, "width": 1,
                     "font": {"size": 9, "color": palette["ink"], "strokeWidth": 2}}
        elif etype == conflict.relationship:
            extra = {"dashes": True, "color": conflict.draw.colour}
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
    """Legend rows for the schemata present, in the model's order, each in its colours (an
    organisation per kind, a judgement per grade, where the model colours them)."""
    model = load_model()
    rows: list[dict[str, str]] = []
    present: dict[str, list[dict[str, Any]]] = {}
    for _, d in g.nodes(data=True):
        present.setdefault(d["kind"], []).append(d["props"])
    for schema in model.node_schemata:
        if schema.name not in present:
            continue
        seen: dict[str, str] = {}
        for prop in schema.scalar_props:
            colours = model.colours(prop.arg or "") if prop.base == "vocab" else {}
            for word, colour in colours.items():
                if any(p.get(prop.name) == word for p in present[schema.name]):
                    seen.setdefault(colour, f"{schema.label}: {model.word(prop.arg or '', word)}")
        if any(_style(schema.name, p)["color"] == schema.draw.colour
               for p in present[schema.name]):
            seen.setdefault(schema.draw.colour, schema.label)
        for colour, label in seen.items():
            rows.append({"shape": schema.draw.shape, "color": colour, "label": label})
    for kind in sorted(set(present) - set(model.schemata)):
        rows.append({"shape": "dot", "color": Draw().colour, "label": kind})
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

    env = templates()
    model = load_model()
    env.globals.update(
        tip_js=TIP_ELEMENT_JS,
        vis_js=Markup((_VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")),
        vis_css=Markup((_VIS_DIR / "vis-network.css").read_text(encoding="utf-8")),
        page_title=title,
        focus_id=focus,
        legend=_legend(shown),
        node_kinds=sorted({(d["kind"], model.schema_label(d["kind"]))
                           for _, d in shown.nodes(data=True)}),
        edge_types=sorted({(e["etype"], model.schema_label(e["etype"])
                            if e["etype"] in model.schemata
                            else model.relationship_words(e["etype"])) for e in net.edges}),
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
TIP_ELEMENT_JS = Markup((_TEMPLATES / "tip.js").read_text(encoding="utf-8"))

