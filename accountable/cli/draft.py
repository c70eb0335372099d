"""`accountable draft`: propose records from a news article, for a person to review
(`accountable.draft`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from accountable.cli.common import (
    EXIT_USAGE,
    JsonOpt,
    SeedsOpt,
    check_date,
    emit_json,
    err,
    errors,
    fail,
)


def draft(
    article: Annotated[Path, typer.Argument(help="The article as plain UTF-8 text.",
                                            show_default=False)],
    published: Annotated[str | None, typer.Option(
        "--published", help="Publication date YYYY[-MM[-DD]]: resolves 'last year', 'on "
                            "Tuesday' (certainty inferred). Without it they stay open.")] = None,
    source_id: Annotated[str | None, typer.Option(
        "--source-id", help="Id for the article's Source (default: the next free source:NNN).")]
    = None,
    out_file: Annotated[Path | None, typer.Option(
        "--out", help="Write the records as YAML to this file (for seeds/facts/).")] = None,
    seeds: SeedsOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Draft records (people, posts, tenures, inspections, events) from an article.

    Rule-based and deterministic; each record cites the smallest verbatim span that says it.

    Drafted records carry `draft: true` and `found_by` (the rule that proposed them).

    What the facts already hold (the article itself, people, organisations, posts, tenures,
    inspections, judgements, events, contracts) keeps its id and carries `existing: true`:
    the draft only adds citations to it.

    `validate` and `load` refuse `draft: true` records: review, then delete those lines.
    """
    if as_json and out_file:
        raise fail("--json and --out cannot be used together: choose one.", EXIT_USAGE)
    check_date("--published", published)
    if source_id is not None and not source_id.startswith("source:"):
        raise fail(f"--source-id {source_id!r}: a Source id starts with 'source:', e.g. "
                   "source:005.", EXIT_USAGE)
    # Imported here so the drafter's import cost stays out of every other command.
    import sys

    from accountable import api

    with errors():
        result = api.draft(article, published=published, source_id=source_id, seeds=seeds,
                           out=None if as_json else (out_file or sys.stdout))
    if as_json:
        emit_json(result)
    elif out_file:
        matched = sum(1 for r in result["records"] if r.get("existing"))
        source = (f"the Source ({result['source']['id']}, already registered)"
                  if result["source"].get("existing") else "the Source")
        err.print(f"{len(result['records'])} draft record(s) ({matched} already in the facts, "
                  f"marked existing: true) and {source} written to {out_file}. "
                  "Review each against the article, delete what is wrong and the "
                  "'draft: true' lines, then `accountable validate`.")


def register(app: typer.Typer) -> None:
    app.command("draft")(draft)
