"""The Python API (`import accountable`): the same answers, as the same JSON, as the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import accountable
from tests.conftest import Cli, invoke
from tests.neo4j_server import Neo4jServer

Call = Callable[[Any], Any]

# (CLI arguments, the same question through the API)
QUESTIONS: list[tuple[list[str], Call]] = [
    (["who", "Sandwell", "--inspection", "inspection:sandwell:2013-02"],
     lambda g: g.who("Sandwell", inspection="inspection:sandwell:2013-02")),
    (["who", "Sandwell", "--on", "2013-02-15"], lambda g: g.who("Sandwell", on="2013-02-15")),
    (["who", "Dudley MBC", "--inspection", "inspection:dudley:2016"],
     lambda g: g.who("Dudley MBC", inspection="inspection:dudley:2016")),
    (["person", "Simon Hackett"], lambda g: g.person("Simon Hackett")),
    (["person", "person:bob-badham"], lambda g: g.person("person:bob-badham")),
    (["timeline", "Sandwell"], lambda g: g.timeline("Sandwell")),
    (["query", "recurring_at_inadequate"], lambda g: g.query("recurring_at_inadequate")),
    (["query", "holders_on_date", "-p", "org_id=org:dudley", "-p", "from=2016-04-01",
      "-p", "to=2016-04-30"],
     lambda g: g.query("holders_on_date",
                       {"org_id": "org:dudley", "from": "2016-04-01", "to": "2016-04-30"})),
]
IDS = ["who-inspection", "who-day", "who-dudley", "person-name", "person-id", "timeline",
       "query-canned", "query-params"]


def test_import_is_lazy_and_light() -> None:
    """`import accountable` (which every CLI command does) loads no driver and no renderer."""
    code = ("import sys, accountable\n"
            "heavy = ['neo4j', 'plotly', 'pyvis', 'falkordb', 'accountable.api']\n"
            "print([m for m in heavy if m in sys.modules])\n"
            "accountable.open\n"
            "print('accountable.api' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split("\n")
    assert out[0] == "[]"
    assert out[1] == "True"  # and the API is there on first use


def test_the_documented_surface() -> None:
    for name in ("open", "Graph", "init", "list_queries", "to_json", "NotFound",
                 "StoreUnavailable", "ReadOnlyViolation", "ValidationFailed", "__version__"):
        assert name in dir(accountable)
        assert getattr(accountable, name) is not None
    with pytest.raises(AttributeError):
        accountable.no_such_thing  # noqa: B018


@pytest.mark.parametrize(("args", "call"), QUESTIONS, ids=IDS)
def test_api_and_cli_json_are_identical(cli: Cli, data_dir: Path, args: list[str],
                                        call: Call) -> None:
    result = cli(*args, "--json")
    assert result.exit_code == 0, result.output
    with accountable.open(data_dir=data_dir) as graph:
        answer = call(graph)
    assert answer == json.loads(result.stdout)
    assert accountable.to_json(answer) == result.stdout  # byte for byte
    assert answer  # a real answer, not two empty ones


def test_query_file_and_cypher_text_agree(cli: Cli, data_dir: Path, tmp_path: Path) -> None:
    text = ("// param names: list = [\"Bob Badham\"]\n"
            "MATCH (p:Person) WHERE p.name IN $names RETURN p.id AS id ORDER BY id")
    f = tmp_path / "mine.cypher"
    f.write_text(text, encoding="utf-8")
    result = cli("query", "--file", str(f), "-p", "names=Bob Badham,Simon White", "--json")
    assert result.exit_code == 0, result.output
    with accountable.open(data_dir=data_dir) as graph:
        typed = graph.query(cypher=text, params={"names": ["Bob Badham", "Simon White"]})
        as_text = graph.query(cypher=text, params={"names": "Bob Badham,Simon White"})
    assert typed == as_text == json.loads(result.stdout)
    assert typed == [{"id": "person:bob-badham"}, {"id": "person:simon-white"}]


def test_list_queries_is_the_cli_listing(cli: Cli) -> None:
    result = cli("query", "--list", "--json")
    assert accountable.to_json(accountable.list_queries()) == result.stdout
    assert "holders_on_date" in {q["name"] for q in accountable.list_queries()}


def test_errors_are_exceptions_with_suggestions(data_dir: Path) -> None:
    with accountable.open(data_dir=data_dir) as graph:
        with pytest.raises(accountable.NotFound) as missing:
            graph.who("Sandwel", on="2013")
        assert any("org:sandwell" in s for s in missing.value.suggestions)
        with pytest.raises(accountable.NotFound, match="holders_on_date"):
            graph.query("holders_on_dat")
        with pytest.raises(ValueError, match="exactly one"):
            graph.who("Sandwell", on="2013", inspection="inspection:sandwell:2013-02")
        with pytest.raises(ValueError, match="ISO"):
            graph.who("Sandwell", on="March 2013")
        with pytest.raises(ValueError, match="needs -p to"):
            graph.query("holders_on_date", {"org_id": "org:sandwell", "from": "2013"})
        with pytest.raises(accountable.ReadOnlyViolation):
            graph.query(cypher="MATCH (p:Person) SET p.name = 'x' RETURN p")
        names = {r["name"] for r in graph.query("people")}
    assert "x" not in names and "Simon White" in names


def test_view_and_export_are_library_calls_the_commands_wrap(cli: Cli, data_dir: Path,
                                                             tmp_path: Path) -> None:
    """`graph.view` and `graph.export` return what `view --json` and `export --json` print."""
    page, gexf = tmp_path / "api.html", tmp_path / "api.gexf"
    with accountable.open(data_dir=data_dir) as graph:
        drawn = graph.view("Sandwell", page, inspection="inspection:sandwell:2013-02")
        exported = graph.export("gexf", gexf, org="Sandwell")
        with pytest.raises(ValueError, match="not both"):
            graph.view("Sandwell", on="2013", inspection="inspection:sandwell:2013-02")
        with pytest.raises(ValueError, match="use one of"):
            graph.export("pdf")
    assert drawn["title"] == ("Sandwell Metropolitan Borough Council during the Ofsted "
                              "child protection inspection, February 2013")
    assert drawn["view"] == "map" and drawn["nodes"] > 5 and page.is_file()
    assert exported["graph"]["nodes"] > 5 and gexf.is_file()
    by_cli = cli("view", "Sandwell", "--inspection", "inspection:sandwell:2013-02", "--out",
                 str(page), "--json")
    assert json.loads(by_cli.stdout) == drawn
    by_cli = cli("export", "-f", "gexf", "--org", "Sandwell", "--out", str(gexf), "--json")
    assert json.loads(by_cli.stdout) == exported


def test_close_releases_the_embedded_store(data_dir: Path) -> None:
    graph = accountable.open(data_dir=data_dir)
    assert graph.engine == "embedded" and "open" in repr(graph)
    graph.close()
    graph.close()  # twice is fine
    assert "closed" in repr(graph)
    with accountable.open(data_dir=data_dir) as again:  # the store's lock was released
        assert again.query(cypher="MATCH (p:Person) RETURN count(p) AS n")[0]["n"] > 0


def test_api_on_neo4j_gives_the_cli_json(neo4j_server: Neo4jServer,
                                         neo4j_env: dict[str, str | None]) -> None:
    """On a real Neo4j (empty at first: the API loads the seeds), the same as `--neo4j --json`."""
    notes: list[str] = []
    with accountable.open(neo4j=True, uri=neo4j_server.uri, user=neo4j_server.user,
                          password=neo4j_server.password, notify=notes.append) as graph:
        assert graph.engine == "neo4j"
        answers = [call(graph) for _, call in QUESTIONS[:4]]
    assert any("loading" in n for n in notes)
    for (args, _), answer in zip(QUESTIONS[:4], answers, strict=True):
        r = invoke([*args, "--neo4j", "--json"], neo4j_env)
        assert r.exit_code == 0, r.output
        assert accountable.to_json(answer) == r.stdout


def test_open_a_facts_folder_of_your_own(tmp_path: Path) -> None:
    folder = accountable.init(tmp_path / "mine", example=True)
    facts = folder / "facts" / "sandwell.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace(
        "name: Simon White", "name: Simon Whyte"), encoding="utf-8")
    with accountable.open(data_dir=tmp_path / "store", seeds=folder, notify=None) as graph:
        assert graph.seeds == folder
        answer = graph.who("Sandwell", on="2013-03")
    assert [h["person"] for h in answer["holders"] if h["post_kind"] == "dcs"] == ["Simon Whyte"]
    with pytest.raises(FileExistsError, match="not empty"):
        accountable.init(folder)
