"""The answers the CLI prints: who, person, timeline. Built from the canned queries.

Each function returns plain dicts in the shape of DESIGN.md section 8 (plus a few extra
keys, such as `conflicts`, that never replace a documented one).
"""

from __future__ import annotations

import difflib
from typing import Any

from accountable.graph import queries
from accountable.graph.dates import known_cut, period
from accountable.graph.model import load_model
from accountable.graph.store import Store
from accountable.graph.words import date_words, span_words, window_words

from accountable.errors import Ambiguous, NotFound  # noqa: F401 - re-exported


def _names(row: dict[str, Any]) -> list[str]:
    slug = row["id"].split(":", 1)[-1]
    return [row["id"], slug, slug.replace("-", " "), row["name"], *(row.get("aliases") or [])]


def resolve(store: Store, what: str, name: str) -> dict[str, Any]:
    """Match an id, name or alias case-insensitively. `what` is organisation or person."""
    key = name.strip().casefold()
    if ":" in key:  # an id: one index lookup instead of listing every record
        found = queries.run(store, "organisation_by_id" if what == "organisation"
                            else "person_by_id", {"id": key})
        if found:
            return found[0]
    rows = queries.run(store, "organisations" if what == "organisation" else "people")
    hits = [r for r in rows if key in (n.casefold() for n in _names(r))]
    if len(hits) == 1:
        return hits[0]
    if len(hits) > 1:
        raise Ambiguous(what, name, [f"{h['name']} ({h['id']})" for h in hits])
    labels = {n.casefold(): r for r in rows for n in _names(r)}
    near = difflib.get_close_matches(key, list(labels), n=5, cutoff=0.5)
    seen: list[str] = []
    for n in near:
        r = labels[n]
        label = f"{r['name']} ({r['id']})"
        if label not in seen:
            seen.append(label)
    if not seen:  # a part of a name: "Hackett"
        seen = [f"{r['name']} ({r['id']})" for r in rows
                if any(key in n.casefold() for n in _names(r))][:5]
    raise NotFound(what, name, seen)


def _post_order(kind: str) -> int:
    kinds = load_model().vocab("post_kind")
    return kinds.index(kind) if kind in kinds else len(kinds)


def _sources(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = [{"source": s["source"], "quote": s["quote"], "certainty": s["certainty"],
            **({"note": s["note"]} if s.get("note") else {}),
            **({"known": s["known"]} if s.get("known") else {})} for s in rows]
    return sorted(out, key=lambda s: (s["source"], s["quote"]))


def cut_of(known_on: str | None) -> str | None:
    """The cut day for a known-on date (graph/dates.py), or None for no cut."""
    return known_cut(known_on) if known_on else None


def _as_known(row: dict[str, Any], cut: str | None) -> dict[str, Any]:
    """A row of a known-on query: without a cut, its `known` / `citations_dropped` columns go
    (the answer is then exactly what it was before --known-on existed)."""
    if cut is None:
        row.pop("known", None)
        row.pop("citations_dropped", None)
    return row


def known_on_info(store: Store, known_on: str | None) -> dict[str, Any] | None:
    """The cut an answer states: "as known on 2013-03-31: 1 of 5 sources"."""
    cut = cut_of(known_on)
    if cut is None:
        return None
    r = queries.run(store, "sources_known", {"known_on": cut})[0]
    text = f"as known on {known_on}: {r['known']} of {r['total']} sources"
    if r["possibly_known"]:
        text += f" (and {r['possibly_known']} possibly: published in a period that " \
                f"straddles {cut})"
    return {"date": known_on, "cut": cut, "sources_known": r["known"],
            "sources_possibly_known": r["possibly_known"], "sources_total": r["total"],
            "statement": text}


def _judgements(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Grades in a stable order (overall first): `collect()` gives none."""
    return sorted(({"area": j["area"], "grade": j["grade"]} for j in rows if j.get("area")),
                  key=lambda j: (j["area"] != "overall", j["area"]))


def _attach_conflicts(store: Store, items: list[tuple[str, dict[str, Any]]],
                      cut: str | None = None) -> None:
    """Add `conflicts` to each (fact id, answer item) a conflict names: one query for all.
    With a known-on cut, only conflicts both of whose sides were out by then."""
    if not items:
        return
    found: dict[str, list[dict[str, Any]]] = {}
    for r in queries.run(store, "fact_conflicts", {"ids": [fid for fid, _ in items],
                                                   "known_on": cut}):
        found.setdefault(r["id"], []).append(
            {"with": r["other_id"], "what": r["other"], "note": r["note"],
             **({"known": r["known"]} if r.get("known") else {})})
    for fid, item in items:
        if fid in found:
            item["conflicts"] = found[fid]


def who(store: Store, org: str, on: str | None = None,
        inspection: str | None = None, known_on: str | None = None) -> dict[str, Any]:
    """Who held each post, which contractor ran the service, and what Ofsted last judged.
    With `known_on`, as the sources out by that date told it (graph/dates.py)."""
    o = resolve(store, "organisation", org)
    cut = cut_of(known_on)
    insp_row = None
    if inspection:
        found = queries.run(store, "inspection", {"inspection_id": inspection,
                                                  "known_on": cut})
        if not found or found[0]["org_id"] != o["id"]:
            ins = queries.run(store, "org_inspections", {"org_id": o["id"]})
            raise NotFound(f"inspection of {o['name']}", inspection, [i["id"] for i in ins])
        insp_row = found[0]
        q_from, q_to = insp_row["window_from"], insp_row["window_to"]
        on_text = f"{q_from}/{q_to}"
    elif on:
        q_from, q_to = period(on)
        on_text = on
    else:
        raise ValueError("give a date (--on) or an inspection (--inspection)")

    span = {"org_id": o["id"], "from": q_from, "to": q_to, "known_on": cut}
    rows = [_as_known(r, cut) for r in queries.run(store, "holders_on_date", span)]
    holders = []
    for r in sorted(rows, key=lambda r: (_post_order(r["post_kind"]), r["status"] != "held",
                                        r["person"], r["tenure_id"])):
        h: dict[str, Any] = {"post": r["post"], "post_kind": r["post_kind"], "person": r["person"],
             "person_id": r["person_id"], "start": r["start"], "end": r["end"],
             "status": r["status"], "certainty": r["certainty"],
             "sources": _sources(r["sources"]),
             "tenure_id": r["tenure_id"],
             "bounds": {k: r[k] for k in ("start_after", "start_before", "end_after",
                                          "end_before") if r.get(k)},
             "ended_by": r["ended_by"],
             # the possible span (None: no bound) and the neighbouring tenure that set a side
             "span_from": r["span_from"], "span_to": r["span_to"],
             "span_from_by": r["span_from_by"], "span_to_by": r["span_to_by"],
             **{k: r[k] for k in ("known", "citations_dropped") if k in r}}
        holders.append(h)
    # Tenures whose own dates, or a neighbouring holder's, put them outside the period:
    # "known not to have held", unlike a post with no listed holder ("not known").
    known_not = [{k: r[k] for k in ("post", "post_kind", "person", "person_id", "tenure_id",
                                     "why", "date", "set_by")}
                 for r in queries.run(store, "known_not_held", span)]

    crows = [_as_known(c, cut) for c in queries.run(store, "contracts_on_date", span)]
    contracts = []
    for c in crows:
        item: dict[str, Any] = {"contractor": c["contractor"], "start": c["start"], "end": c["end"],
                "value_gbp": c["value_gbp"], "sources": _sources(c["sources"]),
                "contract_id": c["contract_id"], "months": c["months"],
                "purpose": c["purpose"], "status": c["status"], "certainty": c["certainty"],
                **{k: c[k] for k in ("known", "citations_dropped") if k in c}}
        contracts.append(item)
    _attach_conflicts(store, [(h["tenure_id"], h) for h in holders]
                      + [(c["contract_id"], c) for c in contracts], cut)

    inspection_known = insp_row.get("known") if insp_row else None
    if insp_row is None:
        latest = queries.run(store, "latest_inspection", {"org_id": o["id"], "to": q_to,
                                                          "known_on": cut})
        insp_row = latest[0] if latest else None
    latest_inspection = None
    if insp_row:
        latest_inspection = {
            "id": insp_row["id"], "published": insp_row["published"],
            "judgements": _judgements(insp_row["judgements"]),
            "kind": insp_row["kind"], "start": insp_row["start"], "end": insp_row["end"],
            "certainty": insp_row["certainty"],
            "published_by_then": insp_row.get("published_by_then", "certain"),
            **({"known": insp_row["known"]} if cut and insp_row.get("known") else {})}

    posts = queries.run(store, "org_posts", {"org_id": o["id"], "known_on": cut})
    held_kinds = {h["post_kind"] for h in holders}
    vacant = [p["title"] for p in posts if p["kind"] in load_model().accountable_post_kinds
              and p["kind"] not in held_kinds]
    answer = {"organisation": {"id": o["id"], "name": o["name"]}, "on": on_text,
              "holders": holders, "contracts": contracts,
              "latest_inspection": latest_inspection, "inspection": inspection,
              "no_known_holder": vacant, "known_not_held": known_not}
    info = known_on_info(store, known_on)
    if info is not None:
        if inspection:  # the inspection asked about: was it out by then? (None: not yet)
            info["inspection"] = inspection_known
        answer["known_on"] = info
    return answer


def person(store: Store, name: str, known_on: str | None = None) -> dict[str, Any]:
    """A person's posts, the events they were part of, and inspections during their tenures.
    With `known_on`, as the sources out by that date told it (graph/dates.py)."""
    p = resolve(store, "person", name)
    cut = cut_of(known_on)
    params = {"person_id": p["id"], "known_on": cut}
    tenures = [_as_known(t, cut) for t in queries.run(store, "person_record", params)]
    for t in tenures:
        t["sources"] = _sources(t["sources"])
    events = [_as_known(e, cut) for e in queries.run(store, "person_events", params)]
    for e in events:
        e["sources"] = _sources(e["sources"])
    inspections = queries.run(store, "person_inspections", params)
    for i in inspections:
        i["judgements"] = _judgements(i["judgements"])
    _attach_conflicts(store, [(t["tenure_id"], t) for t in tenures]
                      + [(e["event_id"], e) for e in events], cut)
    answer = {"person": {"id": p["id"], "name": p["name"], "aliases": p.get("aliases") or []},
              "tenures": tenures, "events": events, "inspections": inspections}
    info = known_on_info(store, known_on)
    if info is not None:
        answer["known_on"] = info
    return answer


def timeline(store: Store, org: str, known_on: str | None = None) -> dict[str, Any]:
    """Tenures, contracts, inspections and events of an organisation, oldest first.
    With `known_on`, as the sources out by that date told it (graph/dates.py); the facts
    then carry their kept `sources` (without it, as before, they do not)."""
    o = resolve(store, "organisation", org)
    cut = cut_of(known_on)
    params = {"org_id": o["id"], "known_on": cut}
    rows = {name: [_as_known(r, cut) for r in queries.run(store, name, params)]
            for name in ("org_tenures", "org_contracts", "org_inspections", "org_events")}
    for facts in rows.values():
        for r in facts:
            if cut is None:
                r.pop("sources", None)
            else:
                r["sources"] = _sources(r["sources"])
    tenures = rows["org_tenures"]
    for t in tenures:
        # no source places them in post at all: the whole bar is only possible
        t["status"] = ("held" if t["latest_start"] and t["earliest_end"]
                       else "possibly_held")
    contracts = rows["org_contracts"]
    inspections = rows["org_inspections"]
    for i in inspections:
        i["judgements"] = _judgements(i["judgements"])
    events = rows["org_events"]
    for e in events:
        e["involved"] = sorted(e["involved"])
    entries: list[dict[str, Any]] = []
    model = load_model()
    for t in tenures:
        entries.append({"date": t["span_from"], "kind": "tenure", "id": t["tenure_id"],
                        "when": span_words(t), "what": f"{t['person']}: {t['post']}",
                        "detail": possible_text(t), "certainty": t["certainty"]})
    for c in contracts:
        entries.append({"date": c["span_from"], "kind": "contract", "id": c["contract_id"],
                        "when": span_words(c, being="running"),
                        "what": f"{c['contractor']} contract",
                        "detail": c.get("purpose") or "", "certainty": c["certainty"]})
    for i in inspections:
        grades = ", ".join(f"{model.word('judgement_area', j['area'])}: "
                           f"{model.word('grade', j['grade'])}" for j in i["judgements"])
        entries.append({"date": i["earliest"], "kind": "inspection", "id": i["id"],
                        "when": window_words(i.get("start"), i.get("end"), i.get("published")),
                        "what": model.word("inspection_kind", i["kind"]),
                        "detail": grades or "no grade",
                        "certainty": i["certainty"]})
    for e in events:
        entries.append({"date": e["earliest"], "kind": "event", "id": e["id"],
                        "when": date_words(e.get("date")) or "date unknown",
                        "what": model.word("event_kind", e["kind"]), "detail": e["summary"],
                        "certainty": e["certainty"]})
    if cut is not None:  # each entry says whether its fact was out by then or possibly
        known = {(kind, r.get("tenure_id") or r.get("contract_id") or r["id"]): r["known"]
                 for kind, name in (("tenure", "org_tenures"), ("contract", "org_contracts"),
                                    ("inspection", "org_inspections"), ("event", "org_events"))
                 for r in rows[name]}
        for x in entries:
            x["known"] = known[(x["kind"], x["id"])]
    # a tenure's missing span_from means "no bound": first; any other missing date: last
    entries.sort(key=lambda x: (x["date"] or ("" if x["kind"] == "tenure" else "9999"),
                                x["kind"], x["id"]))
    answer = {"organisation": {"id": o["id"], "name": o["name"]}, "tenures": tenures,
              "contracts": contracts, "inspections": inspections, "events": events,
              "entries": entries}
    info = known_on_info(store, known_on)
    if info is not None:
        answer["known_on"] = info
    return answer


def span_text(t: dict[str, Any]) -> str:
    """A tenure's dates in words, at the sources' precision (graph/words.py):
    `start unknown, in post by March 2013, until at least May 2015`."""
    return span_words(t)


def possible_text(t: dict[str, Any]) -> str:
    """Where an unknown start or end may reach (graph/dates.py), or `` when the tenure's own
    dates bound both sides: `possible span: 2015-05-01 (previous holder's) to no later bound`.
    """
    start_unknown = not (t.get("start") or t.get("start_after"))
    end_unknown = not (t.get("end") or t.get("end_before") or t.get("months"))
    if not (start_unknown or end_unknown):
        return ""
    lo, hi = t.get("span_from"), t.get("span_to")
    lo_text = "no earlier bound" if lo is None else (
        f"{date_words(lo)} (previous holder's end)" if t.get("span_from_by")
        else date_words(lo))
    hi_text = "no later bound" if hi is None else (
        f"{date_words(hi)} (next holder's start)" if t.get("span_to_by") else date_words(hi))
    return f"possible span: {lo_text} to {hi_text}"
