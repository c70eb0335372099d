"""A facts folder of your own: `accountable init`, then `--seeds` or ACCOUNTABLE_SEEDS."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from accountable.graph.paths import bundled_seeds_dir

from accountable.cli import app
from tests.conftest import invoke

# Every command that reads facts takes --seeds (and ACCOUNTABLE_SEEDS).
READS_FACTS = ["validate", "load", "who", "person", "timeline", "view", "query", "status"]


def test_every_command_that_reads_facts_takes_seeds() -> None:
    registered = {c.name for c in app.registered_commands}
    checked = [c for c in READS_FACTS if c in registered]  # status may come from another branch
    assert {"validate", "load", "who", "person", "timeline", "view", "query"} <= set(checked)
    for command in checked:
        r = invoke([command, "--help"], {"COLUMNS": "200"})
        assert r.exit_code == 0, r.output
        assert "--seeds" in r.stdout and "ACCOUNTABLE_SEEDS" in r.stdout, command


def test_init_empty_validates_and_loads_to_an_empty_graph(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    r = invoke(["init", str(folder)])
    assert r.exit_code == 0, r.output
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == [
        "FORMAT.md", "README.md", "facts", "sources", "sources.yaml"]
    assert "FORMAT.md" in (folder / "README.md").read_text(encoding="utf-8")
    assert (folder / "FORMAT.md").read_bytes() == (bundled_seeds_dir() / "README.md").read_bytes()

    v = invoke(["validate", "--seeds", str(folder), "--json"])
    assert v.exit_code == 0, v.output
    assert json.loads(v.stdout)["records"] == 0

    env = {"ACCOUNTABLE_DATA": str(tmp_path / "store")}
    loaded = invoke(["load", "--seeds", str(folder), "--json"], env)
    assert loaded.exit_code == 0, loaded.output
    counts = json.loads(loaded.stdout)["counts"]
    assert counts and set(counts.values()) == {0}
    # the store holds these facts, not the bundled ones: Sandwell is unknown here
    who = invoke(["who", "Sandwell", "--on", "2013", "--seeds", str(folder)], env)
    assert who.exit_code == 2 and "no organisation matches 'Sandwell'" in who.stderr


def test_init_example_is_the_bundled_seeds_to_edit(tmp_path: Path) -> None:
    folder = tmp_path / "example"
    r = invoke(["init", str(folder), "--example", "--json"])
    assert r.exit_code == 0, r.output
    files = json.loads(r.stdout)["files"]
    bundled = sorted(p.relative_to(bundled_seeds_dir()).as_posix()
                     for p in bundled_seeds_dir().rglob("*")
                     if p.is_file() and p.suffix in (".yaml", ".txt", ".md"))
    assert files == bundled
    v = invoke(["validate", "--json"], {"ACCOUNTABLE_SEEDS": str(folder)})
    assert v.exit_code == 0, v.output
    assert json.loads(v.stdout)["seeds"] == str(folder)
    assert json.loads(v.stdout)["records"] == json.loads(
        invoke(["validate", "--json"]).stdout)["records"]

    # an edit in the copy is what the next answer says (a fresh store loads the copy)
    facts = folder / "facts" / "sandwell.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace(
        "name: Simon White", "name: Simon Whyte"), encoding="utf-8")
    who = invoke(["who", "Sandwell", "--on", "2013-03", "--json"],
                 {"ACCOUNTABLE_SEEDS": str(folder), "ACCOUNTABLE_DATA": str(tmp_path / "store")})
    assert who.exit_code == 0, who.output
    dcs = [h["person"] for h in json.loads(who.stdout)["holders"] if h["post_kind"] == "dcs"]
    assert dcs == ["Simon Whyte"]


@pytest.mark.parametrize("example", [False, True])
def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path, example: bool) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "mine.txt").write_text("keep me", encoding="utf-8")
    r = invoke(["init", str(folder), *(["--example"] if example else [])])
    assert r.exit_code == 2
    assert "not empty" in r.stderr
    assert [p.name for p in folder.iterdir()] == ["mine.txt"]
    assert (folder / "mine.txt").read_text(encoding="utf-8") == "keep me"


def test_init_into_an_existing_empty_folder(tmp_path: Path) -> None:
    r = invoke(["init", str(tmp_path)])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "sources.yaml").is_file()
