"""`accountable view`: the graph around an organisation or a person, in the browser."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from accountable.cli.common import (
    EXIT_USAGE,
    DataDirOpt,
    JsonOpt,
    Neo4jOpt,
    PasswordOpt,
    UriOpt,
    UserOpt,
    check_date,
    emit_json,
    err,
    errors,
    fail,
    out,
    store_for,
)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "view"


def view(
    name: Annotated[str, typer.Argument(help="An organisation (Sandwell) or a person "
                                             "(\"Simon Hackett\"): id, name or alias.")],
    on: Annotated[str | None, typer.Option(
        "--on", help="For an organisation: the day or period to show (ISO prefix).")] = None,
    inspection: Annotated[str | None, typer.Option(
        "--inspection", help="For an organisation: show the holders during this inspection.")]
    = None,
    out_file: Annotated[Path | None, typer.Option(
        "--out", help="Where to write the page [default: accountable-<name>.html].")] = None,
    open_: Annotated[bool, typer.Option("--open", help="Open the page in the browser.")]
    = False,
    neo4j: Neo4jOpt = False, data_dir: DataDirOpt = None, neo4j_uri: UriOpt = None,
    neo4j_user: UserOpt = None, neo4j_password: PasswordOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Draw the graph around an organisation or a person as an offline HTML page.

    For an organisation: its posts and who held them, its contractor, the inspection and its
    grades, the events that followed and each source. For a person: their posts, events and
    inspections. Hover or click for certainty and the quoted words.
    """
    import webbrowser

    from accountable.graph.answers import NotFound
    from accountable.render import subgraph
    from accountable.render.view import write_graph_html

    if on is not None and inspection is not None:
        raise fail("give --on or --inspection, not both", EXIT_USAGE)
    check_date("--on", on)
    with errors(), store_for(neo4j, data_dir, neo4j_uri, neo4j_user, neo4j_password) as store:
        try:
            graph = subgraph.organisation(store, name, on=on, inspection=inspection)
            when = (f" on {on}" if on else "") + (f" during {inspection}" if inspection else "")
        except NotFound as org_missing:
            if on or inspection:
                raise
            try:
                graph = subgraph.person(store, name)
            except NotFound as person_missing:
                raise NotFound("organisation or person", name,
                               org_missing.suggestions + person_missing.suggestions) from None
            when = ""
    title = next(n["name"] for n in graph["nodes"] if n["id"] == graph["focus"]) + when
    path = out_file or Path(f"accountable-{_slug(title)}.html")
    if path.suffix.lower() != ".html":
        raise fail(f"--out {path}: the graph view is an .html page", EXIT_USAGE)
    write_graph_html(graph, path, title=title, focus=graph["focus"])
    if as_json:
        emit_json({"file": str(path), "title": title, "focus": graph["focus"],
                   "nodes": len(graph["nodes"]), "edges": len(graph["edges"])})
    else:
        out.print(f"{title}: {len(graph['nodes'])} nodes, {len(graph['edges'])} edges "
                  f"written to {path}")
    if open_ and not webbrowser.open(path.resolve().as_uri()):
        err.print(f"could not open a browser here; open {path.resolve().as_uri()} yourself")


def register(app: typer.Typer) -> None:
    app.command("view")(view)
