"""`accountable draft`: each recogniser on short sentences, whole articles through the CLI,
matching known entities, verbatim quotes, bad input, and `load` refusing unreviewed drafts."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from accountable.graph.paths import seeds_dir
from accountable.loaders.draft import draft_article
from accountable.loaders.draft import recognise as R
from accountable.loaders.draft.text import dates_in, sentences
from accountable.loaders.names import EntityIndex
from accountable.loaders.validate import normalise, read_seeds

from tests.conftest import ROOT, invoke

ARTICLES = ROOT / "tests" / "articles"
ALL_ARTICLES = sorted(ARTICLES.glob("*/*.txt")) + sorted((ROOT / "seeds" / "sources")
                                                           .glob("*.txt"))


def _records(text: str, published: str | None = None, **kw: object) -> list[dict]:
    return draft_article(text, published=published, **kw).records  # type: ignore[arg-type]


def _by(records: list[dict], schema: str) -> list[dict]:
    return [r for r in records if r["schema"] == schema]


def _one_sentence(text: str) -> R.Sentence:
    return sentences(text)[0]


# ---------------------------------------------------------------------------- recognisers

@pytest.mark.parametrize(("text", "kind"), [
    ("She is the director of children's services.", "dcs"),
    ("The children’s services director spoke.", "dcs"),
    ("He is strategic director for children and young people.", "dcs"),
    ("the corporate director for children and families", "dcs"),
    ("She became interim director of children's services.", "dcs"),
    ("the head of children's services", "dcs"),
    ("head of children's social care", "head_of_service"),
    ("director of people", "dcs"),
    ("Strategic Director for Children's Services", "dcs"),
    ("cabinet member for education and children's services", "lead_member"),
    ("the cabinet member for children's services", "lead_member"),
    ("the cabinet lead for children's services", "lead_member"),
    ("the councillor responsible for children's services", "lead_member"),
    ("the lead member for children and young people", "lead_member"),
    ("the executive member for children and families", "lead_member"),
    ("the portfolio holder for children's services", "lead_member"),
    ("The council leader spoke.", "leader"),
    ("the leader of the council", "leader"),
    ("The chief executive spoke.", "chief_executive"),
    ("the independent chair of the local safeguarding children board", "lscb_chair"),
])
def test_titles_and_kinds(text: str, kind: str) -> None:
    from accountable.loaders.titles import post_kind
    titles = R.find_titles(_one_sentence(text))
    assert len(titles) == 1, titles
    assert post_kind(titles[0].text) == kind


def test_mp_title_keeps_constituency() -> None:
    (t,) = R.find_titles(_one_sentence("John Spellar MP for Warley said so."))
    assert t.rule == "title-mp" and t.constituency == "Warley"


@pytest.mark.parametrize(("text", "key", "kind"), [
    ("Sandwell Metropolitan Borough Council said", "Sandwell", "council"),
    ("Dudley MBC have stated", "Dudley", "council"),
    ("SANDWELL’S children’s services", "Sandwell", "council"),
    ("Kent County Council agreed", "Kent", "council"),
    ("the London Borough of Thornbury said", "Thornbury", "council"),
    ("Ashby Fenwick Council met", "Ashby Fenwick", "council"),
    ("Ofsted said", "Ofsted", "regulator"),
    ("the Department for Education said", "Department for Education", "government"),
    ("Wexcombe Children's Trust said", "Wexcombe Children's Trust", "trust"),
    ("the Marlow Safeguarding Children Board met", "Marlow Safeguarding Children Board",
     "safeguarding_board"),
    ("to social care consultancy iMPOWER to run", "iMPOWER", "contractor"),
    ("a Unison spokesperson", "Unison", "union"),
])
def test_organisations(text: str, key: str, kind: str) -> None:
    orgs = R.find_orgs(text)
    assert [(o.key, o.kind) for o in orgs] == [(key, kind)]


def test_reading_the_verb_is_not_reading_council() -> None:
    assert R.find_orgs("Inspectors were reading case files.") == []


@pytest.mark.parametrize(("text", "grades"), [
    ("Ofsted rated the council inadequate.", ["inadequate"]),
    ("Inspectors judged services to be inadequate.", ["inadequate"]),
    ("It was rated requires improvement to be good by Ofsted.", ["requires_improvement"]),
    ("Ofsted found that services were good.", ["good"]),
    ("The council was rated outstanding by inspectors.", ["outstanding"]),
    ("It achieved an “adequate” rating from Ofsted.", ["adequate"]),
    ("The report praised the good work of staff.", []),
    ("Services are bracing for a “good” Ofsted inspection.", []),
    ("The food was good.", []),
])
def test_grades(text: str, grades: list[str]) -> None:
    assert [g.grade for g in R.find_grades(_one_sentence(text))] == grades


@pytest.mark.parametrize(("text", "kind"), [
    ("Bob Badham has resigned.", "resigned"),
    ("She quit last week.", "resigned"),
    ("He stepped down in May.", "resigned"),
    ("He was sacked.", "dismissed"),
    ("The director was suspended.", "suspended"),
    ("She left by mutual consent.", "left"),
    ("She was appointed in 2014.", "appointed"),
    ("He will take over next month.", "appointed"),
])
def test_events(text: str, kind: str) -> None:
    assert [e.kind for e in R.find_events(_one_sentence(text))][:1] == [kind]


def test_negated_event_is_not_an_event() -> None:
    assert R.find_events(_one_sentence("She said she would not be stepping down.")) == []


@pytest.mark.parametrize(("text", "published", "values", "inferred"), [
    ("on 9 April 2013", None, ["2013-04-09"], [False]),
    ("in March 2013", None, ["2013-03"], [False]),
    ("in 2012", None, ["2012"], [False]),
    ("last year", "2015-05", ["2014"], [True]),
    ("last month", "2015-01", ["2014-12"], [True]),
    ("in July", "2015-05-10", ["2014-07"], [True]),
    ("on Tuesday", "2019-05-10", ["2019-05-07"], [True]),
    ("last year", None, [None], [True]),
    ("a £1.15million contract", None, [], []),
])
def test_dates(text: str, published: str | None, values: list[str | None],
               inferred: list[bool]) -> None:
    found = dates_in(text, 0, len(text), published)
    assert [d.value for d in found] == values
    assert [d.inferred for d in found] == inferred


@pytest.mark.parametrize(("text", "name"), [
    ("Councillor Jane Roe, the cabinet member for children's services, said it was fine.",
     "Jane Roe"),
    ("The director of children's services, Mark Ellery, is due to leave.", "Mark Ellery"),
    ("Council leader Martin Oakhurst said the council accepted the findings.", "Martin Oakhurst"),
    ("Dr Alan Whitcombe has been appointed.", "Alan Whitcombe"),
])
def test_people(text: str, name: str) -> None:
    people = _by(_records(text + " Marlowe Borough Council agreed."), "Person")
    assert [p["name"] for p in people] == [name]


@pytest.mark.parametrize("text", [
    "Marlowe Borough Council met in Ashby Fenwick Town Hall.",
    "The Children and Young Persons Alliance Board met.",
    "Labour and the Liberal Democrats voted against the Improvement Plan.",
])
def test_places_reports_and_parties_are_not_people(text: str) -> None:
    assert _by(_records(text), "Person") == []


def test_byline_goes_on_the_source_not_among_people() -> None:
    d = draft_article("Council news\n\nBy Priya Castellane\n\nMarlowe Borough Council's chief "
                      "executive, Raymond Tolley, said so.\n", published="2019-05-10")
    assert d.source["author"] == "Priya Castellane"
    assert [p["name"] for p in _by(d.records, "Person")] == ["Raymond Tolley"]


def test_later_ms_x_is_the_same_person() -> None:
    recs = _records("Head of children's services Tanya Brook said staff worked hard at "
                    "Greyhaven City Council. Ms Brook added more.")
    (person,) = _by(recs, "Person")
    assert person["name"] == "Tanya Brook" and "Ms Brook" in person["aliases"]


def test_tenure_ties_person_post_and_council() -> None:
    recs = _records("Sarah Norman, chief executive of Dudley Council, said it was so.",
                    "2016-04")
    (tenure,) = _by(recs, "Tenure")
    assert tenure["person"] == "person:sarah-norman"
    assert tenure["post"] == "post:dudley:chief_executive"
    assert tenure["end_after"] == "2016-04"
    assert tenure["sources"][0]["quote"] == "Sarah Norman, chief executive of Dudley Council"
    assert tenure["sources"][0]["certainty"] == "stated"
    assert tenure["found_by"] == "tie-name-then-title"


def test_former_ends_the_tenure() -> None:
    recs = _records("The former director of children's services, Lorraine Ames, spoke at "
                    "Greyhaven City Council.", "2021-06-15")
    (tenure,) = _by(recs, "Tenure")
    assert tenure["end_before"] == "2021-06-15" and "end_after" not in tenure


def test_certainty_believed_and_reported() -> None:
    recs = _records("It is believed to be former social worker Helen Smith who was service "
                    "director for children and families in Sandwell council.", "2013-03")
    assert {c["certainty"] for r in recs for c in r["sources"]} >= {"believed"}
    recs = _records("According to the council, Jane Roe, the director of children's services, "
                    "left Sandwell council.", "2013-03")
    (tenure,) = _by(recs, "Tenure")
    assert tenure["sources"][0]["certainty"] == "reported"


def test_relative_date_inferred_with_note() -> None:
    recs = _records("Sandwell council's leader, Darren Cooper, resigned last month.", "2015-03")
    (event,) = _by(recs, "Event")
    assert event["kind"] == "resigned" and event["date"] == "2015-02"
    assert event["sources"][0]["certainty"] == "inferred"
    assert "2015-03" in event["sources"][0]["note"]
    # without a publication date the relative date stays open
    (event,) = _by(_records("Sandwell council's leader, Darren Cooper, resigned last month."),
                   "Event")
    assert "date" not in event


# ---------------------------------------------------------------------------- whole articles

def test_full_article_through_cli_json() -> None:
    art = ARTICLES / "tuning" / "t3_greyhaven_local.txt"
    result = invoke(["draft", str(art), "--published", "2021-06-15", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    src = doc["source"]
    assert src["schema"] == "Source" and src["id"] == "source:005"
    assert src["file"] == "sources/t3_greyhaven_local.txt"
    assert src["published"] == "2021-06-15" and src["draft"] is True
    recs = {r["id"]: r for r in doc["records"]}
    assert all(r["draft"] is True and r["found_by"] for r in recs.values())
    org = recs["org:greyhaven"]
    assert org["name"] == "Greyhaven City Council" and org["kind"] == "council"
    assert recs["org:ofsted"]["existing"] is True  # already in the seeds
    assert {r["name"] for r in recs.values() if r["schema"] == "Person"} == {
        "Julia Frost", "Tanya Brook", "Graham Sefton", "Lorraine Ames", "Dev Mistry",
        "Sandra Yates"}
    post = recs["post:greyhaven:lead_member"]
    assert (post["title"], post["kind"], post["in"]) == (
        "Portfolio holder for children's services", "lead_member", "org:greyhaven")
    sefton = recs["tenure:graham-sefton:greyhaven-dcs"]
    assert sefton["person"] == "person:graham-sefton" and sefton["post"] == "post:greyhaven:dcs"
    assert sefton["sources"][0] == {
        "source": "source:005", "certainty": "stated",
        "quote": "Graham Sefton as interim director of children's services"}
    ames = recs["tenure:lorraine-ames:greyhaven-dcs"]
    assert ames["ended_by"] == "mutual_consent" and ames["end"] == "2021-01"
    judgement = recs["judgement:greyhaven:2020-11:overall"]
    assert judgement["grade"] == "inadequate"
    assert recs["inspection:greyhaven:2020-11"]["organisation"] == "org:greyhaven"
    left = [r for r in recs.values() if r["schema"] == "Event" and r["kind"] == "left"]
    assert left and left[0]["involved"][0] == {"id": "person:lorraine-ames", "as": "subject"}
    assert left[0]["date"] == "2021-01" and left[0]["sources"][0]["certainty"] == "inferred"


def _unreviewed(doc: str) -> str:
    return "\n".join(line for line in doc.splitlines() if line.strip() != "draft: true")


def test_out_yaml_validates_once_reviewed(seeds_copy: Path, tmp_path: Path) -> None:
    art = ARTICLES / "tuning" / "t1_eastwick_trade.txt"
    out = tmp_path / "draft.yaml"
    result = invoke(["draft", str(art), "--published", "2018-10-17", "--out", str(out),
                     "--seeds", str(seeds_copy)])
    assert result.exit_code == 0, result.output
    drafted = yaml.safe_load(out.read_text())
    assert drafted[0]["schema"] == "Source" and drafted[0]["author"] == "Hannah Grieve"
    shutil.copy(art, seeds_copy / "sources" / art.name)
    (seeds_copy / "facts" / "eastwick.yaml").write_text(out.read_text())
    # as drafted: refused, every record named with its file and line
    result = invoke(["validate", "--seeds", str(seeds_copy), "--json"])
    assert result.exit_code == 1
    problems = json.loads(result.stdout)["problems"]
    assert {p["field"] for p in problems} == {"draft"}
    assert len(problems) == len(drafted)
    assert all(p["file"] == "seeds/facts/eastwick.yaml" and p["line"] for p in problems)
    # reviewed: the 'draft: true' lines deleted, nothing else changed
    (seeds_copy / "facts" / "eastwick.yaml").write_text(_unreviewed(out.read_text()))
    result = invoke(["validate", "--seeds", str(seeds_copy), "--json"])
    assert result.exit_code == 0, result.stdout
    seeds = read_seeds(seeds_copy)
    ofsted = seeds.by_id()["org:ofsted"]
    assert any(c["source"] == drafted[0]["id"] for c in ofsted.data["sources"])


def test_load_refuses_unreviewed_drafts_and_names_them(seeds_copy: Path, tmp_path: Path) -> None:
    art = ARTICLES / "tuning" / "t2_thornbury_bbc.txt"
    out = seeds_copy / "facts" / "thornbury.yaml"
    assert invoke(["draft", str(art), "--published", "2019-04-20", "--out", str(out),
                   "--seeds", str(seeds_copy)]).exit_code == 0
    shutil.copy(art, seeds_copy / "sources" / art.name)
    result = invoke(["load", "--seeds", str(seeds_copy)],
                    {"ACCOUNTABLE_DATA": str(tmp_path / "store")})
    assert result.exit_code == 1
    assert "seeds/facts/thornbury.yaml:" in result.output
    assert "tenure:aisha-rahman:thornbury-lead-member" in result.output
    assert "unreviewed draft record" in result.output


def test_cllr_simon_hackett_reuses_the_known_id() -> None:
    index = EntityIndex.from_records(read_seeds(seeds_dir()).records)
    text = ("Sandwell council's cabinet member for children's services, Cllr Simon Hackett, "
            "said the service had improved.")
    recs = _records(text, "2015-06", index=index)
    (person,) = _by(recs, "Person")
    assert person["id"] == "person:simon-hackett" and person["existing"] is True
    (post,) = _by(recs, "Post")
    assert post["id"] == "post:sandwell:lead_member" and post["existing"] is True
    (tenure,) = _by(recs, "Tenure")  # already curated: the draft adds its citation to it
    assert tenure["id"] == "tenure:simon-hackett:sandwell-lead-member"
    assert tenure["existing"] is True
    assert tenure["sources"][0]["quote"] == ("cabinet member for children's services, "
                                             "Cllr Simon Hackett")


@pytest.mark.parametrize("path", ALL_ARTICLES, ids=lambda p: p.name)
def test_every_quote_is_verbatim(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    d = draft_article(text, published="2016-04")
    norm = normalise(text)
    quotes = [c["quote"] for r in d.records for c in r["sources"]]
    assert quotes, "the drafter found nothing to cite"
    for q in quotes:
        assert q in text  # byte for byte, not only after normalising
        assert normalise(q) in norm


def test_article_about_something_else_gives_nothing(tmp_path: Path) -> None:
    art = tmp_path / "cricket.txt"
    art.write_text("Rain stopped play at Lord's on Saturday as England reached 240 for six.\n"
                   "The captain said the pitch was good and the crowd was in fine voice.\n")
    result = invoke(["draft", str(art), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["records"] == []


@pytest.mark.parametrize(("content", "message"), [
    (None, "no such file"),
    (b"", "the file is empty"),
    (b"   \n\n", "the file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
    ("Caf\u00e9 council".encode("latin-1"), "not UTF-8"),
])
def test_bad_input_exits_2(tmp_path: Path, content: bytes | None, message: str) -> None:
    art = tmp_path / "article.txt"
    if content is not None:
        art.write_bytes(content)
    result = invoke(["draft", str(art)])
    assert result.exit_code == 2
    assert message in result.output and str(art.name) in result.output


def test_bad_options_exit_2(tmp_path: Path) -> None:
    art = ARTICLES / "tuning" / "t2_thornbury_bbc.txt"
    assert invoke(["draft", str(art), "--published", "2019-13"]).exit_code == 2
    assert invoke(["draft", str(art), "--source-id", "007"]).exit_code == 2
    assert invoke(["draft", str(art), "--json", "--out", str(tmp_path / "x.yaml")]) \
        .exit_code == 2


def test_five_megabyte_file_finishes(tmp_path: Path) -> None:
    seed = (ROOT / "seeds" / "sources" / "002_cb65f7d43c95a495.txt").read_text()
    filler = ("the committee heard that waiting lists for assessments had grown and that "
              "more work was needed on recruitment and retention of staff. ") * 400
    block = seed + "\n" + filler + "\n"
    art = tmp_path / "big.txt"
    art.write_text((block * (5_000_000 // len(block) + 1))[:5_000_000])
    result = invoke(["draft", str(art), "--published", "2013-03", "--json"])
    assert result.exit_code == 0, result.output[-500:]
    doc = json.loads(result.stdout)
    assert any(r["schema"] == "Person" and r["name"] == "Bob Badham" for r in doc["records"])


def test_draft_import_stays_out_of_other_commands() -> None:
    import subprocess
    import sys
    code = ("import sys, accountable.cli, accountable.api; "
            "print(any(m.startswith('accountable.loaders.draft') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "False"
    # imported inside `accountable.draft`, which `accountable draft` calls
    assert re.search(r"\n    from accountable\.loaders\.draft import",
                     (ROOT / "accountable" / "api.py").read_text())


def test_quoted_words_make_a_statement_event() -> None:
    recs = _records("Sarah Norman, chief executive of Dudley Council, said: “We fully accept "
                    "Ofsted’s findings.”", "2016-04")
    (event,) = _by(recs, "Event")
    assert event["kind"] == "statement" and event["date"] == "2016-04"
    assert event["involved"][0] == {"id": "person:sarah-norman", "as": "speaker"}
    assert event["sources"][0]["certainty"] == "reported"
    assert event["sources"][0]["quote"].startswith("Sarah Norman, chief executive")


def test_succession_and_a_qualifying_verb() -> None:
    recs = _records("Councillor Simon Hackett took over from ousted Councillor Bob Badham as "
                    "cabinet member for children's services at Sandwell council.", "2015-01")
    tenures = {t["person"]: t for t in _by(recs, "Tenure")}
    assert set(tenures) == {"person:simon-hackett", "person:bob-badham"}
    assert tenures["person:bob-badham"]["ended_by"] in ("replaced", "dismissed")
    assert "ended_by" not in tenures["person:simon-hackett"]
    assert tenures["person:simon-hackett"]["end_after"] == "2015-01"
    (event,) = [e for e in _by(recs, "Event") if e["kind"] == "dismissed"]
    assert event["involved"][0]["id"] == "person:bob-badham"


def test_a_known_tenure_gets_citations_not_a_duplicate() -> None:
    index = EntityIndex.from_records(read_seeds(seeds_dir()).records)
    recs = _records("Council leader Councillor Darren Cooper said so at Sandwell council.",
                    "2015-01", index=index)
    (tenure,) = _by(recs, "Tenure")
    assert tenure["id"] == "tenure:darren-cooper:sandwell-leader"
    assert tenure["existing"] is True
    # the person and post it joins are shown (validate ignores them on an existing record)
    assert (tenure["person"], tenure["post"]) == ("person:darren-cooper", "post:sandwell:leader")


def test_he_replaces_x_gives_x_the_post_before_him() -> None:
    recs = _records("Kestrel County Council has appointed Dr Alan Whitcombe as its director of "
                    "children's services. He replaces Keith Morland, who stepped down in May.",
                    "2021-07-15")
    tenures = {t["person"]: t for t in _by(recs, "Tenure")}
    assert tenures["person:keith-morland"]["post"] == "post:kestrel:dcs"
    assert tenures["person:keith-morland"]["end"] == "2021-05"
    assert tenures["person:keith-morland"]["found_by"] == "tie-replaces"
    assert tenures["person:alan-whitcombe"]["post"] == "post:kestrel:dcs"


def test_every_test_article_validates_once_reviewed(seeds_copy: Path) -> None:
    """Draft each invented article into the seeds, as a user would, then review nothing but
    the 'draft: true' lines: the result must validate (ids resolve, quotes are found)."""
    for art in sorted(ARTICLES.glob("*/*.txt")):
        shutil.copy(art, seeds_copy / "sources" / art.name)
        out = seeds_copy / "facts" / f"draft_{art.stem}.yaml"
        result = invoke(["draft", str(seeds_copy / "sources" / art.name), "--published",
                         "2020-06", "--out", str(out), "--seeds", str(seeds_copy)])
        assert result.exit_code == 0, result.output
        out.write_text(_unreviewed(out.read_text()))
    result = invoke(["validate", "--seeds", str(seeds_copy), "--json"])
    assert result.exit_code == 0, result.stdout
    assert json.loads(result.stdout)["records"] > 250


# ---------------------------------------------------------------------------- real-English
# patterns (issue 14), each on invented sentences in the voice of real news

def _people(recs: list[dict]) -> dict[str, dict]:
    return {p["name"]: p for p in _by(recs, "Person")}


def _tenures(recs: list[dict]) -> dict[tuple[str, str], dict]:
    """(person id, post kind) -> tenure record (post kinds from the drafted posts)."""
    posts = {p["id"]: p for p in _by(recs, "Post")}
    return {(t["person"], posts[t["post"]]["kind"]): t for t in _by(recs, "Tenure")}


def _post_of(recs: list[dict], tenure: dict) -> dict:
    return next(p for p in _by(recs, "Post") if p["id"] == tenure["post"])


def test_no_name_across_a_paragraph_break() -> None:
    recs = _records("The minister spoke after the death of Baby Q.\n\nMr Penrose said the "
                    "council of Wexcombe had failed.")
    names = [p["name"] for p in _by(recs, "Person")]
    assert not any("\n" in n for n in names)
    assert names == ["Penrose"]
    sents = sentences("Baby Q.\n\nMr Penrose said so.")
    assert [s.paragraph for s in sents] == [0, 1]


def test_apposition_with_party_and_since_date() -> None:
    recs = _records("Alan Pardew, Labour leader of Wexcombe Council since 2006, stepped down "
                    "on Tuesday.", "2015-03-06")
    t = _tenures(recs)[("person:alan-pardew", "leader")]
    assert t["start"] == "2006"
    assert _post_of(recs, t)["in"] == "org:wexcombe"


def test_name_then_dash_then_title() -> None:
    recs = _records("Wexcombe Council faces questions.\n\nMarion Holt – current strategic "
                    "director for children's services\n\nGiven her position, Holt ought to "
                    "have spoken.")
    t = _tenures(recs)[("person:marion-holt", "dcs")]
    assert _post_of(recs, t)["title"] == "Strategic director for children's services"


def test_leaving_his_directors_role_is_the_dcs() -> None:
    recs = _records("Owen Tarrant is leaving his director's role at Haverleigh Council after "
                    "three years in the job. Children's services were rated inadequate.")
    t = _tenures(recs)[("person:owen-tarrant", "dcs")]
    assert _post_of(recs, t)["in"] == "org:haverleigh"
    # with no children's services in sight, a director's role is no DCS
    recs = _records("Owen Tarrant is leaving his director's role at Haverleigh Council.")
    assert ("person:owen-tarrant", "dcs") not in _tenures(recs)


def test_name_from_council_is_a_person() -> None:
    recs = _records("Nadia Okafor from Haverleigh City Council will carry out a review.")
    assert "Nadia Okafor" in _people(recs)
    # a place is not a person for being followed by "from"
    recs = _records("Greyhaven Borough from Haverleigh City Council was mentioned.")
    assert "Greyhaven Borough" not in _people(recs)


def test_pronoun_role_with_from_to_dates() -> None:
    recs = _records("Wexcombe Council is under pressure. Pressure continues on Dennis Farrow, "
                    "Wexcombe's police and crime commissioner, over his role as cabinet "
                    "member for children and young people's services from 2005 to 2010.")
    t = _tenures(recs)[("person:dennis-farrow", "lead_member")]
    assert (t["start"], t["end"]) == ("2005", "2010")
    assert t["found_by"] == "tie-pronoun"


def test_pronoun_never_reaches_an_earlier_paragraph_with_two_people() -> None:
    recs = _records("Dennis Farrow and Ruth Lyle met on Monday.\n\nShe was the director of "
                    "children's services at Wexcombe Council.")
    assert not [k for k in _tenures(recs) if k[1] == "dcs"]


def test_possessive_role_and_honorific_resolution() -> None:
    recs = _records("Cllr Martin Hale’s role as Executive Member for Children and Families at "
                    "Greyhaven Council means he leads on policy.")
    assert ("person:martin-hale", "lead_member") in _tenures(recs)


def test_surname_alone_resolves_to_the_full_name() -> None:
    recs = _records("Sharon Pettigrew was stripped of her post after a report. Later Ms "
                    "Pettigrew was removed from her post as Wexcombe Council children's "
                    "director.")
    people = _people(recs)
    assert list(people) == ["Sharon Pettigrew"]
    assert "Ms Pettigrew" in people["Sharon Pettigrew"]["aliases"]
    assert ("person:sharon-pettigrew", "dcs") in _tenures(recs)


def test_given_name_and_age_are_evidence_of_a_person() -> None:
    recs = _records("Graham Nutley will start work next week on a new review. Haringey "
                    "failed to prevent the murder of eight-year-old Tilly Brand in 2000.")
    assert {"Graham Nutley", "Tilly Brand"} <= set(_people(recs))


def test_party_before_a_title_is_not_the_post_organisation() -> None:
    recs = _records("The council's Labour leader Gordon Hythe quit at Wexcombe Council.")
    t = _tenures(recs)[("person:gordon-hythe", "leader")]
    assert _post_of(recs, t)["in"] == "org:wexcombe"
    recs = _records("Labour leader Gordon Hythe spoke at the party conference.")
    assert not _by(recs, "Tenure")


def test_title_abbreviation_in_brackets_then_name_and_joined_date() -> None:
    recs = _records("The Director of Children's Services (DCS) Ruth Lyle took up an interim "
                    "position in July 2015 at Greyhaven Council.")
    t = _tenures(recs)[("person:ruth-lyle", "dcs")]
    assert t["start"] == "2015-07"
    recs = _records("Mark Doyle is the director of children's services at Greyhaven Council."
                    "\n\nMr Doyle joined in March 2019.")
    assert _tenures(recs)[("person:mark-doyle", "dcs")]["start"] == "2019-03"


def test_a_date_about_someone_else_is_not_the_tenure_start() -> None:
    recs = _records("The council's chief executive Kirsty Lamb thanked Mr Doyle for the work "
                    "he has done since he joined Greyhaven Council in 2019.")
    assert "start" not in _tenures(recs)[("person:kirsty-lamb", "chief_executive")]


def test_replaced_as_title_by_name() -> None:
    recs = _records("Ian Cole will be replaced as executive member for children, young people "
                    "and education by Andrea Wall at Greyhaven Council.")
    t = _tenures(recs)
    assert ("person:ian-cole", "lead_member") in t and ("person:andrea-wall",
                                                          "lead_member") in t


def test_list_of_titles_and_names_pairs_each_title_with_the_name_after_it() -> None:
    recs = _records("The motion called on council leader Ivan Marsh, children’s services "
                    "executive member Sheila Wood and chief executive Dina Tarr at Greyhaven "
                    "Council to consider their positions.")
    t = _tenures(recs)
    assert ("person:ivan-marsh", "leader") in t
    assert ("person:sheila-wood", "lead_member") in t
    assert ("person:ivan-marsh", "lead_member") not in t


def test_elected_mayor_is_the_leader_only_where_there_is_one() -> None:
    recs = _records("Middlesbrough mayor Andy Parton has apologised.")
    assert ("person:andy-parton", "leader") in _tenures(recs)
    recs = _records("The Mayor of Sandwell, Cllr Ann Jury, opened the school.")
    assert not [k for k in _tenures(recs) if k[1] == "leader"]


def test_plans_are_believed_never_stated() -> None:
    recs = _records("Deputy leader Darren Pike will take on the children's services portfolio "
                    "at Wexcombe Council.", "2013-03-28")
    t = _tenures(recs)[("person:darren-pike", "lead_member")]
    first = t["sources"][0]
    assert first["certainty"] == "believed" and "plan" in first["note"]
    recs = _records("Sue Marr is expected to become director of children's services at "
                    "Greyhaven Council.")
    (t,) = _by(recs, "Tenure")
    assert {c["certainty"] for c in t["sources"]} == {"believed"}
    # a fact in the past stays stated
    recs = _records("Sue Marr became director of children's services at Greyhaven Council.")
    (t,) = _by(recs, "Tenure")
    assert t["sources"][0]["certainty"] == "stated"


def test_hedges_are_believed() -> None:
    recs = _records("It is understood Sue Marr is director of children's services at "
                    "Greyhaven Council.")
    (t,) = _by(recs, "Tenure")
    assert t["sources"][0]["certainty"] == "believed"


def test_contract_with_value_and_period() -> None:
    recs = _records("Greyhaven Council last year awarded a 24-month contract worth £2.5m to "
                    "the consultancy Brightpath Partners to run children's services.",
                    "2019-05")
    (c,) = _by(recs, "Contract")
    assert (c["awarded_by"], c["contractor"]) == ("org:greyhaven", "org:brightpath-partners")
    assert (c["value_gbp"], c["months"], c["start"]) == (2500000, 24, "2018")
    assert c["purpose"] == "run children's services"
    # a firm named without money, a period or "brought in to run": no contract
    recs = _records("Greyhaven Council is teaming up with the firm Brightpath Partners.")
    assert not _by(recs, "Contract")


def test_seed_contract_is_drafted_like_the_curated_one() -> None:
    text = (ROOT / "seeds" / "sources" / "002_cb65f7d43c95a495.txt").read_text()
    (c,) = _by(_records(text, "2013-03"), "Contract")
    assert (c["contractor"], c["value_gbp"], c["months"], c["start"]) == (
        "org:impower", 1150000, 30, "2012")


def test_two_grades_in_one_sentence_keep_their_own_dates() -> None:
    recs = _records("Ofsted said the service had moved from an inadequate rating in 2014 to a "
                    "good rating in 2017 at Greyhaven Council.")
    got = {(j["inspection"], j["grade"]) for j in _by(recs, "Judgement")}
    assert got == {("inspection:greyhaven:2014", "inadequate"),
                   ("inspection:greyhaven:2017", "good")}


def test_regrading_without_dates_is_two_inspections() -> None:
    recs = _records("Greyhaven Council's children's services, rated inadequate three years ago, "
                    "have been upgraded to \"requires improvement to be good\" by Ofsted.")
    assert {j["grade"] for j in _by(recs, "Judgement")} == {"inadequate",
                                                             "requires_improvement"}
    assert len(_by(recs, "Inspection")) == 2


def test_byline_before_a_date_is_the_author() -> None:
    d = draft_article("Council services remain inadequate\n\nWilma Eckersley 29 January 2018"
                      "\n\nA re-inspection of Greyhaven Council found services inadequate.")
    assert d.source["author"] == "Wilma Eckersley"
    assert not _by(d.records, "Person")


def test_drafted_contract_validates_once_reviewed(seeds_copy: Path) -> None:
    art = seeds_copy / "sources" / "zz_contract.txt"
    art.write_text("Greyhaven Council last year awarded a 24-month contract worth £2.5m to the "
                   "consultancy Brightpath Partners to run children's services.\n",
                   encoding="utf-8")
    out = seeds_copy / "facts" / "zz_contract.yaml"
    result = invoke(["draft", str(art), "--published", "2019-05", "--out", str(out),
                     "--seeds", str(seeds_copy)])
    assert result.exit_code == 0, result.output
    assert "schema: Contract" in out.read_text()
    out.write_text(_unreviewed(out.read_text()))
    result = invoke(["validate", "--seeds", str(seeds_copy), "--json"])
    assert result.exit_code == 0, result.stdout


def test_descriptor_or_party_before_a_name_is_evidence() -> None:
    recs = _records("Her dismissal followed the death of toddler, Tessa Vane Morrow. Lib Dem "
                    "Orla Pinchbeck defended the council.")
    assert {"Tessa Vane Morrow", "Orla Pinchbeck"} <= set(_people(recs))
    assert not any(n.startswith(("Lib", "Dem")) for n in _people(recs))


def test_fronted_title_belongs_to_the_pronoun() -> None:
    recs = _records("Greyhaven Council named its interim director.\nDr Imogen Hart will start "
                    "on Monday.\nPreviously chief executive of Harbour Children's Partners, she "
                    "was most recently director of children's services at Haverleigh Council.")
    t = _tenures(recs)
    ce = t[("person:imogen-hart", "chief_executive")]
    org = next(o for o in _by(recs, "Organisation") if o["id"] == _post_of(recs, ce)["in"])
    assert org["name"] == "Harbour Children's Partners" and org["kind"] == "trust"
    assert _post_of(recs, t[("person:imogen-hart", "dcs")])["in"] == "org:haverleigh"


@pytest.mark.parametrize("text", [
    "Greyhaven Council's children's services boss Zoë Ní Bhriain has resigned.",
    "Interim DCS Zoë Ní Bhriain spoke at Greyhaven Council.",
    "Zoë Ní Bhriain (pictured), director of children's services at Greyhaven Council, spoke.",
])
def test_more_ways_of_naming_the_dcs(text: str) -> None:
    recs = _records(text)
    assert [p["name"] for p in _by(recs, "Person")] == ["Zoë Ní Bhriain"]
    assert ("person:zoe-ni-bhriain", "dcs") in _tenures(recs)


def test_who_joined_last_year_is_a_start_date() -> None:
    recs = _records("Greyhaven Council's chief executive is Rhona Bell, who joined last year.",
                    "2020-05-01")
    t = _tenures(recs)[("person:rhona-bell", "chief_executive")]
    assert t["start"] == "2019"
    assert any(c["certainty"] == "inferred" and "last year" in c.get("note", "")
               for c in t["sources"])


def test_after_two_years_in_the_job_counts_back_from_the_article_date() -> None:
    recs = _records("Owen Tarrant is leaving his director's role at Haverleigh Council after "
                    "two years in the job. Children's services were rated inadequate.",
                    "2021-10-15")
    t = _tenures(recs)[("person:owen-tarrant", "dcs")]
    assert t["start"] == "2019-10"
    assert any(c["certainty"] == "inferred" and "two years in the job" in c.get("note", "")
               for c in t["sources"])
    # without the article's date, no start is made up
    recs = _records("Owen Tarrant is leaving his director's role at Haverleigh Council after "
                    "two years in the job. Children's services were rated inadequate.")
    assert "start" not in _tenures(recs)[("person:owen-tarrant", "dcs")]


def test_one_grade_for_a_list_of_councils() -> None:
    recs = _records("Ofsted released a flurry of 'outstanding' ratings today for children's "
                    "services in Kensington & Chelsea, Westminster and North Tyneside.",
                    "2023-06-01")
    by_insp = {j["inspection"].split(":")[1]: j["grade"] for j in _by(recs, "Judgement")}
    assert by_insp == {"kensington-and-chelsea": "outstanding", "westminster": "outstanding",
                       "north-tyneside": "outstanding"}


def test_who_was_appointed_title_in_year_is_the_start() -> None:
    recs = _records("Greyhaven Council praised Nadia Okafor, who was appointed director of "
                    "children's services in 2019.")
    assert _tenures(recs)[("person:nadia-okafor", "dcs")]["start"] == "2019"
    recs = _records("Cllr Ravi Dutt, who holds the children's services portfolio at Greyhaven "
                    "Council, spoke.")
    assert ("person:ravi-dutt", "lead_member") in _tenures(recs)


def test_places_named_after_people_are_not_people() -> None:
    recs = _records("Children played in Victoria Park while Jack Petchey Foundation staff "
                    "watched, and Graham Nutley from Greyhaven Council spoke.")
    assert list(_people(recs)) == ["Graham Nutley"]


def test_he_will_start_taking_over_from_x() -> None:
    recs = _records("The DfE has appointed Paul Mayhew as children's services commissioner for "
                    "Greyhaven. Haverleigh Council has appointed Joan Pryce as its new corporate "
                    "director of children and young people's services. She will start in "
                    "September, taking over from Margot Welland, who left in March.",
                    "2019-05-10")
    t = _tenures(recs)
    assert t[("person:joan-pryce", "dcs")]["start"] == "2019-09"
    pred = t[("person:margot-welland", "dcs")]
    assert _post_of(recs, pred)["in"] == "org:haverleigh"
    assert ("person:margot-welland", "commissioner") not in t
    starts = [c for c in t[("person:joan-pryce", "dcs")]["sources"] if "will start" in c["quote"]]
    assert starts and all(c["certainty"] in ("believed", "inferred") for c in starts)


def test_who_joined_place_in_year() -> None:
    recs = _records("Greyhaven Council's director of children's services, Vicky Bane, is to "
                    "step down. Ms Bane, who joined Greyhaven in 2016, will leave in the summer.")
    assert _tenures(recs)[("person:vicky-bane", "dcs")]["start"] == "2016"


def test_former_before_an_organisation_ends_the_tenure() -> None:
    recs = _records("Former Hackney director of children's services Sir Alan Woodrow was "
                    "brought in as an adviser.", "2021-03-12")
    t = _tenures(recs)[("person:alan-woodrow", "dcs")]
    assert t["end_before"] == "2021-03-12" and "end_after" not in t


def test_council_name_before_a_date_is_no_byline_and_childrens_boss_is_dcs() -> None:
    d = draft_article("New director\n\nGreyhaven Council 12 March 2021\n\nCouncil chief "
                      "executive Jo Millward and children's boss Eleanor Brazier were criticised.")
    assert "author" not in d.source
    assert ("person:eleanor-brazier", "dcs") in _tenures(d.records)


def test_party_and_ward_in_brackets_and_labour_run_council() -> None:
    recs = _records("Cllr Ravi Dutt (Lab, Riverside), cabinet member for children's services at "
                    "Greyhaven Council, spoke. The leader of Labour-run Haverleigh Council, Cllr "
                    "Tom Harrow, agreed.")
    t = _tenures(recs)
    assert ("person:ravi-dutt", "lead_member") in t
    assert _post_of(recs, t[("person:tom-harrow", "leader")])["in"] == "org:haverleigh"


def test_from_requires_improvement_to_good() -> None:
    recs = _records("Ofsted moved Greyhaven Council from requires improvement to good in 2022.")
    assert {j["grade"] for j in _by(recs, "Judgement")} == {"requires_improvement", "good"}


def test_appointed_title_in_name_and_bare_cabinet_member_after_full_title() -> None:
    recs = _records("Cllr Tom Harrow said he had appointed a dedicated cabinet member for "
                    "children's services in Cllr Lena Price at Greyhaven Council.")
    assert ("person:lena-price", "lead_member") in _tenures(recs)
    recs = _records("Improvement came under former cabinet member for children’s services Fiona "
                    "Foyle and, more recently, current cabinet member Coun Mary Marten at "
                    "Greyhaven Council.")
    t = _tenures(recs)
    assert ("person:fiona-foyle", "lead_member") in t and ("person:mary-marten",
                                                           "lead_member") in t
    # a bare "cabinet member" with no full title before it names no post
    recs = _records("Cabinet member Mary Marten spoke at Greyhaven Council.")
    assert not _by(recs, "Tenure")


def test_she_was_appointed_title_is_hers() -> None:
    recs = _records("Greyhaven Council praised Anna Pell.\n\nShe was appointed director of "
                    "children's services at Haverleigh Council in 2015.")
    t = _tenures(recs)[("person:anna-pell", "dcs")]
    assert _post_of(recs, t)["in"] == "org:haverleigh" and t["start"] == "2015"


def test_schools_and_firms_named_after_people_are_not_people() -> None:
    recs = _records("The reporting service said Sarah Knight Primary School was closed. Emma "
                    "Stone Children's Centre reopened and Mark Lee Associates was paid. Tom "
                    "Park said the council would respond.")
    assert list(_people(recs)) == ["Tom Park"]


def test_hyphenated_given_name() -> None:
    recs = _records("Anne-Marie Carrick will start work next week.")
    assert list(_people(recs)) == ["Anne-Marie Carrick"]


def test_grade_with_inspection_context_in_the_sentence_before() -> None:
    recs = _records("Inspectors were sent into Greyhaven Council after the trial. They "
                    "described its child protection services as \"inadequate\".")
    assert [(j["area"], j["grade"]) for j in _by(recs, "Judgement")] == [
        ("child_protection", "inadequate")]
    # no inspection in sight: an ordinary word
    recs = _records("The housing was poor. Greyhaven Council called the response inadequate.")
    assert not _by(recs, "Judgement")


def test_that_trust_is_the_trust_named_before() -> None:
    recs = _records("Haverleigh Council appointed Mr Dale Ross. Mr Ross is currently director at "
                    "Greyhaven Children's Services Trust. That trust went from an inadequate "
                    "Ofsted rating in 2014 to a good rating in 2017.")
    insp = {j["inspection"] for j in _by(recs, "Judgement")}
    assert insp == {"inspection:greyhaven-childrens-services-trust:2014",
                    "inspection:greyhaven-childrens-services-trust:2017"}


def test_named_now_starting_later_is_a_believed_start() -> None:
    recs = _records("Kirsty Vane has been named as the new director of children's services at "
                    "Greyhaven Council and will take up the post in January.", "2021-10-01")
    t = _tenures(recs)[("person:kirsty-vane", "dcs")]
    assert t["start"] == "2022-01"
    dated = [c for c in t["sources"] if "January" in c["quote"]]
    assert dated and all(c["certainty"] != "stated" for c in dated)


def test_a_former_title_with_no_organisation_is_no_tenure() -> None:
    recs = _records("Greyhaven Council said Dame Susan Ebb, a former director of children's "
                    "services, had been appointed as commissioner.")
    assert ("person:susan-ebb", "dcs") not in _tenures(recs)
    recs = _records("Dame Susan Ebb, a former director of children's services at Haverleigh "
                    "Council, spoke.")
    assert ("person:susan-ebb", "dcs") in _tenures(recs)


def test_adult_and_childrens_director_apostrophe_names_and_since_a_month() -> None:
    recs = _records("Greyhaven Council has appointed Cath McEvoy-Carr as executive director of "
                    "adult social care and children's services. Haverleigh Council's leader, "
                    "Eamonn O'Brien, agreed.")
    t = _tenures(recs)
    assert ("person:cath-mcevoy-carr", "dcs") in t and ("person:eamonn-obrien", "leader") in t
    recs = _records("At Greyhaven Council, Debbie Jonas has been confirmed as the permanent "
                    "corporate director for children, young people and education, having held "
                    "the role on an interim basis since January.", "2021-06-01")
    assert _tenures(recs)[("person:debbie-jonas", "dcs")]["start"] == "2021-01"


def test_elected_leader_last_week_dates_the_start() -> None:
    recs = _records("Cllr Liam Robson was officially elected as the new leader of Greyhaven "
                    "Council last week.", "2023-05-20")
    t = _tenures(recs)[("person:liam-robson", "leader")]
    assert t["start"] == "2023-05"
    assert any(c["certainty"] == "inferred" and "last week" in c.get("note", "")
               for c in t["sources"])


def test_held_the_same_role_at_another_council() -> None:
    recs = _records("Mark Dale is leaving his director's role at Haverleigh Council. Children's "
                    "services were rated inadequate.\n\nMr Dale joined in March 2019. He "
                    "previously held the same role at Greyhaven Council.")
    t = {x["post"]: x for x in _by(recs, "Tenure") if x["person"] == "person:mark-dale"}
    assert t["post:haverleigh:dcs"]["start"] == "2019-03"
    other = t["post:greyhaven:dcs"]
    assert "start" not in other and other["found_by"] == "tie-same-role"


def test_following_the_retirement_of_x_gives_x_the_post_before() -> None:
    recs = _records("At Greyhaven Council, Fiona Lark has been interim director since March "
                    "2021 following the retirement of Keith Moor.", "2021-07-15")
    t = _tenures(recs)
    assert ("person:fiona-lark", "dcs") in t
    moor = t[("person:keith-moor", "dcs")]
    assert moor["ended_by"] == "left" and moor["found_by"] == "tie-departed-predecessor"
    assert {c["certainty"] for c in moor["sources"]} <= {"inferred"}


def test_prime_minister_is_no_education_minister() -> None:
    recs = _records("Prime Minister Boris Johnston spoke. Children's Minister Ed Ball agreed.")
    titles = {_post_of(recs, t)["title"] for t in _by(recs, "Tenure")}
    assert titles == {"Children's Minister"}


# ---------------------------------------------------------------------------- bylines and
# picture credits in trade-press layouts (issue 14, old held-out misses)

@pytest.mark.parametrize("head,author", [
    ("Wilma Eckersley\nThursday, March 12, 2015\n\n", "Wilma Eckersley"),
    ("Wilma Eckersley\n12 March 2015\n\n", "Wilma Eckersley"),
    ("by political editor Wilma Eckersley\n\n", "Wilma Eckersley"),
    ("By our education correspondent Wilma Eckersley\n\n", "Wilma Eckersley"),
])
def test_trade_press_byline_is_the_author(head: str, author: str) -> None:
    d = draft_article("Greyhaven services inadequate\n\n" + head + "A re-inspection of "
                      "Greyhaven Council found services inadequate.")
    assert d.source["author"] == author
    assert not _by(d.records, "Person")


@pytest.mark.parametrize("credit", [
    "Picture: Tobias Wrenfield", "(credit: Tobias Wrenfield / Wikimedia Commons)",
    "Photo by Tobias Wrenfield",
])
def test_picture_credit_is_no_person(credit: str) -> None:
    recs = _records(f"Greyhaven Council offices. {credit}\n\nThe director of children's "
                    "services, Anna Pellow, said the council would improve.")
    assert set(_people(recs)) == {"Anna Pellow"}


def test_young_is_a_surname_after_a_given_name_but_not_before_people() -> None:
    recs = _records("The offer was declined by council leader Martin Young (Lab) of Greyhaven "
                    "Council. Young People services were praised.")
    assert set(_people(recs)) == {"Martin Young"}
    assert ("person:martin-young", "leader") in _tenures(recs)


def test_council_alias_inside_a_full_name_is_the_person() -> None:
    # "Blackburn" is an alias of Blackburn with Darwen; inside "Simon Blackburn" it is a surname
    recs = _records("Greyhaven Council was criticised. Council leader Helen Blackburn hit back.")
    assert "Helen Blackburn" in _people(recs)
    assert ("person:helen-blackburn", "leader") in _tenures(recs)


@pytest.mark.parametrize("text,name", [
    ("At Greyhaven Council, Executive Director for Schools, Children and Families, Tessa Oram "
     "said: \"We are recruiting.\"", "Tessa Oram"),
    ("Tessa Oram, the Town Hall's group director for children and education, said Greyhaven "
     "Council was praised.", "Tessa Oram"),
    ("Inspectors at Greyhaven Council noted the director of the services, Tessa Oram, "
     "commissioned a review.", "Tessa Oram"),
    ("Nearly 1,000 people work in Greyhaven Council's department, the services' director Tessa "
     "Oram said.", "Tessa Oram"),
])
def test_listed_briefs_and_the_services_director_are_dcs(text: str, name: str) -> None:
    recs = _records(text)
    assert ("person:" + name.lower().replace(" ", "-"), "dcs") in _tenures(recs)


def test_assistant_director_with_a_listed_brief_is_no_dcs() -> None:
    recs = _records("At Greyhaven Council, assistant director for schools, children and "
                    "families Tessa Oram said so.")
    assert ("person:tessa-oram", "dcs") not in _tenures(recs)


def test_leader_of_a_party_group_is_not_the_council_leader() -> None:
    recs = _records("Greyhaven Council met today. The council asked that the chief executive "
                    "review the culture.\n\nCllr Oona Tregear, leader of the Liberal Democrat "
                    "group, said: \"We called this meeting.\"")
    assert "Oona Tregear" in _people(recs)
    assert not [k for k in _tenures(recs) if k[0] == "person:oona-tregear"]


@pytest.mark.parametrize("text", [
    "Cllr Oona Tregear, deputy leader and cabinet member for children, young people and skills "
    "at Greyhaven Council, said: \"We are committed.\"",
    "At Greyhaven Council, deputy leader and cabinet member for children Oona Tregear said: "
    "\"We were found adequate.\"",
])
def test_two_titles_joined_by_and_are_both_held(text: str) -> None:
    t = _tenures(_records(text))
    assert ("person:oona-tregear", "lead_member") in t


def test_council_after_a_capitalised_adjective_is_still_the_council() -> None:
    # "Failing Essex" is no personal name: the run does not start with a given name
    recs = _records("Failing Suffolk services get £90m\n\nCabinet member for children Oona "
                    "Tregear said: \"We are investing.\"")
    assert ("person:oona-tregear", "lead_member") in _tenures(recs)


def test_date_between_appointed_and_as_does_not_break_the_tie() -> None:
    recs = _records("At Greyhaven Council the post stayed vacant until Ottilie Marsh was "
                    "appointed in March 2013 as a part-time interim director of people services.")
    assert ("person:ottilie-marsh", "dcs") in _tenures(recs)


def test_took_over_the_role_takes_the_post_of_the_sentence_before() -> None:
    recs = _records("At Greyhaven Council the post stayed vacant until Ottilie Marsh was "
                    "appointed in March 2013 as interim director of children's services.\n\n"
                    "A permanent replacement – Bernard Quill – took over the role in October "
                    "2013.")
    t = _tenures(recs)[("person:bernard-quill", "dcs")]
    assert t["found_by"] == "tie-took-over-the-role"  # not "interim": that was Ms Marsh
    assert t["start"] == "2013-10"
    assert all(c["certainty"] == "inferred" for c in t["sources"] if c["quote"] == "Bernard Quill")


@pytest.mark.parametrize("text,kind", [
    ("Mark Vole, strategic director, people, at Greyhaven Council, said: \"Yes.\"", "dcs"),
    ("Mark Vole, Greyhaven Council's Strategic Director – People, said: \"Yes.\"", "dcs"),
    ("Mark Vole, assistant director, people at Greyhaven Council, said: \"Yes.\"",
     "service_director"),
])
def test_director_comma_people_is_the_dcs_unless_assistant(text: str, kind: str) -> None:
    kinds = {k for p, k in _tenures(_records(text)) if p == "person:mark-vole"}
    assert kinds == {kind}


def test_lower_case_county_council_suffix_names_the_council() -> None:
    recs = _records("The minister installed Suffolk county council's director of children's "
                    "services, Martin Crake, in her place.")
    t = _tenures(recs)[("person:martin-crake", "dcs")]
    assert t["post"] == "post:suffolk:dcs"


def test_he_was_replaced_by_y_gives_y_his_post() -> None:
    recs = _records("In 2015 Owen Tarrant, who had been director of children's services at "
                    "Greyhaven Council since 2011, left for another council.\n\nHe was replaced "
                    "on an interim basis by Rhys Pellow, before a permanent appointment.")
    t = _tenures(recs)[("person:rhys-pellow", "dcs")]
    assert t["post"] == "post:greyhaven:dcs" and t["found_by"] == "tie-he-was-replaced-by"
    assert "start" not in t or t["start"] != "2011"  # the dates were Mr Tarrant's


@pytest.mark.parametrize("text,leader", [
    ("Greyhaven Council was rated inadequate. Greyhaven Labour leader Cllr Oona Tregear said "
     "the report was damning.", False),
    ("Oona Tregear, Labour leader of Greyhaven Council since 2003, stepped down.", True),
    ("Greyhaven Council was rated inadequate. The council's Labour leader Oona Tregear quit.",
     True),
])
def test_place_party_leader_is_the_group_not_the_council(text: str, leader: bool) -> None:
    assert (("person:oona-tregear", "leader") in _tenures(_records(text))) is leader


@pytest.mark.parametrize("text", [
    "The director of children's services at Greyhaven Council will leave the post after a "
    "damning report.\n\nInspectors rated services inadequate.\n\nThe council said Mark Vole "
    "will leave in autumn.",
    "Greyhaven Council may struggle to recruit a new director of children's services.\n\nLast "
    "night the council confirmed the resignation of Mark Vole.",
])
def test_unnamed_holder_leaves_then_named_person_leaves(text: str) -> None:
    t = _tenures(_records(text))[("person:mark-vole", "dcs")]
    assert t["found_by"] == "tie-departure-echo"


def test_departure_echo_needs_a_leaving_verb_by_the_name() -> None:
    recs = _records("The director of children's services at Greyhaven Council will leave the "
                    "post.\n\nOne parent, Mark Vole, said the service had failed.")
    assert ("person:mark-vole", "dcs") not in _tenures(recs)


def test_who_spent_years_as_is_a_post_held_before() -> None:
    recs = _records("Inspectors praised Greyhaven Council's chief executive, Tony Zamora, who "
                    "spent eight years as its Director of Children's Services.", "2023-05-01")
    t = _tenures(recs)
    assert t[("person:tony-zamora", "dcs")]["end_before"] == "2023-05-01"
    assert "end_before" not in t[("person:tony-zamora", "chief_executive")]


def test_former_boss_in_a_childrens_services_story_is_the_dcs() -> None:
    recs = _records("Greyhaven Council's children's services were rated inadequate.\n\nFormer "
                    "boss Dragan Petrov left the role in March 2023.\n\nHe was replaced by Zara "
                    "Fenwick last October.", "2024-05-01")
    t = _tenures(recs)
    assert t[("person:dragan-petrov", "dcs")]["post"] == "post:greyhaven:dcs"
    assert ("person:zara-fenwick", "dcs") in t


def test_former_boss_outside_childrens_services_is_no_dcs() -> None:
    recs = _records("Greyhaven Council's bin collections were late.\n\nFormer boss Dragan "
                    "Petrov left the role in March 2023.")
    assert ("person:dragan-petrov", "dcs") not in _tenures(recs)


def test_install_y_in_her_place_gives_y_her_post() -> None:
    recs = _records("Greyhaven Council director of children's services Sharon Tilly was "
                    "criticised.\n\nMr Dobbs, the minister, directed the council to remove Ms "
                    "Tilly and install Suffolk county council's director of children's services, "
                    "John Crake, in her place.")
    posts = {t["post"] for t in _by(recs, "Tenure") if t["person"] == "person:john-crake"}
    assert posts == {"post:suffolk:dcs", "post:greyhaven:dcs"}


def test_his_predecessor_held_his_post_before() -> None:
    recs = _records("Greyhaven Council's cabinet member for children and families Cllr Marc "
                    "Bayard should quit, the opposition said.\n\nLib Dem Fran Orbell defended "
                    "Cllr Bayard and blamed his predecessor, current police and crime "
                    "commissioner John Campbell.", "2019-05-01")
    t = _tenures(recs)[("person:john-campbell", "lead_member")]
    assert t["found_by"] == "tie-his-predecessor" and t["post"] == "post:greyhaven:lead_member"
    assert ("person:fran-orbell", "lead_member") not in _tenures(recs)


@pytest.mark.parametrize("honorific", ["CIlr", "Clr", "Cllr."])
def test_misspelt_councillor_honorific_still_names_the_person(honorific: str) -> None:
    recs = _records("Greyhaven Council's cabinet member for children's services, "
                    f"{honorific} Tobias Read said: \"We are proud.\"")
    assert ("person:tobias-read", "lead_member") in _tenures(recs)
    assert not any(p["id"] == "person:tobias" for p in _by(recs, "Person"))


@pytest.mark.parametrize("title", ["Ofsted’s National Director for Social Care,",
                                   "the regulator's national director of children's services,"])
def test_a_national_or_ofsted_director_is_no_councils_dcs(title: str) -> None:
    recs = _records("Greyhaven Council's children's services were rated good.\n\n"
                    f"{title} Priya Lindqvist said the council had worked hard.")
    assert ("person:priya-lindqvist", "dcs") not in _tenures(recs)
    recs = _records("Greyhaven Council's children's services were rated good.\n\n"
                    "Its director of children's services, Priya Lindqvist, said it worked hard.")
    assert ("person:priya-lindqvist", "dcs") in _tenures(recs)


def test_an_assistant_mayor_is_not_the_elected_mayor() -> None:
    recs = _records("Middlesbrough assistant mayor Andy Parton said there were no surprises.")
    assert not [k for k in _tenures(recs) if k[1] == "leader"]
    recs = _records("Middlesbrough mayor Andy Parton said there were no surprises.")
    assert ("person:andy-parton", "leader") in _tenures(recs)


@pytest.mark.parametrize("honours", ["OBE", "CBE", "MBE (pictured)"])
def test_post_nominals_between_name_and_title(honours: str) -> None:
    recs = _records("Greyhaven Council was rated good.\n\nMorwenna Tredgold "
                    f"{honours}, the council's director of children's services, said: \"Good.\"")
    assert _tenures(recs)[("person:morwenna-tredgold", "dcs")]["post"] == "post:greyhaven:dcs"


def test_leader_at_the_party_run_council_is_the_articles_council() -> None:
    recs = _records("Greyhaven Council was rated good.\n\nOsric Pellow, leader at the "
                    "Conservative-run council, said it was good.")
    assert _tenures(recs)[("person:osric-pellow", "leader")]["post"] == "post:greyhaven:leader"
    assert not [r for r in _by(recs, "Organisation") if "run" in r["id"]]


def test_another_councils_council_leader_is_that_councils() -> None:
    recs = _records("Kirklees Council was rated inadequate.\n\nThe former Bradford Council "
                    "leader Jo Bloggs said it was sad.")
    assert _tenures(recs)[("person:jo-bloggs", "leader")]["post"] == "post:bradford:leader"
