"""The `accountable` command: who held responsibility for children's services, and when."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from accountable.cli import _light, ask, loading, query, server, view

_light.install()

app = typer.Typer(
    name="accountable",
    help="Who held responsibility for English children's services, and when, with the "
         "source and quoted words for every fact.\n\nThe embedded store is the default and "
         "needs no server; add --neo4j to use a Neo4j server.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # locals could hold a password
    rich_markup_mode="rich",
)


@app.callback()
def _options(
    no_daemon: Annotated[bool, typer.Option(
        "--no-daemon", envvar="ACCOUNTABLE_NO_DAEMON",
        help="Start the embedded store for this command only and stop it after, instead of "
             "keeping it up between commands (it exits after ACCOUNTABLE_IDLE seconds unused, "
             "default 900, or on `accountable stop`).")] = False,
) -> None:
    from accountable.graph import daemon

    daemon.set_resident(False if no_daemon else None)


for module in (loading, ask, query, view, server):
    module.register(app)


def main() -> None:
    args = sys.argv[1:]
    if "--no-daemon" in args[1:]:  # also after the command: `accountable who ... --no-daemon`
        cut = args.index("--") if "--" in args else len(args)
        if "--no-daemon" in args[:cut]:
            args.remove("--no-daemon")
            args.insert(0, "--no-daemon")
    app(args=args)
