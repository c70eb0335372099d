"""`accountable who`, `person` and `timeline`: the questions the graph is for."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

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
    errors,
    fail,
    out,
    store_for,
)
from accountable.graph import answers


def _sources_text(sources: list[dict[str, Any]]) -> str:
    return "\n".join(f"{s['source']} ({s['certainty']}): “{s['quote']}”" for s in sources)


def who(
    org: Annotated[str, typer.Argument(help="Organisation id, name or alias: Sandwell, "
                                            "\"Dudley MBC\", org:sandwell.")],
    on: Annotated[str | None, typer.Option(
        "--on", help="A day or period as an ISO prefix: 2013-02-15, 2013-02, 2013.")] = None,
    inspection: Annotated[str | None, typer.Option(
        "--inspection", help="An inspection id: its dates, from inspection to report, "
                             "replace --on.")] = None,
    neo4j: Neo4jOpt = False, data_dir: DataDirOpt = None, neo4j_uri: UriOpt = None,
    neo4j_user: UserOpt = None, neo4j_password: PasswordOpt = None, as_json: JsonOpt = False,
) -> None:
    """Who held each post, which contractor ran the service, what Ofsted last judged.

    On a day or period (--on) or during an inspection (--inspection), each answer with its
    status (held / possibly held), certainty and the quoted words of its sources.
    """
    if (on is None) == (inspection is None):
        raise fail("give exactly one of --on DATE or --inspection ID", EXIT_USAGE)
    check_date("--on", on)
    with errors(), store_for(neo4j, data_dir, neo4j_uri, neo4j_user, neo4j_password) as store:
        result = answers.who(store, org, on=on, inspection=inspection)
    if as_json:
        emit_json(result)
        return
    from rich.table import Table

    org_name = result["organisation"]["name"]
    when = f"during {inspection} ({result['on']})" if inspection else f"on {result['on']}"
    table = Table(title=f"{org_name} {when}", show_lines=True)
    for col in ("Post", "Person", "Tenure", "Status", "Certainty", "Sources"):
        table.add_column(col, overflow="fold")
    for h in result["holders"]:
        status = h["status"].replace("_", " ")
        if h.get("conflicts"):
            status += "\n⚠ conflicting claims"
        table.add_row(h["post"], h["person"], answers.span_text({**h, **h["bounds"]}), status,
                      h["certainty"], _sources_text(h["sources"]))
    for title in result["no_known_holder"]:
        table.add_row(title, "[dim]no known holder[/]", "", "", "", "")
    out.print(table)
    for c in result["contracts"]:
        value = f"£{c['value_gbp']:,.0f}" if c["value_gbp"] is not None else "value unknown"
        months = f", {c['months']} months" if c.get("months") else ""
        out.print(f"[bold]Contractor:[/] {c['contractor']} ({c['start'] or '?'}{months}, {value}; "
                  f"{c['status'].replace('_', ' ')}, {c['certainty']}): {c['purpose'] or ''}")
        if c.get("conflicts"):
            for x in c["conflicts"]:
                out.print(f"  ⚠ conflicts with {x['with']}: {x['note']}")
        out.print(f"  {_sources_text(c['sources'])}", soft_wrap=True)
    li = result["latest_inspection"]
    if li:
        grades = ", ".join(f"{j['area']}: {j['grade']}" for j in li["judgements"]) or "no grade"
        out.print(f"[bold]Ofsted:[/] {li['id']} (published {li['published'] or '?'}): {grades}")
    else:
        out.print("[bold]Ofsted:[/] no judged inspection known by then")


def person(
    name: Annotated[str, typer.Argument(help="Person id, name or alias: \"Simon Hackett\".")],
    neo4j: Neo4jOpt = False, data_dir: DataDirOpt = None, neo4j_uri: UriOpt = None,
    neo4j_user: UserOpt = None, neo4j_password: PasswordOpt = None, as_json: JsonOpt = False,
) -> None:
    """A person's record: posts, how each ended, events, inspections in their tenure."""
    with errors(), store_for(neo4j, data_dir, neo4j_uri, neo4j_user, neo4j_password) as store:
        result = answers.person(store, name)
    if as_json:
        emit_json(result)
        return
    from rich.table import Table

    p = result["person"]
    out.print(f"[bold]{p['name']}[/] ({p['id']})"
              + (f", also written {', '.join(p['aliases'])}" if p["aliases"] else ""))
    posts = Table(title="Posts", show_lines=True)
    for col in ("Post", "Organisation", "Tenure", "Ended by", "Certainty", "Sources"):
        posts.add_column(col, overflow="fold")
    for t in result["tenures"]:
        posts.add_row(t["post"], t["organisation"], answers.span_text(t), t["ended_by"] or "",
                      t["certainty"], _sources_text(t["sources"]))
    out.print(posts)
    if result["events"]:
        events = Table(title="Events", show_lines=True)
        for col in ("Date", "Event", "As", "Summary", "Certainty", "Sources"):
            events.add_column(col, overflow="fold")
        for e in result["events"]:
            events.add_row(e["date"] or "?", e["kind"], e["as"], e["summary"], e["certainty"],
                           _sources_text(e["sources"]))
        out.print(events)
    if result["inspections"]:
        ins = Table(title="Inspections during their tenure")
        for col in ("Inspection", "Organisation", "Post", "Status", "Grades"):
            ins.add_column(col, overflow="fold")
        for i in result["inspections"]:
            ins.add_row(i["inspection_id"], i["organisation"], i["post"],
                        i["status"].replace("_", " "),
                        ", ".join(f"{j['area']}: {j['grade']}" for j in i["judgements"]))
        out.print(ins)


def timeline(
    org: Annotated[str, typer.Argument(help="Organisation id, name or alias.")],
    out_file: Annotated[Path | None, typer.Option(
        "--out", help="Also draw the timeline to a self-contained .html or a .png.")] = None,
    neo4j: Neo4jOpt = False, data_dir: DataDirOpt = None, neo4j_uri: UriOpt = None,
    neo4j_user: UserOpt = None, neo4j_password: PasswordOpt = None, as_json: JsonOpt = False,
) -> None:
    """An organisation's history in date order: tenures, contracts, inspections, events."""
    if out_file is not None and out_file.suffix.lower() not in (".html", ".png"):
        raise fail(f"--out {out_file}: the timeline is drawn as .html or .png", EXIT_USAGE)
    with errors(), store_for(neo4j, data_dir, neo4j_uri, neo4j_user, neo4j_password) as store:
        result = answers.timeline(store, org)
    if out_file is not None:
        from accountable.render.timeline import write_timeline

        write_timeline(result, out_file)
    if as_json:
        emit_json(result)
        return
    from rich.table import Table

    table = Table(title=f"{result['organisation']['name']}: timeline")
    for col in ("From", "Kind", "What", "Detail", "Certainty"):
        table.add_column(col, overflow="fold")
    for e in result["entries"]:
        table.add_row(e["date"] or "?", e["kind"], e["what"], e["detail"], e["certainty"])
    out.print(table)
    if out_file is not None:
        out.print(f"Timeline drawn to {out_file}")


def register(app: typer.Typer) -> None:
    app.command("who")(who)
    app.command("person")(person)
    app.command("timeline")(timeline)
