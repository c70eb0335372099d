"""The `accountable` command: who held responsibility for children's services, and when."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from accountable.cli import (
    _light,
    ask,
    changes,
    draft,
    interop,
    loading,
    query,
    serve,
    server,
    status,
    view,
)

_light.install()

SETTINGS: dict[str, Any] = dict(
    name="accountable",
    help="Who held responsibility for English children's services, and when, with the "
         "source and quoted words for every fact.\n\nThe embedded store is the default and "
         "needs no server; add --neo4j to use a Neo4j server.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # locals could hold a password
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)
app = typer.Typer(**SETTINGS)


def _version(value: bool) -> None:
    if value:
        import accountable

        print(f"accountable {accountable.__version__}")
        raise typer.Exit()


def _options(
    version: Annotated[bool, typer.Option(
        "--version", "-V", metavar="", is_eager=True, callback=_version,
        help="Print the version and exit.")] = False,
    no_daemon: Annotated[bool, typer.Option(
        "--no-daemon", envvar="ACCOUNTABLE_NO_DAEMON", metavar="",
        help="Start the embedded store for this command only and stop it after, instead of "
             "keeping it up between commands (it exits after ACCOUNTABLE_IDLE seconds unused, "
             "default 900, or on `accountable stop`).")] = False,
) -> None:
    from accountable.graph import daemon

    daemon.set_resident(False if no_daemon else None)


app.callback()(_options)
for module in (loading, status, server, draft, ask, query, view, interop, serve,
               changes):
    module.register(app)


def _app_for(args: list[str]) -> typer.Typer:
    """`app` with only the command being run, so Typer builds one command, not all of them.

    Typer turns every registered command into a Click command (evaluating each signature's
    annotations) before it runs one: a few tens of milliseconds for nothing. The one-command
    app parses, helps and fails exactly as `app` does for that command; anything else (no
    command, `--help`, an unknown name) gets the whole `app`.
    """
    name = next((a for a in args if not a.startswith("-")), None)
    for info in app.registered_commands:
        if name is not None and name == (info.name or ""):
            one = typer.Typer(**SETTINGS)
            one.callback()(_options)
            one.registered_commands.append(info)
            return one
    return app


def main() -> None:
    args = sys.argv[1:]
    if "--no-daemon" in args[1:]:  # also after the command: `accountable who ... --no-daemon`
        cut = args.index("--") if "--" in args else len(args)
        if "--no-daemon" in args[:cut]:
            args.remove("--no-daemon")
            args.insert(0, "--no-daemon")
    _app_for(args)(args=args)
