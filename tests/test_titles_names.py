"""The shared title-to-post-kind rules and name matching (used by draft and import-csv)."""

from __future__ import annotations

import pytest
from accountable.graph.paths import seeds_dir
from accountable.loaders.names import EntityIndex, normalise_name, slug
from accountable.loaders.titles import post_kind
from accountable.loaders.validate import read_seeds


@pytest.mark.parametrize(("title", "kind"), [
    ("director of children's services", "dcs"),
    ("Children\u2019s Services Director", "dcs"),
    ("Strategic Director for Children and Young People", "dcs"),
    ("interim director of children's services", "dcs"),
    ("Service director for children and families", "service_director"),
    ("Cabinet member for children's services", "lead_member"),
    ("portfolio holder for children and families", "lead_member"),
    ("the children's services portfolio", "lead_member"),
    ("Children\u2019s Services Portfolio", "lead_member"),
    ("leader of Sandwell council", "leader"),
    ("Council leader", "leader"),
    ("Chief Executive", "chief_executive"),
    ("Chair of Sandwell Safeguarding Children Board", "lscb_chair"),
    ("Children's services commissioner for Dudley", "commissioner"),
    ("Member of Parliament for Warley", "mp"),
    ("Cabinet member for finance", "other"),
    ("Director of Public Health", "other"),
])
def test_post_kind(title: str, kind: str) -> None:
    assert post_kind(title) == kind


def test_seed_post_titles_map_to_their_curated_kinds() -> None:
    seeds = read_seeds(seeds_dir())
    posts = [r for r in seeds.records if r.schema.name == "Post"]
    assert len(posts) >= 8
    for p in posts:
        assert post_kind(p.data["title"]) == p.data["kind"], p.data["title"]


def test_names_match_known_entities() -> None:
    idx = EntityIndex.from_records(read_seeds(seeds_dir()).records)
    assert idx.find("Person", "Cllr Simon Hackett").id == "person:simon-hackett"
    assert idx.find("Person", "Councillor Simon Hacket").id == "person:simon-hackett"
    assert idx.find("Organisation", "Sandwell MBC").id == "org:sandwell"
    assert idx.find("Person", "Sandwell MBC") is None  # never across schemata
    assert idx.find("Person", "Jane Nobody") is None
    assert idx.new_id("person", "Simon Hackett") == "person:simon-hackett-2"
    assert normalise_name("Mr D\u2019Arcy  Smith.") == "darcy smith"
    assert slug("Ms Anne-Marie O'Neill") == "anne-marie-oneill"
