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
        "--out", help="Where to write the page \\[default: accountable-<name>.html].")] = None,
    open_: Annotated[bool, typer.Option("--open", help="Open the page in the browser.")]
    = False,
    full: Annotated[bool, typer.Option(
        "--full", help="Draw the complete graph for exploring (every source a node) instead "
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

    from accountable.graph.answers import NotFound
    from accountable.render import subgraph
    from accountable.render.accmap import write_map_html
    from accountable.render.view import write_graph_html

    if on is not None and inspection is not None:
        raise fail("give --on or --inspection, not both", EXIT_USAGE)
    check_date("--on", on)
    check_date("--known-on", known_on)
    with errors(), store_for(neo4j, data_dir, neo4j_uri, neo4j_user, neo4j_password,
                             seeds=seeds) as store:
        try:
            if full:
                graph = subgraph.organisation(store, name, on=on, inspection=inspection,
                                              known_on=known_on)
            elif on or inspection:
                graph = subgraph.organisation_map(store, name, on=on, inspection=inspection,
                                                  known_on=known_on)
            else:
                graph = subgraph.organisation_history(store, name, known_on=known_on)
            when = (f" on {on}" if on else "") + (f" during {inspection}" if inspection else "")
        except NotFound as org_missing:
            if on or inspection:
                raise
            try:
                graph = (subgraph.person(store, name, known_on=known_on) if full
                         else subgraph.person_career(store, name, known_on=known_on))
            except NotFound as person_missing:
                raise NotFound("organisation or person", name,
                               org_missing.suggestions + person_missing.suggestions) from None
            when = ""
    title = next(n["name"] for n in graph["nodes"] if n["id"] == graph["focus"]) + when
    if graph.get("known_on"):
        title += f", {graph['known_on']}"
    path = out_file or Path(f"accountable-{_slug(title)}.html")
    if path.suffix.lower() != ".html":
        raise fail(f"--out {path}: the graph view is an .html page", EXIT_USAGE)
    if full:
        write_graph_html(graph, path, title=title, focus=graph["focus"])
        nodes, edges = len(graph["nodes"]), len(graph["edges"])
    else:
        drawn = write_map_html(graph, path, title=title)
        nodes, edges = drawn["nodes"], drawn["edges"]
    kind = "full" if full else graph.get("view", "map")
    if as_json:
        emit_json({"file": str(path), "title": title, "focus": graph["focus"], "view": kind,
                   "nodes": nodes, "edges": edges,
                   **({"known_on": graph["known_on"]} if graph.get("known_on") else {})})
    else:
        out.print(f"{title}: {kind} view, {nodes} nodes, {edges} edges written to {path}",
                  soft_wrap=True)
    if open_ and not webbrowser.open(path.resolve().as_uri()):
        err.print(f"could not open a browser here; open {path.resolve().as_uri()} yourself")


def register(app: typer.Typer) -> None:
    app.command("view")(view)
