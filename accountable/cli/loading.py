"""`accountable load` and `accountable validate`."""

from __future__ import annotations

from typing import Annotated

import typer

from accountable.cli.common import (
    EXIT_INVALID,
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
    out,
)
from accountable.graph.paths import seeds_dir


def validate(seeds: SeedsOpt = None, as_json: JsonOpt = False) -> None:
    """Check the seeds: every field, id, date and quote. Lists every problem; loads nothing."""
    from accountable.loaders.validate import read_seeds

    root = seeds or seeds_dir()
    result = read_seeds(root)
    if as_json:
        emit_json({"seeds": str(root), "ok": result.ok, "records": len(result.records),
                   "problems": [p.as_dict() for p in result.problems]})
    else:
        for p in result.problems:
            err.print(str(p), markup=False, soft_wrap=True)
        if result.ok:
            out.print(f"{len(result.records)} records in {root}: all valid, every quote found "
                      "in its source.")
        else:
            err.print(f"[bold red]{len(result.problems)} problem(s)[/] in {root}.")
    if not result.ok:
        raise typer.Exit(EXIT_INVALID)


def load(
    neo4j: Neo4jOpt = False,
    data_dir: DataDirOpt = None,
    neo4j_uri: UriOpt = None,
    neo4j_user: UserOpt = None,
    neo4j_password: PasswordOpt = None,
    seeds: SeedsOpt = None,
    wipe: Annotated[bool, typer.Option("--wipe", help="Delete everything in the store first.")]
    = False,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1,
                                            help="Rows per UNWIND batch (one transaction).")]
    = 500,
    as_json: JsonOpt = False,
) -> None:
    """Validate the seeds and load them. Loading twice changes nothing (MERGE on ids)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
    from rich.table import Table

    from accountable.graph.load import load as load_rows
    from accountable.graph.store import open_store
    from accountable.loaders.rows import build_rows
    from accountable.loaders.validate import read_seeds

    root = seeds or seeds_dir()
    with errors():
        ds = build_rows(read_seeds(root))
        with open_store(neo4j=neo4j, data_dir=data_dir, uri=neo4j_uri, user=neo4j_user,
                        password=neo4j_password) as store:
            if wipe:
                store.wipe()
            total = ds.node_count + ds.rel_count
            with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                          console=err, transient=True, disable=as_json) as bar:
                task = bar.add_task(f"loading into {store.engine}", total=total)
                counts = load_rows(store, ds, batch_size=batch_size,
                                   progress=lambda what, done, _: bar.update(
                                       task, completed=done, description=f"loading {what}"))
    if as_json:
        emit_json({"engine": "neo4j" if neo4j else "embedded", "seeds": str(root),
                   "rows": {"nodes": ds.node_count, "relationships": ds.rel_count},
                   "counts": counts})
        return
    table = Table(title=f"Loaded {ds.node_count} nodes and {ds.rel_count} relationships "
                        f"from {root}")
    table.add_column("label or type")
    table.add_column("in the store", justify="right")
    for k, v in counts.items():
        table.add_row(k, str(v))
    out.print(table)


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
    app.command("load")(load)
