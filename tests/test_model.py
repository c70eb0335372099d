"""graph/model.py: the model declares labels, colours, statuses and drawing; it is checked
when it loads, and a broken model names what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest
from accountable.graph.model import MODEL_FILE, SCHEMA, InvalidModel, Words, load_model


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = MODEL_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "model.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_the_bundled_model_loads_and_speaks_in_words() -> None:
    model = load_model()
    assert model.word("grade", "requires_improvement") == "requires improvement"
    assert model.word("inspection_kind", "safeguarding_and_looked_after") == \
        "Ofsted safeguarding and looked-after children inspection"
    assert model.word("event_kind", "contract_awarded") == "contract awarded"
    assert model.word("judgement_area", "looked_after") == "children looked after"
    assert model.word("post_kind", "lead_member") == "Lead member for children's services"
    assert model.grades[0] == "outstanding" and model.grades[-1] == "inadequate"
    assert model.worst_grade(["good", "inadequate", "adequate"]) == "inadequate"
    assert model.worst_grade(["bogus"]) is None
    assert model.unbounded_span == frozenset({"Tenure"})
    assert [s for s in model.statuses] == ["held", "possibly_held", "known_not_held",
                                          "no_known_holder"]
    assert model.status_word("possibly_held") == "possibly held"


def test_one_palette_no_colour_means_two_things() -> None:
    """Grades, statuses and organisation kinds never share a colour where they meet: the
    'possibly held' line is no regulator's or grade's colour."""
    model = load_model()
    possible = model.status("possibly_held").colour
    assert possible != model.status("held").colour
    assert possible not in model.colours("organisation_kind").values()
    assert possible not in model.colours("grade").values()
    grades = list(model.colours("grade").values())
    assert len(set(grades)) == len(grades) == 5


@pytest.mark.parametrize(("old", "new", "says"), [
    ('inadequate: {label: inadequate, colour: "#D7191C"}',
     'inadequate: {label: inadequate, colour: "red"}',
     "vocabularies.grade.inadequate: colour 'red' is not #RRGGBB"),
    ("requires_improvement: {label: requires improvement, ",
     "requires_improvement: {",
     "vocabularies.grade.requires_improvement: give it a `label`"),
    ('caption: "{kind}, {start|published}"', 'caption: "{kind}, {begun|published}"',
     "schemata.Inspection.caption: {begun|published} names no property 'begun'"),
    ("draw: {shape: star,", "draw: {shape: blob,",
     "schemata.Judgement.draw.shape: 'blob' is not one of"),
    ("  no_known_holder: {label: no known holder,", "  nobody_known: {label: no known holder,",
     "statuses.no_known_holder: missing"),
    ("    role: contract\n", "    role: tenure\n",
     "schemata.Contract.role: 'tenure' is also Tenure's"),
])
def test_a_broken_model_names_what_is_wrong(tmp_path: Path, old: str, new: str,
                                            says: str) -> None:
    path = _broken(tmp_path, old, new)
    with pytest.raises(InvalidModel) as err:
        load_model(path)
    assert says in str(err.value)
    assert str(path) in str(err.value)


def test_code_finds_schemata_by_role_and_words_through_the_model() -> None:
    """Code spells a role or a word; the model answers with its name or refuses."""
    model = load_model()
    assert {s.role for s in model.schemata.values()} >= {"person", "tenure", "source"}
    tenure = model.by_role("tenure")
    assert tenure.unbounded_span and tenure.link_props[0].arg == model.by_role("person").name
    assert SCHEMA.source == model.by_role("source").name
    assert model.by_role("source").kind == "source"
    with pytest.raises(InvalidModel, match="no schema has `role: spaceship`"):
        model.by_role("spaceship")
    with pytest.raises(InvalidModel, match="no schema has `role: spaceship`"):
        _ = SCHEMA.spaceship
    kinds = Words("post_kind")
    assert kinds.lead_member == "lead_member" and kinds.lead_member in model.vocab("post_kind")
    with pytest.raises(InvalidModel, match="post_kind declares no word 'lead_membr'"):
        _ = kinds.lead_membr
