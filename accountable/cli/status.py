"""`accountable status`: does the store hold the facts on disk? (`Graph.status`)"""

from __future__ import annotations

import typer

from accountable.cli.common import (
    DataDirOpt,
    JsonOpt,
    Neo4jOpt,
    PasswordOpt,
    SeedsOpt,
    UriOpt,
    UserOpt,
    emit_json,
    errors,
    out,
)


def show_status(
    neo4j: Neo4jOpt = False,
    data_dir: DataDirOpt = None,
    neo4j_uri: UriOpt = None,
    neo4j_user: UserOpt = None,
    neo4j_password: PasswordOpt = None,
    seeds: SeedsOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Does the store hold the facts on disk? Engine, facts folder, digest, when, counts.

    The state is "up to date", "changed" (the facts on disk differ from what was loaded),
    "empty", or "incomplete" (a big Neo4j load stopped part-way).

    The facts folder is --seeds if given, else the one the store was last loaded from.
    Loads nothing. Exit code 0 whatever the state; scripts read `state` from --json."""
    from rich.table import Table

    from accountable import api
    from accountable.graph.sync import UP_TO_DATE

    with errors(), api.connect(neo4j=neo4j, data_dir=data_dir, uri=neo4j_uri, user=neo4j_user,
                               password=neo4j_password, seeds=seeds, autoload=False,
                               notify=None) as graph:
        st = graph.status()
    if as_json:
        emit_json(st)
        return
    where, server = st["store"], st["server"]
    colour = "green" if st["state"] == UP_TO_DATE else "yellow"
    out.print(f"[bold {colour}]{st['state']}[/]: {st['reason']}.", soft_wrap=True)
    table = Table(show_header=False, box=None)
    table.add_column(style="dim")
    table.add_column()
    for key, value in (("engine", f"{st['engine']} ({where})"), ("facts folder", st["facts"]),
                       ("facts digest now", st["facts_digest"]),
                       ("loaded from", st["loaded_from"] or "-"),
                       ("loaded digest", st["digest"] or "-"),
                       ("loaded at", st["loaded_at"] or "-")):
        table.add_row(key, value)
    if st["counts"]:
        table.add_row("counts", ", ".join(f"{k} {v}" for k, v in st["counts"].items()))
    if server:
        mib = (server.get("rss_bytes") or 0) / 2**20
        table.add_row("resident server", f"pid {server.get('pid')}, {mib:.0f} MiB, up "
                      f"{server.get('uptime_s') or 0:.0f} s, socket {server.get('socket')}")
    elif not neo4j:
        table.add_row("resident server", "not running (started by the next question)")
    out.print(table)


def register(app: typer.Typer) -> None:
    app.command("status")(show_status)
