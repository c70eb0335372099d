"""`accountable who`, `person` and `timeline`: the questions the graph is for."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
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
    check_date,
    emit_json,
    errors,
    fail,
    graph_for,
    out,
)
from accountable.graph import answers
from accountable.graph.model import Model
from accountable.graph.words import date_words

QuotesOpt = Annotated[bool, typer.Option(
    "--quotes/--no-quotes", metavar="",
    help="Print each row's sources and quoted words under the table "
                                 "(numbered as its # column).")]


def _print_quotes(blocks: Sequence[tuple[str, Sequence[Mapping[str, Any]]]],
                  notes: list[str] | None = None) -> None:
    """Each numbered row's sources under the table, wrapped to the terminal, not squeezed.

    `notes[i]`, when given and not empty, is a dim line under row i's heading (for `who`,
    how far an unknown start or end may reach)."""
    from rich.padding import Padding
    from rich.text import Text

    for i, (heading, sources) in enumerate(blocks, 1):
        out.print(Text(f"[{i}] {heading}", style="bold"), soft_wrap=False)
        if notes and notes[i - 1]:
            out.print(Padding(Text(notes[i - 1], style="dim"), (0, 0, 0, 4)))
        for s in sources:
            then = ", possibly known then" if s.get("known") == "possibly_known" else ""
            line = Text(f"{s['source']} ({s['certainty']}{then}): ", style="dim")
            line.append(f"“{s['quote']}”")
            out.print(Padding(line, (0, 0, 0, 4)))


def who(
    org: Annotated[str, typer.Argument(help="Organisation id, name or alias: Sandwell, "
                                            "\"Dudley MBC\", org:sandwell.")],
    on: Annotated[str | None, typer.Option(
        "--on", help="A day or period as an ISO prefix: 2013-02-15, 2013-02, 2013.")] = None,
    inspection: Annotated[str | None, typer.Option(
        "--inspection", help="An inspection id: its dates, from inspection to report, "
                             "replace --on.")] = None,
    neo4j: Neo4jOpt = False, data_dir: DataDirOpt = None, neo4j_uri: UriOpt = None,
    neo4j_user: UserOpt = None, neo4j_password: PasswordOpt = None, seeds: SeedsOpt = None,
    as_json: JsonOpt = False, quotes: QuotesOpt = True, known_on: KnownOnOpt = None,
) -> None:
    """Who held each post, which contractor ran the service, what Ofsted last judged.

    On a day or period (--on) or during an inspection (--inspection), each answer with its
    status (held / possibly held), certainty and the quoted words of its sources.
    """
    if (on is None) == (inspection is None):
        raise fail("give exactly one of --on DATE or --inspection ID", EXIT_USAGE)
    check_date("--on", on)
    check_date("--known-on", known_on)
    with errors(), graph_for(neo4j, data_dir, neo4j_uri, neo4j_user, neo4j_password,
                             seeds=seeds) as graph:
        result = graph.who(org, on=on, inspection=inspection, known_on=known_on)
    if as_json:
        emit_json(result)
        return
    from rich.table import Table

    org_name = result["organisation"]["name"]
    when = f"during {inspection} ({result['on']})" if inspection else f"on {result['on']}"
    table = Table(title=f"{org_name} {when}" + _cut_title(result), show_lines=True,
                  expand=True)
    table.add_column("#", justify="right")
    # The tenure's dates in words are the longest cell: give it the largest share.
    for col, ratio in (("Post", 6), ("Person", 5), ("Tenure", 9), ("Status", 5),
                       ("Certainty", 5)):
        table.add_column(col, overflow="fold", ratio=ratio)
    for i, h in enumerate(result["holders"], 1):
        status = _words().status_word(h["status"])
        if h.get("known") == "possibly_known":
            status += "\n(possibly known then)"
        if h.get("conflicts"):
            status += "\n⚠ conflicting claims"
        table.add_row(str(i), h["post"], h["person"], answers.span_text({**h, **h["bounds"]}),
                      status, h["certainty"])
    for title in result["no_known_holder"]:
        table.add_row("", title, "[dim]no known holder[/]", "", "", "")
    out.print(table)
    # How far each unknown start or end may reach goes under the table, with the quotes,
    # so the table of holders keeps to the screen's width and height.
    possible = [_joined(answers.possible_text({**h, **h["bounds"]}), _dropped_text(h))
                for h in result["holders"]]
    if quotes or any(possible):
        _print_quotes([(f"{h['person']}, {h['post']}", h["sources"] if quotes else [])
                       for h in result["holders"]], notes=possible)
    from rich.padding import Padding
    from rich.text import Text

    for k in result["known_not_held"]:
        day = date_words(k["date"])
        why = f"gone by {day}" if k["why"] == "gone_by" else f"not in post before {day}"
        by = " (another holder's dates)" if k["set_by"] else ""
        line = Text("Known not to hold it then: ", style="dim")
        line.append(f"{k['person']}, {k['post']}: {why}{by}")
        out.print(line)
    for c in result["contracts"]:
        value = f"£{c['value_gbp']:,.0f}" if c["value_gbp"] is not None else "value unknown"
        months = f", {c['months']} months" if c.get("months") else ""
        line = Text("Contractor: ", style="bold")
        line.append(f"{c['contractor']} ({date_words(c['start']) or 'start unknown'}{months}, "
                    f"{value}; {_words().status_word(c['status'])}, {c['certainty']}): "
                    f"{c['purpose'] or ''}")
        out.print(line)
        for x in c.get("conflicts") or []:
            out.print(Padding(Text(f"⚠ conflicts with {x['with']}: {x['note']}"), (0, 0, 0, 4)))
        if quotes:
            for src in c["sources"]:
                quote = Text(f"{src['source']} ({src['certainty']}): ", style="dim")
                quote.append(f"“{src['quote']}”")
                out.print(Padding(quote, (0, 0, 0, 4)))
    li = result["latest_inspection"]
    if li:
        grades = ", ".join(_grade(j) for j in li["judgements"]) or "no grade"
        out.print(f"[bold]Ofsted:[/] {li['id']} (published "
                  f"{date_words(li['published']) or 'date unknown'}): {grades}")
        cut: Mapping[str, Any] = result.get("known_on") or {}
        if inspection and "inspection" in cut and cut["inspection"] is None:
            out.print(f"  (no source out by {cut['date']} mentions this inspection)")
        elif cut and li.get("known") == "possibly_known":
            out.print(f"  (possibly known by {cut['date']})")
    else:
        out.print("[bold]Ofsted:[/] no judged inspection known by then")


def person(
    name: Annotated[str, typer.Argument(help="Person id, name or alias: \"Simon Hackett\".")],
    neo4j: Neo4jOpt = False, data_dir: DataDirOpt = None, neo4j_uri: UriOpt = None,
    neo4j_user: UserOpt = None, neo4j_password: PasswordOpt = None, seeds: SeedsOpt = None,
    as_json: JsonOpt = False, quotes: QuotesOpt = True, known_on: KnownOnOpt = None,
) -> None:
    """A person's record: posts, how each ended, events, inspections in their tenure."""
    check_date("--known-on", known_on)
    with errors(), graph_for(neo4j, data_dir, neo4j_uri, neo4j_user, neo4j_password,
                             seeds=seeds) as graph:
        result = graph.person(name, known_on=known_on)
    if as_json:
        emit_json(result)
        return
    from rich.table import Table

    p = result["person"]
    out.print(f"[bold]{p['name']}[/] ({p['id']})"
              + (f", also written {', '.join(p['aliases'])}" if p["aliases"] else "")
              + _cut_title(result))
    posts = Table(title="Posts", show_lines=True)
    posts.add_column("#", justify="right")
    for col in ("Post", "Organisation", "Tenure", "Ended by", "Certainty"):
        posts.add_column(col, overflow="fold")
    blocks: list[tuple[str, Sequence[Mapping[str, Any]]]] = []
    for t in result["tenures"]:
        blocks.append((f"{t['post']}, {t['organisation']}", t["sources"]))
        posts.add_row(str(len(blocks)), t["post"], t["organisation"], answers.span_text({**t}),
                      _words().word("ended_by", t["ended_by"]), t["certainty"])
    out.print(posts)
    if result["events"]:
        events = Table(title="Events", show_lines=True)
        events.add_column("#", justify="right")
        for col in ("Date", "Event", "As", "Summary", "Certainty"):
            events.add_column(col, overflow="fold")
        for e in result["events"]:
            kind = _words().word("event_kind", e["kind"])
            blocks.append((f"{kind} {date_words(e['date'])}".strip(), e["sources"]))
            events.add_row(str(len(blocks)), date_words(e["date"]) or "date unknown", kind,
                           e["as"], e["summary"], e["certainty"])
        out.print(events)
    if result["inspections"]:
        ins = Table(title="Inspections during their tenure")
        ins.add_column("Inspection", no_wrap=True)
        ins.add_column("Post (status)", overflow="fold")
        ins.add_column("Grades", overflow="fold")
        for i in result["inspections"]:
            ins.add_row(i["inspection_id"], f"{i['post']} ({_words().status_word(i['status'])})",
                        "\n".join(_grade(j) for j in i["judgements"]))
        out.print(ins)
    if quotes:
        _print_quotes(blocks)


def timeline(
    org: Annotated[str, typer.Argument(help="Organisation id, name or alias.")],
    out_file: Annotated[Path | None, typer.Option(
        "--out", help="Also draw the timeline to a self-contained .html or a .png.")] = None,
    neo4j: Neo4jOpt = False, data_dir: DataDirOpt = None, neo4j_uri: UriOpt = None,
    neo4j_user: UserOpt = None, neo4j_password: PasswordOpt = None, seeds: SeedsOpt = None,
    as_json: JsonOpt = False, known_on: KnownOnOpt = None,
) -> None:
    """An organisation's history in date order: tenures, contracts, inspections, events."""
    if out_file is not None and out_file.suffix.lower() not in (".html", ".png"):
        raise fail(f"--out {out_file}: the timeline is drawn as .html or .png", EXIT_USAGE)
    check_date("--known-on", known_on)
    with errors(), graph_for(neo4j, data_dir, neo4j_uri, neo4j_user, neo4j_password,
                             seeds=seeds) as graph:
        result = graph.timeline(org, known_on=known_on)
    if out_file is not None:
        from accountable.render.timeline import write_timeline

        with errors():
            write_timeline(dict(result), out_file)
    if as_json:
        emit_json(result)
        return
    if out_file is not None:  # the user asked for a file: say where it is, nothing more
        out.print(f"Timeline of {result['organisation']['name']} drawn to {out_file}",
                  soft_wrap=True)
        return
    from rich.table import Table

    table = Table(title=f"{result['organisation']['name']}: timeline" + _cut_title(result))
    for col in ("When", "Kind", "What", "Detail", "Certainty"):
        table.add_column(col, overflow="fold")
    for e in result["entries"]:
        certainty = e["certainty"] + (" (possibly known then)"
                                      if e.get("known") == "possibly_known" else "")
        table.add_row(e["when"], e["kind"], e["what"], e["detail"], certainty)
    out.print(table)


def _words() -> Model:
    """The model: the words users read for vocabulary values and statuses."""
    from accountable.graph.model import load_model

    return load_model()


def _grade(j: Mapping[str, Any]) -> str:
    """`children looked after: inadequate`."""
    return f"{_words().word('judgement_area', j['area'])}: {_words().word('grade', j['grade'])}"


def _cut_title(result: Mapping[str, Any]) -> str:
    """`, as known on 2013-03-31: 1 of 5 sources` for an answer with a cut, else ``."""
    info = result.get("known_on")
    return f", {info['statement']}" if info else ""


def _dropped_text(h: Mapping[str, Any]) -> str:
    n = h.get("citations_dropped")
    if not n:
        return ""
    return (f"{n} later citation{'s' if n > 1 else ''} left out; the dates are the whole "
            "record's (the facts do not say which citation gives which date)")


def _joined(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def register(app: typer.Typer) -> None:
    app.command("who")(who)
    app.command("person")(person)
    app.command("timeline")(timeline)
