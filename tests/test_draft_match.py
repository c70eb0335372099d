"""`accountable draft` matches before proposing: drafting an article against facts that
already hold its records proposes none of them again (loaders/draft/match.py).

What "duplicate" means here (`duplicates_of` below, written from the issue, not from the
matcher): a drafted record that is NOT marked `existing: true` duplicates a record already in
the facts when
- Source: the same text up to whitespace and typographic quotes, or the same file;
- Person / Organisation: a name or alias equal (after `normalise_name`) to one of the known
  record's;
- Post: the same organisation and the same title, or the same kind for the kinds an
  organisation has one of (dcs, lead_member, leader, chief_executive, lscb_chair);
- Tenure: the same person and post;
- Contract: the same council and contractor, and dates that are not disjoint;
- Inspection: the same organisation, windows (start or publication to publication or end)
  that overlap, and no judgement of the same area with another grade;
- Judgement: the same inspection and area;
- Event: the same kind (resigned, dismissed and left count as one departure) and subject
  (the first `involved`) with dates that are not disjoint (an undated event counts when its
  subject is a person), or the same kind citing the same words of the same source;
- any record: an id the facts already use.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from accountable.graph.dates import parse_prefix, window
from accountable.graph.paths import seeds_dir
from accountable.loaders.draft import DraftError, draft_article
from accountable.loaders.draft.match import resolve
from accountable.loaders.names import EntityIndex, normalise_name
from accountable.loaders.validate import normalise, read_seeds

from tests.conftest import invoke

SEEDS = read_seeds(seeds_dir())
SEED_SOURCES = [r for r in SEEDS.records if r.schema.name == "Source"]
DEPARTURES = {"resigned", "dismissed", "left"}


# ---------------------------------------------------------------------------- the definition

def _names(data: dict[str, Any]) -> set[str]:
    return {normalise_name(str(n)) for n in (data.get("name") or data.get("title") or "",
                                             *(data.get("aliases") or ()))} - {""}


def _span(*values: Any) -> tuple[Any, Any] | None:
    ps = [parse_prefix(str(v)) for v in values if v is not None]
    return (min(p.first for p in ps), max(p.last for p in ps)) if ps else None


def _apart(a: tuple[Any, Any] | None, b: tuple[Any, Any] | None) -> bool:
    return a is not None and b is not None and (a[1] < b[0] or b[1] < a[0])


def _window(d: dict[str, Any]) -> tuple[str, str] | None:
    return window(*(str(d[k]) if d.get(k) is not None else None
                    for k in ("start", "end", "published")))


def duplicates_of(rec: dict[str, Any], records: list[dict[str, Any]], text: str,
                  seeds: Any = SEEDS) -> list[str]:
    """The ids of the known records that a new drafted record `rec` duplicates."""
    if rec.get("existing"):
        return []
    known = [(r.id, r.data) for r in seeds.records if r.schema.name == rec["schema"]]
    judged = {(r.data["inspection"], r.data["area"]): r.data["grade"] for r in seeds.records
              if r.schema.name == "Judgement"}
    schema, out = rec["schema"], []
    if rec["id"] in seeds.by_id():
        out.append(rec["id"])
    for kid, k in known:
        same = False
        if schema == "Source":
            same = seeds.texts.get(kid) == normalise(text) or k.get("file") == rec.get("file")
        elif schema in ("Person", "Organisation"):
            same = bool(_names(rec) & _names(k))
        elif schema == "Post":
            same = k.get("in") == rec.get("in") and (
                bool(_names(rec) & _names(k))
                or k.get("kind") == rec.get("kind") in ("dcs", "lead_member", "leader",
                                                        "chief_executive", "lscb_chair"))
        elif schema == "Tenure":
            same = (k.get("person"), k.get("post")) == (rec.get("person"), rec.get("post"))
        elif schema == "Contract":
            same = (k.get("awarded_by"), k.get("contractor")) == (
                rec.get("awarded_by"), rec.get("contractor")) and not _apart(
                _span(k.get("start"), k.get("end")), _span(rec.get("start"), rec.get("end")))
        elif schema == "Inspection":
            mine, theirs = _window(rec), _window(k)
            grades = [(j["area"], j["grade"]) for j in records if j["schema"] == "Judgement"
                      and not j.get("existing")
                      and j["inspection"] == rec["id"]]
            same = (k.get("organisation") == rec.get("organisation") and bool(mine and theirs)
                    and not _apart(mine, theirs)
                    and all(judged.get((kid, a), g) == g for a, g in grades))
        elif schema == "Judgement":
            same = (k.get("inspection"), k.get("area")) == (rec.get("inspection"),
                                                            rec.get("area"))
        elif schema == "Event":
            def family(kind: Any) -> Any:
                return "departure" if kind in DEPARTURES else kind
            subject = (rec.get("involved") or [{}])[0].get("id")
            quotes = {(c["source"], normalise(c["quote"])) for c in rec["sources"]}
            theirs = {(c["source"], normalise(c["quote"])) for c in k.get("sources", [])}
            dated = rec.get("date") is not None and k.get("date") is not None
            same = family(k.get("kind")) == family(rec.get("kind")) and (
                bool(quotes & theirs)
                or subject in {x["id"] for x in k.get("involved") or []}
                and (dated or str(subject).startswith("person:"))
                and not _apart(_span(rec.get("date")), _span(k.get("date"))))
        if same:
            out.append(kid)
    return out


def _draft_seed(src: Any) -> tuple[str, Any]:
    text = (seeds_dir() / src.data["file"]).read_text(encoding="utf-8")
    return text, draft_article(text, published=str(src.data["published"]),
                               file_name=src.data["file"],
                               index=EntityIndex.from_seeds(SEEDS))


# ---------------------------------------------------------------------------- the seeds

@pytest.mark.parametrize("src", SEED_SOURCES, ids=lambda s: s.id)
def test_drafting_a_seed_article_proposes_no_duplicate(src: Any) -> None:
    text, d = _draft_seed(src)
    assert d.source["id"] == src.id and d.source["existing"] is True
    assert duplicates_of(d.source, [], text) == []
    new = [r for r in d.records if not r.get("existing")]
    dupes = {r["id"]: duplicates_of(r, d.records, text) for r in new}
    assert {k: v for k, v in dupes.items() if v} == {}
    # what it cites it cites under the known ids, each once
    ids = [r["id"] for r in d.records]
    assert len(ids) == len(set(ids))
    assert all(c["source"] == src.id for r in d.records for c in r["sources"])
    existing = [r for r in d.records if r.get("existing")]
    assert existing and all(r["id"] in SEEDS.by_id() for r in existing)


def test_the_seed_inspections_the_issue_named_are_matched() -> None:
    by_src = {s.id: _draft_seed(s)[1] for s in SEED_SOURCES}
    ids = {sid: {r["id"]: r for r in d.records} for sid, d in by_src.items()}
    for sid in ("source:003", "source:004"):  # not inspection:dudley:2016-04
        assert ids[sid]["inspection:dudley:2016"]["existing"] is True
        assert ids[sid]["judgement:dudley:2016:overall"]["existing"] is True
        assert not any(i.startswith("inspection:dudley:2016-") for i in ids[sid])
    assert ids["source:002"]["inspection:sandwell:2009"]["existing"] is True  # not 2009-2
    assert not any(i.startswith("inspection:sandwell:2009-") for i in ids["source:002"])
    # the events the facts hold are cited, and two drafted ones of one event become one
    report = ids["source:003"]["event:dudley:2016-04:report-published"]
    assert report["existing"] is True and len(report["sources"]) >= 2
    assert ids["source:002"]["event:sandwell:2013-03:badham-resigned"]["existing"] is True


def test_reviewed_seed_drafts_validate_and_warn_only_of_what_the_draft_flagged(
        seeds_copy: Path) -> None:
    for src in SEED_SOURCES:
        article = seeds_copy / src.data["file"]
        out = seeds_copy / "facts" / f"draft-{article.stem}.yaml"
        result = invoke(["draft", str(article), "--seeds", str(seeds_copy), "--out", str(out)])
        assert result.exit_code == 0, result.output
        assert "already registered" in result.output
        out.write_text("\n".join(line for line in out.read_text().splitlines()
                                 if line.strip() != "draft: true"))
    result = invoke(["validate", "--seeds", str(seeds_copy), "--json"])
    assert result.exit_code == 0, result.stdout
    doc = json.loads(result.stdout)
    assert doc["problems"] == []
    # no new Source: the five articles are still the only five
    assert sum(r.schema.name == "Source" for r in read_seeds(seeds_copy).records) == 5
    flagged = {r["id"] for f in (seeds_copy / "facts").glob("draft-*.yaml")
               for r in yaml.safe_load(f.read_text()) or []
               if "overlaps" in str(r.get("found_by"))}
    for w in doc["warnings"]:  # a probable duplicate validate sees, the draft had flagged
        assert w["record"] in flagged or any(f in w["message"] for f in flagged), w


# ---------------------------------------------------------------------------- invented facts

def _facts(tmp: Path, facts: str, articles: dict[str, str]) -> Path:
    root = tmp / "facts-folder"
    (root / "sources").mkdir(parents=True)
    (root / "facts").mkdir()
    srcs = []
    for i, (name, text) in enumerate(articles.items()):
        (root / "sources" / name).write_text(text, encoding="utf-8")
        srcs.append(f"- schema: Source\n  id: source:{i:03d}\n  file: sources/{name}\n"
                    f"  title: Article {i}\n  published: 2016-04\n  published_certainty: stated\n")
    (root / "sources.yaml").write_text("".join(srcs), encoding="utf-8")
    (root / "facts" / "x.yaml").write_text(facts, encoding="utf-8")
    seeds = read_seeds(root)
    assert seeds.ok, [str(p) for p in seeds.problems]
    return root


WEX = """\
- schema: Organisation
  id: org:wexcombe
  name: Wexcombe County Council
  kind: council
  aliases: [Wexcombe]
  sources: [{source: source:000, quote: Wexcombe County Council, certainty: stated}]
- schema: Person
  id: person:jane-brook
  name: Jane Brook
  sources: [{source: source:000, quote: Jane Brook, certainty: stated}]
- schema: Post
  id: post:wexcombe:director-children
  title: Director of children's services
  kind: dcs
  in: org:wexcombe
  sources: [{source: source:000, quote: director of children's services, certainty: stated}]
- schema: Tenure
  id: tenure:brook-dcs
  person: person:jane-brook
  post: post:wexcombe:director-children
  end_after: 2016-04
  sources: [{source: source:000, quote: Jane Brook, certainty: stated}]
- schema: Inspection
  id: inspection:wexcombe:spring
  organisation: org:wexcombe
  kind: single_inspection
  start: 2016-02
  published: 2016-04
  sources: [{source: source:000, quote: Ofsted, certainty: stated}]
- schema: Judgement
  id: judgement:wexcombe:spring:overall
  inspection: inspection:wexcombe:spring
  area: overall
  grade: inadequate
  sources: [{source: source:000, quote: inadequate, certainty: stated}]
- schema: Event
  id: event:wexcombe:brook-statement
  kind: statement
  date: 2016-04
  summary: Jane Brook accepted the findings.
  involved: [{id: person:jane-brook, as: speaker}]
  sources: [{source: source:000, quote: Jane Brook, certainty: stated}]
- schema: Organisation
  id: org:acme
  name: Acme Improvement
  kind: contractor
  sources: [{source: source:000, quote: Acme Improvement, certainty: stated}]
- schema: Contract
  id: contract:wexcombe:acme
  awarded_by: org:wexcombe
  contractor: org:acme
  start: "2015"
  sources: [{source: source:000, quote: Acme Improvement, certainty: stated}]
"""
FIRST = ("Ofsted rated Wexcombe County Council inadequate. Jane Brook, the director of "
         "children's services, spoke. Acme Improvement was hired.\n")


def _index(root: Path) -> EntityIndex:
    return EntityIndex.from_seeds(read_seeds(root))


def test_the_same_text_is_the_same_source_and_its_date_resolves_relative_ones(
        tmp_path: Path) -> None:
    root = _facts(tmp_path, WEX, {"a.txt": FIRST})
    # other whitespace and typographic quotes: still the same article
    text = "  " + FIRST.replace("children's", "children’s").replace(" ", "  ") + "\n\n"
    d = draft_article(text, file_name="sources/elsewhere.txt", index=_index(root))
    assert d.source["id"] == "source:000" and d.source["existing"] is True
    assert d.source["file"] == "sources/a.txt"
    assert "already source:000" in d.source["found_by"]
    # no --published given: the recorded date (2016-04) is the article's date
    tenure = next(r for r in d.records if r["schema"] == "Tenure")
    assert tenure["id"] == "tenure:brook-dcs" and tenure["existing"] is True
    assert "2016-04" in tenure["found_by"] or any(
        "2016-04" in c.get("note", "") for c in tenure["sources"])


def test_the_same_file_is_the_same_source(tmp_path: Path) -> None:
    root = _facts(tmp_path, WEX, {"a.txt": FIRST})
    d = draft_article(FIRST + "An extra line typed since.\n", index=_index(root),
                      path=root / "sources" / "a.txt")
    assert d.source["id"] == "source:000" and d.source["existing"] is True


def test_a_new_article_never_reuses_an_id_or_a_file_name(tmp_path: Path) -> None:
    root = _facts(tmp_path, WEX, {"a.txt": FIRST, "b.txt": "Another article.\n"})
    (root / "facts" / "pending.yaml").write_text(  # an unreviewed draft holds source:002
        "- schema: Source\n  id: source:002\n  file: sources/c.txt\n  title: C\n"
        "  published: 2016-05\n  draft: true\n")
    other = tmp_path / "a.txt"  # the same name as source:000's file, another article
    other.write_text("Wexcombe County Council named a new leader.\n")
    d = draft_article(other.read_text(), file_name="sources/a.txt", index=_index(root),
                      path=other)
    assert d.source["id"] == "source:003"
    assert d.source["file"] == "sources/a-2.txt" and "a-2.txt" in d.source["found_by"]
    with pytest.raises(DraftError, match="source:001 is already used"):
        draft_article(other.read_text(), source_id="source:001", index=_index(root))
    with pytest.raises(DraftError, match="already source:000"):
        draft_article(FIRST, source_id="source:009", index=_index(root))


def test_cli_refuses_a_source_id_of_another_article(tmp_path: Path) -> None:
    root = _facts(tmp_path, WEX, {"a.txt": FIRST, "b.txt": "Another article.\n"})
    art = tmp_path / "new.txt"
    art.write_text("Wexcombe County Council named a new leader.\n")
    result = invoke(["draft", str(art), "--seeds", str(root), "--source-id", "source:001"])
    assert result.exit_code == 2 and "source:001 is already used" in result.output
    assert "source:002" in result.output  # the free id it could take


def test_an_overlapping_inspection_is_the_known_one_unless_a_grade_contradicts(
        tmp_path: Path) -> None:
    root = _facts(tmp_path, WEX, {"a.txt": FIRST})
    text = ("Wexcombe County Council's children's services were rated inadequate by Ofsted "
            "in April 2016, and leadership was judged inadequate.\n")
    d = draft_article(text, published="2016-05", index=_index(root))
    recs = {r["id"]: r for r in d.records}
    insp = recs["inspection:wexcombe:spring"]
    assert insp["existing"] is True and "x.yaml" in insp["found_by"]
    assert recs["judgement:wexcombe:spring:overall"]["existing"] is True
    # a judgement of an area the facts do not grade: new, under the known inspection
    new = recs["judgement:wexcombe:spring:leadership"]
    assert new["inspection"] == "inspection:wexcombe:spring" and "existing" not in new
    # another grade for the same area: another inspection, flagged for review
    good = draft_article("Wexcombe County Council's children's services were rated good by "
                         "Ofsted in April 2016.\n", published="2016-05", index=_index(root))
    (insp2,) = [r for r in good.records if r["schema"] == "Inspection"]
    assert "existing" not in insp2 and insp2["id"] != "inspection:wexcombe:spring"
    assert "overlaps inspection:wexcombe:spring" in insp2["found_by"]
    assert "overall: inadequate" in insp2["found_by"]
    # other dates: another inspection
    later = draft_article("Wexcombe County Council's children's services were rated "
                          "inadequate by Ofsted in May 2019.\n", published="2019-06",
                          index=_index(root))
    assert not any(r.get("existing") for r in later.records if r["schema"] == "Inspection")


def test_posts_people_events_by_what_they_are_not_their_ids(tmp_path: Path) -> None:
    root = _facts(tmp_path, WEX, {"a.txt": FIRST})
    text = ("Jane Brook, director of children's services at Wexcombe County Council, said: "
            "“We accept the findings.”\n")
    d = draft_article(text, published="2016-04", index=_index(root))
    recs = {r["id"]: r for r in d.records}
    # the post has another id than the drafter's post:wexcombe:dcs: same org and kind
    assert recs["post:wexcombe:director-children"]["existing"] is True
    assert "post:wexcombe:dcs" not in recs
    assert recs["tenure:brook-dcs"]["existing"] is True  # by person and post, not by id
    assert recs["event:wexcombe:brook-statement"]["existing"] is True
    assert [r for r in d.records if not r.get("existing")] == []


def test_another_mp_is_another_post() -> None:
    index = EntityIndex.from_seeds(SEEDS)
    recs = draft_article("Ian Austin, MP for Dudley North, said the report was shocking.",
                         published="2016-04", index=index).records
    posts = [r for r in recs if r["schema"] == "Post"]
    assert posts and all(r["id"] != "post:warley:mp" for r in posts)
    warley = draft_article("John Spellar, MP for Warley, said so.", published="2015-06",
                           index=EntityIndex.from_seeds(SEEDS)).records
    assert any(r["id"] == "post:warley:mp" and r.get("existing") for r in warley)


def test_a_surname_alone_is_the_known_post_holder() -> None:
    index = EntityIndex.from_seeds(SEEDS)
    records = [
        {"schema": "Organisation", "id": "org:dudley", "name": "Dudley", "existing": True,
         "sources": []},
        {"schema": "Person", "id": "person:norman", "name": "Norman", "found_by": "x",
         "sources": [{"source": "source:009", "quote": "Ms Norman", "certainty": "stated"}]},
        {"schema": "Person", "id": "person:white", "name": "White", "found_by": "x",
         "sources": []},  # Simon White holds a Sandwell post, and Sandwell is not named
    ]
    out = {r["id"]: r for r in resolve(records, index)}
    assert out["person:sarah-norman"]["existing"] is True
    assert "person:white" in out and "existing" not in out["person:white"]


def test_a_known_contract_gets_citations() -> None:
    index = EntityIndex.from_seeds(SEEDS)
    cite = {"source": "source:009", "quote": "iMPOWER", "certainty": "stated"}
    drafted = {"schema": "Contract", "id": "contract:sandwell:impower-2",
               "awarded_by": "org:sandwell", "contractor": "org:impower", "start": "2012",
               "value_gbp": 1150000, "found_by": "contract", "sources": [cite]}
    (out,) = resolve([dict(drafted)], index)
    assert out["id"] == "contract:sandwell:impower" and out["existing"] is True
    assert out["sources"] == [cite]
    # 2019 is not contract:sandwell:impower's period (2012 for 30 months); the facts'
    # undated account of iMPOWER's work may be it: cited there, for the reviewer to check
    (later,) = resolve([{**drafted, "start": "2019"}], index)
    assert later["id"] == "contract:sandwell:impower:001-account"
    # running in 2014 (30 months from 2012) at the same value: that contract
    (running,) = resolve([{**drafted, "start": None, "end_after": "2014-06"}], index)
    assert running["id"] == "contract:sandwell:impower"
    (other,) = resolve([{**drafted, "contractor": "org:unison"}], index)
    assert "existing" not in other and duplicates_of(other, [], "") == []


def test_the_duplicate_definition_catches_what_matching_used_to_propose() -> None:
    """The definition is not vacuous: drafting without the facts' records (names only, as
    before matching) gives the duplicates the issue counted."""
    found: dict[str, list[str]] = {}
    for src in SEED_SOURCES:
        text = (seeds_dir() / src.data["file"]).read_text(encoding="utf-8")
        names_only = EntityIndex.from_seeds(SEEDS)
        names_only.records, names_only.texts = {}, {}
        d = draft_article(text, published=str(src.data["published"]),
                          file_name=src.data["file"], index=names_only)
        for r in [d.source, *d.records]:
            if duplicates_of(r, d.records, text):
                found.setdefault(src.id, []).append(r["id"])
    assert "source:005" in found["source:003"]
    assert "inspection:dudley:2016-04" in found["source:003"]
    assert "inspection:sandwell:2009-2" in found["source:002"]
    assert sum(len(v) for v in found.values()) >= 12
