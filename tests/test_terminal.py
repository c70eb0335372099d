"""Terminal tables read well in an 80-column terminal: quotes go under the table, not in it."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import invoke


def _run(data_dir: Path, *args: str) -> str:
    r = invoke(list(args), {"ACCOUNTABLE_DATA": str(data_dir), "COLUMNS": "80"})
    assert r.exit_code == 0, r.output
    return r.stdout


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_who_fits_80_columns_with_quotes_under_the_table(data_dir: Path) -> None:
    args = ("who", "Sandwell", "--on", "2013-02-15")
    who = json.loads(_run(data_dir, *args, "--json"))
    text = _run(data_dir, *args)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80
    table = lines[:next(i for i, line in enumerate(lines) if line.startswith("└")) + 1]
    # A few lines per holder, not a 20-line cell of squeezed quotes.
    rows = len(who["holders"]) + len(who["no_known_holder"])
    assert len(table) <= 4 + 5 * rows
    flat = _flat(text)
    for i, h in enumerate(who["holders"], 1):
        assert f"[{i}] {h['person']}, {h['post']}" in text
        for s in h["sources"]:
            assert _flat(s["quote"]) in flat
    quiet = _flat(_run(data_dir, *args, "--no-quotes"))
    assert all(_flat(s["quote"]) not in quiet for h in who["holders"] for s in h["sources"])


def test_person_fits_80_columns(data_dir: Path) -> None:
    record = json.loads(_run(data_dir, "person", "Darren Cooper", "--json"))
    text = _run(data_dir, "person", "Darren Cooper")
    assert max(len(line) for line in text.splitlines()) <= 80
    flat = _flat(text)
    for t in record["tenures"]:
        for s in t["sources"]:
            assert _flat(s["quote"]) in flat
    for i in record["inspections"]:
        assert i["inspection_id"] in text  # whole, not folded over two lines
