"""The model speaks for every page and table: no code outside `graph/model.py` (the reader)
spells a schema label, relationship type, underscored vocabulary word or colour.

Scanned: the Python of `accountable/` (commands, API, render, export), `graph/` and
`loaders/` (validation, rows, the CSV importer, the drafter), and the page templates
(`accountable/render/templates/`) for data colours. Not scanned: `cypher/` (queries are
written against the labels the model declares). Code finds a schema by its `role:`
(`SCHEMA.tenure`) and a vocabulary word through `Words("post_kind").lead_member`.

`ALLOWED` lists the few lines that must name a schema, with the reason; anything else
fails the test, which prints every offending line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from accountable.graph.model import load_model

ROOT = Path(__file__).resolve().parent.parent

#: (file, text on the line) -> why it may stay
ALLOWED: dict[tuple[str, str], str] = {
    # FollowTheMoney's own schema names (its model, not ours) in the FtM export's mapping
    ("accountable/export/ftm.py", 'FtmEdge("Occupancy"'): "FtM schema",
    ("accountable/export/ftm.py", 'FtmEdge("ContractAward"'): "FtM schema",
    ("accountable/export/ftm.py", 'via=("Contract", "contract")'): "FtM schema",
    ("accountable/export/ftm.py", 'self.make("Person"'): "FtM schema",
    ("accountable/export/ftm.py", 'self.make("Event"'): "FtM schema",
    # table column headings in English (not compared with any label)
    ("accountable/cli/ask.py", 'for col, ratio in (("Post", 6), ("Person", 5)'): "heading",
    ("accountable/cli/ask.py", 'for col in ("Post", "Organisation", "Tenure"'): "heading",
    ("accountable/cli/ask.py", 'for col in ("Date", "Event", "As"'): "heading",
    ("accountable/cli/ask.py", 'ins.add_column("Inspection"'): "heading",
    # the answers' Python types (TypedDicts named after DESIGN's answer objects), not labels
    ("accountable/types.py", ""): "type names",
    ("accountable/__init__.py", '"PersonAnswer", "Problem", "Source"'): "type names",
    # the drafter's recognition rules (regexes per vocabulary word), retuned meanwhile on
    # h/tune2: converted after that branch is merged
}

COLOUR = re.compile(r"#[0-9A-Fa-f]{6}\b")


def _words() -> list[str]:
    model = load_model()
    names = set(model.schemata) | {model.citation_edge}
    for s in model.schemata.values():
        names |= {p.edge for p in s.props.values() if p.edge}
        if s.relationship:
            names.add(s.relationship)
    for vocab in model.vocabularies:
        names |= {w for w in model.vocab(vocab) if "_" in w}
    return sorted(names, key=len, reverse=True)


def _offending() -> list[str]:
    alternatives = "|".join(map(re.escape, _words()))
    literal = re.compile(rf"""["']({alternatives})["']""")
    files = [p for p in [*ROOT.glob("accountable/**/*.py"), *ROOT.glob("graph/*.py"),
                         *ROOT.glob("loaders/**/*.py")]
             if p.name != "model.py"]
    bad = []
    for path in sorted(files):
        rel = path.relative_to(ROOT).as_posix()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.lstrip().startswith("#"):
                continue
            if (literal.search(line) or COLOUR.search(line)) and not any(
                    f == rel and text in line for f, text in ALLOWED):
                bad.append(f"{rel}:{n}: {line.strip()}")
    return bad


def test_no_schema_relationship_vocabulary_or_colour_literal_outside_the_model() -> None:
    bad = _offending()
    assert not bad, "spelt outside graph/model.yaml:\n" + "\n".join(bad)


def test_page_templates_take_their_data_colours_from_the_model() -> None:
    """Templates keep only the page's own greys (chrome); every colour that means
    something (a status, grade, kind, event) comes from the model."""
    model = load_model()
    meaningful = {c.upper() for c in (
        [st.colour for st in model.statuses.values()]
        + [d for v in model.vocabularies for d in model.colours(v).values()]
        + [s.draw.colour for s in model.schemata.values()])}
    found = []
    for path in sorted((ROOT / "accountable/render/templates").iterdir()):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for colour in COLOUR.findall(line):
                chrome = len({colour[1:3], colour[3:5], colour[5:7]}) == 1  # a grey
                if colour.upper() in meaningful or not chrome:
                    found.append(f"{path.name}:{n}: {line.strip()}")
    assert not found, "colours in templates:\n" + "\n".join(found)


@pytest.mark.parametrize("folder", ["accountable/render", "loaders/draft"])
def test_the_check_finds_a_planted_literal(folder: str) -> None:
    """The grep is no stub: a line spelling a label or a colour is reported."""
    planted = ROOT / folder / "_planted_for_test.py"
    planted.write_text('KIND = "Tenure"\nGRADE = "requires_improvement"\nC = "#7a5195"\n'
                       'ROLE = SCHEMA.tenure\n', encoding="utf-8")
    try:
        bad = _offending()
    finally:
        planted.unlink()
    assert [b.split(": ", 1)[0] for b in bad if "_planted_for_test" in b] == [
        f"{folder}/_planted_for_test.py:1", f"{folder}/_planted_for_test.py:2",
        f"{folder}/_planted_for_test.py:3"]
