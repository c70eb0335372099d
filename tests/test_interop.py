"""Export (FollowTheMoney, GraphML, GEXF, CSV) and the spreadsheet importer, end to end."""

from __future__ import annotations

import contextlib
import csv
import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import yaml
from accountable.graph.paths import seeds_dir
from accountable.graph.store import EmbeddedStore
from accountable.loaders.validate import read_seeds

from accountable.export.ftm import ftm_id
from tests.conftest import Cli, invoke

SEEDS = read_seeds(seeds_dir())
SEED_TENURES = [r for r in SEEDS.records if r.schema.name == "Tenure"]
# the seed questions (tests/test_seed_questions.py) as `who` arguments
QUESTIONS = [
    ("Sandwell", "--inspection", "inspection:sandwell:2013-02"),
    ("Dudley MBC", "--inspection", "inspection:dudley:2016"),
    ("Dudley", "--inspection", "inspection:dudley:2018:monitoring-6"),
    *[(org, "--on", when) for org in ("org:sandwell", "org:dudley")
      for when in ("2009", "2012-06", "2013-02", "2013-02-15", "2013-03-20", "2013-04", "2014",
                   "2015", "2015-03", "2016-04", "2018")],
]


@pytest.fixture(scope="module")
def stored(cli: Cli, data_dir: Path) -> dict[str, Any]:
    """What the session's store holds, read with Cypher (the store is closed again after)."""
    assert cli("load").exit_code == 0
    with contextlib.closing(EmbeddedStore(data_dir)) as s:
        return _store_view(s)


def export(cli: Cli, fmt: str, out: Path, *extra: str) -> Path:
    r = cli("export", "--format", fmt, "--out", str(out), *extra)
    assert r.exit_code == 0, r.output
    return out


# ------------------------------------------------------------------------ FollowTheMoney

@pytest.fixture(scope="module")
def ftm_lines(cli: Cli, tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    path = export(cli, "ftm", tmp_path_factory.mktemp("ftm") / "all.ftm.json")
    return path.read_text(encoding="utf-8").splitlines()


def test_ftm_export_passes_followthemoney_validation(ftm_lines: list[str]) -> None:
    from followthemoney import model

    assert len(ftm_lines) > 100
    for line in ftm_lines:
        data = json.loads(line)
        schema = model.get(data["schema"])
        assert schema is not None and not schema.abstract, data["schema"]
        schema.validate(data)  # raises InvalidData
        proxy = model.get_proxy(data, cleaned=False)
        for prop in schema.required:
            assert proxy.get(prop), (data["id"], prop)
        # what `ftm validate` does: re-set every value cleaned; nothing may change or drop
        clean = proxy.clone()
        for prop in proxy.iterprops():
            clean.set(prop, proxy.get(prop))
        assert clean.to_dict()["properties"] == data["properties"], data["id"]


def test_every_seed_tenure_reads_back_as_an_occupancy(ftm_lines: list[str]) -> None:
    from accountable.export.ftm import read_jsonl

    entities = {e.id: e for e in read_jsonl(iter(ftm_lines))}
    occupancies = {e.first("recordId"): e for e in entities.values()
                   if e.schema.name == "Occupancy"}
    assert set(occupancies) == {t.id for t in SEED_TENURES}
    records = SEEDS.by_id()
    for t in SEED_TENURES:
        occ = occupancies[t.id]
        holder = entities[occ.first("holder")]
        assert holder.id == ftm_id(t.data["person"])
        assert holder.schema.name == "Person"
        assert holder.first("name") == records[t.data["person"]].data["name"]
        post = entities[occ.first("post")]
        assert post.id == ftm_id(t.data["post"]) and post.schema.name == "Position"
        assert post.first("organization") == ftm_id(records[t.data["post"]].data["in"])
        if "start" in t.data:
            assert occ.get("startDate") == [str(t.data["start"])]
        if "end" in t.data:
            assert occ.get("endDate") == [str(t.data["end"])]
        # every quote is kept, with its article as proof
        for cite in t.data["sources"]:
            assert ftm_id(cite["source"]) in occ.get("proof")
            assert any(cite["quote"] in s for s in occ.get("summary"))
    badham = occupancies["tenure:bob-badham:sandwell-lead-member"]
    assert badham.get("endDate") == ["2013-03"] and badham.get("startDate") == []
    assert badham.get("status") == ["resigned"]
    # started after 2013-03 and by 2015-01: no start date is certain, the bounds are in words
    hackett = occupancies["tenure:simon-hackett:sandwell-lead-member"]
    assert hackett.get("startDate") == []
    assert "started between March 2013 and January 2015" in hackett.first("description")
    assert "Certainty: inferred" in hackett.first("description")
    norman = occupancies["tenure:sarah-norman:dudley-chief-executive"]
    assert norman.get("startDate") == ["2015-01"]


def test_ftm_carries_citations_conflicts_and_is_stable(cli: Cli, ftm_lines: list[str],
                                                      tmp_path: Path) -> None:
    rows = [json.loads(line) for line in ftm_lines]
    docs = [r for r in rows if r["schema"] == "Documentation"
            and r["properties"]["recordId"] == ["person:helen-smith"]]
    assert [d["properties"]["role"] for d in docs] == [["believed"]]
    assert "It is believed to be" in docs[0]["properties"]["summary"][0]
    assert docs[0]["properties"]["document"] == [ftm_id("source:002")]
    article = next(r for r in rows if r["id"] == ftm_id("source:002"))
    assert article["schema"] == "Article"
    assert "Helen Smith" in article["properties"]["bodyText"][0]
    conflicts = [r for r in rows if r["schema"] == "Note"
                 and "conflict" in r["properties"].get("keywords", [])]
    assert {frozenset(c["properties"].get("entity", [])) for c in conflicts} >= {
        frozenset({ftm_id("inspection:sandwell:2009"), ftm_id("inspection:sandwell:2010")})}
    again = export(cli, "ftm", tmp_path / "again.json").read_text(encoding="utf-8")
    assert again.splitlines() == ftm_lines


def test_ftm_org_export_is_that_councils_subgraph(cli: Cli, tmp_path: Path) -> None:
    path = export(cli, "ftm", tmp_path / "sandwell.json", "--org", "Sandwell")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    tenures = {r["properties"]["recordId"][0] for r in rows if r["schema"] == "Occupancy"}
    assert "tenure:bob-badham:sandwell-lead-member" in tenures
    assert not any("dudley" in t for t in tenures)
    assert ftm_id("org:dudley") not in {r["id"] for r in rows}


# ------------------------------------------------------------------------ GraphML and GEXF

def _store_view(store: EmbeddedStore) -> dict[str, Any]:
    """What the network files must hold, read straight from the store with Cypher."""
    nodes = store.read("MATCH (n) WHERE NOT n:Tenure AND NOT n:Contract "
                       "RETURN n.id AS id, labels(n)[0] AS label, properties(n) AS props")
    plain = store.read("MATCH (a)-[r]->(b) WHERE NOT (a:Tenure OR a:Contract OR b:Tenure OR "
                       "b:Contract) RETURN count(r) AS n")[0]["n"]
    tenures = store.read("MATCH (p:Person)-[:HELD]->(t:Tenure)-[:OF]->(post:Post) "
                         "RETURN p.id AS person, post.id AS post, properties(t) AS props")
    contracts = store.read("MATCH (a:Organisation)-[:AWARDED]->(c:Contract)-[:TO]->"
                           "(b:Organisation) RETURN a.id AS a, b.id AS b, properties(c) AS props")
    count = {k: store.read(q)[0]["n"] for k, q in (
        ("Tenure", "MATCH (t:Tenure) RETURN count(t) AS n"),
        ("SOURCED_FROM", "MATCH ()-[r:SOURCED_FROM]->() RETURN count(r) AS n"))}
    return {"nodes": nodes, "plain": plain, "tenures": tenures, "contracts": contracts,
            "count": count}


def _same(value: Any, attr: Any) -> bool:
    if isinstance(value, list):
        return attr == "; ".join(str(v) for v in value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(attr) == float(value)
    return attr == value


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_files_read_back_like_the_store(cli: Cli, stored: dict[str, Any], fmt: str,
                                                tmp_path: Path) -> None:
    path = export(cli, fmt, tmp_path / f"all.{fmt}")
    g = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    want = stored
    assert g.number_of_nodes() == len(want["nodes"])
    assert g.number_of_edges() == want["plain"] + len(want["tenures"]) + len(want["contracts"])
    for n in want["nodes"]:
        attrs = g.nodes[n["id"]]
        assert attrs["schema"] == n["label"]
        for k, v in n["props"].items():
            if k in ("id", "caption"):
                continue
            name = {"start": "start_prefix", "end": "end_prefix"}.get(k, k)
            assert _same(v, attrs[name]), (n["id"], k, v, attrs.get(name))
    edges = {d["id"]: (u, v, d) for u, v, d in g.edges(data=True) if d.get("id")}
    for t in want["tenures"]:
        u, v, d = edges[t["props"]["id"]]
        assert (u, v, d["label"], d["rel"]) == (t["person"], t["post"], "holds", "Tenure")
        for k in ("start", "end", "start_after", "end_after", "certainty", "span_from"):
            if t["props"].get(k):
                assert d[{"start": "start_prefix", "end": "end_prefix"}.get(k, k)] == \
                    t["props"][k]
        if t["props"].get("span_from"):  # Gephi's timeline reads start/end
            assert d["start"] == t["props"]["span_from"]
    for c in want["contracts"]:
        u, v, d = edges[c["props"]["id"]]
        assert (u, v, d["label"]) == (c["a"], c["b"], "contracted")
        if c["props"].get("value_gbp") is not None:
            assert float(d["value_gbp"]) == float(c["props"]["value_gbp"])
    hackett = edges["tenure:simon-hackett:sandwell-lead-member"][2]
    assert "took over from ousted Councillor Bob Badham" in hackett["quotes"]
    impower = edges["contract:sandwell:impower"][2]
    assert impower["conflicts_with"] == "contract:sandwell:impower:001-account"
    assert isinstance(impower["months"], int)


def test_org_network_export_is_smaller_and_has_no_other_council(cli: Cli,
                                                                tmp_path: Path) -> None:
    g = nx.read_graphml(export(cli, "graphml", tmp_path / "s.graphml", "--org", "Sandwell"))
    assert "org:sandwell" in g and "org:dudley" not in g
    assert "person:sarah-norman" not in g and "person:bob-badham" in g


# ------------------------------------------------------------------------ CSV

def test_csv_tables_have_model_headers(cli: Cli, stored: dict[str, Any],
                                       tmp_path: Path) -> None:
    folder = export(cli, "csv", tmp_path / "tables")
    with (folder / "Tenure.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0])[:11] == ["id", "person", "post", "start", "end", "start_after",
                                  "start_before", "end_after", "end_before", "ended_by",
                                  "caption"]
    assert len(rows) == stored["count"]["Tenure"]
    badham = next(r for r in rows if r["id"] == "tenure:bob-badham:sandwell-lead-member")
    assert (badham["person"], badham["post"], badham["end"]) == (
        "person:bob-badham", "post:sandwell:lead_member", "2013-03")
    with (folder / "SOURCED_FROM.csv").open(encoding="utf-8") as fh:
        cites = list(csv.DictReader(fh))
    assert list(cites[0]) == ["from", "from_label", "to", "to_label", "quote", "certainty",
                              "note"]
    assert len(cites) == stored["count"]["SOURCED_FROM"]
    dudley = export(cli, "csv", tmp_path / "dudley", "--org", "Dudley")
    with (dudley / "tenures.csv").open(encoding="utf-8") as fh:
        orgs = {r["organisation"] for r in csv.DictReader(fh)}
    assert orgs == {"Dudley Metropolitan Borough Council"}


def _without_tenures(seeds: Path) -> None:
    for f in (seeds / "facts").glob("*.yaml"):
        records = yaml.safe_load(f.read_text(encoding="utf-8"))
        kept = [r for r in records if r["schema"] != "Tenure"]
        f.write_text(yaml.safe_dump(kept, sort_keys=False, allow_unicode=True),
                     encoding="utf-8")


def test_csv_round_trip_keeps_every_who_answer(cli: Cli, ask: Any, seeds_copy: Path,
                                               tmp_path: Path) -> None:
    sheet = export(cli, "csv", tmp_path / "tables") / "tenures.csv"
    _without_tenures(seeds_copy)
    assert not [r for r in read_seeds(seeds_copy).records if r.schema.name == "Tenure"]
    out = seeds_copy / "facts" / "tenures.yaml"
    r = cli("import-csv", str(sheet), "--out", str(out), "--seeds", str(seeds_copy), "--json")
    assert r.exit_code == 0, r.output
    summary = json.loads(r.stdout)
    assert summary["tenures"] == len(SEED_TENURES) and summary["created"] == {}
    env = {"ACCOUNTABLE_DATA": str(tmp_path / "store"), "ACCOUNTABLE_SEEDS": str(seeds_copy)}
    assert invoke(["load"], env).exit_code == 0
    for q in QUESTIONS:
        fresh = invoke(["who", *q, "--json"], env)
        assert fresh.exit_code == 0, fresh.output
        assert json.loads(fresh.stdout) == ask("who", *q), q


# ------------------------------------------------------------------------ import-csv

HEADER = ["person", "post title", "organisation", "start", "end", "source", "quote",
          "certainty", "start after"]
GOOD = ["Cllr Simon Hackett", "cabinet member for children's services", "Sandwell", "", "",
        "sources/000_705ea78edc362d00.txt",
        "Councillor Simon Hackett took over from ousted Councillor Bob Badham", "stated",
        "2013-03"]


def _sheet(path: Path, rows: list[list[str]], delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)
    return path


def test_import_matches_known_people_posts_and_organisations(cli: Cli, seeds_copy: Path,
                                                             tmp_path: Path) -> None:
    new = ["Jane Example", "Director of Children's Services", "Sandwell MBC", "2016", "",
           "source:002", "a new director of children’s services", "reported", ""]
    sheet = _sheet(tmp_path / "t.csv", [HEADER, GOOD, new])
    out = seeds_copy / "facts" / "new.yaml"
    r = cli("import-csv", str(sheet), "--out", str(out), "--seeds", str(seeds_copy))
    assert r.exit_code == 0, r.output
    records = {x["id"]: x for x in yaml.safe_load(out.read_text(encoding="utf-8"))}
    hackett = records["tenure:simon-hackett:sandwell-lead-member-2"]
    assert (hackett["person"], hackett["post"], hackett["start_after"]) == (
        "person:simon-hackett", "post:sandwell:lead_member", "2013-03")
    jane = records["person:jane-example"]
    assert jane["sources"][0]["certainty"] == "reported"
    (t,) = [x for x in records.values() if x.get("person") == "person:jane-example"]
    assert t["post"] == "post:sandwell:dcs" and t["start"] == "2016"
    assert cli("validate", "--seeds", str(seeds_copy)).exit_code == 0


@pytest.mark.parametrize(("rows", "delimiter", "row", "column", "words"), [
    ([[h for h in HEADER if h != "quote"], GOOD[:6] + GOOD[7:]], ",", 1, "quote",
     "missing column"),
    ([HEADER, GOOD, GOOD[:3] + ["2013-02-30"] + GOOD[4:]], ",", 3, "start", "bad date"),
    ([HEADER, GOOD[:7] + ["sure"] + GOOD[8:]], ",", 2, "certainty", "not a certainty word"),
    ([], ",", 1, None, "empty"),
    ([HEADER, GOOD], ";", 1, None, "separated by semicolons"),
    ([HEADER, GOOD[:6] + ["Councillor Simon Hackett resigned"] + GOOD[7:]], ",", 2, "quote",
     "not found verbatim"),
    ([HEADER, GOOD, GOOD[:5] + ["https://example.org/article"] + GOOD[6:]], ",", 3, "source",
     "no Source in the seeds is this URL"),
    ([HEADER, GOOD[:3] + ["2015"] + ["2014"] + GOOD[5:8] + [""]], ",", 2, "end",
     "end before start"),
])
def test_bad_csv_names_row_and_column_and_writes_nothing(
        cli: Cli, seeds_copy: Path, tmp_path: Path, rows: list[list[str]], delimiter: str,
        row: int, column: str | None, words: str) -> None:
    sheet = _sheet(tmp_path / "bad.csv", rows, delimiter)
    out = tmp_path / "out.yaml"
    r = cli("import-csv", str(sheet), "--out", str(out), "--seeds", str(seeds_copy), "--json")
    assert r.exit_code == 1, r.output
    assert not out.exists()
    problems = json.loads(r.stdout)["problems"]
    assert any(p["row"] == row and p["column"] == column and words in p["message"]
               for p in problems), problems
    text = cli("import-csv", str(sheet), "--out", str(out), "--seeds", str(seeds_copy))
    assert f"row {row}" in text.stderr and "nothing written" in text.stderr
    if column:
        assert f"column '{column}'" in text.stderr
    assert not out.exists()


def test_import_into_sources_only_creates_people_posts_and_organisations(
        cli: Cli, ask: Any, seeds_copy: Path, tmp_path: Path) -> None:
    # the exported sheet without its id column, into a folder holding only the articles
    folder = export(cli, "csv", tmp_path / "tables")
    with (folder / "tenures.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    sheet = tmp_path / "no-ids.csv"
    with sheet.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=[c for c in rows[0] if c != "id"],
                           extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    for f in (seeds_copy / "facts").glob("*.yaml"):
        f.unlink()
    out = seeds_copy / "facts" / "tenures.yaml"
    r = cli("import-csv", str(sheet), "--out", str(out), "--seeds", str(seeds_copy), "--json")
    assert r.exit_code == 0, r.output
    created = json.loads(r.stdout)["created"]
    people = {t.data["person"] for t in SEED_TENURES}
    posts = {t.data["post"] for t in SEED_TENURES}
    assert len(created["Person"]) == len(people) and len(created["Post"]) == len(posts)
    records = {x["id"]: x for x in yaml.safe_load(out.read_text(encoding="utf-8"))}
    assert records["post:sandwell-metropolitan-borough-council:lead-member"]["kind"] == \
        "lead_member"
    assert records["org:sandwell-metropolitan-borough-council"]["kind"] == "council"
    env = {"ACCOUNTABLE_DATA": str(tmp_path / "store"), "ACCOUNTABLE_SEEDS": str(seeds_copy)}
    assert invoke(["load"], env).exit_code == 0
    for org in ("Sandwell Metropolitan Borough Council", "Dudley Metropolitan Borough Council"):
        for when in ("2013-02", "2013-04", "2015", "2016-04", "2018"):
            fresh = json.loads(invoke(["who", org, "--on", when, "--json"], env).stdout)
            seen = ask("who", org, "--on", when)
            assert [(h["person"], h["post_kind"], h["status"], h["start"], h["end"])
                    for h in fresh["holders"]] == \
                [(h["person"], h["post_kind"], h["status"], h["start"], h["end"])
                 for h in seen["holders"]], (org, when)


def test_other_commands_do_not_import_followthemoney() -> None:
    import subprocess
    import sys

    code = ("import sys, accountable.cli, accountable.export.networks, "
            "accountable.export.tables, accountable.export.ftm; "
            "print(sorted(m for m in sys.modules if m.startswith('followthemoney')))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       check=True)
    assert r.stdout.strip() == "[]"
