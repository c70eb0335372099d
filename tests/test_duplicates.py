"""`validate` reports probable duplicates (loaders/validate.py `probable_duplicates`): two
sources with the same text, two people of one name holding posts in one organisation, two
inspections of one organisation with overlapping dates and no Conflict between them. They are
warnings, naming both records (file, line, id) and the fix; `--strict` fails on them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from accountable.graph.paths import seeds_dir
from accountable.loaders.validate import read_seeds

from tests.conftest import invoke

ORG = """\
- schema: Organisation
  id: org:wexcombe
  name: Wexcombe County Council
  kind: council
  sources: [{source: source:000, quote: Wexcombe, certainty: stated}]
- schema: Organisation
  id: org:ashby
  name: Ashby Council
  kind: council
  sources: [{source: source:000, quote: Ashby, certainty: stated}]
"""
CITE = "  sources: [{source: source:000, quote: Wexcombe, certainty: stated}]\n"


def _folder(tmp: Path, facts: str, texts: tuple[str, ...] = ("Wexcombe and Ashby.\n",)) -> Path:
    root = tmp / "facts"
    (root / "sources").mkdir(parents=True)
    (root / "facts").mkdir()
    srcs = ""
    for i, text in enumerate(texts):
        (root / "sources" / f"{i}.txt").write_text(text, encoding="utf-8")
        srcs += (f"- schema: Source\n  id: source:{i:03d}\n  file: sources/{i}.txt\n"
                 f"  title: T{i}\n  published: 2016-04\n  published_certainty: stated\n")
    (root / "sources.yaml").write_text(srcs, encoding="utf-8")
    (root / "facts" / "x.yaml").write_text(ORG + facts, encoding="utf-8")
    return root


def _person(pid: str, name: str, aliases: str = "") -> str:
    return (f"- schema: Person\n  id: {pid}\n  name: {name}\n"
            + (f"  aliases: [{aliases}]\n" if aliases else "") + CITE)


def _post(pid: str, org: str, kind: str) -> str:
    return f"- schema: Post\n  id: {pid}\n  title: {kind}\n  kind: {kind}\n  in: {org}\n" + CITE


def _tenure(tid: str, person: str, post: str) -> str:
    return f"- schema: Tenure\n  id: {tid}\n  person: {person}\n  post: {post}\n" + CITE


def _inspection(iid: str, kind: str, **dates: str) -> str:
    lines = "".join(f"  {k}: \"{v}\"\n" for k, v in dates.items())
    return (f"- schema: Inspection\n  id: {iid}\n  organisation: org:wexcombe\n  kind: {kind}\n"
            + lines + CITE)


def _warnings(root: Path) -> list[str]:
    seeds = read_seeds(root)
    assert seeds.ok, [str(p) for p in seeds.problems]
    return [str(w) for w in seeds.warnings]


def test_the_seeds_have_no_probable_duplicates() -> None:
    seeds = read_seeds(seeds_dir())
    assert seeds.ok and seeds.warnings == []
    result = invoke(["validate", "--strict", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["warnings"] == []


def test_two_sources_with_the_same_text(tmp_path: Path) -> None:
    root = _folder(tmp_path, "", ("Wexcombe and Ashby.\n", "Wexcombe  and\nAshby.",
                                  "Wexcombe alone.\n"))
    (w,) = _warnings(root)
    assert w.startswith("facts/sources.yaml:7: source:001: probable duplicate of source:000 "
                        "(facts/sources.yaml:1)")
    assert "same text" in w and "sources/1.txt" in w and "sources/0.txt" in w
    assert "cite source:000 instead of source:001" in w
    # a warning: validate passes, and says how many; --strict fails, --json lists it
    result = invoke(["validate", "--seeds", str(root)])
    assert result.exit_code == 0
    assert "warning: facts/sources.yaml:7: source:001" in result.output
    assert "1 probable duplicate(s)" in result.output
    assert invoke(["validate", "--seeds", str(root), "--strict"]).exit_code == 1
    doc = json.loads(invoke(["validate", "--seeds", str(root), "--json"]).stdout)
    assert doc["ok"] is True and doc["problems"] == []
    (item,) = doc["warnings"]
    assert item["file"] == "facts/sources.yaml" and item["line"] == 7
    assert item["record"] == "source:001"


def test_two_people_of_one_name_in_one_organisation(tmp_path: Path) -> None:
    facts = (_person("person:bob-badham", "Bob Badham")
             + _person("person:robert-badham", "Robert Badham", "Cllr Bob Badham")
             + _person("person:bob-badham-2", "Bob Badham")  # namesake at another council
             + _post("post:w:leader", "org:wexcombe", "leader")
             + _post("post:w:lead", "org:wexcombe", "lead_member")
             + _post("post:a:leader", "org:ashby", "leader")
             + _tenure("tenure:a", "person:bob-badham", "post:w:leader")
             + _tenure("tenure:b", "person:robert-badham", "post:w:lead")
             + _tenure("tenure:c", "person:bob-badham-2", "post:a:leader"))
    root = _folder(tmp_path, facts)
    (w,) = _warnings(root)
    assert "person:robert-badham: probable duplicate of person:bob-badham (facts/facts/x.yaml:" \
        in w
    assert "'bob badham'" in w and "org:wexcombe" in w
    assert "move person:robert-badham's aliases, citations and tenures" in w


def test_people_without_posts_or_a_shared_surname_are_not_reported(tmp_path: Path) -> None:
    facts = (_person("person:a", "Ann Smith", "Ms Smith") + _person("person:b", "Bea Smith",
                                                                   "Ms Smith")
             + _person("person:c", "Ann Smith")  # holds no post
             + _post("post:w:leader", "org:wexcombe", "leader")
             + _post("post:w:lead", "org:wexcombe", "lead_member")
             + _tenure("tenure:a", "person:a", "post:w:leader")
             + _tenure("tenure:b", "person:b", "post:w:lead"))
    assert _warnings(_folder(tmp_path, facts)) == []


def test_overlapping_inspections_of_one_organisation(tmp_path: Path) -> None:
    facts = (_inspection("inspection:w:2016", "single_inspection", published="2016-04")
             + _inspection("inspection:w:2016-04", "other", start="2016-04")
             + _inspection("inspection:w:2019", "other", published="2019"))
    root = _folder(tmp_path, facts)
    (w,) = _warnings(root)
    assert w.startswith("facts/facts/x.yaml:")
    assert "inspection:w:2016-04: probable duplicate of inspection:w:2016 (facts/facts/x.yaml:"\
        in w
    assert "overlapping dates (2016-04-01..2016-04-30" in w
    assert "record a Conflict between inspection:w:2016 and inspection:w:2016-04" in w


def test_a_conflict_or_another_kind_silences_the_inspection_report(tmp_path: Path) -> None:
    overlapping = (_inspection("inspection:w:2009", "other", published="2009")
                   + _inspection("inspection:w:2009-b", "other", published="2009-06"))
    conflict = ("- schema: Conflict\n  id: conflict:w-first\n"
                "  between: [inspection:w:2009, inspection:w:2009-b]\n"
                "  note: the sources disagree about the first inadequate judgement\n")
    assert len(_warnings(_folder(tmp_path / "a", overlapping))) == 1
    assert _warnings(_folder(tmp_path / "b", overlapping + conflict)) == []
    kinds = (_inspection("inspection:w:ilacs", "ilacs", published="2018")
             + _inspection("inspection:w:mv", "monitoring_visit", published="2018-05"))
    assert _warnings(_folder(tmp_path / "c", kinds)) == []


def test_each_rule_on_a_copy_of_the_seeds(seeds_copy: Path) -> None:
    """The bundled facts with one duplicate of each kind added, as a careless edit would."""
    shutil.copy(seeds_copy / "sources" / "003_2b85f12c6c64fa2a.txt",
                seeds_copy / "sources" / "dudley-again.txt")
    with (seeds_copy / "sources.yaml").open("a", encoding="utf-8") as f:
        f.write("\n- schema: Source\n  id: source:005\n  file: sources/dudley-again.txt\n"
                "  title: Dudley again\n  published: 2016-04\n  published_certainty: stated\n")
    q = "  sources: [{source: source:003, quote: Sarah Norman, certainty: stated}]\n"
    (seeds_copy / "facts" / "more.yaml").write_text(
        "- schema: Person\n  id: person:sarah-norman-2\n  name: Sarah  Norman\n" + q
        + "- schema: Tenure\n  id: tenure:sn2\n  person: person:sarah-norman-2\n"
          "  post: post:dudley:lead_member\n" + q
        + "- schema: Inspection\n  id: inspection:dudley:2016-04\n  organisation: org:dudley\n"
          "  kind: other\n  start: 2016-04\n" + q, encoding="utf-8")
    warnings = _warnings(seeds_copy)
    assert len(warnings) == 3, warnings
    text, person, insp = (next(w for w in warnings if f": {rid}: " in w) for rid in
                          ("source:005", "person:sarah-norman-2", "inspection:dudley:2016-04"))
    assert "source:005: probable duplicate of source:003 (seeds/sources.yaml:" in text
    assert "person:sarah-norman-2: probable duplicate of person:sarah-norman" in person
    assert "seeds/facts/more.yaml:" in person and "org:dudley" in person
    assert "inspection:dudley:2016-04: probable duplicate of inspection:dudley:2016 " \
           "(seeds/facts/dudley.yaml:125)" in insp


def test_the_seeds_conflict_silences_overlapping_sandwell_inspections(seeds_copy: Path) -> None:
    """conflict:sandwell-first-inadequate names inspection:sandwell:2009 and :2010 (sources
    disagree about the first inadequate judgement). Their years do not overlap; dated the
    same year, the Conflict still keeps them out of the report, and without it they are
    reported."""
    facts = seeds_copy / "facts" / "sandwell.yaml"
    text = facts.read_text(encoding="utf-8")
    moved = text.replace('  kind: safeguarding_and_looked_after\n  published: "2010"',
                         '  kind: other\n  published: "2009"')
    assert moved != text
    facts.write_text(moved, encoding="utf-8")
    assert _warnings(seeds_copy) == []
    start = moved.index("- schema: Conflict\n  id: conflict:sandwell-first-inadequate")
    end = moved.index("- schema: Conflict", start + 10)
    facts.write_text(moved[:start] + moved[end:], encoding="utf-8")
    (w,) = _warnings(seeds_copy)
    assert "inspection:sandwell:2010: probable duplicate of inspection:sandwell:2009" in w
