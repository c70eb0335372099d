"""The recognisers: organisations, post titles, people, grades, events, each a set of regular
expressions over one sentence, explained rule by rule. All return absolute offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import yaml
from accountable.graph.model import Words
from accountable.loaders.draft.text import Sentence
from accountable.loaders.titles import CHILDREN

AREA, GRADE = Words("judgement_area"), Words("grade")
EVENT_KIND, ENDED_BY, ORG_KIND = Words("event_kind"), Words("ended_by"), Words("organisation_kind")

APOS = "['’]"

# ---------------------------------------------------------------------------- organisations


@dataclass(frozen=True)
class Council:
    short: str
    name: str
    aliases: tuple[str, ...] = ()
    elected_mayor: bool = False


@cache
def councils() -> tuple[Council, ...]:
    """England's children's services authorities, shipped as data (councils.yaml)."""
    raw = yaml.load(resources.files("accountable.loaders.draft")
                         .joinpath("councils.yaml").read_text(encoding="utf-8"),
                    Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return tuple(Council(str(c["short"]), str(c["name"]), tuple(c.get("aliases") or ()),
                         bool(c.get("elected_mayor")))
                 for c in raw)


@cache
def elected_mayors() -> frozenset[str]:
    """Short names of councils whose mayor is the directly elected leader."""
    return frozenset(c.short for c in councils() if c.elected_mayor)


@dataclass
class OrgMention:
    start: int
    end: int
    key: str          # the short name that identifies it within the article
    name: str         # the fullest form seen
    kind: str         # organisation kind
    rule: str


# The suffixes news puts after a council's short name: "X Metropolitan Borough Council", "X
# County Council", "X City Council", "X Council", "X MBC"; lower-case "X council" too.
SUFFIX = (r"(?:Metropolitan\s+(?:Borough|District)\s+Council|(?:Borough|County|City|District)"
          r"\s+Council|(?:borough|county|city|district)\s+council|Council|council|MBC)")
# An unknown council: one to three capitalised words (or one in capitals, "GREYHAVEN") then a
# council suffix. The words may not be function words or words of other kinds of body.
_UNKNOWN_COUNCIL = re.compile(
    r"\b((?:[A-Z][a-z]+|[A-Z]{3,})(?:[ \t-]+(?:[A-Z][a-z]+|upon|on|and)){0,3}?)[ \t]+"
    r"((?:Metropolitan[ \t]+(?:Borough|District)[ \t]+|Borough[ \t]+|County[ \t]+|City[ \t]+|"
    r"District[ \t]+)?Council)\b")
_LONDON_BOROUGH = re.compile(
    r"\b(?:the\s+)?((?:London|Royal)\s+Borough\s+of\s+([A-Z][a-z]+(?:\s+(?:and|upon)\s+"
    r"[A-Z][a-z]+|\s+[A-Z][a-z]+)*))")
_NOT_COUNCIL_WORD = {
    "The", "A", "An", "This", "That", "Full", "Cabinet", "Town", "Parish", "Labour",
    "Conservative", "Liberal", "Green", "Local", "Every", "Each", "Our", "Its", "Their", "Former",
    "Related", "Children", "Services", "Department", "Education", "Ofsted", "OFSTED", "Chief",
    "Executive", "Leader", "Deputy", "Government", "County", "City", "Borough", "Metropolitan",
    "District", "London", "Royal", "Trust", "Board", "Services'", "In", "At", "On", "By", "For",
    "Of", "Meanwhile", "But", "And", "When", "After", "Before", "Since", "Last", "Next", "News",
}
# Other bodies: fixed names and patterns. Each is (regex, key, name, kind, rule).
FIXED_ORGS: tuple[tuple[str, str, str, str, str], ...] = (
    (r"\bOfsted\b|\bOFSTED\b|\bOffice\s+for\s+Standards\s+in\s+Education\b", "Ofsted", "Ofsted",
     "regulator", "org-ofsted"),
    (r"\b(?:the\s+)?Department\s+for\s+Education\b|\bDfE\b", "Department for Education",
     "Department for Education", "government", "org-dfe"),
    (r"\bUnison\b|\bUNISON\b", "Unison", "Unison", "union", "org-union"),
    (r"\bGMB\b", "GMB", "GMB", "union", "org-union"),
    # ("Labour-run Haverleigh Council" is the council, not the party)
    (r"\bLabour\b(?!\s+(?:market|costs?)|-(?:run|led|controlled))", "Labour", "Labour Party",
     "party", "org-party"),
    (r"(?:\bConservatives?\b|\bTory\b|\bTories\b)(?!-(?:run|led|controlled))", "Conservative",
     "Conservative Party", "party", "org-party"),
    (r"\bLiberal\s+Democrats?\b|\bLib\s+Dems?\b", "Liberal Democrats", "Liberal Democrats",
     "party", "org-party"),
)
# A children's services trust: "Wexcombe Children's Trust"; a safeguarding board or partnership:
# "Sandwell Safeguarding Children Board", "the Local Safeguarding Children Board".
_TRUST = re.compile(rf"\b((?:[A-Z][a-z]+\s+){{1,3}}Children{APOS}?s?\s+(?:Services\s+)?Trust)\b")
_BOARD = re.compile(
    rf"\b((?:[A-Z][a-z]+\s+){{0,3}}(?:Local\s+)?Safeguarding\s+(?:Children{APOS}?s?\s+)?"
    r"(?:Board|Partnership))\b")
# Contractors named with what they are: "consultancy iMPOWER", "the firm Brightpath Partners".
_CONTRACTOR = re.compile(
    r"\b(?:consultancy|consultants|company|firm|provider|contractor|agency)\s+"
    r"((?:[A-Za-z]*[A-Z][\w&]*)(?:\s+(?:[A-Z][\w&]*|&))*)")


def find_orgs(text: str, extra_shorts: dict[str, str] | None = None) -> list[OrgMention]:
    """Every organisation mention in the text, longest first where they overlap."""
    found: list[OrgMention] = []
    for rx, key, name, kind, rule in FIXED_ORGS:
        for m in re.finditer(rx, text):
            found.append(OrgMention(m.start(), m.end(), key, name, kind, rule))
    for m in _TRUST.finditer(text):
        nm = re.sub(r"^(?:The|the)\s+", "", m.group(1))
        found.append(OrgMention(m.start(1), m.end(1), nm.replace("’", "'"), nm, "trust",
                                "org-trust"))
    for m in _BOARD.finditer(text):
        nm = re.sub(r"^(?:The|the)\s+", "", m.group(1))
        if nm.split()[0] in ("Local", "Safeguarding"):
            continue  # no place named: which board is unknown
        found.append(OrgMention(m.start(1), m.end(1), nm, nm, ORG_KIND.safeguarding_board,
                                "org-lscb"))
    for m in _CONTRACTOR.finditer(text):
        nm = m.group(1).strip()
        if nm.split()[0] in _NOT_COUNCIL_WORD:
            continue
        found.append(OrgMention(m.start(1), m.end(1), nm, nm, "contractor", "org-contractor"))
    # Councils in the shipped list, by short name or alias, with or without a suffix; also
    # written in capitals ("SANDWELL'S"). Case-sensitive so "reading" is not Reading.
    table: dict[str, tuple[str, str]] = {}
    for c in councils():
        for form in (c.short, *c.aliases):
            table[form] = (c.short, c.name)
            table[form.upper()] = (c.short, c.name)
    # Councils the article introduces with a suffix that are not in the list (new or invented).
    for m in _LONDON_BOROUGH.finditer(text):
        short = m.group(2)
        table.setdefault(short, (short, m.group(1)))
        found.append(OrgMention(m.start(1), m.end(1), table[short][0], table[short][1],
                                "council", "org-london-borough"))
    for m in _UNKNOWN_COUNCIL.finditer(text):
        words = m.group(1).split()
        while words and (words[0] in _NOT_COUNCIL_WORD or words[0] in ("and", "on", "upon")):
            words.pop(0)
        while any(w in _NOT_COUNCIL_WORD for w in words):
            words.pop(0)  # keep the words nearest "Council": "Hannah Grieve Eastwick" -> no
        if not words:
            continue
        short = " ".join(w.title() if w.isupper() else w for w in words)
        if short in table or short.upper() in table:
            continue
        table[short] = (short, f"{short} {m.group(2)}")
        table[short.upper()] = table[short]
    for short, full in (extra_shorts or {}).items():
        table.setdefault(short, (short, full))
    if table:
        forms = sorted(table, key=len, reverse=True)
        short_rx = re.compile(r"(?<![\w-])(?=[A-Z])(" + "|".join(re.escape(f) for f in forms)
                              + r")(?:" + APOS + r"[sS])?(?:\s+(" + SUFFIX + r"))?(?![\w-])")
        for m in short_rx.finditer(text):
            short, name = table[m.group(1)]
            end = m.end(2) if m.group(2) else m.end(1)
            full = name
            if m.group(2) and m.group(2) not in ("council", "MBC", "Council"):
                full = f"{short} {m.group(2)}" if short not in name else name
            found.append(OrgMention(m.start(1), end, short, full, "council",
                                    "org-council-list" if short in {c.short for c in councils()}
                                    else "org-council-named"))
    found.sort(key=lambda o: (o.start, -(o.end - o.start)))
    out: list[OrgMention] = []
    for o in found:
        if out and o.start < out[-1].end:
            continue  # inside a longer mention ("Wexcombe" in "Wexcombe Children's Trust")
        out.append(o)
    return out


# ---------------------------------------------------------------------------- post titles

# Words that qualify a title without changing the post: kept out of the post's title, but
# "interim"/"acting" are noted and "former"/"previous"/"then" mean the tenure is over.
MODS = (r"(?:(?:interim|acting|permanent|new|former|previous|then|current|outgoing|incoming|"
        r"strategic|corporate|executive|group|joint|statutory)\s+)*")
# The qualifiers dropped from a post's title ("interim director of ..." is the post "Director
# of ..."); "strategic", "corporate", "executive" are part of the title ("Executive Member").
QUALIFIERS = (r"(?:(?:interim|acting|permanent|new|former|previous|then|current|outgoing|"
              r"incoming|joint|statutory)\s+)*")
_CH = CHILDREN.replace("'", "['’]")  # raw text has typographic apostrophes too
# A brief's further parts: "children, young people and education", "children, schools and
# families", "children and young people's services".
_MORE = (r"(?:(?:,\s+|\s+and\s+|,\s+and\s+)(?:young\s+people|famil(?:y|ies)|education|schools?|"
         r"learning|skills|safeguarding|early\s+years|culture|leisure|health|wellbeing|"
         r"(?:adult\s+)?social\s+care|youth|adults)){0,3}(?:['’]s)?(?:\s+services)?")
_CH = _CH + _MORE
TITLE_PATTERNS: tuple[tuple[str, str], ...] = (
    # directors of children's services and the tiers below ("assistant director for ...")
    ("title-director-of", rf"{MODS}(?:assistant\s+|deputy\s+|service\s+)?director\s+(?:of|for)"
                          rf"\s+(?:(?:education|learning|schools|family|families|people|"
                          rf"communities|adult\s+social\s+care|adults?(?:['’]s)?(?:\s+services)?|"
                          rf"health)(?:,\s*|\s+and\s+))?{_CH}"),
    # "the services' director", "the director of the services": in an article about children's
    # services, its director
    ("title-services-director", rf"{MODS}services{APOS}\s+director|{MODS}director\s+of\s+the\s+"
                                rf"services\b"),
    # unitary councils' "director of people (services)" is usually the statutory DCS
    # and "strategic director, people" / "director – people" as staff lists write it
    ("title-director-of-people", rf"{MODS}director(?:\s+(?:of|for)|\s*,|\s+[–-])\s+"
                                 rf"people(?:{APOS}s)?"
                                 rf"(?:\s+services)?(?!\s+and\s+(?:place|communities))"),
    ("title-children-director", rf"{MODS}{_CH}\s+director"),
    # "children's services boss", "social services chief", "interim DCS"
    ("title-children-boss", rf"{MODS}(?:children{APOS}?s?\s+services|social\s+services|"
                            rf"children{APOS}?s?\s+social\s+care|children{APOS}s)\s+(?:boss|chief)"),
    ("title-dcs", r"(?:(?:interim|acting|new|former|statutory)\s+)?DCS"),
    ("title-assistant-director", rf"{MODS}(?:assistant|deputy)\s+director(?!\s+(?:of|for)\b)"),
    ("title-head-of", rf"{MODS}head\s+of\s+(?:{_CH}|service)"),
    # the lead member, under its several names
    ("title-lead-member", rf"{MODS}(?:(?:cabinet|lead|executive)\s+member|cabinet\s+lead|"
                          rf"councillor)\s+(?:for|responsible\s+for|with\s+responsibility\s+"
                          rf"for)\s+(?:\w+\s+and\s+)?{_CH}"),
    ("title-portfolio", rf"{MODS}portfolio\s+holder\s+for\s+(?:\w+\s+and\s+)?{_CH}"),
    # "former cabinet member for children's services X and current cabinet member Y": the bare
    # title, kept only after a full lead-member title in the same sentence (drafter)
    ("title-bare-member", rf"{MODS}(?:cabinet|lead)\s+member(?!\s+(?:for|responsible|with)\b)"),
    ("title-children-member", rf"{MODS}{_CH}\s+(?:cabinet|lead|portfolio|executive)\s+"
                              rf"(?:member|holder)"),
    # "will take on the children's services portfolio": the lead member's brief
    ("title-children-portfolio", rf"{_CH}\s+portfolio"),
    # chairs of safeguarding boards, before the bare "chair"
    ("title-lscb-chair", rf"{MODS}(?:independent\s+)?chair(?:man|woman|person)?\s+of\s+(?:the\s+)?"
                         rf"(?:[A-Z][a-z]+\s+){{0,3}}(?:local\s+)?safeguarding\s+(?:children{APOS}?s?"
                         rf"\s+)?(?:board|partnership)"),
    # leaders: "council leader", "leader of the council", "leader of X Council", "deputy leader"
    ("title-leader", r"(?:deputy\s+)?(?:council\s+)?leader(?:\s+of\s+the\s+council)?"),
    ("title-chief-executive", r"(?:interim\s+|acting\s+|new\s+|former\s+)?chief\s+executive"
                              r"(?:\s+officer)?"),
    ("title-chair", r"(?:independent\s+)?chair(?:man|woman|person)?"),
    ("title-commissioner", rf"(?:{_CH}\s+)?commissioner(?:\s+for\s+{_CH})?"),
    ("title-minister", rf"(?:children{APOS}?s?\s+|education\s+)?(?<!prime\s)minister"
                       rf"(?:\s+for\s+\w+(?:\s+and\s+\w+)?)?|(?:education|children{APOS}?s?)\s+"
                       rf"secretary"),
    ("title-inspector", r"(?:Ofsted\s+)?(?:lead\s+)?inspector"),
    # a bare director with a qualifier ("interim director", "the previous director"): in an
    # article about children's services, the director of children's services
    ("title-bare-director", r"(?:interim|acting|previous|former|new|permanent)\s+(?:(?:strategic|"
                            r"executive|corporate)\s+)?director(?!\s+(?:of|for|general)\b)"),
    # "Former boss X", "a new interim boss": in an article about children's services, its
    # director (the drafter checks the article is about children)
    ("title-bare-boss", r"(?:former|previous|new|interim|acting)\s+(?:interim\s+)?boss"),
    # "Mayor X": the leader where the council has a directly elected mayor (councils.yaml)
    # (an assistant or deputy mayor is a cabinet member, not the mayor)
    ("title-mayor", r"(?<!lord\s)(?<!deputy\s)(?<!assistant\s)"
                    r"(?:elected\s+)?mayor(?!\s+of\s+(?:London|Greater|"
                    r"the\s+West|West|South|North|Liverpool\s+City\s+Region))"),
    # "is leaving his director's role at Bradford Council": in an article about children's
    # services, the director meant is the DCS
    ("title-directors-role", rf"director{APOS}s\s+(?:role|job|post|position)"),
)
# A lookahead on the words a title can start with, so most positions fail at once.
_FIRST = (r"(?=\b(?:interim|acting|permanent|new|former|previous|then|current|outgoing|incoming|"
          r"strategic|corporate|executive|group|joint|statutory|assistant|deputy|services?|director|"
          r"children|young|safeguarding|social|head|cabinet|lead|portfolio|independent|chair\w*|"
          r"council|leader|chief|commissioner|education|minister|ofsted|inspector|mayor|"
          r"elected|dcs|social|councillor)\b)")
_TITLE_RX = re.compile(_FIRST + "(?:" + "|".join(f"(?P<{n.replace('-', '_')}>\\b(?:{rx})\\b)"
                                                for n, rx in TITLE_PATTERNS) + ")", re.I)
# MPs are written in capitals: "MP for Warley", "the Warley MP".
_MP_RX = re.compile(r"\bMP\b(?:\s+for\s+((?:[A-Z][\w'’-]+)(?:\s+(?:and\s+)?[A-Z][\w'’-]+)*))?")


@dataclass
class TitleMention:
    start: int
    end: int
    text: str
    rule: str
    modifiers: tuple[str, ...] = ()
    constituency: str | None = None


# Cheap tests first (substring checks in C): most sentences name no post and no event.
_TITLE_WORDS = ("director", "head", "member", "holder", "leader", "executive", "chair",
                "commissioner", "minister", "secretary", "inspector", "portfolio", "mayor", "dcs",
                "boss", "chief", "lead", "councillor")


# A title right after "Ofsted's", "national" or "regional" is a post of the regulator or of a
# national body, never a council's ("Ofsted's National Director for Social Care, X").
_NOT_A_COUNCILS = re.compile(rf"(?:\b(?:Ofsted|OFSTED){APOS}s?\s+(?:(?:national|regional)\s+)?"
                             r"|\b(?:national|regional)\s+)$", re.I)


def find_titles(sent: Sentence) -> list[TitleMention]:
    out: list[TitleMention] = []
    low = sent.text.lower()
    if not any(w in low for w in _TITLE_WORDS) and "MP" not in sent.text:
        return out
    for m in _TITLE_RX.finditer(sent.text):
        rule = next(k for k, v in m.groupdict().items() if v).replace("_", "-")
        raw = m.group(0)
        mods = []
        mm = re.match(MODS, raw, re.I)
        if mm and mm.group(0):
            mods = [w.lower() for w in mm.group(0).split()]
        if rule == "title-leader" and re.search(r"\b(?:opposition|group|party|team)\s*$",
                                                sent.text[:m.start()], re.I):
            continue  # "opposition leader", "group leader" are not the council's leader
        if rule == "title-leader" and re.match(
                r"\s+of\s+the\s+(?:[\w-]+\s+){0,3}(?:group|opposition|party)\b",
                sent.text[m.end():], re.I):
            continue  # "leader of the Liberal Democrat group": a party's, not the council's
        if rule == "title-leader" and re.search(
                r"\b[A-Z][a-z]+\s+(?:Labour|Conservative|Tory|Liberal\s+Democrat|Lib\s+Dem|Green|"
                r"Independent|Reform|UKIP)\s+$", sent.text[:m.start()]) and not re.match(
                r"\s+of\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}(?:council|authority)\b",
                sent.text[m.end():], re.I):
            continue  # "Barnet Labour leader Cllr X": the party's group there, not the council
        if rule != "title-inspector" and _NOT_A_COUNCILS.search(sent.text[:m.start()]):
            continue  # "Ofsted's national director for social care": the regulator's, no council's
        if rule == "title-chair" and re.search(r"\bvice[\s-]*$", sent.text[:m.start()], re.I):
            continue
        if rule == "title-inspector" and re.match(r"\s*s\b", sent.text[m.end():]):
            continue
        out.append(TitleMention(sent.start + m.start(), sent.start + m.end(), raw, rule,
                                tuple(mods)))
    for m in _MP_RX.finditer(sent.text):
        out.append(TitleMention(sent.start + m.start(), sent.start + m.end(), m.group(0),
                                "title-mp", (), m.group(1)))
    out.sort(key=lambda t: t.start)
    return out


# ---------------------------------------------------------------------------- people

# "CIlr" (capital I for l) and "Clr" are typos of Cllr seen in council press releases.
HONORIFIC = (r"(?:(?:[Tt]he[ \t]+)?(?:Right[ \t]+Honourable|Rt\.?[ \t]+Hon)|Councillor|Cllr|"
             r"CIlr|Clr|Coun|"
             r"Mr|Mrs|Ms|Miss|Mx|Dr|Professor|Prof|Sir|Dame|Lord|Lady|Baroness|Baron|Rev|"
             r"Revd)\.?")
# Letters with accents too: "Zoë", "Siobhán Ní Bhriain".
_UP, _LO = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"
_TOKEN = (rf"(?:(?:[{_UP}]['’][{_UP}][{_LO}]+|[{_UP}](?:[{_LO}]*[{_UP}][{_LO}]+|[{_LO}]+))"
          rf"(?:[-'’][{_UP}][{_LO}]+)?)(?![\w])")
# Words of a name are separated by spaces, never by a line break: "Baby P.\n\nMr Balls" is
# two mentions, whatever the sentence splitter made of it.
_NAME_RX = re.compile(
    rf"(?=[{_UP}])(?P<hon>(?:{HONORIFIC}[ \t\u00a0]+)+)?"
    rf"(?P<name>{_TOKEN}(?:[ \t\u00a0]+(?!{HONORIFIC}[ \t\u00a0])(?:{_TOKEN}|[A-Z]\.))*)")
# Capitalised words that are never part of a person's name in these articles: places and
# bodies, titles, days and months, and words that start sentences.
STOP = set("""
The A An In On At By For Of And But Or This That These Those It Its He She They We Our His Her
Their Your My You I If As So Then When While After Before Since Until Yet Also However Meanwhile
Council Councils Borough County City Metropolitan District Services Service Children Children's
Childrens Department Education Ofsted OFSTED Board Trust Safeguarding News Report Reports Agency
Government Labour Conservative Conservatives Liberal Democrats Democrat Party Committee Cabinet
Director Directors Leader Leaders Chief Executive Member Members Minister Commissioner Inspector
Inspectors Head Social Care Assistant Interim Acting Deputy Former New Old Young Then Current
Previous Improvement Early Help Strategy Single Point Access Alliance Partners Partnership Related
Comments Play Radio Available App Store Google Weather Travel How Latest Recently Useful Links
Street Road House Commons Parliament MP MBC Union Unison Express Star BBC ITV Local Democracy
Reporter English Britain British UK London Government's Secretary State Mayor Chair
Chairman Chairwoman Portfolio Holder Lead Executive's Office Standards Family Families Young
People Care Leavers Court Police Health NHS Hospital School Schools Academy University College
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June
July August September October November December Christmas Easter Covid Download Online Click
Lib Dem Dems Tory Tories UKIP Reform
Now Today Yesterday Here There Following Under With Without Despite During Although Though
Because Where What Who Why Speaking According Asked Last Earlier Later Since Also Instead
Share Read More Follow Twitter Facebook Sign Subscribe Copyright Photo Picture Image Credit
Strong Good Outstanding Inadequate Requires Dear Yours Thanks Thank Press Media Release Contact
Statement Spokesperson Spokesman Spokeswoman North South East West Northern Southern Central
Upper Lower Great Greater Midlands Black Country Yorkshire Trust's Council's Board's
Baby Station Square Centre Tribunal Inquiry Review Act Bill Plan
Commission Inspectorate Constabulary Healthcare Home Affairs Select Communities
""".split())  # noqa: SIM905
# Of those, the ones that are common surnames too: one counts as a name right after a given name
# ("council leader Stewart Young", "Cllr Philip Read") unless a stop word
# follows ("Young People", "Read More").
SURNAME_STOP = frozenset({"Young", "Hall", "Street", "Black", "Chambers", "Lord", "Read"}) & STOP
# Words that end the name of a place or body named after a person ("Victoria Park", "Jack
# Petchey Foundation"): such a run needs a title, an honorific or speech to be a person.
# (Not Hall, Green, Hill, Street, Lane, Church, Court, House: surnames too.)
INSTITUTION = frozenset("""
Park Foundation Hospice Institute Society Charity Association Group Building Library Museum
Gardens Avenue Drive Place Estate Prize Award Awards Fund Project Programme Scheme Network
Forum Campus Cathedral Chapel Mosque Prison Airport River Headquarters Road Square Station
Centre Academy School College University Hospital Primary Secondary Infants Juniors Nursery
Trust Partnership Associates Consulting Consultancy Consultants Partners Ltd Limited LLP PLC
Solutions Infirmary Clinic Surgery Practice Unit Home Homes Centre's
""".split())  # noqa: SIM905
# Of those, the ones no surname is: a run holding one is never a person ("Sarah Knight
# Primary School"); the others only count when they follow the run ("Victoria Park").
INSTITUTION_IN_NAME = INSTITUTION - {"Park", "Place", "Gate", "River", "Drive", "Way", "Home",
                                     "Unit", "Practice", "Hospice", "Fund", "Forum", "Chapel"}
# A later "Ms X" or "Mr X" (or "Cllr X", "Dr X") names an earlier full name with that surname.
SPEECH = (r"(?:said|says|told|added|announced|wrote|explained|commented|confirmed|insisted|"
          r"warned|admitted|stated|argued|claimed|replied|responded|welcomed|thanked|complains?|"
          r"groans?|acknowledged)")


@cache
def given_names() -> frozenset[str]:
    """Common given names (given_names.txt): a run that starts with one is a person's name."""
    raw = resources.files("accountable.loaders.draft").joinpath("given_names.txt") \
        .read_text(encoding="utf-8")
    return frozenset(w for line in raw.splitlines() if not line.startswith("#")
                     for w in line.split())


@dataclass
class NameMention:
    start: int
    end: int          # of the whole mention, honorific included
    name: str         # without honorifics
    honorific: str | None
    name_start: int


def find_names(sent: Sentence) -> list[NameMention]:
    """Capitalised runs that could be names, split at words that never are (STOP)."""
    out: list[NameMention] = []
    for m in _NAME_RX.finditer(sent.text):
        hon = m.group("hon")
        tokens = [(t.start(), t.end(), t.group(0)) for t in
                  re.finditer(r"\S+", m.group("name"))]
        base = m.start("name")
        runs: list[list[tuple[int, int, str]]] = [[]]
        for j, t in enumerate(tokens):
            word = t[2].rstrip(".")
            after_first = runs[-1] and (runs[-1][-1][2] in given_names()
                                        or (bool(hon) and len(runs) == 1 and len(runs[-1]) == 1))
            if word in SURNAME_STOP and after_first and (
                    j + 1 == len(tokens) or tokens[j + 1][2] not in STOP):
                runs[-1].append(t)  # "Stewart Young", "Cllr Tobias Read", not "Young People"
            elif word in STOP or re.sub(APOS + "s$", "", word) in STOP:
                runs.append([])
            else:
                runs[-1].append(t)
        for i, run in enumerate(runs):
            if not run:
                continue
            has_hon = bool(hon) and i == 0 and run[0][0] == 0
            if len(run) < 2 and not has_hon:
                continue
            if len(run) > 4:
                continue
            s = base + run[0][0]
            e = base + run[-1][1]
            start = m.start() if has_hon else s
            out.append(NameMention(sent.start + start, sent.start + e, sent.text[s:e],
                                   hon.strip() if has_hon else None, sent.start + s))
    return out


# ---------------------------------------------------------------------------- grades

GRADES = {"inadequate": "inadequate", "good": "good", "outstanding": "outstanding",
          "adequate": "adequate"}
# "requires improvement (to be good)", "require improvement", "required improvement".
_GRADE_RX = re.compile(
    r"(?P<ri>\brequir(?:es?|ed|ing)\s+[\"“‘']?improvement(?:\s+to\s+be\s+good)?)"
    r"|\b(?P<g>inadequate|inadeqaute|outstanding|good|adequate)\b", re.I)
# good/outstanding/adequate are common words: they count as grades only right after a rating
# verb ("rated good", "judged to be good", "was good") or before "rating"/"grade".
_RATED_BEFORE = re.compile(
    r"(?:rated|judged|graded|found|deemed|assessed|was|were|as|be|remains?|remained|"
    r"achieved|received|given|an?|ranked|branded|labelled|classed|retained|"
    r"(?:judgement|rating|grade|grading|verdict)\s+of|"
    r"(?:leap|jump|rise|move|upgraded|improved|moved|rose|risen|climbed|went|gone|improvement|"
    r"upgrade|downgrade|promotion|"
    r"downgraded|dropped|fell|fallen|back)\s+(?:up\s+|down\s+)?to)"
    r"\s+(?:(?:to\s+be|as|overall|still)\s+)?[\"“‘']?$", re.I)
_RATING_AFTER = re.compile(r"^[\"”’']?\s+(?:rating|grade|judgement|verdict|by\s+Ofsted)", re.I)
INSPECTION_CONTEXT = re.compile(
    r"\b(?:Ofsted|OFSTED|inspect\w*|rated|ratings?|judged|judgements?|grade[ds]?|grading|"
    r"verdict|report|watchdog|found|ranked|branded|labelled|downgraded|upgraded|deemed)\b",
    re.I)
AREAS: tuple[tuple[str, str], ...] = (
    (AREA.help_and_protection, r"help\s+and\s+protection|need\s+of\s+help|need\s+help"),
    (AREA.care_leavers, r"care\s+leavers?|leaving\s+care"),
    (AREA.looked_after, r"looked[\s-]+after|children\s+in\s+care"),
    ("adoption", r"adoption"),
    ("leadership", r"leadership|management\s+and\s+governance"),
    (AREA.child_protection, r"child\s+protection"),
    (AREA.early_help, r"early\s+help"),
    ("safeguarding", r"safeguarding"),
    ("overall", r"overall"),
)


@dataclass
class GradeMention:
    start: int
    end: int
    grade: str


_GRADE_WORDS = ("inadeq", "good", "outstanding", "adequate", "improvement")


def find_grades(sent: Sentence, context: str = "") -> list[GradeMention]:
    """Grades in an inspection context: this sentence's words, or `context` (the sentence
    before: "Inspectors were sent in. They described the services as inadequate.")."""
    low = sent.text.lower()
    if not any(w in low for w in _GRADE_WORDS) or not (
            INSPECTION_CONTEXT.search(sent.text) or (context and re.search(
                r"\b(?:Ofsted|OFSTED|inspect\w*|watchdog)\b", context, re.I))):
        return []
    out = []
    for m in _GRADE_RX.finditer(sent.text):
        if m.group("ri"):
            grade = GRADE.requires_improvement
        else:
            word = m.group("g").lower()
            grade = "inadequate" if word.startswith("inadeq") else GRADES[word]
            if grade != "inadequate":
                before, after = sent.text[:m.start()], sent.text[m.end():]
                if not (_RATED_BEFORE.search(before) or _RATING_AFTER.search(after)):
                    continue
                if re.match(r"[\"”’']?\s+(?:Ofsted\s+)?inspection", after):
                    continue  # "bracing for a good Ofsted inspection": a hope, not a grade
                if re.search(r"\bto\s+be\s+$", before) and "requires improvement to be" in \
                        before[-40:].lower():
                    continue
        out.append(GradeMention(sent.start + m.start(), sent.start + m.end(), grade))
    return out


def area_before(text: str, start: int, clause_start: int) -> str:
    """The judgement area named in the clause before a grade; `overall` when none is."""
    seg = text[clause_start:start]
    best, pos = "overall", -1
    for area, rx in AREAS:
        for m in re.finditer(rx, seg, re.I):
            if m.start() > pos:
                best, pos = area, m.start()
    return best


# ---------------------------------------------------------------------------- events

EVENT_PATTERNS: tuple[tuple[str, str, str | None], ...] = (
    # (kind, regex, ended_by for the tenure it ends)
    ("resigned", r"\b(?:resign(?:ed|s|ing)?|resignation|quit|quits|stepped\s+down|steps?\s+down|"
                 r"stepping\s+down)\b", "resigned"),
    ("dismissed", r"\b(?:sacked|dismissed|fired|ousted|removed\s+from\s+(?:his|her|the)\s+post)"
                  r"\b", "dismissed"),
    ("suspended", r"\b(?:suspended|suspends|suspension)\b", None),
    ("left", r"\b(?:left\s+(?:by\s+mutual\s+consent|(?:his|her|their|the)\s+(?:post|role|job|"
             r"council))|mutual\s+consent|leave\s+the\s+(?:council|authority|trust)|"
             r"(?:due|set)\s+to\s+leave|will\s+leave|departure|retire[ds]?|retirement|"
             r"retiring)\b", "left"),
    ("appointed", r"\b(?:appointed|appoints|appointment|will\s+take\s+(?:over|up)|takes?\s+over|"
                  r"took\s+over|took\s+up|succeeds|succeeded|replaces|replaced|named\s+as|"
                  r"has\s+been\s+named|will\s+join|joined|joins|take\s+on)\b", None),
    (EVENT_KIND.contract_awarded,
     r"\bawarded\s+(?:a\s+)?(?:[\w£.,-]+\s+){0,4}contract\b|\bcontract\s+worth\b", None),
    (EVENT_KIND.monitoring_visit, r"\bmonitoring\s+visits?\b", None),
    (EVENT_KIND.report_published,
     r"\b(?:report|findings|letter)\b[^.]{0,40}\b(?:published|released)\b|"
     r"\b(?:published|released)\s+(?:its|their|the)\s+report\b", None),
    (EVENT_KIND.assistance_requested,
     r"\b(?:contacted|asked|approached)\b[^.]{0,60}\b(?:assistance|help|support)\b", None),
)
_EVENT_RX = [(k, re.compile(rx, re.I), e) for k, rx, e in EVENT_PATTERNS]
NEGATION = re.compile(r"\b(?:not|n[o']t|never|no|refused\s+to|without)\s+(?:\w+\s+){0,2}$", re.I)


@dataclass
class EventMention:
    start: int
    end: int
    kind: str
    ended_by: str | None


_EVENT_WORDS = ("resign", "quit", "step", "sack", "dismiss", "fired", "ousted", "removed",
                "suspen", "left", "leav", "mutual", "departure", "retir", "appoint", "take",
                "took", "succeed", "replace", "named", "join", "contract", "monitoring",
                "publish", "release", "contact", "asked", "approach")


def find_events(sent: Sentence) -> list[EventMention]:
    out: list[EventMention] = []
    low = sent.text.lower()
    if not any(w in low for w in _EVENT_WORDS):
        return out
    for kind, rx, ended in _EVENT_RX:
        for m in rx.finditer(sent.text):
            if NEGATION.search(sent.text[:m.start()]):
                continue
            end_by = ended
            if kind == "left" and "mutual consent" in m.group(0).lower():
                end_by = ENDED_BY.mutual_consent
            # "is due to leave", "will step down": announced, not yet over
            if re.search(r"\b(?:will|due\s+to|set\s+to|is\s+to|expected\s+to|plans\s+to|"
                         r"intends\s+to)\s+(?:\w+\s+)?$", sent.text[:m.start()], re.I) or \
                    re.match(r"(?:due|set)\s+to|will", m.group(0), re.I):
                end_by = None
            out.append(EventMention(sent.start + m.start(), sent.start + m.end(), kind, end_by))
    out.sort(key=lambda e: e.start)
    return out


# ---------------------------------------------------------------------------- certainty

HEDGE = re.compile(r"\b(?:(?:is|are|was|were)\s+(?:believed|understood|thought|said|reported|"
                   r"rumoured)\s+to|it\s+is\s+(?:believed|understood|thought)|reportedly|"
                   r"allegedly|understood\s+to|thought\s+to\s+(?:be|have)|believed\s+to)\b", re.I)
# Plans and expectations: what the article says will happen is not yet a fact at its date.
PLAN = re.compile(
    r"\b(?:will|shall|(?:is|are|was|were)\s+(?:due|set|expected|likely|poised|going|"
    r"scheduled)\s+to|(?:is|are)\s+to|expected\s+to|plans?\s+to|planned\s+to|intends?\s+to|"
    r"would\s+(?:become|take|be\s+appointed|join|replace|succeed|step)|(?:lined\s+up|tipped|"
    r"earmarked)\s+(?:to|for|as)|incoming|designate)\b", re.I)
PLAN_NOTE = ("a plan or expectation in the article's words, not yet a fact at its date: "
             "check what happened")


def is_plan(quote: str) -> bool:
    """True when the quoted words announce something to come ("will take on", "is to")."""
    return bool(PLAN.search(quote))


ATTRIBUTION = re.compile(rf"\b{SPEECH}\b|\baccording\s+to\b", re.I)


def inside_quotes(text: str, sent: Sentence, pos: int) -> bool:
    """True when `pos` lies inside quotation marks opened earlier in the sentence."""
    seg = text[sent.start:pos]
    opens = seg.count("“") + len(re.findall(r'(?:^|\s)"', seg))
    closes = seg.count("”") + len(re.findall(r'"(?:\s|$|[.,;:])', seg))
    return opens > closes


def certainty_of(text: str, sent: Sentence, start: int, end: int) -> str:
    """`believed` when the sentence hedges; `reported` when the words are someone's (inside
    quotation marks, or after "according to"/"X said that"); else `stated`."""
    if HEDGE.search(sent.text):
        return "believed"
    if inside_quotes(text, sent, start):
        return "reported"
    before = text[sent.start:start]
    if re.search(r"\baccording\s+to\b|\b" + SPEECH + r"\s+(?:that\b|\w+\s+that\b)", before,
                 re.I):
        return "reported"
    return "stated"


@dataclass
class Found:
    """What the recognisers found in one sentence."""

    sent: Sentence
    orgs: list[OrgMention] = field(default_factory=list)
    titles: list[TitleMention] = field(default_factory=list)
    names: list[NameMention] = field(default_factory=list)
    grades: list[GradeMention] = field(default_factory=list)
    events: list[EventMention] = field(default_factory=list)

