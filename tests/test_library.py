"""Library first: every command is one call of the Python API, and the API works on its own.

Each function is called directly with real values (no command line), and each command is
checked to be a thin call of its function: the same JSON, and the function really called.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_type_hints

import pytest
import yaml

import accountable
from accountable import api
from accountable.types import (
    ExportResult,
    Holder,
    ImportResult,
    LoadResult,
    StatusResult,
    ValidateResult,
    ViewResult,
    WhoAnswer,
)
from tests.conftest import Cli, invoke
from tests.test_interop import _without_tenures

ARTICLES = Path(__file__).resolve().parent / "articles" / "heldout"


def _keys(td: Any) -> set[str]:
    return set(get_type_hints(td))


def _page_data(html: str) -> tuple[list[Any], list[Any]]:
    """The nodes and edges an HTML page hands to vis-network (map or full view)."""
    m = re.search(r"var DATA = (\{.*?\});\n", html)
    if m:
        data = json.loads(m.group(1))
        return data["nodes"], data["edges"]
    nodes = re.search(r"var NODE_DATA = (\[.*?\]);\n", html)
    edges = re.search(r"var EDGE_DATA = (\[.*?\]);\n", html)
    assert nodes and edges, "no graph data found in the page"
    return json.loads(nodes.group(1)), json.loads(edges.group(1))


# ------------------------------------------------------------------- the answers' shapes

def _fits(item: Any, td: Any) -> None:
    """`item` has every key `td` requires and no key it does not declare."""
    keys = set(item)
    assert td.__required_keys__ <= keys, (td.__name__, td.__required_keys__ - keys)
    assert keys <= td.__required_keys__ | td.__optional_keys__, (td.__name__, keys - _keys(td))


def _check(items: list[Any], td: Any) -> None:
    assert items, td.__name__
    for item in items:
        _fits(item, td)


def test_who_answer_has_exactly_the_declared_keys(data_dir: Path) -> None:
    from accountable import types as t

    with accountable.connect(data_dir=data_dir) as graph:
        answer = graph.who("Sandwell", on="2014")  # with a contract conflict, known not held
    _fits(answer, WhoAnswer)
    assert "known_on" not in answer  # only when asked
    _fits(answer["organisation"], t.OrgRef)
    _check(answer["holders"], Holder)
    _check([s for h in answer["holders"] for s in h["sources"]], t.Citation)
    _check([h["bounds"] for h in answer["holders"]], t.Bounds)
    _check(answer["contracts"], t.WhoContract)
    _check([c for x in answer["contracts"] for c in x.get("conflicts", [])], t.Conflict)
    _check(answer["known_not_held"], t.KnownNotHeld)
    _fits(answer["latest_inspection"], t.Inspection)
    assert any("note" in s for h in answer["holders"] for s in h["sources"])  # optional: seen


def test_person_and_timeline_have_exactly_the_declared_keys(data_dir: Path) -> None:
    from accountable import types as t

    with accountable.connect(data_dir=data_dir) as graph:
        person = graph.person("Darren Cooper")
        timeline = graph.timeline("Sandwell")
    _fits(person, t.PersonAnswer)
    _fits(person["person"], t.PersonRef)
    _check(person["tenures"], t.PersonTenure)
    _check(person["events"], t.PersonEvent)
    _check(person["inspections"], t.PersonInspection)
    _fits(timeline, t.TimelineAnswer)
    for key, td in (("tenures", t.TimelineTenure), ("contracts", t.TimelineContract),
                    ("inspections", t.TimelineInspection), ("events", t.TimelineEvent),
                    ("entries", t.TimelineEntry)):
        _check(timeline[key], td)


def test_the_types_are_exported() -> None:
    assert accountable.WhoAnswer is WhoAnswer and accountable.ViewResult is ViewResult
    # annotated by name (api.py imports the shapes only for the type checker)
    assert get_type_hints(api.Graph.who, vars(accountable.types))["return"] is WhoAnswer


# ------------------------------------------------------------------ load and validate

def test_load_then_who_from_a_folder_of_your_own(tmp_path: Path) -> None:
    folder = accountable.init(tmp_path / "mine", example=True)
    facts = folder / "facts" / "sandwell.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace(
        "name: Simon White", "name: Simon Whyte"), encoding="utf-8")
    seen: list[tuple[str, int, int | None]] = []
    store = tmp_path / "store"
    loaded = accountable.load(folder, data_dir=store, batch_size=7,
                              progress=lambda what, done, total: seen.append((what, done, total)))
    _fits(loaded, LoadResult)
    assert loaded["engine"] == "embedded" and loaded["seeds"] == str(folder)
    assert loaded["counts"]["Person"] == 10 and loaded["counts"]["Source"] == 5
    assert loaded["rows"]["nodes"] >= sum(
        loaded["counts"][k] for k in ("Person", "Organisation", "Post", "Tenure"))
    assert seen and seen[-1][1] > 0  # the callback was told how far it got
    with accountable.connect(data_dir=store, autoload=False, notify=None) as graph:
        answer = graph.who("Sandwell", on="2013-03")
        status = graph.status()
    assert [h["person"] for h in answer["holders"] if h["post_kind"] == "dcs"] == ["Simon Whyte"]
    _fits(status, StatusResult)
    assert status["state"] == "up to date" and status["facts"] == str(folder)
    assert status["counts"] == loaded["counts"]
    # the command prints the same (its own `rows`/`counts`; the same folder and store)
    r = invoke(["load", "--seeds", str(folder), "--data-dir", str(store), "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout) == loaded


def test_validate_names_file_and_line_of_a_broken_copy(seeds_copy: Path) -> None:
    good = accountable.validate(seeds_copy)
    assert good["ok"] is True and good["problems"] == [] and good["records"] > 50
    facts = seeds_copy / "facts" / "sandwell.yaml"
    lines = facts.read_text(encoding="utf-8").split("\n")
    n = next(i for i, line in enumerate(lines, 1)
             if "Councillor Bob Badham, has resigned" in line)
    lines[n - 1] = lines[n - 1].replace("has resigned", "has been sacked")
    facts.write_text("\n".join(lines), encoding="utf-8")

    result = accountable.validate(seeds_copy)
    _fits(result, ValidateResult)
    assert result["ok"] is False and result["seeds"] == str(seeds_copy)
    (problem,) = result["problems"]
    assert problem["file"].endswith("facts/sandwell.yaml") and problem["line"] == n
    assert "quote" in (problem["field"] or "") and problem["fix"]
    line = accountable.problem_text(problem)
    assert line.startswith(f"{problem['file']}:{n}: ")

    r = invoke(["validate", "--seeds", str(seeds_copy), "--json"])
    assert r.exit_code == 1
    assert r.stdout == accountable.to_json(result)
    r = invoke(["validate", "--seeds", str(seeds_copy)])
    assert r.exit_code == 1 and line in r.stderr
    with pytest.raises(accountable.ValidationFailed) as failed:
        accountable.load(seeds_copy, data_dir=seeds_copy.parent / "store")
    assert [p.line for p in failed.value.problems] == [n]


# ---------------------------------------------------------------------- view and export

@pytest.mark.parametrize(("name", "kwargs", "view"), [
    ("Sandwell", {"on": "2013-03"}, "map"),
    ("Sandwell", {"inspection": "inspection:sandwell:2013-02", "full": True}, "full"),
    ("Simon Hackett", {}, "person"),
])
def test_view_writes_a_page_holding_what_it_says(data_dir: Path, tmp_path: Path, name: str,
                                                 kwargs: dict[str, Any], view: str) -> None:
    out = tmp_path / "page.html"
    with accountable.connect(data_dir=data_dir) as graph:
        drawn = graph.view(name, out=out, **kwargs)
    _fits(drawn, ViewResult)
    assert drawn["file"] == str(out) and drawn["view"] == view
    nodes, edges = _page_data(out.read_text(encoding="utf-8"))
    assert (drawn["nodes"], drawn["edges"]) == (len(nodes), len(edges))
    assert drawn["nodes"] > 3 and drawn["edges"] > 2
    assert name.split()[0] in drawn["title"]


def test_view_refuses_what_it_cannot_draw(data_dir: Path, tmp_path: Path) -> None:
    with accountable.connect(data_dir=data_dir) as graph:
        with pytest.raises(ValueError, match=r"\.html"):
            graph.view("Sandwell", on="2013", out=tmp_path / "x.png")
        with pytest.raises(ValueError, match="not both"):
            graph.view("Sandwell", on="2013", inspection="inspection:sandwell:2013-02")
        with pytest.raises(accountable.NotFound) as missing:
            graph.view("Nobody Atall", out=tmp_path / "y.html")
    assert missing.value.suggestions is not None
    assert not list(tmp_path.iterdir())


def test_export_csv_counts_the_rows_it_wrote(data_dir: Path, tmp_path: Path) -> None:
    with accountable.connect(data_dir=data_dir) as graph:
        result = graph.export("csv", tmp_path / "tables")
        people = graph.query("people")
    assert {"format", "out", "org", "nodes", "relationships", "files"} == set(result)
    _fits(result, ExportResult)
    for name, rows in result["files"].items():
        with (tmp_path / "tables" / name).open(encoding="utf-8", newline="") as fh:
            assert len(list(csv.reader(fh))) - 1 == rows, name
    assert result["files"]["Person.csv"] == len(people)
    assert result["org"] is None and result["nodes"] > len(people)


def test_export_ftm_to_a_stream_and_one_councils_graphml(data_dir: Path,
                                                         tmp_path: Path) -> None:
    pytest.importorskip("followthemoney")
    buffer = io.StringIO()
    with accountable.connect(data_dir=data_dir) as graph:
        ftm = graph.export("ftm", buffer, org="Dudley")
        gml = graph.export("graphml", tmp_path / "dudley.graphml", org="Dudley")
        with pytest.raises(ValueError, match="ftm"):
            graph.export("csv", io.StringIO())
    lines = buffer.getvalue().splitlines()
    assert ftm["entities"] == len(lines) > 5 and ftm["org"] == "org:dudley"
    assert ftm["out"] == "-"
    assert all(json.loads(line)["schema"] for line in lines)
    assert gml["org"] == "org:dudley" and gml["graph"]["nodes"] > 3
    assert (tmp_path / "dudley.graphml").read_text(encoding="utf-8").count("<node ") == \
        gml["graph"]["nodes"]


# ---------------------------------------------------------------------- draft and import

def test_draft_returns_what_the_command_prints_and_writes(tmp_path: Path) -> None:
    article = ARTICLES / "h1_marlowe_bbc.txt"
    result = accountable.draft(article, published="2019-05-01")
    assert result["source"]["file"] == "sources/h1_marlowe_bbc.txt"
    assert result["records"] and all(r.get("draft") or r.get("existing")
                                     for r in result["records"])
    r = invoke(["draft", str(article), "--published", "2019-05-01", "--json"])
    assert r.exit_code == 0, r.output
    assert r.stdout == accountable.to_json(result)
    mine = tmp_path / "mine.yaml"
    accountable.draft(article, published="2019-05-01", out=mine)
    theirs = tmp_path / "theirs.yaml"
    assert invoke(["draft", str(article), "--published", "2019-05-01", "--out",
                   str(theirs)]).exit_code == 0
    assert mine.read_text(encoding="utf-8") == theirs.read_text(encoding="utf-8")
    assert len(yaml.safe_load(mine.read_text(encoding="utf-8"))) == len(result["records"]) + 1
    with pytest.raises(ValueError, match="source:"):
        accountable.draft(article, source_id="007")
    with pytest.raises(accountable.AccountableError, match="no such file"):
        accountable.draft(tmp_path / "missing.txt")


def test_import_csv_writes_facts_that_validate(data_dir: Path, seeds_copy: Path,
                                               tmp_path: Path) -> None:
    with accountable.connect(data_dir=data_dir) as graph:
        tables = graph.export("csv", tmp_path / "tables")
    sheet = tmp_path / "tables" / "tenures.csv"
    _without_tenures(seeds_copy)
    out = seeds_copy / "facts" / "again.yaml"
    result = accountable.import_csv(sheet, out, seeds=seeds_copy)
    _fits(result, ImportResult)
    assert result["ok"] and result["written"] == str(out) and result["created"] == {}
    assert accountable.validate(seeds_copy)["ok"]
    assert result["rows"] == tables["files"]["tenures.csv"]
    written = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert len([r for r in written if r["schema"] == "Tenure"]) == result["tenures"] > 5
    before = out.read_text(encoding="utf-8")
    with pytest.raises(accountable.errors.ImportFailed) as again:  # now they are all known
        accountable.import_csv(sheet, out, seeds=seeds_copy, force=True)
    first = again.value.problems[0]
    assert (first.row, first.column) == (2, "id") and "already in the seeds" in first.message
    assert out.read_text(encoding="utf-8") == before  # nothing written
    bad = tmp_path / "bad.csv"
    bad.write_text("person,post title\nNobody,Overlord\n", encoding="utf-8")
    with pytest.raises(accountable.errors.ImportFailed) as failed:
        accountable.import_csv(bad, tmp_path / "bad.yaml", seeds=seeds_copy)
    assert failed.value.problems and not (tmp_path / "bad.yaml").exists()
    assert all(accountable.problem_text(p.as_dict()) == str(p) for p in failed.value.problems)


# ------------------------------------------------- each command is a call of the library

def _spy(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[Any]:
    """Wrap `owner.name` so that each call's return value is recorded."""
    real: Callable[..., Any] = getattr(owner, name)
    returned: list[Any] = []

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        value = real(*args, **kwargs)
        returned.append(value)
        return value

    monkeypatch.setattr(owner, name, wrapper)
    return returned


def _commands(tmp: Path, seeds: Path) -> list[tuple[Any, str, list[str]]]:
    article = ARTICLES / "h1_marlowe_bbc.txt"
    return [
        (api.Graph, "view", ["view", "Sandwell", "--on", "2013", "--out", str(tmp / "v.html")]),
        (api.Graph, "export", ["export", "-f", "gexf", "-o", str(tmp / "g.gexf")]),
        (api.Graph, "status", ["status"]),
        (api, "load", ["load"]),
        (api, "validate", ["validate", "--seeds", str(seeds)]),
        (api, "draft", ["draft", str(article)]),
        (api, "import_csv", ["import-csv", str(tmp / "tables" / "tenures.csv"), "--out",
                             str(seeds / "facts" / "again.yaml"), "--seeds", str(seeds)]),
        (api.Graph, "who", ["who", "Sandwell", "--on", "2013"]),
        (api.Graph, "person", ["person", "Simon Hackett"]),
        (api.Graph, "timeline", ["timeline", "Sandwell"]),
    ]


def test_every_command_is_one_call_of_the_library(cli: Cli, data_dir: Path, seeds_copy: Path,
                                                  tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    with accountable.connect(data_dir=data_dir) as graph:
        graph.export("csv", tmp_path / "tables")
    _without_tenures(seeds_copy)  # import-csv puts them back
    for owner, name, args in _commands(tmp_path, seeds_copy):
        with monkeypatch.context() as m:
            returned = _spy(m, owner, name)
            r = cli(*args, "--json")
        assert r.exit_code == 0, (args, r.output)
        assert len(returned) == 1, f"`{args[0]}` did not call {name} once"
        assert r.stdout == accountable.to_json(returned[0]), args
