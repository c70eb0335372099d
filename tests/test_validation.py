"""Bad input: each gives a clear error naming file, line and field, and loads nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from accountable.graph.load import is_empty
from accountable.graph.paths import seeds_dir
from accountable.graph.store import EmbeddedStore
from accountable.loaders.validate import normalise, read_seeds

from tests.conftest import ROOT, invoke

GOOD_TENURE = """\
- schema: Tenure
  id: tenure:test:bad
  person: person:simon-hackett
  post: post:sandwell:lead_member
  start: "2014"
  sources:
    - source: source:001
      quote: "Cllr. Hackett retains his Cabinet post"
      certainty: stated
"""

CASES = {
    "broken_yaml": ("- schema: Person\n  id: person:x\n  name: [unclosed\n", 3, None,
                    "YAML syntax error"),
    "unknown_id": (GOOD_TENURE.replace("person:simon-hackett", "person:simon-hacket"), 3,
                   "person", "unknown id 'person:simon-hacket'"),
    "quote_not_in_source": (GOOD_TENURE.replace("retains his Cabinet post",
                                                "keeps his Cabinet post"), 8,
                            "sources[0].quote", "quote not in the source source:001"),
    "end_before_start": (GOOD_TENURE.replace('start: "2014"', 'start: "2014"\n  end: 2013-06'),
                         6, "end", "end before start"),
    "impossible_date": (GOOD_TENURE.replace('start: "2014"', "start: 2013-02-30"), 5, "start",
                        "impossible date"),
    "duplicate_id": (GOOD_TENURE.replace("tenure:test:bad", "tenure:simon-hackett:"
                                         "sandwell-lead-member"), 1, "id", "duplicate id"),
    "unknown_post_kind": ("- schema: Post\n  id: post:sandwell:bad\n  title: Overlord\n"
                          "  kind: overlord\n  in: org:sandwell\n  sources:\n"
                          "    - {source: source:001, quote: \"head of service\", "
                          "certainty: stated}\n", 4, "kind", "'overlord' is not a post_kind"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_named_and_nothing_is_loaded(case: str, seeds_copy: Path,
                                                  tmp_path: Path) -> None:
    text, line, field, message = CASES[case]
    bad = seeds_copy / "facts" / "zz_bad.yaml"
    bad.write_text(text, encoding="utf-8")

    r = invoke(["validate", "--seeds", str(seeds_copy), "--json"])
    assert r.exit_code == 1, r.output
    report = json.loads(r.stdout)
    assert report["ok"] is False
    (problem,) = report["problems"]
    assert problem["file"] == "seeds/facts/zz_bad.yaml"
    assert problem["line"] == line
    assert problem["field"] == field
    assert message in problem["message"]
    assert problem["fix"]

    store_dir = tmp_path / "store"
    r = invoke(["load", "--seeds", str(seeds_copy), "--data-dir", str(store_dir)])
    assert r.exit_code == 1
    assert f"seeds/facts/zz_bad.yaml:{line}:" in r.stderr
    assert "nothing was loaded" in r.stderr
    store = EmbeddedStore(store_dir)
    try:
        assert is_empty(store)
    finally:
        store.close()


def test_every_problem_is_reported_in_one_run(seeds_copy: Path) -> None:
    (seeds_copy / "facts" / "zz_bad.yaml").write_text(
        GOOD_TENURE.replace("person:simon-hackett", "person:nobody")
        .replace('start: "2014"', "start: 2014-13")
        .replace("certainty: stated", "certainty: sure"), encoding="utf-8")
    result = read_seeds(seeds_copy)
    fields = sorted(p.field or "" for p in result.problems)
    assert fields == ["person", "sources[0].certainty", "start"]
    assert all(p.file == "seeds/facts/zz_bad.yaml" for p in result.problems)


def test_a_fact_without_a_source_is_refused(seeds_copy: Path) -> None:
    (seeds_copy / "facts" / "zz_bad.yaml").write_text(
        GOOD_TENURE.split("  sources:")[0], encoding="utf-8")
    (problem,) = read_seeds(seeds_copy).problems
    assert problem.field == "sources"
    assert "no source cited" in problem.message


def test_the_seeds_are_valid_and_every_quote_is_in_its_source() -> None:
    result = read_seeds(seeds_dir())
    assert result.problems == []
    sources = {r.id: r for r in result.records if r.schema.name == "Source"}
    assert len(sources) == 5
    quotes = 0
    for rec in result.records:
        for cite in rec.data.get("sources") or []:
            text = (seeds_dir() / sources[cite["source"]].data["file"]).read_text("utf-8")
            assert normalise(cite["quote"]) in normalise(text), (rec.id, cite["quote"])
            quotes += 1
    assert quotes >= 100


def test_articles_are_kept_byte_for_byte() -> None:
    shared = ROOT.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    originals = sorted(p.name for p in shared.glob("*.txt"))
    assert originals == sorted(p.name for p in (seeds_dir() / "sources").glob("*.txt"))
    for name in originals:
        assert (shared / name).read_bytes() == (seeds_dir() / "sources" / name).read_bytes()


def test_loading_twice_gives_the_same_counts(tmp_path: Path) -> None:
    first = invoke(["load", "--data-dir", str(tmp_path), "--json"])
    second = invoke(["load", "--data-dir", str(tmp_path), "--json"])
    assert first.exit_code == second.exit_code == 0, first.output + second.output
    a, b = json.loads(first.stdout), json.loads(second.stdout)
    assert a["counts"] == b["counts"]
    assert a["counts"]["Tenure"] == len([r for r in read_seeds(seeds_dir()).records
                                         if r.schema.name == "Tenure"])
    assert sum(v for k, v in a["counts"].items() if k[0].isupper() and not k.isupper()) \
        == a["rows"]["nodes"]


def test_a_conflict_citing_words_not_in_the_source_is_refused(seeds_copy: Path) -> None:
    (seeds_copy / "facts" / "zz_bad.yaml").write_text(
        "- schema: Conflict\n  id: conflict:test\n"
        "  between: [inspection:sandwell:2009, inspection:sandwell:2010]\n"
        "  note: test\n  sources:\n"
        "    - {source: source:002, quote: \"first judged adequate\", certainty: stated}\n",
        encoding="utf-8")
    (problem,) = read_seeds(seeds_copy).problems
    assert (problem.record, problem.field) == ("conflict:test", "sources[0].quote")


def test_a_full_read_reports_its_progress(tmp_path: Path) -> None:
    """A million facts take minutes to read and check: read_seeds says how far it is, file
    by file, article by article and record by record, ending at the totals."""
    from benchmarks.folder import write_folder

    info = write_folder(2000, tmp_path / "facts", seed=3)
    heard: list[tuple[str, int, int]] = []
    seeds = read_seeds(tmp_path / "facts", progress=lambda w, d, t: heard.append((w, d, t)))
    assert seeds.ok, seeds.problems[:3]
    last = {what: (done, total) for what, done, total in heard}
    files = len(list((tmp_path / "facts" / "facts").glob("*.yaml")))
    sources = sum(r.schema.kind == "source" for r in seeds.records)
    assert last["reading the facts files"] == (files, files)
    assert last["reading the articles"] == (sources, sources)
    assert last["checking the records"] == (info["records"], info["records"])
    assert [w for w, _, _ in heard].index("reading the articles") > \
        [w for w, _, _ in heard].index("reading the facts files")
    assert all(0 < d <= t for _, d, t in heard)
