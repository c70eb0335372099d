"""Turn checked seed records into the node and relationship rows a store loads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from accountable.graph.dataset import Dataset
from accountable.graph.dates import (
    Bounds,
    TenureDates,
    derive_bounds,
    parse_prefix,
    tenure_spans,
    window,
)
from accountable.graph.model import SCHEMA, Model, load_model
from accountable.graph.words import caption as words_caption
from accountable.loaders.validate import BOUND_FIELDS, SeedSet, ValidationFailed, read_seeds
from accountable.loaders.yamlio import clean


def _text(value: Any) -> Any:
    """Dates and numbers written bare in YAML become text where the model says date."""
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


def _derived(schema: str, props: dict[str, Any]) -> dict[str, Any]:
    if schema in (SCHEMA.tenure, SCHEMA.contract):
        b = derive_bounds(**{k: props.get(k) for k in BOUND_FIELDS}, months=props.get("months"))
        return b.as_dict()
    if schema == SCHEMA.inspection:
        w = window(props.get("start"), props.get("end"), props.get("published"))
        judged = props.get("published") or props.get("end") or props.get("start")
        return {"window_from": w[0] if w else None, "window_to": w[1] if w else None,
                "judged_from": parse_prefix(judged).first.isoformat() if judged else None,
                "judged_to": parse_prefix(judged).last.isoformat() if judged else None}
    if schema == SCHEMA.event and props.get("date"):
        p = parse_prefix(props["date"])
        return {"earliest": p.first.isoformat(), "latest": p.last.isoformat()}
    if schema == SCHEMA.source:
        p = parse_prefix(props["published"])
        return {"published_from": p.first.isoformat(), "published_to": p.last.isoformat()}
    return {}


def caption(schema: str, props: dict[str, Any]) -> str:
    """A short human label for any node: its schema's `caption` in the model, in words."""
    spec = load_model().schemata.get(schema)
    return words_caption(spec, props) if spec and spec.caption else schema.lower()


def build_rows(seeds: SeedSet, model: Model | None = None) -> Dataset:
    """Rows for every record of a valid SeedSet. Raises ValidationFailed on problems."""
    if not seeds.ok:
        raise ValidationFailed(seeds.problems)
    model = model or load_model()
    ds = Dataset()
    ids = seeds.by_id()
    conflicts: list[tuple[str, str]] = []
    for rec in seeds.records:
        record_rows(ds, rec, ids, model, conflicts)
    _neighbour_spans(ds, ids, model, conflicts)
    return ds


def record_rows(ds: Dataset, rec: Any, ids: Any, model: Model,
                conflicts: list[tuple[str, str]]) -> None:
    """Add to `ds` the rows one checked record owns: its node (a Conflict: its
    relationships), the relationships its fields declare and its citations. `ids` maps an
    id to anything with a `.schema` (the target's label); the pairs a Conflict names go to
    `conflicts`. Tenure spans are left as the record's own (`_neighbour_spans` after)."""
    source_label = next(s.name for s in model.schemata.values() if s.kind == "source")
    data = clean(rec.data)
    schema = rec.schema
    if schema.kind == "conflict":
        between = data["between"]
        cited = data.get("sources") or []
        rel = model.conflict().relationship or ""
        for a, b in zip(between, between[1:], strict=False):
            ds.rels[(rel, ids[a].schema.name, ids[b].schema.name)].append(
                {"from": a, "to": b, "key": rec.id,
                 "props": {"id": rec.id, "note": data["note"],
                           "sources": [c["source"] for c in cited] or None,
                           "quotes": [c["quote"] for c in cited] or None}})
        conflicts.extend((a, b) for i, a in enumerate(between) for b in between[i + 1:])
        return
    props: dict[str, Any] = {}
    for prop in schema.scalar_props:
        if prop.name in data:
            v = data[prop.name]
            props[prop.name] = _text(v) if prop.base == "date" else v
    props.update(_derived(schema.name, props))
    cites = data.get("sources") or []
    props["certainty"] = model.weakest([c["certainty"] for c in cites])
    props["caption"] = caption(schema.name, props)
    props["record_file"] = rec.file
    ds.nodes[schema.name].append({"id": rec.id, "props": props})

    for prop in schema.link_props:
        value = data.get(prop.name)
        if value is None:
            continue
        if prop.base == "involvement":
            for item in value:
                target = ids[item["id"]].schema.name
                ds.rels[(prop.edge or "", schema.name, target)].append(
                    {"from": rec.id, "to": item["id"], "key": item["as"],
                     "props": {"as": item["as"]}})
            continue
        targets = value if isinstance(value, list) else [value]
        for t in targets:
            tlabel = ids[t].schema.name
            if prop.direction == "in":
                ds.rels[(prop.edge or "", tlabel, schema.name)].append(
                    {"from": t, "to": rec.id, "key": "", "props": {}})
            else:
                ds.rels[(prop.edge or "", schema.name, tlabel)].append(
                    {"from": rec.id, "to": t, "key": "", "props": {}})
    for i, cite in enumerate(cites):
        ds.rels[(model.citation_edge, schema.name, source_label)].append(
            {"from": rec.id, "to": cite["source"], "key": str(i),
             "props": {"quote": cite["quote"], "certainty": cite["certainty"],
                       "note": cite.get("note")}})


def _neighbour_spans(ds: Dataset, ids: dict[str, Any], model: Model,
                     conflicts: list[tuple[str, str]]) -> None:
    """Replace each Tenure's own span by its possible span: unknown starts and ends run to the
    post's previous and next known holders (graph/dates.py says exactly how)."""
    shared = set(model.shared_post_kinds)
    fields = list(Bounds.__dataclass_fields__)
    dates = []
    for row in ds.nodes.get(SCHEMA.tenure, []):
        props = row["props"]
        post_id = ids[row["id"]].data["post"]
        b = Bounds(*(props.get(k) for k in fields))
        dates.append(TenureDates(row["id"], str(post_id), b,
                                 shared=ids[post_id].data.get("kind") in shared))
    spans = tenure_spans(dates, conflicts)
    for row in ds.nodes.get(SCHEMA.tenure, []):
        row["props"].update(spans[row["id"]].as_dict())


def load_dataset(root: Path) -> Dataset:
    """Read, validate and build rows from a seeds folder (raises ValidationFailed)."""
    return build_rows(read_seeds(root))
