"""What a new user meets first: --version, -h, help text, one-line failures, one error base."""

from __future__ import annotations

import importlib.util
import inspect
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from accountable.graph.paths import bundled_seeds_dir

import accountable
from accountable import errors
from tests.conftest import Cli, invoke

COMMANDS = ["who", "person", "timeline", "view", "query", "load", "validate", "status", "init",
            "draft", "export", "import-csv", "stop", "serve", "changes"]


def test_version_and_short_help() -> None:
    for flag in ("--version", "-V"):
        result = invoke([flag])
        assert result.exit_code == 0, result.output
        assert result.stdout.strip() == f"accountable {accountable.__version__}"
    assert re.fullmatch(r"\d+\.\d+\.\d+.*", accountable.__version__)
    top = invoke(["-h"])
    assert top.exit_code == 0 and "who" in top.stdout and "Usage" in top.stdout
    sub = invoke(["who", "-h"])
    assert sub.exit_code == 0 and "--inspection" in sub.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_no_type_placeholder_on_flags(command: str) -> None:
    """A flag takes no value: its help line shows none (Typer would print `<bool>`)."""
    result = invoke([command, "--help"], {"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    flags = [line for line in result.stdout.splitlines()
             if "<bool>" in line and "--help" not in line]
    assert flags == []


def test_console_script_version(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("accountable")
    done = subprocess.run([str(exe), "--version"], capture_output=True, text=True,
                          cwd=tmp_path, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("accountable ")


def test_every_library_error_has_one_base_and_an_exit_code() -> None:
    classes = [c for _, c in inspect.getmembers(errors, inspect.isclass)
               if c.__module__ == errors.__name__]
    assert len(classes) >= 15
    for cls in classes:
        assert issubclass(cls, errors.AccountableError), cls
        assert cls.exit_code in (1, 2, 3, 4)
    # The modules that raise them re-export the same classes, not copies.
    from accountable.graph import answers, daemon, dates, store
    from accountable.loaders import validate, yamlio
    assert answers.NotFound is errors.NotFound is accountable.NotFound
    assert store.StoreUnavailable is errors.StoreUnavailable
    assert daemon.DaemonError is errors.DaemonError
    assert issubclass(errors.DaemonError, errors.StoreUnavailable)
    assert dates.DateError is errors.DateError and issubclass(dates.DateError, ValueError)
    assert validate.ValidationFailed is errors.ValidationFailed
    assert yamlio.YamlError is errors.YamlError


def test_a_closed_graph_says_so(data_dir: Path) -> None:
    graph = accountable.connect(data_dir=data_dir)
    assert accountable.open is accountable.connect
    assert not graph.closed
    graph.close()
    assert graph.closed
    for ask in (lambda: graph.who("Sandwell", on="2013"), lambda: graph.person("Simon White"),
                lambda: graph.timeline("Sandwell"), lambda: graph.query("people"),
                lambda: graph.store):
        with pytest.raises(errors.GraphClosed, match="closed: open another"):
            ask()


def test_png_timeline_without_a_browser_is_one_line_and_exit_4(cli: Cli, tmp_path: Path,
                                                               data_dir: Path) -> None:
    cli("who", "Sandwell", "--on", "2013")  # the store is loaded before PATH hides Chromium
    empty = tmp_path / "bin"
    empty.mkdir()
    png = tmp_path / "t.png"
    result = invoke(["timeline", "Sandwell", "--out", str(png)],
                    {"ACCOUNTABLE_DATA": str(data_dir), "PATH": str(empty),
                     "BROWSER_PATH": None})
    assert result.exit_code == errors.EXIT_MISSING == 4, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "Chromium" in lines[0] and ".html" in lines[0]
    assert "Traceback" not in result.output
    assert not png.exists()


def test_ftm_export_without_the_extra_is_one_line_and_no_file(
        cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec

    def without_ftm(name: str, package: str | None = None):  # type: ignore[no-untyped-def]
        return None if name == "followthemoney" else real(name, package)

    monkeypatch.setattr(importlib.util, "find_spec", without_ftm)
    target = tmp_path / "all.ftm.json"
    result = cli("export", "--format", "ftm", "--out", str(target))
    assert result.exit_code == 4, result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "pip install 'accountable[ftm]'" in lines[0]
    assert not target.exists()


def test_a_question_says_when_it_answers_from_another_folder(tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    shutil.copytree(bundled_seeds_dir(), mine,
                    ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
    env = {"ACCOUNTABLE_DATA": str(tmp_path / "store")}
    first = invoke(["who", "Sandwell", "--on", "2013", "--seeds", str(mine), "--json"], env)
    assert first.exit_code == 0, first.output
    assert "Answering from the facts in" not in first.stderr  # the user named the folder
    plain = invoke(["who", "Sandwell", "--on", "2013", "--json"], env)
    assert plain.exit_code == 0, plain.output
    assert json.loads(plain.stdout) == json.loads(first.stdout)
    notes = [line for line in plain.stderr.splitlines() if "Answering from" in line]
    assert len(notes) == 1 and str(mine) in plain.stderr.replace("\n", "")
    help_text = re.sub(r"[\s│]+", " ", invoke(["who", "--help"], {"COLUMNS": "200"}).stdout)
    assert "the folder the store was last loaded from" in help_text


def test_full_view_counts_what_the_page_holds(cli: Cli, tmp_path: Path) -> None:
    page = tmp_path / "full.html"
    result = cli("view", "Sandwell", "--on", "2013-02-15", "--full", "--out", str(page),
                 "--json")
    assert result.exit_code == 0, result.output
    said = json.loads(result.stdout)
    html = page.read_text(encoding="utf-8")
    nodes = json.loads(re.search(r"var NODE_DATA = (\[.*\]);\n", html)[1])
    edges = json.loads(re.search(r"var EDGE_DATA = (\[.*\]);\n", html)[1])
    assert (said["nodes"], said["edges"]) == (len(nodes), len(edges))
    assert said["nodes"] > 5 and said["edges"] > 5
