"""Options and plumbing shared by every command family.

Kept light: a command imports only what it needs (Rich when it prints a table, the loaders
when it loads), so `who --json` on the resident store starts in a few tens of milliseconds.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

if TYPE_CHECKING:
    from accountable import api
    from accountable.graph.store import Store


class _LazyConsole:
    """A Rich console made on first use: importing Rich costs ~40 ms a `--json` call skips."""

    def __init__(self, stderr: bool = False) -> None:
        self._stderr = stderr
        self._console: Any = None
        self._columns: str | None = None

    @property
    def real(self) -> Any:
        """The Rich console itself, for what needs one (Progress, Live: `with console:`).

        Rich fixes a console's width from COLUMNS when it is made; made lazily, it is made
        again if COLUMNS changed since (tests run many commands in one process)."""
        columns = os.environ.get("COLUMNS")
        if self._console is None or columns != self._columns:
            from rich.console import Console

            self._console = Console(stderr=self._stderr, highlight=False)
            self._columns = columns
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


out: Any = _LazyConsole()
err: Any = _LazyConsole(stderr=True)

from accountable.errors import EXIT_INVALID, EXIT_MISSING, EXIT_STORE, EXIT_USAGE  # noqa: E402, F401

Neo4jOpt = Annotated[bool, typer.Option(
    "--neo4j", metavar="",
    help="Use a Neo4j server (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD) instead of the embedded "
         "store.")]
DataDirOpt = Annotated[Path | None, typer.Option(
    "--data-dir", envvar="ACCOUNTABLE_DATA", show_default=False,
    help="Folder of the embedded store \\[default: ~/.local/share/accountable].")]
UriOpt = Annotated[str | None, typer.Option(
    "--neo4j-uri", envvar="NEO4J_URI", show_default=False,
    help="Bolt URI \\[default: bolt://localhost:7687].")]
UserOpt = Annotated[str | None, typer.Option(
    "--neo4j-user", envvar="NEO4J_USER", show_default=False,
    help="Neo4j user \\[default: neo4j].")]
PasswordOpt = Annotated[str | None, typer.Option(
    "--neo4j-password", envvar="NEO4J_PASSWORD", show_default=False, show_envvar=True,
    help="Neo4j password (prefer the environment variable; never printed).")]
JsonOpt = Annotated[bool, typer.Option("--json", metavar="", help="Print JSON for scripts.")]
SeedsOpt = Annotated[Path | None, typer.Option(
    "--seeds", envvar="ACCOUNTABLE_SEEDS", show_default=False,
    help="Your facts folder (sources.yaml, sources/, facts/; start one with `accountable init`) "
         "\\[default: $ACCOUNTABLE_SEEDS, else the folder the store was last loaded from, "
         "else the bundled seeds].")]
KnownOnOpt = Annotated[str | None, typer.Option(
    "--known-on", help="Answer as known on a date (ISO prefix): only from sources out by then; "
                       "a source published in a month or year that straddles it is "
                       "'possibly known'.")]


def emit_json(value: Any) -> None:
    from accountable.api import to_json

    sys.stdout.write(to_json(value))


def fail(message: str, code: int) -> typer.Exit:
    from rich.markup import escape

    # The message is text (names, paths, `pip install 'accountable[ftm]'`), never markup.
    err.print(f"[bold red]error:[/] {escape(message)}", markup=True, soft_wrap=True)
    return typer.Exit(code)


def check_date(option: str, value: str | None) -> None:
    """Refuse a date that is not an ISO prefix before any store is opened."""
    if value is not None:
        from accountable.graph.dates import DateError, parse_prefix

        try:
            parse_prefix(value)
        except DateError as e:
            raise fail(f"{option}: {e}", EXIT_USAGE) from None


@contextlib.contextmanager
def errors() -> Iterator[None]:
    """Turn the library's exceptions into one line and an exit code.

    Each exception class is looked up only if its module was imported (it could not have
    been raised otherwise), so this imports nothing.
    """
    try:
        yield
    except Exception as e:
        _explain(e)
        raise


def _explain(e: Exception) -> None:
    """Raise typer.Exit with a message for the library's own exceptions; else return.

    Every one is an `AccountableError` that names its exit code; the facts' problems (and a
    spreadsheet's) are printed one a line first."""
    from accountable.errors import AccountableError, ImportFailed, ValidationFailed

    if not isinstance(e, AccountableError):
        return
    if isinstance(e, ValidationFailed):
        for p in e.problems:
            err.print(str(p), markup=False, soft_wrap=True)
        raise fail(f"{len(e.problems)} problem(s) in the seeds; nothing was loaded. "
                   "Run `accountable validate` after fixing them.", e.exit_code) from None
    if isinstance(e, ImportFailed):
        for p in e.problems:
            err.print(str(p), markup=False, soft_wrap=True)
    raise fail(f"{e.cli_prefix}{e}", e.exit_code) from None


@contextlib.contextmanager
def graph_for(neo4j: bool, data_dir: Path | None, uri: str | None, user: str | None,
              password: str | None, autoload: bool = True,
              seeds: Path | None = None) -> Iterator[api.Graph]:
    """Open the chosen store through the Python API (`accountable.open`, over `open_current`)."""
    from accountable import api

    if seeds is None and os.environ.get("ACCOUNTABLE_SEEDS"):
        seeds = Path(os.environ["ACCOUNTABLE_SEEDS"])
    with api.open(neo4j=neo4j, data_dir=data_dir, uri=uri, user=user, password=password,
                  seeds=seeds, autoload=autoload,
                  notify=lambda line: err.print(line, style="dim", markup=False,
                                                soft_wrap=True)) as graph:
        yield graph


@contextlib.contextmanager
def store_for(neo4j: bool, data_dir: Path | None, uri: str | None, user: str | None,
              password: str | None, autoload: bool = True,
              seeds: Path | None = None) -> Iterator[Store]:
    """The store under `graph_for`, for commands that draw rather than answer (view)."""
    with graph_for(neo4j, data_dir, uri, user, password, autoload, seeds) as graph:
        yield graph.store
