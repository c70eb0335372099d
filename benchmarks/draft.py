"""Score `accountable draft` against gold records: the curated seeds and the test articles.

    .venv/bin/python -m benchmarks.draft            # seeds and tuning articles
    .venv/bin/python -m benchmarks.draft --heldout  # also the held-out articles (at the end!)

Gold for a seed article is every curated record that cites it (seeds/facts/). Gold for a test
article is its `<name>.gold.yaml` in tests/articles/{tuning,heldout}/. The drafter runs with no
known entities, so it is scored on what it recognises, not on lookups. Items compared:
people (by name; a one-word mention matches a surname), posts as (kind, organisation),
tenures as (person, post kind, organisation), inspections as (organisation, grade), events as
(kind, subject person when the gold names one), statements apart from other events (only the
seeds' gold lists them). Organisations compare by short name ("Sandwell"
for "Sandwell Metropolitan Borough Council"). Prints recall, precision, share of verbatim
quotes and seconds per article for each set.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from accountable.graph.paths import seeds_dir
from accountable.loaders.draft import draft_article
from accountable.loaders.names import normalise_name
from accountable.loaders.validate import normalise, read_seeds
from accountable.loaders.yamlio import clean

ARTICLES = Path(__file__).resolve().parent.parent / "tests" / "articles"
ACCOUNTABLE = {"dcs", "lead_member", "leader", "chief_executive"}
_ORG_WORDS = {"council", "metropolitan", "borough", "county", "city", "district", "mbc", "the",
              "london", "of", "royal", "s"}


def org_key(name: str) -> str:
    words = [w for w in normalise_name(name).split() if w not in _ORG_WORDS]
    return " ".join(words) or normalise_name(name)


def same_person(a: str, b: str) -> bool:
    a, b = normalise_name(a), normalise_name(b)
    if a == b:
        return True
    ta, tb = a.split(), b.split()
    return (len(ta) == 1 and ta[0] == tb[-1]) or (len(tb) == 1 and tb[0] == ta[-1])


def match_sets(drafted: list[Any], gold: list[Any],
               same: Callable[[Any, Any], bool]) -> tuple[int, int, int, int]:
    """(gold found, gold total, drafted right, drafted total)."""
    found = sum(1 for g in gold if any(same(d, g) for d in drafted))
    right = sum(1 for d in drafted if any(same(d, g) for g in gold))
    return found, len(gold), right, len(drafted)


def _people_same(d: Any, g: Any) -> bool:
    return any(same_person(x, y) for x in d for y in g)


def _tuple_same(d: tuple[Any, ...], g: tuple[Any, ...]) -> bool:
    """(people-names, kind, org-keys): person (if any) and kind match, organisations overlap."""
    dp, dk, do = d
    gp, gk, go = g
    if dk != gk or not (do & go):
        return False
    return gp is None or (dp is not None and _people_same(dp, gp))


def _event_same(d: tuple[Any, ...], g: tuple[Any, ...]) -> bool:
    return d[0] == g[0] and (g[1] is None or (d[1] is not None and _people_same(d[1], g[1])))


# ---------------------------------------------------------------------------- drafted items

def drafted_items(records: list[dict[str, Any]]) -> dict[str, list[Any]]:
    by_id = {r["id"]: r for r in records}

    def names(pid: str) -> frozenset[str]:
        r = by_id.get(pid, {})
        return frozenset([r.get("name", ""), *r.get("aliases", [])])

    def orgs(oid: str) -> frozenset[str]:
        r = by_id.get(oid, {})
        return frozenset(org_key(n) for n in [r.get("name", oid), *r.get("aliases", [])])

    out: dict[str, list[Any]] = {k: [] for k in ("people", "posts", "tenures", "accountable",
                                                 "inspections", "events", "statements")}
    for r in records:
        s = r["schema"]
        if s == "Person":
            out["people"].append(names(r["id"]))
        elif s == "Post":
            out["posts"].append((None, r.get("kind"), orgs(r.get("in", ""))))
        elif s == "Tenure":
            post = by_id.get(r["post"], {})
            t = (names(r["person"]), post.get("kind"), orgs(post.get("in", "")))
            out["tenures"].append(t)
            if t[1] in ACCOUNTABLE:
                out["accountable"].append(t)
        elif s == "Judgement":
            insp = by_id.get(r["inspection"], {})
            out["inspections"].append((None, r["grade"], orgs(insp.get("organisation", ""))))
        elif s == "Event":
            subj = [i["id"] for i in r.get("involved", []) if i["id"].startswith("person:")]
            bucket = "statements" if r["kind"] == "statement" else "events"
            out[bucket].append((r["kind"], names(subj[0]) if subj else None))
    out["inspections"] = list(set(out["inspections"]))
    return out


# ---------------------------------------------------------------------------- gold

def seed_gold() -> list[tuple[str, str, str | None, dict[str, list[Any]]]]:
    """(name, text, published, gold items) for each seed article."""
    root = seeds_dir()
    seeds = read_seeds(root)
    recs = {r.id: clean(r.data) | {"schema": r.schema.name} for r in seeds.records}

    def cites(r: dict[str, Any], sid: str) -> bool:
        return any(c.get("source") == sid for c in r.get("sources") or [])

    def names(pid: str) -> frozenset[str]:
        r = recs[pid]
        return frozenset([r["name"], *r.get("aliases", [])])

    def orgs(oid: str) -> frozenset[str]:
        r = recs[oid]
        return frozenset(org_key(n) for n in [r["name"], *r.get("aliases", [])])

    out = []
    for sid, src in ((i, r) for i, r in recs.items() if r["schema"] == "Source"):
        text = (root / src["file"]).read_text(encoding="utf-8")
        g: dict[str, list[Any]] = {k: [] for k in ("people", "posts", "tenures", "accountable",
                                                   "inspections", "events", "statements")}
        for r in recs.values():
            if not cites(r, sid):
                continue
            s = r["schema"]
            if s == "Person":
                g["people"].append(names(r["id"]))
            elif s == "Post":
                g["posts"].append((None, r["kind"], orgs(r["in"])))
            elif s == "Tenure":
                post = recs[r["post"]]
                t = (names(r["person"]), post["kind"], orgs(post["in"]))
                g["tenures"].append(t)
                if t[1] in ACCOUNTABLE:
                    g["accountable"].append(t)
            elif s == "Judgement":
                insp = recs[r["inspection"]]
                g["inspections"].append((None, r["grade"], orgs(insp["organisation"])))
            elif s == "Event":
                subj = [i["id"] for i in r.get("involved") or []
                        if i["id"].startswith("person:") and i["as"] in ("subject", "speaker")]
                bucket = "statements" if r["kind"] == "statement" else "events"
                g[bucket].append((r["kind"], names(subj[0]) if subj else None))
        g["inspections"] = list(set(g["inspections"]))
        out.append((f"seed {sid}", text, str(src["published"]), g))
    return out


def article_gold(folder: Path) -> list[tuple[str, str, str | None, dict[str, list[Any]]]]:
    out = []
    for gold_file in sorted(folder.glob("*.gold.yaml")):
        article = gold_file.with_name(gold_file.name.replace(".gold.yaml", ".txt"))
        gd = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
        g: dict[str, list[Any]] = {
            "people": [frozenset([p]) for p in gd.get("people", [])],
            "posts": list({(None, t["kind"], frozenset([org_key(t["org"])]))
                           for t in gd.get("tenures", [])}),
            "tenures": [(frozenset([t["person"]]), t["kind"], frozenset([org_key(t["org"])]))
                        for t in gd.get("tenures", [])],
            "inspections": list({(None, gr, frozenset([org_key(i["org"])]))
                                 for i in gd.get("inspections", []) for gr in i["grades"]}),
            "events": [(e["kind"], frozenset([e["person"]]) if e.get("person") else None)
                       for e in gd.get("events", [])],
            # the test articles' gold lists changes (appointments, departures, visits), not
            # statements; statements are scored on the seeds only
            "statements": None,
        }
        g["accountable"] = [t for t in g["tenures"] if t[1] in ACCOUNTABLE]
        out.append((article.name, article.read_text(encoding="utf-8"),
                    str(gd["published"]) if gd.get("published") else None, g))
    return out


# ---------------------------------------------------------------------------- scoring

KINDS = (("people", _people_same), ("posts", _tuple_same), ("tenures", _tuple_same),
         ("accountable", _tuple_same), ("inspections", _tuple_same), ("events", _event_same),
         ("statements", _event_same))


def score(label: str, cases: list[tuple[str, str, str | None, dict[str, list[Any]]]],
          verbose: bool = False) -> dict[str, Any]:
    totals = {k: [0, 0, 0, 0] for k, _ in KINDS}
    quotes = verbatim = 0
    seconds = 0.0
    for name, text, published, gold in cases:
        t0 = time.perf_counter()
        d = draft_article(text, published=published)
        seconds += time.perf_counter() - t0
        items = drafted_items(d.records)
        norm = normalise(text)
        for r in d.records:
            for c in r.get("sources", []):
                quotes += 1
                verbatim += normalise(c["quote"]) in norm
        for k, same in KINDS:
            if gold.get(k) is None:
                continue
            res = match_sets(items[k], gold[k], same)
            totals[k] = [a + b for a, b in zip(totals[k], res, strict=True)]
            if verbose and k in ("people", "accountable"):
                miss = [g for g in gold[k] if not any(same(x, g) for x in items[k])]
                extra = [x for x in items[k] if not any(same(x, g) for g in gold[k])]
                if miss or extra:
                    print(f"  {name} {k}: missed {_show(miss)}; extra {_show(extra)}")
    print(f"\n{label}: {len(cases)} articles")
    print(f"  {'kind':<22}{'recall':>14}{'precision':>16}")
    for k, _ in KINDS:
        f, g, r, d = totals[k]
        rec = f"{f}/{g} {100 * f / g:5.1f}%" if g else "n/a"
        pre = f"{r}/{d} {100 * r / d:5.1f}%" if d else "n/a"
        name = "tenures (4 accountable)" if k == "accountable" else k
        print(f"  {name:<22}{rec:>14}{pre:>16}")
    print(f"  quotes verbatim: {verbatim}/{quotes} "
          f"({100 * verbatim / quotes if quotes else 100:.1f}%)")
    print(f"  seconds per article: {seconds / max(1, len(cases)):.3f}")
    return {"totals": totals, "quotes": (verbatim, quotes), "seconds": seconds}


def _show(items: list[Any]) -> str:
    def one(x: Any) -> str:
        if isinstance(x, frozenset):
            return "/".join(sorted(x))
        if isinstance(x, tuple):
            return "(" + ", ".join(one(i) if i is not None else "-" for i in x) + ")"
        return str(x)
    return ", ".join(one(i) for i in items) or "-"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--heldout", action="store_true", help="also score the held-out articles")
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses and extras")
    args = ap.parse_args()
    t0 = time.perf_counter()
    import importlib
    import sys
    for m in [m for m in sys.modules if m.startswith("accountable.loaders.draft")]:
        del sys.modules[m]
    importlib.import_module("accountable.loaders.draft")
    print(f"import accountable.loaders.draft: {time.perf_counter() - t0:.3f} s (warm cache)")
    score("seeds (development set)", seed_gold(), args.verbose)
    score("tuning articles", article_gold(ARTICLES / "tuning"), args.verbose)
    if args.heldout:
        score("held-out articles", article_gold(ARTICLES / "heldout"), args.verbose)
    # 5 MB of the seed articles end to end: dense with names, posts and grades.
    text = "\n\n".join(c[1] for c in seed_gold())
    big = (text * (5_000_000 // len(text) + 1))[:5_000_000]
    t0 = time.perf_counter()
    d = draft_article(big, published="2015-01")
    print(f"\n5 MB of seed articles repeated: {time.perf_counter() - t0:.1f} s, "
          f"{len(d.records)} records")



if __name__ == "__main__":
    main()
