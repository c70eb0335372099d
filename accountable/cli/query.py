"""`accountable query`: the canned Cypher questions, or a read-only Cypher file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

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
    emit_json,
    errors,
    fail,
    graph_for,
    out,
)
from accountable.graph import queries


def _cell(v: Any) -> str:
    if isinstance(v, (list, dict)):
        return json.dumps(v, ensure_ascii=False)
    return "" if v is None else str(v)


def query(
    name: Annotated[str | None, typer.Argument(help="A canned query's name (see --list).")]
    = None,
    param: Annotated[list[str] | None, typer.Option(
        "-p", "--param", help="A parameter as key=value; lists as a,b or JSON.")] = None,
    file: Annotated[Path | None, typer.Option(
        "--file", help="Run your own Cypher file, read-only, instead of a canned query.")]
    = None,
    list_: Annotated[bool, typer.Option("--list", help="List the canned queries.")] = False,
    neo4j: Neo4jOpt = False, data_dir: DataDirOpt = None, neo4j_uri: UriOpt = None,
    neo4j_user: UserOpt = None, neo4j_password: PasswordOpt = None, seeds: SeedsOpt = None,
    as_json: JsonOpt = False, known_on: KnownOnOpt = None,
) -> None:
    """Run a canned Cypher question from cypher/, or your own Cypher file, read-only.

    Parameters always travel separately from the query text, never inside it. --known-on
    DATE is `-p known_on=DATE`, for the queries that take it (see --list).
    """
    if list_:
        from accountable import api

        listing = api.list_queries()
        if as_json:
            emit_json(listing)
            return
        from rich.table import Table

        table = Table(title="Canned queries (accountable query NAME -p key=value)")
        for col in ("Name", "Question", "Parameters"):
            table.add_column(col, overflow="fold")
        for q in listing:
            table.add_row(q["name"], q["question"],
                          ", ".join(f"{p['name']}: {p['type']} (e.g. {json.dumps(p['example'])})"
                                    for p in q["params"]))
        out.print(table)
        return
    raw: dict[str, str] = {}
    for item in param or []:
        if "=" not in item:
            raise fail(f"-p {item!r}: write parameters as key=value", EXIT_USAGE)
        k, v = item.split("=", 1)
        raw[k.strip()] = v
    if known_on is not None:
        if "known_on" in raw:
            raise fail("give --known-on or -p known_on=..., not both", EXIT_USAGE)
        raw["known_on"] = known_on
    cypher = None
    if file is not None:
        if name:
            raise fail("give a canned query's name or --file, not both", EXIT_USAGE)
        if not file.is_file():
            raise fail(f"--file {file}: no such file", EXIT_USAGE)
        cypher = file.read_text(encoding="utf-8")
    elif not name:
        raise fail("name a canned query (see `accountable query --list`) or give --file",
                   EXIT_USAGE)
    with errors(), graph_for(neo4j, data_dir, neo4j_uri, neo4j_user, neo4j_password,
                             seeds=seeds) as graph:
        try:
            rows = graph.query(name if cypher is None else None, raw, cypher=cypher)
        except ValueError as e:  # a missing, unknown or mistyped parameter
            raise fail(str(e), EXIT_USAGE) from None
    if as_json:
        emit_json(rows)
        return
    if not rows:
        out.print("no rows")
        return
    from rich.table import Table

    canned = queries.get(name) if name else queries.parse_text(cypher or "")
    table = Table(title=canned.question or name or str(file))
    for col in rows[0]:
        table.add_column(col, overflow="fold")
    for r in rows:
        table.add_row(*(_cell(v) for v in r.values()))
    out.print(table)


def register(app: typer.Typer) -> None:
    app.command("query")(query)
