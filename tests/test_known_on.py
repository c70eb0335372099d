"""As known on a date (issue 18): answers from the sources out by then, and what changed.

On both engines (the embedded store and a real Neo4j), loaded with the seeds plus the
fixture of tests/test_unknown_dates.py (source:900, published 2016-05, names a later leader
of Sandwell, Yvonne Example, whose start bounds Darren Cooper's unknown end).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from accountable.graph.dates import known_cut, known_status, period

import accountable
from tests.conftest import invoke
from tests.test_neo4j import canonical
from tests.test_unknown_dates import (  # noqa: F401 - fixtures
    COOPER,
    SUCCESSOR,
    Ask,
    embedded,
    fixture_seeds,
    neo4j,
)

FEB_2013 = "inspection:sandwell:2013-02"
HACKETT = "tenure:simon-hackett:sandwell-lead-member"


@pytest.fixture(scope="module", params=["embedded", "neo4j"])
def ask(request: pytest.FixtureRequest) -> Ask:
    """Both engines, loaded with the fixture seeds."""
    return request.getfixturevalue(request.param)


# ---------------------------------------------------------------- the rule


@pytest.mark.parametrize(("published", "known_on", "expected"), [
    ("2013-03", "2013-03-31", "known"),      # certainly out by the month's last day
    ("2013-03", "2013-03", "known"),         # "on or before 2013-03": the month counts
    ("2013-03", "2013-03-15", "possibly_known"),  # the month straddles the day
    ("2013-03", "2013-02-28", None),         # not out yet
    ("2015", "2015-06", "possibly_known"),   # a year straddles any month but December
    ("2015", "2015-12", "known"),
    ("2013-03-14", "2013-03-14", "known"),
    ("2013-03-14", "2013-03-13", None),
])
def test_the_rule(published: str, known_on: str, expected: str | None) -> None:
    first, last = period(published)
    assert known_status(first, last, known_cut(known_on)) == expected
    assert known_status(first, last, None) == "known"  # no cut: every source


# ---------------------------------------------------------------- who, as known on a date


def _citations(answer: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for item in answer["holders"] + answer["contracts"] for s in item["sources"]]


def test_who_as_known_when_the_report_came_out(ask: Ask) -> None:
    full = ask("who", "Sandwell", "--inspection", FEB_2013)
    cut = ask("who", "Sandwell", "--inspection", FEB_2013, "--known-on", "2013-03-31")
    # every citation is from a source certainly out by then: only source:002 (2013-03)
    cited = _citations(cut)
    assert cited and {s["source"] for s in cited} == {"source:002"}
    assert {s["known"] for s in cited} == {"known"}
    assert {h["known"] for h in cut["holders"]} == {"known"}
    assert cut["known_on"]["statement"] == "as known on 2013-03-31: 1 of 6 sources"
    assert cut["known_on"]["inspection"] == "known"
    # ... and it differs: Simon Hackett is named only by the 2015 articles
    assert HACKETT in {h["tenure_id"] for h in full["holders"]}
    assert HACKETT not in {h["tenure_id"] for h in cut["holders"]}
    assert {s["source"] for s in _citations(full)} > {"source:002"}
    # a fact keeps only its earlier citations, and says how many it lost
    cooper = next(h for h in cut["holders"] if h["tenure_id"] == COOPER)
    assert [s["source"] for s in cooper["sources"]] == ["source:002"]
    assert cooper["citations_dropped"] == 2
    # the conflict between the two accounts of the contract needs 001 (2015): not shown
    assert not any(c.get("conflicts") for c in cut["contracts"])
    assert any(c.get("conflicts") for c in full["contracts"])
    # the grade only 000 (2015) gives is not known yet
    assert cut["latest_inspection"]["judgements"] == [{"area": "overall",
                                                       "grade": "inadequate"}]


def test_mid_month_the_same_citations_are_possibly_known(ask: Ask) -> None:
    day = ask("who", "Sandwell", "--inspection", FEB_2013, "--known-on", "2013-03-15")
    end = ask("who", "Sandwell", "--inspection", FEB_2013, "--known-on", "2013-03-31")

    def quotes(a: dict[str, Any]) -> set[tuple[str, str]]:
        return {(s["source"], s["quote"]) for s in _citations(a)}

    assert quotes(day) == quotes(end)
    assert {s["known"] for s in _citations(day)} == {"possibly_known"}
    assert {h["known"] for h in day["holders"]} == {"possibly_known"}
    assert day["known_on"]["sources_known"] == 0
    assert day["known_on"]["sources_possibly_known"] == 1
    assert "0 of 6 sources (and 1 possibly" in day["known_on"]["statement"]
    # before the article, nothing: unknown is not "nobody"
    before = ask("who", "Sandwell", "--inspection", FEB_2013, "--known-on", "2013-02")
    assert before["holders"] == [] and before["contracts"] == []
    assert before["known_on"]["inspection"] is None


def test_a_bound_set_by_a_later_source_is_not_known_before_it(ask: Ask) -> None:
    # Cooper's unknown end runs to Yvonne Example's start, but only once source:900
    # (2016-05) is out; before it, his end has no bound and he is possibly still in post.
    before = ask("who", "Sandwell", "--on", "2016-07-01", "--known-on", "2016-04")
    after = ask("who", "Sandwell", "--on", "2016-07-01", "--known-on", "2016-06")
    h = next(h for h in before["holders"] if h["tenure_id"] == COOPER)
    assert (h["status"], h["span_to"], h["span_to_by"]) == ("possibly_held", None, None)
    assert SUCCESSOR not in {x["tenure_id"] for x in before["holders"]}
    assert COOPER not in {x["tenure_id"] for x in after["holders"]}
    gone = next(k for k in after["known_not_held"] if k["tenure_id"] == COOPER)
    assert (gone["date"], gone["set_by"]) == ("2016-05-31", SUCCESSOR)
    # mid-May source:900 is possibly out: it counts, labelled
    mid = ask("who", "Sandwell", "--on", "2016-05", "--known-on", "2016-05-15")
    y = next(x for x in mid["holders"] if x["tenure_id"] == SUCCESSOR)
    assert y["known"] == "possibly_known"


@pytest.mark.parametrize(("when", "known_on"), [
    ("2013-02-15", "2013-03-31"), ("2013-02-15", "2013-03-15"), ("2016-07-01", "2016-04"),
    ("2016-01", "2016-06"), ("2015-06", "2015-06"),
])
def test_who_and_the_canned_cypher_agree(ask: Ask, when: str, known_on: str) -> None:
    who = ask("who", "Sandwell", "--on", when, "--known-on", known_on)
    q_from, q_to = period(when)
    rows = ask("query", "holders_on_date", "-p", "org_id=org:sandwell", "-p", f"from={q_from}",
               "-p", f"to={q_to}", "--known-on", known_on)
    keys = ("tenure_id", "status", "certainty", "known", "span_from", "span_to",
            "citations_dropped")
    assert [{k: h[k] for k in keys} for h in who["holders"]] == \
        [{k: r[k] for k in keys} for r in sorted(
            rows, key=lambda r: [(h["tenure_id"]) for h in who["holders"]].index(r["tenure_id"]))]
    not_held = ask("query", "known_not_held", "-p", "org_id=org:sandwell", "-p",
                   f"from={q_from}", "-p", f"to={q_to}", "-p", f"known_on={known_on}")
    assert [k["tenure_id"] for k in who["known_not_held"]] == [r["tenure_id"] for r in not_held]


QUESTIONS = [
    ["who", "Sandwell", "--inspection", FEB_2013, "--known-on", "2013-03-31"],
    ["who", "Sandwell", "--inspection", FEB_2013, "--known-on", "2013-03-15"],
    ["who", "Sandwell", "--on", "2016-07-01", "--known-on", "2016-04"],
    ["who", "Dudley", "--inspection", "inspection:dudley:2016", "--known-on", "2016-04"],
    ["person", "Simon Hackett", "--known-on", "2015-02"],
    ["person", "Darren Cooper", "--known-on", "2013-03-31"],
    ["timeline", "Sandwell", "--known-on", "2015-01"],
    ["timeline", "Dudley", "--known-on", "2017"],
    ["changes", "Sandwell", "--from", "2013-04", "--to", "2016"],
    ["changes", "Dudley", "--from", "2016-04", "--to", "2018"],
]


@pytest.mark.parametrize("args", QUESTIONS, ids=[" ".join(a) for a in QUESTIONS])
def test_both_engines_give_the_same_answers(embedded: Ask, neo4j: Ask,  # noqa: F811
                                            args: list[str]) -> None:
    assert canonical(embedded(*args)) == canonical(neo4j(*args))


# ---------------------------------------------------------------- person, timeline


def test_person_and_timeline_keep_only_what_was_out(ask: Ask) -> None:
    hackett = ask("person", "Simon Hackett", "--known-on", "2013-03-31")
    assert hackett["tenures"] == [] and hackett["events"] == []
    early = ask("person", "Simon Hackett", "--known-on", "2015-02")
    [t] = early["tenures"]
    # 000 (2015-01) is out; 001 (published some time in 2015) possibly
    assert {s["source"]: s["known"] for s in t["sources"]} == {
        "source:000": "known", "source:001": "possibly_known"}
    assert t["known"] == "known"
    timeline = ask("timeline", "Sandwell", "--known-on", "2013-04")
    assert timeline["known_on"]["statement"] == "as known on 2013-04: 1 of 6 sources"
    facts = timeline["tenures"] + timeline["contracts"] + timeline["inspections"] \
        + timeline["events"]
    assert facts and {s["source"] for f in facts for s in f["sources"]} == {"source:002"}
    assert {e["id"] for e in timeline["entries"]} == {
        f.get("tenure_id") or f.get("contract_id") or f["id"] for f in facts}
    whole = ask("timeline", "Sandwell")
    assert len(whole["entries"]) > len(timeline["entries"])
    assert "known_on" not in whole and "sources" not in whole["tenures"][0]


# ---------------------------------------------------------------- changes


def test_changes_lists_what_the_2015_articles_added(ask: Ask) -> None:
    c = ask("changes", "Sandwell", "--from", "2013-04", "--to", "2016")
    assert c["from"]["statement"] == "as known on 2013-04: 1 of 6 sources"
    assert c["to"]["statement"] == "as known on 2016: 5 of 6 sources"
    new = {f["id"]: f for f in c["new_facts"]}
    # Simon Hackett as cabinet member: first named by 000 (2015-01) and 001 (2015)
    assert {s["source"] for s in new[HACKETT]["sources"]} == {"source:000", "source:001"}
    assert {s["source"] for s in new["event:sandwell:2015:report-delayed"]["sources"]} == {
        "source:001"}
    assert "inspection:sandwell:2015" in new and "inspection:sandwell:2010" in new
    assert c["new_sources"] == ["source:000", "source:001", "source:900"]
    # the fixture's article (2016-05) brings a successor, who bounds Cooper's end
    assert {s["source"] for s in new[SUCCESSOR]["sources"]} == {"source:900"}
    # nothing from before the cut is "new"
    assert "tenure:bob-badham:sandwell-lead-member" not in new
    changed = {f["id"]: f for f in c["changed_facts"]}
    cooper = {d["field"]: d for d in changed[COOPER]["changes"]}
    assert (cooper["span_to"]["from"], cooper["span_to"]["to"]) == (None, "2016-05-31")
    assert "source:900" in {s["source"] for s in changed[COOPER]["sources"]}
    assert cooper["citations"] == {"field": "citations", "from": 1, "to": 3}
    impower = {d["field"]: d for d in changed["contract:sandwell:impower"]["changes"]}
    assert impower["certainty"] == {"field": "certainty", "from": "reported",
                                    "to": "inferred"}
    conflicts = {tuple(x["between"]): x for x in c["new_conflicts"]}
    pair = ("contract:sandwell:impower", "contract:sandwell:impower:001-account")
    assert {s["source"] for s in conflicts[pair]["sources"]} == {"source:001"}
    # and from 2016 to 2016: nothing
    same = ask("changes", "Sandwell", "--from", "2016", "--to", "2016")
    assert same["new_facts"] == same["changed_facts"] == same["new_conflicts"] == []


def test_changes_on_the_seeds_in_the_terminal(cli: Any) -> None:
    r = cli("changes", "Sandwell", "--from", "2013-04", "--to", "2016")
    assert r.exit_code == 0, r.output
    text = " ".join(r.stdout.split())
    assert "as known on 2013-04: 1 of 5 sources" in text
    assert "Simon Hackett: Cabinet member" in text and "New conflict" in text
    bad = cli("changes", "Sandwell", "--from", "2016", "--to", "2013")
    assert bad.exit_code == 2 and "--from 2016 is after --to 2013" in bad.output
    # a canned query without the parameter says so
    r = cli("query", "people", "--known-on", "2013")
    assert r.exit_code == 2 and "people takes no parameter known_on" in r.output
    # the inspection asked about was in no source yet: said so, not hidden
    r = cli("who", "Sandwell", "--inspection", "inspection:sandwell:2013-02", "--known-on",
            "2013-02")
    assert r.exit_code == 0, r.output
    assert "no source out by 2013-02 mentions this inspection" in r.stdout


# ---------------------------------------------------------------- API, view


def test_the_api_answers_as_the_cli(fixture_seeds: Path, tmp_path: Path) -> None:  # noqa: F811
    env = {"ACCOUNTABLE_SEEDS": str(fixture_seeds), "ACCOUNTABLE_DATA": str(tmp_path)}
    r = invoke(["who", "Sandwell", "--inspection", FEB_2013, "--known-on", "2013-03-31",
                "--json"], env)
    assert r.exit_code == 0, r.output
    with accountable.open(data_dir=tmp_path, seeds=fixture_seeds, notify=None) as graph:
        answer = graph.who("Sandwell", inspection=FEB_2013, known_on="2013-03-31")
        rows = graph.query("holders_on_date", {"org_id": "org:sandwell", "from": "2013-02-01",
                                               "to": "2013-03-31", "known_on": "2013-03"})
        with pytest.raises(ValueError, match="known_on"):
            graph.who("Sandwell", on="2013", known_on="March")
        changes = graph.changes("Sandwell", "2013-04", "2016")
    assert accountable.to_json(answer) == r.stdout
    assert {x["tenure_id"] for x in rows} == {h["tenure_id"] for h in answer["holders"]}
    assert HACKETT in {f["id"] for f in changes["new_facts"]}


def test_view_draws_only_what_was_out(fixture_seeds: Path, tmp_path: Path) -> None:  # noqa: F811
    env = {"ACCOUNTABLE_SEEDS": str(fixture_seeds), "ACCOUNTABLE_DATA": str(tmp_path)}
    page = tmp_path / "map.html"
    r = invoke(["view", "Sandwell", "--inspection", FEB_2013, "--known-on", "2013-03-31",
                "--out", str(page), "--json"], env)
    assert r.exit_code == 0, r.output
    info = json.loads(r.stdout)
    assert info["known_on"] == "as known on 2013-03-31: 1 of 6 sources"
    html = page.read_text(encoding="utf-8")
    # (a curator's note on Cooper's tenure names Hackett; his tenure is not drawn)
    assert "tenure:bob-badham:sandwell-lead-member" in html and HACKETT not in html
    # quotes of source:002 only: none of 000 (2015-01)
    assert "has resigned after Ofsted rated" in html
    assert "ousted Councillor Bob Badham" not in html
    assert "as known on 2013-03-31" in html
    full = tmp_path / "full.html"
    r = invoke(["view", "Sandwell", "--inspection", FEB_2013, "--out", str(full)], env)
    assert r.exit_code == 0, r.output
    whole = full.read_text(encoding="utf-8")
    assert HACKETT in whole and "ousted Councillor Bob Badham" in whole
    chart = tmp_path / "timeline.html"
    r = invoke(["timeline", "Sandwell", "--known-on", "2014", "--out", str(chart)], env)
    assert r.exit_code == 0, r.output
    assert "as known on 2014: 1 of 6 sources" in chart.read_text(encoding="utf-8")


def test_the_readme_example_is_real(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import doctest
    import re

    readme = Path(__file__).resolve().parent.parent / "README.md"
    text = readme.read_text(encoding="utf-8")
    section = text[text.index("## As known on a date"):]
    block = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert block, "README: no ```python block under 'As known on a date'"
    monkeypatch.setenv("ACCOUNTABLE_DATA", str(tmp_path / "store"))  # a fresh embedded store
    monkeypatch.delenv("ACCOUNTABLE_SEEDS", raising=False)
    test = doctest.DocTestParser().get_doctest(block.group(1), {}, "README", str(readme), 0)
    assert len(test.examples) >= 10
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0
