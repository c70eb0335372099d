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

_DATES = ("start", "end", "start_after", "start_before", "end_after", "end_before")
_MIN_COLUMN = 20  # characters: narrower, an id or a name folds into slivers


def _cell(v: Any) -> str:
    """A value as text: lists joined with commas, a cited source by its id."""
    if isinstance(v, list):
        parts = [x.get("source") or json.dumps(x, ensure_ascii=False)
                 if isinstance(x, dict) else _cell(x) for x in v]
        return ", ".join(dict.fromkeys(parts))
    if isinstance(v, dict):
        return ", ".join(f"{k}: {_cell(x)}" for k, x in v.items())
    return "" if v is None else str(v)


def shown_columns(row: dict[str, Any]) -> dict[str, Any]:
    """What a table shows of one answer row: the dates as one span in words, statuses in
    words; ids, derived bounds and raw kinds left to `--json` when a name says the same."""
    from accountable.graph.model import load_model
    from accountable.graph.words import span_words

    model = load_model()
    out: dict[str, Any] = {}
    dated = any(k in row for k in _DATES)
    for key, value in row.items():
        stem = key[:-3] if key.endswith("_id") else key[:-5] if key.endswith("_kind") else None
        if stem and any(k != key and k.startswith(stem) for k in row):
            continue  # `person_id` beside `person`, `org_id` beside `organisation`
        if key in _DATES or key.startswith(("span_", "earliest", "latest", "window_")):
            if dated and "dates" not in out:
                out["dates"] = span_words(row)
            continue
        if key == "status" and isinstance(value, str):
            value = model.status_word(value)
        out[key] = value
    return out


def print_rows(rows: list[dict[str, Any]], title: str) -> None:
    """Rows as a table that fits the terminal; with too many columns for its width, one
    block per row (`key: value` lines) instead. `--json` keeps every column."""
    from rich.table import Table

    shown = [shown_columns(r) for r in rows]
    columns = list(dict.fromkeys(k for r in shown for k in r))
    if len(columns) * _MIN_COLUMN <= out.width:
        table = Table(title=title)
        for col in columns:
            table.add_column(col, overflow="fold")
        for r in shown:
            table.add_row(*(_cell(r.get(c)) for c in columns))
        out.print(table)
        return
    from rich.text import Text

    out.print(Text(title, style="bold"))
    for n, r in enumerate(shown, 1):
        block = Table.grid(padding=(0, 1))
        block.add_column(style="dim", no_wrap=True)
        block.add_column(overflow="fold")
        for key, value in r.items():
            if value not in (None, "", []):
                block.add_row(f"{key}:", _cell(value))
        out.print(Text(f"[{n}]", style="bold"))
        out.print(block)


def query(
    name: Annotated[str | None, typer.Argument(help="A canned query's name (see --list).")]
    = None,
    param: Annotated[list[str] | None, typer.Option(
        "-p", "--param", help="A parameter as key=value; lists as a,b or JSON.")] = None,
    file: Annotated[Path | None, typer.Option(
        "--file", help="Run your own Cypher file, read-only, instead of a canned query.")]
    = None,
    list_: Annotated[bool, typer.Option(
        "--list", metavar="", help="List the canned queries.")] = False,
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
    canned = queries.get(name) if name else queries.parse_text(cypher or "")
    print_rows(rows, canned.question or name or str(file))


def register(app: typer.Typer) -> None:
    app.command("query")(query)
