"""`accountable init`, `validate` and `load`: `accountable.init`, `accountable.validate` and
`accountable.load`."""

from __future__ import annotations

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
    out,
)


def validate(
    seeds: SeedsOpt = None,
    strict: Annotated[bool, typer.Option(
        "--strict", metavar="",
        help="Fail (exit 1) on probable duplicates too, not only on problems.")]
    = False,
    as_json: JsonOpt = False,
) -> None:
    """Check the seeds: every field, id, date and quote. Lists every problem; loads nothing.

    Also warns of probable duplicates (two sources with the same text, two people of one
    name in one organisation, overlapping inspections of one organisation with no Conflict
    between them), naming both records; they fail only with --strict."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from accountable import api

    with errors(), Progress(TextColumn("{task.description}"), BarColumn(),
                            MofNCompleteColumn(), console=err.real, transient=True,
                            disable=as_json) as bar:  # an unreadable YAML file is one line too
        task = bar.add_task("reading the facts", total=None)
        result = api.validate(seeds, strict=strict, progress=lambda what, done, total:
                              bar.update(task, completed=done, total=total, description=what))
    if as_json:
        emit_json(result)
    else:
        for p in result["problems"]:
            err.print(api.problem_text(p), markup=False, soft_wrap=True)
        for w in result["warnings"]:
            err.print(f"warning: {api.problem_text(w)}", markup=False, soft_wrap=True)
        dupes = (f"; {len(result['warnings'])} probable duplicate(s) to check"
                 if result["warnings"] else "")
        if not result["problems"]:
            out.print(f"{result['records']} records in {result['seeds']}: all valid, every "
                      f"quote found in its source{dupes}.", markup=False)
        else:
            err.print(f"[bold red]{len(result['problems'])} problem(s)[/] in "
                      f"{result['seeds']}{dupes}.")
        if not result["problems"] and not result["ok"]:
            err.print(f"[bold red]--strict[/]: {len(result['warnings'])} probable duplicate(s) "
                      f"in {result['seeds']}.")
    if not result["ok"]:
        raise typer.Exit(EXIT_INVALID)


def load(
    neo4j: Neo4jOpt = False,
    data_dir: DataDirOpt = None,
    neo4j_uri: UriOpt = None,
    neo4j_user: UserOpt = None,
    neo4j_password: PasswordOpt = None,
    seeds: SeedsOpt = None,
    wipe: Annotated[bool, typer.Option(
        "--wipe", metavar="",
        help="Delete everything in the store first (in bounded batches). Not needed "
                       "to remove stale facts: every load syncs.")]
    = False,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1,
                                            help="Rows per UNWIND batch (one transaction).")]
    = 500,
    as_json: JsonOpt = False,
) -> None:
    """Validate the facts and sync the store to them: afterwards it holds exactly what they
    say (nothing stale from an earlier load) and records their digest for `status`.

    The embedded store swaps the new graph in at once; on Neo4j a small change is one
    transaction, a big one runs in batches and `status` says "incomplete" until it ends."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
    from rich.table import Table

    from accountable import api

    with errors(), Progress(TextColumn("{task.description}"), BarColumn(),
                            MofNCompleteColumn(), console=err.real, transient=True,
                            disable=as_json) as bar:
        task = bar.add_task(f"loading into {'neo4j' if neo4j else 'embedded'}", total=None)
        result = api.load(
            seeds, neo4j=neo4j, data_dir=data_dir, uri=neo4j_uri, user=neo4j_user,
            password=neo4j_password, wipe=wipe, batch_size=batch_size,
            progress=lambda what, done, total: bar.update(
                task, completed=done, total=total,
                # "reading the facts files", "checking the records"; then rows per label
                description=what if " " in what else f"loading {what}"))
    if as_json:
        emit_json(result)
        return
    rows = result["rows"]
    table = Table(title=f"Loaded {rows['nodes']} nodes and {rows['relationships']} "
                        f"relationships from {result['seeds']}")
    table.add_column("label or type")
    table.add_column("in the store", justify="right")
    for k, v in result["counts"].items():
        table.add_row(k, str(v))
    out.print(table)


def init(
    folder: Annotated[Path, typer.Argument(help="A new or empty folder for your facts.")],
    example: Annotated[bool, typer.Option(
        "--example", metavar="",
        help="Copy the bundled seeds (five articles, their facts) to start from.")]
    = False,
    as_json: JsonOpt = False,
) -> None:
    """Start a facts folder of your own (never edit the one inside the installed package).

    Writes sources.yaml, sources/, facts/, a README and the format (FORMAT.md); or, with
    --example, a copy of the bundled seeds. Refuses a folder that is not empty. Then use it
    with --seeds FOLDER or ACCOUNTABLE_SEEDS=FOLDER on validate, load, who and the rest.
    """
    try:
        from accountable import api

        dest = api.init(folder, example=example)
    except FileExistsError as e:
        raise fail(str(e), EXIT_USAGE) from None
    files = sorted(str(p.relative_to(dest)) for p in dest.rglob("*") if p.is_file())
    if as_json:
        emit_json({"folder": str(dest), "example": example, "files": files})
        return
    out.print(f"Started {'a copy of the bundled seeds' if example else 'an empty facts folder'}"
              f" in {dest} ({len(files)} files). Next:\n"
              f"  accountable validate --seeds {dest}\n"
              f"  accountable load --seeds {dest}\n"
              f"or export ACCOUNTABLE_SEEDS={dest} once.", soft_wrap=True)


def register(app: typer.Typer) -> None:
    app.command("init")(init)
    app.command("validate")(validate)
    app.command("load")(load)
