"""The `accountable` command: who held responsibility for children's services, and when."""

from __future__ import annotations

import typer

from accountable.cli import ask, draft, interop, loading, query, status, view

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
for module in (loading, status, draft, ask, query, view, interop):
    module.register(app)


def main() -> None:
    app()
