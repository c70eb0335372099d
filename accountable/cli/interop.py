"""`accountable export` (FollowTheMoney, GraphML, GEXF, CSV) and `accountable import-csv`."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from accountable.cli.common import (
    EXIT_INVALID,
    EXIT_USAGE,
    DataDirOpt,
    JsonOpt,
    Neo4jOpt,
    PasswordOpt,
    SeedsOpt,
    UriOpt,
    UserOpt,
    emit_json,
    err,
    errors,
    fail,
    graph_for,
    out,
)
from accountable.graph.paths import seeds_dir


class Format(str, Enum):
    ftm = "ftm"
    graphml = "graphml"
    gexf = "gexf"
    csv = "csv"


def export(
    fmt: Annotated[Format, typer.Option(
        "--format", "-f", help="ftm: FollowTheMoney entities, one JSON object a line (Aleph, "
                               "OpenSanctions tools); graphml or gexf: for Gephi, yEd, "
                               "Cytoscape; csv: a folder with one file per label and per "
                               "relationship type, and tenures.csv for import-csv.")],
    out_path: Annotated[Path | None, typer.Option(
        "--out", "-o", help="File (or folder, for csv) to write; '-' writes ftm to stdout. "
                            "Without it: accountable.ftm.json, accountable.graphml, "
                            "accountable.gexf, or the folder accountable-csv.",
        show_default=False)] = None,
    org: Annotated[str | None, typer.Option(
        "--org", help="Only this organisation's subgraph (id, name or alias): its posts and "
                      "holders, contracts, inspections, events and their sources.")] = None,
    seeds: SeedsOpt = None,
    neo4j: Neo4jOpt = False, data_dir: DataDirOpt = None, neo4j_uri: UriOpt = None,
    neo4j_user: UserOpt = None, neo4j_password: PasswordOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Export the graph (or one council's part of it) for other tools.

    Tenures and contracts are drawn as edges (person -> post, council -> contractor) with
    their dates, certainty, sources and quotes. What FollowTheMoney cannot say (certainty,
    date bounds, conflicts) is carried in words: see the README's "Export and import".
    """
    from accountable.api import EXPORT_DEFAULTS

    target = out_path or Path(EXPORT_DEFAULTS[fmt.value])
    if str(target) == "-" and fmt is not Format.ftm:
        raise fail("--out -: only ftm can be written to standard output", EXIT_USAGE)
    with errors(), graph_for(neo4j, data_dir, neo4j_uri, neo4j_user, neo4j_password,
                             seeds=seeds) as graph:
        try:
            summary = graph.export(fmt.value, sys.stdout if str(target) == "-" else target,
                                   org=org)
        except ImportError as e:  # the ftm extra is not installed
            raise fail(str(e), EXIT_USAGE) from None
    if str(target) == "-":
        return
    if fmt is Format.ftm:
        what = f"{summary['entities']} FollowTheMoney entities"
    elif fmt is Format.csv:
        files = summary["files"]
        what = f"{len(files)} CSV files ({sum(files.values())} rows)"
    else:
        what = f"{summary['graph']['nodes']} nodes and {summary['graph']['edges']} edges"
    if as_json:
        emit_json(summary)
    else:
        scope = f" of {summary['org']}" if summary["org"] else ""
        out.print(f"Exported {what}{scope} to {target}")


def import_csv(
    file: Annotated[Path, typer.Argument(help="The spreadsheet, saved as CSV (UTF-8, commas).",
                                         exists=True, dir_okay=False)],
    out_file: Annotated[Path, typer.Option(
        "--out", "-o", help="The YAML facts file to write, e.g. seeds/facts/tenures.yaml.")],
    seeds: SeedsOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Replace --out if it exists.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Turn a spreadsheet of tenures into YAML facts in the seeds' format.

    Columns (a header row; case, spaces and underscores do not matter): person, post title,
    organisation, start, end, source, quote, certainty; optionally start after, start before,
    end after, end before, ended by, note, id, organisation kind. One row per tenure and
    cited source. People, organisations and posts already in the seeds are matched by name
    or alias; the source is a source id or its file name, and the quote must be in its text.
    Every problem is listed with its row and column, and nothing is written if there is any.
    """
    from accountable.loaders.csv_import import ImportFailed, import_sheet

    root = seeds or seeds_dir()
    try:
        result = import_sheet(file, out_file, root, force=force)
    except ImportFailed as e:
        if as_json:
            emit_json({"file": str(file), "ok": False, "written": None,
                       "problems": [p.as_dict() for p in e.problems]})
        else:
            for p in e.problems:
                err.print(str(p), markup=False, soft_wrap=True)
            err.print(f"[bold red]{len(e.problems)} problem(s)[/] in {file}; nothing written.")
        raise typer.Exit(EXIT_INVALID) from None
    if as_json:
        emit_json({**result.summary(), "written": str(out_file)})
        return
    created = ", ".join(f"{len(v)} {k}" for k, v in result.created.items()) or "nothing new"
    tenures = result.summary()["tenures"]
    out.print(f"{result.rows} rows -> {tenures} tenures in {out_file} (new: {created}; "
              f"{len(result.matched)} names matched existing records). "
              f"Run `accountable validate` and `accountable load`.")
    if not out_file.resolve().is_relative_to((root / "facts").resolve()):
        err.print(f"note: {out_file} is outside {root / 'facts'}; `accountable load` reads "
                  "only that folder.")


def register(app: typer.Typer) -> None:
    app.command("export")(export)
    app.command("import-csv")(import_csv)
