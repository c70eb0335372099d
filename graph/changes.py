"""`accountable changes ORG --from D1 --to D2`: what became known between two dates.

The organisation's timeline as known on D1 and as known on D2 (graph/dates.py: the citations
of sources out, or possibly out, by each cut), compared fact by fact:

- **new facts**: facts no source out by D1 cited, and one out by D2 does;
- **changed facts**: facts in both whose certainty, possible span (`span_from` / `span_to`,
  where a neighbouring tenure's dates set it), grades, known-ness (possibly known -> known) or
  citations changed;
- **new conflicts**: conflicts both of whose sides were out by D2 but not by D1.

Each comes with the citations that brought it: those kept at D2 and not at D1 (for a span set
by a neighbour, the neighbour's new citations).
"""

from __future__ import annotations

from typing import Any

from accountable.graph import answers
from accountable.graph.dates import parse_prefix
from accountable.graph.store import Store

# (timeline key, id key, entry kind, fields compared)
_FACTS = (
    ("tenures", "tenure_id", "tenure",
     ("certainty", "known", "span_from", "span_to", "span_from_by", "span_to_by")),
    ("contracts", "contract_id", "contract", ("certainty", "known")),
    ("inspections", "id", "inspection", ("certainty", "known", "judgements")),
    ("events", "id", "event", ("certainty", "known")),
)


def _cite_key(c: dict[str, Any]) -> tuple[str, str]:
    return (c["source"], c["quote"])


def _facts(t: dict[str, Any]) -> dict[str, dict[str, Any]]:
    entries = {e["id"]: e for e in t["entries"]}
    out: dict[str, dict[str, Any]] = {}
    for key, idk, kind, fields in _FACTS:
        for r in t[key]:
            out[r[idk]] = {"kind": kind, "row": r, "fields": fields, "entry": entries[r[idk]]}
    return out


def _conflicts(store: Store, t: dict[str, Any], cut: str | None) -> dict[tuple[str, str], str]:
    """The conflicts among the timeline's facts at a cut: (id, other id) -> note."""
    items: list[tuple[str, dict[str, Any]]] = [(fid, {}) for fid in _facts(t)]
    answers._attach_conflicts(store, items, cut)
    return {tuple(sorted((fid, c["with"]))): c["note"]  # type: ignore[misc]
            for fid, item in items for c in item.get("conflicts", [])}


def changes(store: Store, org: str, from_: str, to: str) -> dict[str, Any]:
    """What became known about `org` between the cuts `from_` and `to` (ISO prefixes)."""
    if parse_prefix(from_).last > parse_prefix(to).last:
        raise ValueError(f"--from {from_} is after --to {to}: give the earlier date first")
    before = answers.timeline(store, org, known_on=from_)
    after = answers.timeline(store, org, known_on=to)
    old, new = _facts(before), _facts(after)

    def brought(fid: str) -> list[dict[str, Any]]:
        had = {_cite_key(c) for c in old[fid]["row"]["sources"]} if fid in old else set()
        return [c for c in new[fid]["row"]["sources"] if _cite_key(c) not in had]

    new_facts, changed = [], []
    for fid, f in new.items():
        e = f["entry"]
        item = {"kind": f["kind"], "id": fid, "what": e["what"], "detail": e["detail"],
                "date": e["date"], "certainty": f["row"]["certainty"],
                "known": f["row"]["known"]}
        if fid not in old:
            new_facts.append({**item, "sources": brought(fid)})
            continue
        was, now = old[fid]["row"], f["row"]
        diffs = [{"field": k, "from": was.get(k), "to": now.get(k)} for k in f["fields"]
                 if was.get(k) != now.get(k)]
        if len(now["sources"]) != len(was["sources"]):
            diffs.append({"field": "citations", "from": len(was["sources"]),
                          "to": len(now["sources"])})
        if not diffs:
            continue
        sources = brought(fid)
        for side in ("span_from_by", "span_to_by"):  # a bound a newly cited neighbour set
            by = now.get(side)
            if by and by != was.get(side) and by in new:
                sources += [c for c in brought(by) if c not in sources]
        changed.append({**item, "changes": diffs, "sources": sources})

    was_conflicts = _conflicts(store, before, answers.cut_of(from_))
    new_conflicts = []
    for pair, note in sorted(_conflicts(store, after, answers.cut_of(to)).items()):
        if pair in was_conflicts:
            continue
        sources = [c for fid in pair for c in brought(fid)]
        new_conflicts.append({"between": list(pair), "note": note, "sources": sources})

    order = {"tenure": 0, "contract": 1, "inspection": 2, "event": 3}

    def key(x: dict[str, Any]) -> tuple[str, int, str]:
        return (x["date"] or "", order[x["kind"]], x["id"])

    brought_by = {c["source"] for x in new_facts + changed + new_conflicts
                  for c in x["sources"]}
    return {"organisation": after["organisation"], "from": before["known_on"],
            "to": after["known_on"], "new_sources": sorted(brought_by),
            "new_facts": sorted(new_facts, key=key), "changed_facts": sorted(changed, key=key),
            "new_conflicts": new_conflicts}
