"""The part of the graph a view draws: an organisation at a moment, or a person."""

from __future__ import annotations

from functools import cache
from typing import Any

from accountable.graph import answers, queries
from accountable.graph.model import load_model
from accountable.graph.store import Store


@cache
def _rels() -> dict[str, frozenset[str]]:
    """The relationships and labels a view follows, found in the model: a contract's to its
    contractor, the judgements of an inspection and what followed it, the entities an event
    involves, and the citation."""
    model = load_model()
    contract = next(s for s in model.schemata.values() if s.edge and not s.unbounded_span)
    assert contract.edge is not None
    graded = next(s for s in model.schemata.values() if "grade" in s.props)
    inspected = graded.link_props[0].arg
    involves = [p for s in model.schemata.values() for p in s.props.values()
                if p.base == "involvement"]
    return {
        "contractor": frozenset({contract.props[contract.edge.target].edge or ""}),
        "judged": frozenset(p.edge or "" for p in graded.link_props),
        "at_inspection": frozenset(p.edge or "" for s in model.schemata.values()
                                   for p in s.link_props if p.arg == inspected),
        "involved": frozenset(p.edge or "" for p in involves),
        "entities": frozenset(s.name for s in model.schemata.values() if s.kind == "entity"),
        "cited": frozenset({model.citation_edge}),
    }


def _neighbours(store: Store, ids: set[str], types: set[str],
                labels: set[str] | None = None) -> set[str]:
    rows = queries.run(store, "neighbours", {"ids": sorted(ids)})
    return {r["other"] for r in rows
            if r["type"] in types and (labels is None or r["label"] in labels)}


def fetch(store: Store, ids: set[str], focus: str | None = None,
          status: dict[str, str] | None = None,
          known: dict[str, Any] | None = None) -> dict[str, Any]:
    """Nodes and the relationships among them, in the shape `graph.view` draws.

    Every fact in `ids` brings its sources, so each drawn claim shows where it comes from.
    `known` (from `_known`): as known on a date, only the sources out by then come along,
    and each fact's properties recomputed at that cut (certainty, span, known) replace the
    stored ones.
    """
    if known is None:
        ids = ids | _neighbours(store, ids, set(_rels()["cited"]))
    else:  # only what a source out by then cites, and only those sources
        rows = [r for r in queries.run(store, "neighbours", {"ids": sorted(ids)})
                if r["type"] in set(_rels()["cited"])]
        cited = queries.run(store, "subgraph_nodes", {"ids": sorted({r["other"] for r in rows})})
        out = {n["id"] for n in cited if n["props"]["published_from"] <= known["cut"]}
        rows = [r for r in rows if r["other"] in out]
        ids = {r["id"] for r in rows} | {r["other"] for r in rows} | ({focus} if focus else set())
    nodes = queries.run(store, "subgraph_nodes", {"ids": sorted(ids)})
    for n in nodes:
        n["name"] = n["props"].get("caption") or n["id"]
        if status and n["id"] in status:
            n["props"]["status"] = status[n["id"]]
        if known is not None and n["id"] in known["props"]:
            n["props"].update(known["props"][n["id"]])
    edges = queries.run(store, "subgraph_edges", {"ids": sorted(ids)})
    if known is not None:  # the page's title states the cut
        return {"nodes": nodes, "edges": edges, "focus": focus,
                "known_on": known["statement"]}
    return {"nodes": nodes, "edges": edges, "focus": focus}


_CUT_PROPS = ("certainty", "known", "span_from", "span_to", "span_from_by", "span_to_by")


def _known(answer: dict[str, Any], *facts: tuple[str, str]) -> dict[str, Any] | None:
    """What `fetch` needs of a known-on answer: the sources out by then, and each fact's
    properties at that cut. `facts` are (list key, id key) pairs of the answer."""
    info = answer.get("known_on")
    if info is None:
        return None
    props = {r[idk]: {k: r[k] for k in _CUT_PROPS if k in r}
             for key, idk in facts for r in answer[key]}
    return {"cut": info["cut"], "props": props, "statement": info["statement"]}


def organisation(store: Store, org: str, on: str | None = None,
                 inspection: str | None = None, known_on: str | None = None) -> dict[str, Any]:
    """An organisation, its posts and their holders (on a date, or ever), its contractors,
    the inspection then (or all of them) with grades, the events that followed, and sources."""
    o = answers.resolve(store, "organisation", org)
    cut = answers.cut_of(known_on)
    ids = {o["id"]} | {p["id"] for p in queries.run(store, "org_posts",
                                                   {"org_id": o["id"], "known_on": cut})}
    status: dict[str, str] = {}
    if on or inspection:
        w = answers.who(store, o["id"], on=on, inspection=inspection, known_on=known_on)
        known = _known(w, ("holders", "tenure_id"), ("contracts", "contract_id"))
        for h in w["holders"]:
            ids |= {h["tenure_id"], h["person_id"]}
            status[h["tenure_id"]] = h["status"]
        for c in w["contracts"]:
            ids.add(c["contract_id"])
        inspections = {w["latest_inspection"]["id"]} if w["latest_inspection"] else set()
    else:
        t = answers.timeline(store, o["id"], known_on=known_on)
        known = _known(t, ("tenures", "tenure_id"), ("contracts", "contract_id"),
                       ("inspections", "id"), ("events", "id"))
        ids |= {x["tenure_id"] for x in t["tenures"]} | {x["person_id"] for x in t["tenures"]}
        ids |= {c["contract_id"] for c in t["contracts"]}
        inspections = {i["id"] for i in t["inspections"]}
        ids |= {e["id"] for e in t["events"]}
    ids |= inspections
    contracts = {i for i in ids if i.startswith("contract:")}
    if contracts:
        ids |= _neighbours(store, contracts, set(_rels()["contractor"]))
    if inspections:
        ids |= _neighbours(store, inspections, set(_rels()["at_inspection"]))
    events = {i for i in ids if i.startswith("event:")}
    if events:
        ids |= _neighbours(store, events, set(_rels()["involved"]),
                          set(_rels()["entities"]))
    return fetch(store, ids, focus=o["id"], status=status, known=known)


def person(store: Store, name: str, known_on: str | None = None) -> dict[str, Any]:
    """A person, their posts and organisations, events, inspections in their tenure, sources."""
    r = answers.person(store, name, known_on=known_on)
    pid = r["person"]["id"]
    ids = {pid} | {t["tenure_id"] for t in r["tenures"]} | {t["post_id"] for t in r["tenures"]}
    ids |= {t["org_id"] for t in r["tenures"]} | {e["event_id"] for e in r["events"]}
    inspections = {i["inspection_id"] for i in r["inspections"]}
    ids |= inspections
    if inspections:
        ids |= _neighbours(store, inspections, set(_rels()["judged"]))
    return fetch(store, ids, focus=pid,
                 known=_known(r, ("tenures", "tenure_id"), ("events", "event_id")))


def _drawn_posts(store: Store, org_id: str, held_kinds: set[str],
                 vacant_titles: set[str] | None = None, cut: str | None = None) -> set[str]:
    """The posts a map draws: those with a drawn holder, and accountable posts left empty."""
    posts = queries.run(store, "org_posts", {"org_id": org_id, "known_on": cut})
    return {p["id"] for p in posts
            if p["kind"] in held_kinds or (vacant_titles and p["title"] in vacant_titles)}


def organisation_map(store: Store, org: str, on: str | None = None,
                     inspection: str | None = None,
                     known_on: str | None = None) -> dict[str, Any]:
    """What an accountability map draws for one council at a date or inspection.

    The council, its posts held then with their holders (tenure status from `who`), the
    contract running then and its contractor, the inspection (the one asked for, or the
    latest judged by then) with its grades, and the events that followed it. Sources come
    along for their quotes; the page shows them in its side panel, not as nodes.
    """
    o = answers.resolve(store, "organisation", org)
    w = answers.who(store, o["id"], on=on, inspection=inspection, known_on=known_on)
    ids = {o["id"]}
    status: dict[str, str] = {}
    for h in w["holders"]:
        ids |= {h["tenure_id"], h["person_id"]}
        status[h["tenure_id"]] = h["status"]
    ids |= _drawn_posts(store, o["id"], {h["post_kind"] for h in w["holders"]},
                        set(w["no_known_holder"]), answers.cut_of(known_on))
    contracts = {c["contract_id"] for c in w["contracts"]}
    status.update({c["contract_id"]: c["status"] for c in w["contracts"]})
    ids |= contracts
    if contracts:
        ids |= _neighbours(store, contracts, set(_rels()["contractor"]))
    if w["latest_inspection"]:
        insp = w["latest_inspection"]["id"]
        ids |= {insp} | _neighbours(store, {insp}, set(_rels()["at_inspection"]))
    graph = fetch(store, ids, focus=o["id"], status=status,
                  known=_known(w, ("holders", "tenure_id"), ("contracts", "contract_id")))
    graph["view"] = "map"
    graph["on"] = w["on"]
    graph["vacant"] = sorted(w["no_known_holder"])
    return graph


def organisation_history(store: Store, org: str,
                         known_on: str | None = None) -> dict[str, Any]:
    """Everything a council's whole-history view (with its date slider) draws."""
    o = answers.resolve(store, "organisation", org)
    t = answers.timeline(store, o["id"], known_on=known_on)
    ids = {o["id"]} | {x["tenure_id"] for x in t["tenures"]}
    ids |= {x["person_id"] for x in t["tenures"]}
    ids |= _drawn_posts(store, o["id"], {x["post_kind"] for x in t["tenures"]},
                        cut=answers.cut_of(known_on))
    contracts = {c["contract_id"] for c in t["contracts"]}
    ids |= contracts
    if contracts:
        ids |= _neighbours(store, contracts, set(_rels()["contractor"]))
    inspections = {i["id"] for i in t["inspections"]}
    ids |= inspections | {e["id"] for e in t["events"]}
    if inspections:
        ids |= _neighbours(store, inspections, set(_rels()["judged"]))
    graph = fetch(store, ids, focus=o["id"],
                  known=_known(t, ("tenures", "tenure_id"), ("contracts", "contract_id"),
                               ("inspections", "id"), ("events", "id")))
    graph["view"] = "history"
    return graph


def person_career(store: Store, name: str, known_on: str | None = None) -> dict[str, Any]:
    """A person's career across councils, and the inspections inside each tenure."""
    r = answers.person(store, name, known_on=known_on)
    graph = person(store, name, known_on=known_on)
    graph["view"] = "person"
    for n in graph["nodes"]:
        # as `timeline`: a tenure no source places in post at all is only possibly held
        if n["label"] in load_model().unbounded_span:
            known = n["props"].get("latest_start") and n["props"].get("earliest_end")
            n["props"]["status"] = "held" if known else "possibly_held"
    graph["during"] = [{"inspection": i["inspection_id"], "tenure": i["tenure_id"],
                        "status": i["status"]} for i in r["inspections"]]
    return graph
