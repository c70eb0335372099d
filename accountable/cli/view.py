"""`accountable view`: the graph around an organisation or a person, in the browser
(`Graph.view`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from accountable.cli.common import (
    EXIT_USAGE,
    DataDirOpt,
    JsonOpt,
    KnownOnOpt,
    Neo4jOpt,
    PasswordOpt,
    SeedsOpt,
    UriOpt,
    UserOpt,
    check_date,
    emit_json,
    err,
    errors,
    fail,
    graph_for,
    out,
)


def view(
    name: Annotated[str, typer.Argument(help="An organisation (Sandwell) or a person "
                                             "(\"Simon Hackett\"): id, name or alias.")],
    on: Annotated[str | None, typer.Option(
        "--on", help="For an organisation: the day or period to show (ISO prefix).")] = None,
    inspection: Annotated[str | None, typer.Option(
        "--inspection", help="For an organisation: show the holders during this inspection.")]
    = None,
    out_file: Annotated[Path | None, typer.Option(
        "--out", help="Where to write the page \\[default: accountable-<name>.html].")] = None,
    open_: Annotated[bool, typer.Option("--open", metavar="", help="Open the page in the browser.")]
    = False,
    full: Annotated[bool, typer.Option(
        "--full", metavar="",
        help="Draw the complete graph for exploring (every source a node) instead "
                       "of the accountability map.")] = False,
    neo4j: Neo4jOpt = False, data_dir: DataDirOpt = None, neo4j_uri: UriOpt = None,
    neo4j_user: UserOpt = None, neo4j_password: PasswordOpt = None, seeds: SeedsOpt = None,
    as_json: JsonOpt = False, known_on: KnownOnOpt = None,
) -> None:
    """Draw who was accountable as an offline HTML page (one file, nothing fetched).

    With --on or --inspection: the accountability map of a council then (the inspection and
    its grades, each post and its holders, held or possibly held, the contractor, the events
    that followed). Without a date: the council's whole history with a date slider (the
    date is in the URL fragment, e.g. page.html#2014-06-01). For a person: their career
    across councils and the inspections inside each tenure. Click anything for its sources
    and quoted words; --full draws the complete graph instead.
    """
    import webbrowser

    if on is not None and inspection is not None:
        raise fail("give --on or --inspection, not both", EXIT_USAGE)
    check_date("--on", on)
    check_date("--known-on", known_on)
    if out_file is not None and out_file.suffix.lower() != ".html":
        raise fail(f"--out {out_file}: the graph view is an .html page", EXIT_USAGE)
    with errors(), graph_for(neo4j, data_dir, neo4j_uri, neo4j_user, neo4j_password,
                             seeds=seeds) as graph:
        drawn = graph.view(name, on=on, inspection=inspection, full=full, out=out_file,
                           known_on=known_on)
    if as_json:
        emit_json(drawn)
    else:
        out.print(f"{drawn['title']}: {drawn['view']} view, {drawn['nodes']} nodes, "
                  f"{drawn['edges']} edges written to {drawn['file']}", soft_wrap=True)
    if open_:
        uri = Path(drawn["file"]).resolve().as_uri()
        if not webbrowser.open(uri):
            err.print(f"could not open a browser here; open {uri} yourself")


def register(app: typer.Typer) -> None:
    app.command("view")(view)
