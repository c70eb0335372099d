"""Shared fixtures: a CLI runner on a private embedded store loaded with the seeds."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from accountable.cli import app
from graph.paths import seeds_dir

ROOT = Path(__file__).resolve().parent.parent
Cli = Callable[..., Result]


def invoke(args: list[str], env: dict[str, str | None] | None = None) -> Result:
    base: dict[str, str | None] = {"NEO4J_URI": None, "NEO4J_USER": None,
                                   "NEO4J_PASSWORD": None, "ACCOUNTABLE_SEEDS": None,
                                   "COLUMNS": "200"}
    return CliRunner(env={**base, **(env or {})}).invoke(app, args)


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An embedded store, empty until the first command auto-loads or loads the seeds."""
    return tmp_path_factory.mktemp("store")


@pytest.fixture(scope="session")
def cli(data_dir: Path) -> Cli:
    """Run `accountable ARGS` against the session's embedded store."""

    def run(*args: str) -> Result:
        return invoke(list(args), {"ACCOUNTABLE_DATA": str(data_dir)})

    return run


@pytest.fixture(scope="session")
def ask(cli: Cli) -> Callable[..., Any]:
    """Run a command with --json, insist it succeeded, and return the parsed JSON."""

    def run(*args: str) -> Any:
        result = cli(*args, "--json")
        assert result.exit_code == 0, f"{args} exited {result.exit_code}: {result.output}"
        return json.loads(result.stdout)

    return run


@pytest.fixture()
def seeds_copy(tmp_path: Path) -> Path:
    """A private copy of the seeds folder that a test may break."""
    dst = tmp_path / "seeds"
    shutil.copytree(seeds_dir(), dst)
    return dst
