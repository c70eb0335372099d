"""Unknown start or end = possibly held, bounded by the post's other holders (issue 7,
DESIGN.md section 5): the same answers from `who`, the canned Cypher and the timeline data,
on both engines, for the seeds and for a fixture that adds a competing claim and a successor.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from accountable.graph.dates import period
from accountable.graph.paths import seeds_dir
from accountable.graph.store import EmbeddedStore, Neo4jStore, Store

from accountable.render import subgraph
from accountable.render.timeline import chart_range, timeline_segments
from tests.conftest import invoke

RIVAL = "tenure:jane-rival:sandwell-dcs"
WHITE = "tenure:simon-white:sandwell-dcs"
COOPER = "tenure:darren-cooper:sandwell-leader"
SUCCESSOR = "tenure:yvonne-example:sandwell-leader"
SMITH = "tenure:helen-smith:sandwell-service-director"
FEB_2013 = "inspection:sandwell:2013-02"

# A made-up article for the test only: a second source naming a different director of
# children's services, giving only the day she resigned (weeks after the February 2013
# inspection, after its report), and a later leader of the council.
ARTICLE = """\
TEST FIXTURE, NOT A REAL ARTICLE.
Jane Rival, Sandwell council's director of children's services, resigned on 5 April 2013, \
weeks after Ofsted inspected the service in February.
Councillor Yvonne Example, leader of Sandwell council, spoke to the paper in May 2016.
"""

FACTS = """\
- schema: Person
  id: person:jane-rival
  name: Jane Rival
  sources:
    - source: source:900
      quote: "Jane Rival, Sandwell council's director of children's services"
      certainty: stated

- schema: Tenure
  id: tenure:jane-rival:sandwell-dcs
  person: person:jane-rival
  post: post:sandwell:dcs
  end: 2013-04-05
  ended_by: resigned
  sources:
    - source: source:900
      quote: "director of children's services, resigned on 5 April 2013"
      certainty: stated

- schema: Conflict
  id: conflict:sandwell-dcs-2013
  between: [tenure:simon-white:sandwell-dcs, tenure:jane-rival:sandwell-dcs]
  sources:
    - source: source:002
      quote: "Simon White, who still remains in place"
      certainty: inferred
    - source: source:900
      quote: "Jane Rival, Sandwell council's director of children's services"
      certainty: stated
  note: Two sources name different directors of children's services in spring 2013.

- schema: Person
  id: person:yvonne-example
  name: Yvonne Example
  sources:
    - source: source:900
      quote: "Councillor Yvonne Example, leader of Sandwell council"
      certainty: stated

- schema: Tenure
  id: tenure:yvonne-example:sandwell-leader
  person: person:yvonne-example
  post: post:sandwell:leader
  start_before: 2016-05
  end_after: 2016-05
  sources:
    - source: source:900
      quote: "leader of Sandwell council, spoke to the paper in May 2016"
      certainty: stated
"""

SOURCE = """
- schema: Source
  id: source:900
  file: sources/900_fixture.txt
  title: Test fixture (not a real article)
  published: 2016-05
  published_certainty: stated
"""


def make_fixture(root: Path) -> Path:
    """A copy of the seeds plus the fixture article, its Source and facts."""
    dst = root / "seeds"
    shutil.copytree(seeds_dir(), dst)
    (dst / "sources" / "900_fixture.txt").write_text(ARTICLE, encoding="utf-8")
    with (dst / "sources.yaml").open("a", encoding="utf-8") as f:
        f.write(textwrap.dedent(SOURCE))
    (dst / "facts" / "zz_fixture.yaml").write_text(FACTS, encoding="utf-8")
    return dst


Ask = Callable[..., Any]


def _asker(env: dict[str, str | None], extra: list[str]) -> Ask:
    def run(*args: str) -> Any:
        r = invoke([*args, *extra, "--json"], env)
        assert r.exit_code == 0, f"{args}: {r.output}"
        return json.loads(r.stdout)
    run.env = env  # type: ignore[attr-defined]
    return run


def open_store(ask: Ask) -> Store:
    env = ask.env  # type: ignore[attr-defined]
    if env.get("NEO4J_URI"):
        return Neo4jStore(env["NEO4J_URI"], env["NEO4J_USER"], env["NEO4J_PASSWORD"])
    return EmbeddedStore(Path(env["ACCOUNTABLE_DATA"]))


@pytest.fixture(scope="module")
def fixture_seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    seeds = make_fixture(tmp_path_factory.mktemp("fixture"))
    r = invoke(["validate", "--seeds", str(seeds)])
    assert r.exit_code == 0, r.output
    return seeds


@pytest.fixture(scope="module")
def embedded(fixture_seeds: Path, tmp_path_factory: pytest.TempPathFactory) -> Ask:
    data = tmp_path_factory.mktemp("store-fixture")
    env = {"ACCOUNTABLE_SEEDS": str(fixture_seeds), "ACCOUNTABLE_DATA": str(data)}
    r = invoke(["load"], env)
    assert r.exit_code == 0, r.output
    return _asker(env, [])


@pytest.fixture(scope="module")
def neo4j(fixture_seeds: Path, neo4j_env: dict[str, str | None]) -> Ask:
    env = {**neo4j_env, "ACCOUNTABLE_SEEDS": str(fixture_seeds)}
    r = invoke(["load", "--neo4j", "--wipe"], env)
    assert r.exit_code == 0, r.output
    return _asker(env, ["--neo4j"])


@pytest.fixture(scope="module", params=["embedded", "neo4j"])
def ask(request: pytest.FixtureRequest) -> Ask:
    """Both engines, loaded with the fixture seeds."""
    return request.getfixturevalue(request.param)


def listed(result: dict[str, Any]) -> dict[str, str]:
    return {h["tenure_id"]: h["status"] for h in result["holders"]}


def from_cypher(ask: Ask, org: str, when: str) -> dict[str, str]:
    q_from, q_to = period(when)
    rows = ask("query", "holders_on_date", "-p", f"org_id={org}", "-p", f"from={q_from}",
               "-p", f"to={q_to}")
    return {r["tenure_id"]: r["status"] for r in rows}


def from_timeline(timeline: dict[str, Any], when: str) -> dict[str, str]:
    """Which tenures the drawn timeline puts on a day, and how: `held` where a bar's known
    part covers it, else `possibly_held` where any part (window, open, possible) does."""
    day = date.fromisoformat(when)
    out: dict[str, str] = {}
    by_row = {(t["post"], t["person"]): t["tenure_id"] for t in timeline["tenures"]}
    for seg in timeline_segments(timeline):
        if seg.kind == "tenure" and seg.start <= day <= seg.end:
            tid = by_row[(seg.group, seg.row)]
            if seg.style == "known" or out.get(tid) == "held":
                out[tid] = "held"
            else:
                out[tid] = "possibly_held"
    return out


def test_the_fixture_adds_a_competing_claim_and_a_successor(ask: Ask) -> None:
    r = ask("person", "Jane Rival")
    assert [t["tenure_id"] for t in r["tenures"]] == [RIVAL]


# ---------------------------------------------------------------- the three cases, 3 ways

# (day, tenure, expected status or None, span side and bound it must show)
CASES = [
    # the leader on 2013-02-15: Darren Cooper, start unknown, nobody before him: possibly
    ("2013-02-15", COOPER, "possibly_held", ("span_from", None, None)),
    # an unknown end bounded by a successor: Cooper's end runs to the first day the fixture
    # puts Yvonne Example in post (by the end of May 2016), no further
    ("2016-01-10", COOPER, "possibly_held", ("span_to", "2016-05-31", SUCCESSOR)),
    ("2016-07-01", COOPER, None, ("span_to", "2016-05-31", SUCCESSOR)),
    ("2014-06-01", COOPER, "held", ("span_to", "2016-05-31", SUCCESSOR)),
    # ... and the successor's unknown start runs back to Cooper's last certain day
    ("2015-06-01", SUCCESSOR, "possibly_held", ("span_from", "2015-05-01", COOPER)),
    ("2014-06-01", SUCCESSOR, None, ("span_from", "2015-05-01", COOPER)),
    # a post with no other holders: Helen Smith's unknown start has no bound
    ("2009-01-01", SMITH, "possibly_held", ("span_from", None, None)),
    ("2013-04-01", SMITH, None, ("span_to", "2013-03-31", None)),
]


@pytest.mark.parametrize(("day", "tenure", "expected", "bound"), CASES,
                         ids=[f"{c[1].split(':')[1]}@{c[0]}" for c in CASES])
def test_who_cypher_and_timeline_agree(ask: Ask, day: str, tenure: str,
                                       expected: str | None, bound: tuple) -> None:
    who = ask("who", "Sandwell", "--on", day)
    cypher = from_cypher(ask, "org:sandwell", day)
    timeline = ask("timeline", "Sandwell")
    drawn = from_timeline(timeline, day)
    assert listed(who).get(tenure) == expected
    assert cypher.get(tenure) == expected
    assert drawn.get(tenure) == expected
    # the whole answer agrees, not only the tenure under test
    assert listed(who) == cypher == drawn
    side, value, by = bound
    t = next(t for t in timeline["tenures"] if t["tenure_id"] == tenure)
    assert (t[side], t[f"{side}_by"]) == (value, by)
    known_not = {k["tenure_id"]: k for k in who["known_not_held"]}
    if expected is None:  # known not to have held it then, and why
        assert known_not[tenure]["set_by"] == by
        assert known_not[tenure]["date"] == value
    else:
        assert tenure not in known_not
        h = next(h for h in who["holders"] if h["tenure_id"] == tenure)
        assert (h[side], h[f"{side}_by"]) == (value, by)


def test_cli_table_says_start_unknown(fixture_seeds: Path, tmp_path: Path) -> None:
    env = {"ACCOUNTABLE_SEEDS": str(fixture_seeds), "ACCOUNTABLE_DATA": str(tmp_path)}
    r = invoke(["who", "Sandwell", "--on", "2013-02-15"], env)
    assert r.exit_code == 0, r.output
    text = " ".join(r.stdout.split())
    assert "Darren Cooper" in text
    assert "start unknown, in post by March 2013" in text.replace("│", "").replace("  ", " ")
    r = invoke(["who", "Sandwell", "--on", "2016-07"], env)
    assert "Known not to hold it then: Darren Cooper, Leader of the council: gone by " \
           "31 May 2016 (another holder's dates)" in " ".join(r.stdout.split())


def test_timeline_bars_are_hatched_to_the_neighbour_not_the_edge(ask: Ask) -> None:
    timeline = ask("timeline", "Sandwell")
    lo, hi = chart_range(timeline)
    segs = {s.row: [] for s in timeline_segments(timeline)}
    for s in timeline_segments(timeline):
        segs[s.row].append(s)
    cooper = sorted((s for s in segs["Darren Cooper"] if s.group == "Leader of the council"),
                    key=lambda s: s.start)
    assert (cooper[0].start, cooper[0].style) == (lo, "open")  # nobody before him
    assert (cooper[-1].end, cooper[-1].style) == (date(2016, 5, 31), "open")  # his successor
    successor = sorted(segs["Yvonne Example"], key=lambda s: s.start)
    assert (successor[0].start, successor[0].style) == (date(2015, 5, 1), "open")
    assert (successor[-1].end, successor[-1].style) == (hi, "open")  # nobody after her


# ---------------------------------------------------------------- competing claims

def test_both_competing_directors_are_listed_for_the_inspection(ask: Ask) -> None:
    r = ask("who", "Sandwell", "--inspection", FEB_2013)
    dcs = {h["tenure_id"]: h for h in r["holders"] if h["post_kind"] == "dcs"}
    assert set(dcs) == {WHITE, RIVAL}
    assert dcs[WHITE]["status"] == "held"
    assert dcs[RIVAL]["status"] == "possibly_held"  # in post at some time before 5 April
    # each shows the conflict with the other
    assert [c["with"] for c in dcs[WHITE]["conflicts"]] == [RIVAL]
    assert [c["with"] for c in dcs[RIVAL]["conflicts"]] == [WHITE]
    # neither bound cuts the other: White's unknown end and Rival's unknown start stay open
    assert (dcs[WHITE]["span_to"], dcs[WHITE]["span_to_by"]) == (None, None)
    assert (dcs[RIVAL]["span_from"], dcs[RIVAL]["span_from_by"]) == (None, None)
    assert dcs[RIVAL]["end"] == "2013-04-05"
    rows = ask("query", "holders_during_inspection", "-p", f"inspection_id={FEB_2013}")
    assert {r["person"]: r["status"] for r in rows if r["post_kind"] == "dcs"} == {
        "Simon White": "held", "Jane Rival": "possibly_held"}


def test_competing_claims_stay_on_both_sides_later_too(ask: Ask) -> None:
    # After Rival's resignation White is still possibly in post (no bound from her claim),
    # and before White's first attested month Rival possibly was (none from his).
    after = listed(ask("who", "Sandwell", "--on", "2013-06"))
    assert after.get(WHITE) == "possibly_held" and RIVAL not in after
    before = listed(ask("who", "Sandwell", "--on", "2011-06"))
    assert before.get(RIVAL) == "possibly_held" and WHITE not in before  # White: from 2012


def test_competing_claims_in_the_cli_table(fixture_seeds: Path, tmp_path: Path) -> None:
    env = {"ACCOUNTABLE_SEEDS": str(fixture_seeds), "ACCOUNTABLE_DATA": str(tmp_path)}
    r = invoke(["who", "Sandwell", "--inspection", FEB_2013], env)
    assert r.exit_code == 0, r.output
    text = r.stdout
    assert "Jane Rival" in text and "Simon White" in text
    assert text.count("conflicting claims") >= 2


def test_the_view_draws_what_who_answers(ask: Ask) -> None:
    store = open_store(ask)
    try:
        day = subgraph.organisation(store, "Sandwell", on="2013-02-15")
        insp = subgraph.organisation(store, "Sandwell", inspection=FEB_2013)
    finally:
        store.close()
    status = {n["id"]: n["props"].get("status") for n in day["nodes"]
              if n["id"].startswith("tenure:")}
    assert status[COOPER] == "possibly_held"
    assert SUCCESSOR not in status  # known not to have held it then
    status = {n["id"]: n["props"].get("status") for n in insp["nodes"]
              if n["id"].startswith("tenure:")}
    assert (status[WHITE], status[RIVAL]) == ("held", "possibly_held")
    assert {(e["source"], e["target"]) for e in insp["edges"] if e["type"] == "CONFLICTS_WITH"
            } & {(WHITE, RIVAL), (RIVAL, WHITE)}
