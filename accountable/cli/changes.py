"""`accountable changes`: what became known about an organisation between two dates."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from accountable.cli.common import (
    EXIT_USAGE,
    DataDirOpt,
    JsonOpt,
    Neo4jOpt,
    PasswordOpt,
    SeedsOpt,
    UriOpt,
    UserOpt,
    check_date,
    emit_json,
    errors,
    fail,
    graph_for,
    out,
)


def _cited(sources: list[dict[str, Any]]) -> str:
    ids = sorted({s["source"] for s in sources})
    return ", ".join(ids) if ids else "no new citation"


def changes(
    org: Annotated[str, typer.Argument(help="Organisation id, name or alias.")],
    from_: Annotated[str, typer.Option(
        "--from", help="The earlier date (ISO prefix): what was known then ...")],
    to: Annotated[str, typer.Option(
        "--to", help="... against what was known on this later date.")],
    neo4j: Neo4jOpt = False, data_dir: DataDirOpt = None, neo4j_uri: UriOpt = None,
    neo4j_user: UserOpt = None, neo4j_password: PasswordOpt = None, seeds: SeedsOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """What became known between two dates: new facts, facts whose certainty or bounds
    changed, new conflicts, each with the sources that brought it (graph/dates.py)."""
    check_date("--from", from_)
    check_date("--to", to)
    from accountable.graph.dates import parse_prefix

    if parse_prefix(from_).last > parse_prefix(to).last:
        raise fail(f"--from {from_} is after --to {to}: give the earlier date first",
                   EXIT_USAGE)
    with errors(), graph_for(neo4j, data_dir, neo4j_uri, neo4j_user, neo4j_password,
                             seeds=seeds) as graph:
        result = graph.changes(org, from_, to)
    if as_json:
        emit_json(result)
        return
    from rich.table import Table

    name = result["organisation"]["name"]
    out.print(f"[bold]{name}[/]: what became known between {from_} and {to}", soft_wrap=True)
    out.print(f"  from: {result['from']['statement']}\n  to:   {result['to']['statement']}",
              soft_wrap=True)
    if result["new_facts"]:
        table = Table(title="New facts", show_lines=True, expand=True)
        for col, ratio in (("Date", 3), ("Kind", 3), ("What", 8), ("Certainty", 3),
                           ("Brought by", 4)):
            table.add_column(col, overflow="fold", ratio=ratio)
        for f in result["new_facts"]:
            table.add_row(f["date"] or "?", f["kind"], f"{f['what']}: {f['detail']}",
                          f["certainty"] + (" (possibly known)"
                                            if f["known"] == "possibly_known" else ""),
                          _cited(f["sources"]))
        out.print(table)
    if result["changed_facts"]:
        table = Table(title="Changed facts", show_lines=True, expand=True)
        for col, ratio in (("Kind", 3), ("What", 7), ("Change", 8), ("Brought by", 4)):
            table.add_column(col, overflow="fold", ratio=ratio)
        for f in result["changed_facts"]:
            what = "\n".join(f"{c['field']}: {_short(c['from'])} -> {_short(c['to'])}"
                             for c in f["changes"])
            table.add_row(f["kind"], f["what"], what, _cited(f["sources"]))
        out.print(table)
    for c in result["new_conflicts"]:
        out.print(f"[bold]New conflict:[/] {c['between'][0]} / {c['between'][1]} "
                  f"(brought by {_cited(c['sources'])}): {c['note']}", soft_wrap=False)
    if not (result["new_facts"] or result["changed_facts"] or result["new_conflicts"]):
        out.print("Nothing new became known between these dates.")


def _short(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(f"{j['area']}: {j['grade']}" if isinstance(j, dict) else str(j)
                         for j in value) or "none"
    return "none" if value is None else str(value)


def register(app: typer.Typer) -> None:
    app.command("changes")(changes)
