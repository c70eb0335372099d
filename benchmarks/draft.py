"""Score `accountable draft` against gold records: the seeds, the invented test articles and
folders of real articles.

    .venv/bin/python -m benchmarks.draft            # every split present except real held-out
    .venv/bin/python -m benchmarks.draft --heldout  # also real held-out (scored once, at the end)
    .venv/bin/python -m benchmarks.draft --real-heldout DIR   # real held-out from another folder

Splits, each reported on its own: seeds (seeds/sources, gold = the curated records citing
them); invented (tests/articles/tuning and heldout, `<name>.gold.yaml`); real development
(../shared/articles-dev when present); real tuning (tests/articles/real/tuning); real
held-out (tests/articles/real/heldout, or --real-heldout DIR; only with --heldout or that
option). Only real held-out counts toward the goals.

Real folders use the articles-dev gold format (a folder `gold.yaml` with `files:`), scored as
`../shared/tools/draftscore.py` scores them (see `score_real`), but in-process and with no
known entities (draftscore runs the CLI against the bundled facts).

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
import json
import re
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

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "tests" / "articles"
REAL_DEV = ROOT.parent / "shared" / "articles-dev"
REAL_TUNING = ARTICLES / "real" / "tuning"
REAL_HELDOUT = ARTICLES / "real" / "heldout"
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
    if verbose:
        print(f"  {'kind':<22}{'recall':>14}{'precision':>16}")
        for k, _ in KINDS:
            f, g, r, d = totals[k]
            rec = f"{f}/{g} {100 * f / g:5.1f}%" if g else "n/a"
            pre = f"{r}/{d} {100 * r / d:5.1f}%" if d else "n/a"
            name = "tenures (4 accountable)" if k == "accountable" else k
            print(f"  {name:<22}{rec:>14}{pre:>16}")
    out = _summary(label, len(cases), tuple(totals["people"]), tuple(totals["accountable"]),
                   tuple(totals["inspections"][:2]), (verbatim, quotes), seconds)
    out["all_kinds"] = {k: totals[k] for k, _ in KINDS}
    return out


# ---------------------------------------------------------------------------- real articles
# The articles-dev gold format, scored as ../shared/tools/draftscore.py scores it.

_TITLES = (r"^(councillor|cllr\.?|coun\.?|cr\.?|mr\.?|mrs\.?|ms\.?|miss|dr\.?|sir|dame|lord|"
           r"baroness|professor|prof\.?)\s+")
# The gold's post wording (free text) to the four accountable kinds, by title words: the
# same patterns as draftscore.py, plus "director of people" (a unitary council's DCS), which
# the drafter also reads as the DCS (README: benchmarks).
REAL_KINDS = (
    ("dcs", r"director (of|for) children|children's director|head of children's services|"
            r"director of children and young|director (of|for) people"),
    ("lead_member", r"(cabinet|executive|lead) member for child|portfolio holder for child"),
    ("leader", r"council leader|leader of the council"),
    ("chief_executive", r"chief executive"),
)


def _rnorm(s: str | None) -> str:
    s = (s or "").replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"') \
        .replace("\u201d", '"')
    return re.sub(r"\s+", " ", s).strip().lower()


def _pname(s: str) -> str:
    s = _rnorm(s)
    while re.match(_TITLES, s):
        s = re.sub(_TITLES, "", s)
    return re.sub(r"[^a-z' -]", "", s).strip()


def real_same_person(a: str, b: str) -> bool:
    """Same full name, or same surname and initial (both at least two words)."""
    x, y = _pname(a).split(), _pname(b).split()
    if not x or not y:
        return False
    return x == y or (x[-1] == y[-1] and len(x) > 1 and len(y) > 1 and x[0][0] == y[0][0])


def real_kind(post: str) -> str | None:
    for k, rx in REAL_KINDS:
        if re.search(rx, _rnorm(post)):
            return k
    return None


def score_real(label: str, folder: Path, verbose: bool = False) -> dict[str, Any]:
    """People, the four accountable tenures, graded inspections and verbatim quotes on a
    folder of real articles with gold.yaml."""
    gold = yaml.safe_load((folder / "gold.yaml").read_text(encoding="utf-8"))
    c = dict.fromkeys(("pg", "pf", "pd", "pr", "tg", "tf", "td", "tr", "ig", "if", "q", "qv"), 0)
    seconds = 0.0
    misses: list[str] = []
    for f in gold["files"]:
        path = folder / f["file"]
        raw = path.read_text(encoding="utf-8")
        text = _rnorm(raw)
        pub = (f.get("published") or {}).get("date")
        t0 = time.perf_counter()
        recs = draft_article(raw, published=str(pub) if pub else None).records
        seconds += time.perf_counter() - t0
        by_id = {x.get("id"): x for x in recs}
        persons = [x for x in recs if x.get("schema") == "Person"]
        tag = f["file"][:3]

        def names(x: dict[str, Any]) -> list[str]:
            return [x.get("name", "")] + list(x.get("aliases") or [])

        gold_people = f.get("people") or []
        gnames = [[g["name"], *(g.get("aliases") or [])] for g in gold_people]
        for g, gn in zip(gold_people, gnames, strict=True):
            c["pg"] += 1
            if any(real_same_person(n, y) for x in persons for n in names(x) for y in gn):
                c["pf"] += 1
            else:
                misses.append(f"{tag} person {g['name']}")
        for x in persons:
            c["pd"] += 1
            if any(real_same_person(n, y) for n in names(x) for gn in gnames for y in gn):
                c["pr"] += 1
            else:
                misses.append(f"{tag} drafted person not in gold: {x.get('name')}")
        for x in recs:
            for s in x.get("sources") or []:
                c["q"] += 1
                c["qv"] += bool(_rnorm(s.get("quote"))) and _rnorm(s.get("quote")) in text
        gold_ten = []
        for g in f.get("posts") or []:
            k = real_kind(g["post"])
            if not k or not g.get("person"):
                continue
            gold_ten.append((g["person"], k))
            c["tg"] += 1
            org_tok = _rnorm((g.get("organisation") or "").split()[0]) \
                if g.get("organisation") else None
            hit = False
            for x in recs:
                if x.get("schema") != "Tenure":
                    continue
                p, post = by_id.get(x.get("person"), {}), by_id.get(x.get("post"), {})
                org = by_id.get(post.get("in"), {})
                if post.get("kind") != k or not any(real_same_person(n, g["person"])
                                                    for n in names(p)):
                    continue
                if org_tok and not any(org_tok in _rnorm(n) for n in names(org)):
                    continue
                hit = True
            c["tf"] += hit
            if not hit:
                misses.append(f"{tag} tenure {g['person']} {k}")
        for x in recs:
            if x.get("schema") != "Tenure":
                continue
            post = by_id.get(x.get("post"), {})
            if post.get("kind") not in ACCOUNTABLE:
                continue
            c["td"] += 1
            p = by_id.get(x.get("person"), {})
            ok = any(k == post.get("kind") and any(real_same_person(n, gp) for n in names(p))
                     for gp, k in gold_ten)
            c["tr"] += ok
            if not ok:
                misses.append(f"{tag} drafted tenure not in gold: {p.get('name')} "
                              f"{post.get('kind')}")
        for g in f.get("inspections") or []:
            grades = {_rnorm(v).replace(" ", "_") for v in
                      [g.get("grade")] + [a.get("grade") for a in g.get("grades") or []] if v}
            grades &= {"outstanding", "good", "adequate", "requires_improvement", "inadequate"}
            if not grades:
                continue
            c["ig"] += 1
            org_tok = _rnorm((g.get("organisation") or "").split()[0]) \
                if g.get("organisation") else ""
            hit = False
            for x in recs:
                if x.get("schema") != "Judgement" or x.get("grade") not in grades:
                    continue
                ins = by_id.get(x.get("inspection"), {})
                org = by_id.get(ins.get("organisation"), {})
                if not org_tok or any(org_tok in _rnorm(n) for n in names(org)):
                    hit = True
            c["if"] += hit
            if not hit:
                misses.append(f"{tag} graded inspection {g.get('organisation')} "
                              f"{g.get('date')} {sorted(grades)}")
    n = len(gold["files"])
    summary = _summary(label, n, (c["pf"], c["pg"], c["pr"], c["pd"]),
                       (c["tf"], c["tg"], c["tr"], c["td"]), (c["if"], c["ig"]),
                       (c["qv"], c["q"]), seconds)
    if verbose:
        for m in misses:
            print("  missed:", m)
    return summary


def _pct(a: int, b: int) -> float | None:
    return round(100.0 * a / b, 1) if b else None


def _summary(label: str, n: int, people: tuple[int, int, int, int],
             tenures: tuple[int, int, int, int], insp: tuple[int, int],
             quotes: tuple[int, int], seconds: float) -> dict[str, Any]:
    """The goal figures of one split, printed on one line and returned for --json."""
    out = {"split": label, "articles": n,
           "people_recall": _pct(people[0], people[1]),
           "people_precision": _pct(people[2], people[3]),
           "accountable_tenures_recall": _pct(tenures[0], tenures[1]),
           "accountable_tenures_precision": _pct(tenures[2], tenures[3]),
           "graded_inspections_recall": _pct(insp[0], insp[1]),
           "quotes_verbatim": _pct(quotes[0], quotes[1]),
           "seconds_per_article": round(seconds / max(1, n), 3),
           "counts": {"people": people, "accountable_tenures": tenures,
                      "graded_inspections": insp, "quotes": quotes}}

    def f(v: float | None) -> str:
        return "n/a" if v is None else f"{v:.0f}%"
    print(f"{label} ({n} articles): people R {f(out['people_recall'])} ({people[0]}/{people[1]}) "
          f"P {f(out['people_precision'])} ({people[2]}/{people[3]}); accountable tenures R "
          f"{f(out['accountable_tenures_recall'])} ({tenures[0]}/{tenures[1]}) P "
          f"{f(out['accountable_tenures_precision'])} ({tenures[2]}/{tenures[3]}); graded "
          f"inspections R {f(out['graded_inspections_recall'])} ({insp[0]}/{insp[1]}); quotes "
          f"{f(out['quotes_verbatim'])} ({quotes[0]}/{quotes[1]}); "
          f"{out['seconds_per_article']:.3f} s/article", flush=True)
    return out


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
    ap.add_argument("--heldout", action="store_true",
                    help=f"also score real held-out ({REAL_HELDOUT.relative_to(ROOT)})")
    ap.add_argument("--real-heldout", type=Path, metavar="DIR",
                    help="score this folder (gold.yaml format) as real held-out")
    ap.add_argument("--real-tuning", type=Path, metavar="DIR", default=REAL_TUNING,
                    help=f"real tuning folder (default {REAL_TUNING.relative_to(ROOT)})")
    ap.add_argument("--big", action="store_true", help="also time 5 MB of seed articles")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON at the end")
    ap.add_argument("-v", "--verbose", action="store_true",
                    help="every kind for seeds and invented; misses and extras for all")
    args = ap.parse_args()
    t0 = time.perf_counter()
    import importlib
    import sys
    for m in [m for m in sys.modules if m.startswith("accountable.loaders.draft")]:
        del sys.modules[m]
    importlib.import_module("accountable.loaders.draft")
    print(f"import accountable.loaders.draft: {time.perf_counter() - t0:.3f} s (warm cache)")
    results = [score("seeds", seed_gold(), args.verbose),
               score("invented (tuning + held-out)",
                     article_gold(ARTICLES / "tuning") + article_gold(ARTICLES / "heldout"),
                     args.verbose)]
    for label, folder in (("real development", REAL_DEV),
                          ("real tuning", args.real_tuning)):
        if (folder / "gold.yaml").exists():
            results.append(score_real(label, folder, args.verbose))
    heldout = args.real_heldout or (REAL_HELDOUT if args.heldout else None)
    if heldout is not None:
        if not (heldout / "gold.yaml").exists():
            raise SystemExit(f"{heldout}: no gold.yaml (the articles-dev format); give a "
                             "folder of real articles with their gold")
        results.append(score_real("real held-out (the goals)", heldout, args.verbose))
    if args.big:
        # 5 MB of the seed articles end to end: dense with names, posts and grades.
        text = "\n\n".join(c[1] for c in seed_gold())
        big = (text * (5_000_000 // len(text) + 1))[:5_000_000]
        t0 = time.perf_counter()
        d = draft_article(big, published="2015-01")
        print(f"5 MB of seed articles repeated: {time.perf_counter() - t0:.1f} s, "
              f"{len(d.records)} records")
    if args.json:
        print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
