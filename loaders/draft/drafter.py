"""Turn one article into proposed seed records (`draft: true`), each citing the smallest verbatim
span that says it. Rule-based and deterministic: the same text always gives the same records.

The rules, in order:
1. organisations: councils (shipped list, or any "X Council" the text introduces), Ofsted,
   the DfE, trusts, safeguarding boards, unions, parties, named contractors;
2. post titles (`recognise.TITLE_PATTERNS`), their kind from the shared `titles.post_kind`,
   their organisation from "of/at X", "X's", "the council's" or the article's main council;
3. people: capitalised runs tied to a post ("X, the council's director of ...", "director ...
   X"), with an honorific, speaking ("X said"), or the subject of a departure; a later
   "Ms X" is the same person; a byline is the Source's author, not a person;
4. a title named in one sentence with no person, followed by a sentence that opens with an
   untied person, is that person's (news ledes: "The director has resigned. X, who ...");
5. grades in an inspection context become an Inspection per (organisation, date) and a
   Judgement per area; events from verbs (resigned, suspended, appointed, ...) with the
   nearest person before them, ending that person's tenure where the verb says so;
6. dates: explicit ones as given; relative ones resolved against --published, `inferred`.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accountable.graph.model import SCHEMA, Words
from accountable.loaders.draft import match
from accountable.loaders.draft import recognise as R
from accountable.loaders.draft.text import (
    MONTH_RE,
    WEEKDAY_RE,
    Sentence,
    clause_around,
    dates_in,
    parse_published,
    sentences,
    trim,
)
from accountable.loaders.names import EntityIndex, normalise_name, slug
from accountable.loaders.titles import POST_KIND, post_kind

from accountable.errors import DraftError  # noqa: F401 - re-exported

MAX_BYTES = 20_000_000
# the vocabularies' words the drafter decides on, checked against the model
ORG_KIND = Words("organisation_kind")
EVENT_KIND = Words("event_kind")
INSPECTION_KIND = Words("inspection_kind")
# the posts whose holders answer for children's services (DCS, lead member, leader, chief exec)
ACCOUNTABLE_KINDS = (POST_KIND.dcs, POST_KIND.lead_member, POST_KIND.leader,
                     POST_KIND.chief_executive)


def read_article(path: Path) -> str:
    """The article's text; DraftError for a missing, empty, binary or non-UTF-8 file."""
    if not path.exists():
        raise DraftError(f"{path}: no such file. Give the path of a plain-text article.")
    if not path.is_file():
        raise DraftError(f"{path}: not a file. Give the path of a plain-text article.")
    data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise DraftError(f"{path}: {len(data)} bytes is too large for one article "
                         f"(limit {MAX_BYTES}); split it.")
    if b"\x00" in data[:8192]:
        raise DraftError(f"{path}: binary data (NUL bytes), not text. Save the article as "
                         "plain UTF-8 text (.txt).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise DraftError(f"{path}: not UTF-8 text (byte {e.start}: {e.reason}). Re-save it as "
                         "UTF-8, e.g. `iconv -f windows-1252 -t utf-8`.") from None
    if not text.strip():
        raise DraftError(f"{path}: the file is empty. Paste the article's text into it.")
    return text


@dataclass
class Cite:
    start: int
    end: int
    certainty: str
    note: str | None = None


@dataclass
class Entity:
    schema: str
    key: str
    name: str
    id: str = ""
    existing: bool = False
    rule: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    aliases: list[str] = field(default_factory=list)
    cites: list[Cite] = field(default_factory=list)


@dataclass
class Draft:
    """The drafter's output: the Source record and the proposed records, in seeds format."""

    source: dict[str, Any]
    records: list[dict[str, Any]]

    def as_json(self) -> dict[str, Any]:
        return {"source": self.source, "records": self.records}


_BYLINE = re.compile(r"^\s*(?:.*\|\s*)?(?:By|by|Written\s+by|Words\s+by)\s+"
                     r"(?:(?:(?:our|political|local\s+democracy|education|social\s+affairs|"
                     r"senior|chief|news|health|home\s+affairs)\s+)*(?:editor|reporter|"
                     r"correspondent|journalist)\s+)?"
                     r"((?:[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?\s?){2,3})", re.M)
# A name alone on a line before the date: "William Eichler 29 January 2018" (trade press).
_BYLINE_DATED = re.compile(
    r"^[ \t]*((?:[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?[ \t]){1,2}[A-Z][a-z]+(?:[-'’][A-Z][a-z]+)?)"
    r"[ \t]*(?:[|,–-]?[ \t]*|[ \t]*\n[ \t]*)(?:" + WEEKDAY_RE + r",?[ \t]+)?"
    r"(?:\d{1,2}(?:st|nd|rd|th)?[ \t]+" + MONTH_RE + r"|" + MONTH_RE
    + r"[ \t]+\d{1,2}(?:st|nd|rd|th)?),?[ \t]+\d{4}", re.M)
# A picture credit is the photographer, not a person of the story: "Picture: X", "(credit: X /
# Wikimedia Commons)", "Photo by X".
_CREDIT_BEFORE = re.compile(r"(?:\b(?:Picture|Pictures|Photo|Photograph|Image|Credit|Pic)s?"
                            r"(?:\s*:|\s+by|\s+credit\s*:)|©)\s*$", re.I)


class _Drafter:
    def __init__(self, text: str, published: str | None, index: EntityIndex) -> None:
        self.text = text
        self.published = published
        self.index = index
        self.sents = sentences(text)
        self.entities: dict[tuple[str, str], Entity] = {}
        self.facts: list[dict[str, Any]] = []
        self.fact_cites: list[list[Cite]] = []
        self.by_key: dict[str, dict[str, Any]] = {}
        self.speakers: list[tuple[R.Found, R.NameMention]] = []
        self.byline: str | None = None
        self.person_of_name: dict[str, str] = {}   # mention name -> person key

    # -- helpers -----------------------------------------------------------
    def add_fact(self, fact: dict[str, Any], cites: list[Cite]) -> None:
        fact["__n"] = len(self.facts)
        self.facts.append(fact)
        self.fact_cites.append(cites)
        self.by_key[fact["__key"]] = fact

    def quote(self, start: int, end: int) -> str:
        s, e = trim(self.text, start, end)
        return self.text[s:e]

    def cite(self, sent: Sentence, start: int, end: int, note: str | None = None,
             inferred: bool = False) -> Cite:
        s, e = trim(self.text, start, end)
        c = R.certainty_of(self.text, sent, s, e)
        if inferred:
            c = "inferred"
        return Cite(s, e, c, note)

    def entity(self, schema: str, key: str, name: str, rule: str) -> Entity:
        k = (schema, key)
        if k not in self.entities:
            self.entities[k] = Entity(schema, key, name, rule=rule)
        return self.entities[k]

    # -- passes ------------------------------------------------------------
    def run(self) -> None:
        m = _BYLINE.search(self.text[:600]) or _BYLINE_DATED.search(self.text[:600])
        if m and any(w in R.STOP or w in R.INSTITUTION for w in m.group(1).split()):
            m = None  # "Updated 9 April 2013", "Greyhaven Council 12 March 2021": not a name
        if m:
            self.byline = " ".join(m.group(1).split())
            self.byline_span = (m.start(1), m.end(1))
        self.orgs = R.find_orgs(self.text)
        # a council's bare short name or alias inside a longer personal name is the name
        # ("Graham Sefton" is not Sefton council, "Simon Blackburn" not Blackburn with Darwen;
        # "Tower Hamlets" alone is Tower Hamlets)
        # (the run starts with a given name: "Failing Essex social services" is Essex)
        runs = [(n.name_start, n.end) for sent in self.sents for n in R.find_names(sent)
                if len(n.name.split()) > 1 and n.name.split()[0] in R.given_names()]
        self.orgs = [o for o in self.orgs if not (
            o.kind == "council"
            and not re.search(r"\b(?:council|mbc|borough|city|county)\b",
                              self.text[o.start:o.end], re.I)
            and any(a <= o.start and o.end <= b and b - a > o.end - o.start for a, b in runs)
            and not self.text[o.start:o.end + 1].endswith(("'", "’")))]
        counts: dict[str, int] = {}
        for o in self.orgs:
            if o.kind == "council":
                counts[o.key] = counts.get(o.key, 0) + 1
        self.main_council = max(counts, key=lambda k: (counts[k], -self._first(k))) \
            if counts else None
        trusts = [o for o in self.orgs if o.kind == "trust"]
        self.main_trust = trusts[0].key if trusts else None
        self.found: list[R.Found] = []
        starts = self.org_starts = [o.start for o in self.orgs]
        self.sent_starts = [s.start for s in self.sents]
        for sent in self.sents:
            f = R.Found(sent)
            lo, hi = bisect_left(starts, sent.start), bisect_left(starts, sent.end)
            f.orgs = self.orgs[lo:hi]
            f.titles = [t for t in R.find_titles(sent) if not self._in_org(t.start, t.end)]
            f.titles = [t for i, t in enumerate(f.titles) if t.rule != "title-bare-member" or any(
                u.rule in ("title-lead-member", "title-portfolio", "title-children-member")
                for u in f.titles[:i])]
            f.names = [n for n in R.find_names(sent) if not self._name_excluded(n)]
            prev = self.sents[sent.index - 1] if sent.index else None
            f.grades = R.find_grades(sent, prev.text if prev and prev.paragraph >= sent.paragraph
                                     - 2 else "")
            f.events = R.find_events(sent)
            self.found.append(f)
        for o in self.orgs:
            sent = self._sent_at(o.start)
            ent = self.entity(SCHEMA.organisation, o.key, o.name, o.rule)
            if len(o.name) > len(ent.name):
                ent.name = o.name
            ent.fields["kind"] = o.kind
            form = self.text[o.start:o.end]
            if form not in ent.aliases:
                ent.aliases.append(form)
            if not ent.cites:
                ent.cites.append(self.cite(sent, o.start, o.end))
        self.people_and_posts()
        self.inspections()
        self.events()
        self.contracts()
        self.plans()

    # -- contracts ---------------------------------------------------------
    _MONEY = re.compile(r"£\s?(\d+(?:,\d{3})*(?:\.\d+)?)\s*(m\b|million\b|bn\b|billion\b|k\b)?",
                        re.I)
    _PERIOD = re.compile(r"\b(\d+|one|two|three|four|five|six|twelve|eighteen)[\s-]+(month|year)s?"
                         r"(?:[\s-]+long)?\s+(?:contract|deal|agreement)|\b(?:contract|deal)\s+"
                         r"(?:of|for|lasting)\s+(\d+|one|two|three|four|five)\s+(month|year)s?\b",
                         re.I)
    _WORDNUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "twelve": 12,
                "eighteen": 18}

    def contracts(self) -> None:
        """A contractor named with money, a period or "brought in to run": a Contract
        (contractor, the awarding council, value and months as given, a start date when
        the sentence dates it)."""
        for f in self.found:
            firms = [o for o in f.orgs if o.kind == "contractor"]
            if not firms:
                continue
            money = self._MONEY.search(f.sent.text)
            period = self._PERIOD.search(f.sent.text)
            brought = re.search(r"\b(?:brought|called|drafted)\s+in\s+to\s+(?:run|manage|lead)\b",
                                f.sent.text, re.I)
            if not (money or period or brought) or not re.search(
                    r"\bcontract|\bbrought\s+in|\bhired|\bcommissioned|\bpaid|\bworth\b",
                    f.sent.text, re.I):
                continue
            firm = firms[0]
            councils = [o for o in f.orgs if o.kind == "council"]
            authority = councils[0].key if councils else self.main_council
            if not authority:
                continue
            key = f"contract|{authority}|{firm.key}"
            if key in self.by_key:
                continue
            fact: dict[str, Any] = {"__key": key, "schema": SCHEMA.contract, "found_by":
                                    "contract-named-with-terms", "__authority": authority,
                                    "__contractor": firm.key}
            if money:
                num = float(money.group(1).replace(",", ""))
                unit = (money.group(2) or "").lower()
                num *= {"m": 1e6, "million": 1e6, "bn": 1e9, "billion": 1e9, "k": 1e3}.get(
                    unit, 1)
                fact["value_gbp"] = int(num) if num == int(num) else num
            if period:
                n, unit = (period.group(1), period.group(2)) if period.group(1) else (
                    period.group(3), period.group(4))
                n = self._WORDNUM.get(n.lower()) or int(n)
                fact["months"] = n * (12 if unit.lower() == "year" else 1)
            purpose = re.search(r"\bto\s+((?:run|manage|lead|deliver|provide|improve|support|"
                                r"oversee|bring\s+in)\b[^,.;]{0,120})", f.sent.text[
                                    firm.end - f.sent.start:] if firm.end > f.sent.start else "")
            if purpose:
                fact["purpose"] = purpose.group(1).strip()
            s, e = f.sent.start, f.sent.end
            cites = [self.cite(f.sent, s, e)]
            dates = [d for d in dates_in(self.text, s, e, self.published) if d.value]
            if dates:
                fact["start"] = dates[0].value
                if dates[0].inferred:
                    cites.append(self.cite(f.sent, s, e, dates[0].note, inferred=True))
            # the contractor and the council go into the draft as organisations already
            self.add_fact(fact, cites)

    def plans(self) -> None:
        """Future and plans ("will take on", "is to become", "is expected to") are never
        `stated`: a tenure or event cited by such words is `believed`, with a note."""
        for fact, cites in zip(self.facts, self.fact_cites, strict=True):
            if fact.get("schema") not in (SCHEMA.tenure, SCHEMA.event) \
                    or fact.get("kind") == "statement":
                continue
            for c in cites:
                if c.certainty == "stated" and R.is_plan(self.text[c.start:c.end]):
                    c.certainty = "believed"
                    c.note = "; ".join(x for x in (c.note, R.PLAN_NOTE) if x)

    def _first(self, key: str) -> int:
        return next(o.start for o in self.orgs if o.key == key)

    def _in_org(self, s: int, e: int) -> bool:
        return any(o.start <= s and e <= o.end for o in self._orgs_between(s, e))

    def _orgs_between(self, start: int, end: int) -> list[R.OrgMention]:
        i = bisect_right(self.org_starts, start) - 1
        out = []
        for o in self.orgs[max(0, i):]:
            if o.start >= end:
                break
            if o.end > start:
                out.append(o)
        return out

    def _name_excluded(self, n: R.NameMention) -> bool:
        if self.byline and self.text[n.name_start:n.end] == self.byline:
            return True  # the byline's author goes on the Source
        if _CREDIT_BEFORE.search(self.text[max(0, n.start - 30):n.start]):
            return True  # "Picture: X", "(credit: X / Wikimedia Commons)": the photographer
        if not n.honorific and self._institution(n):
            return True  # "Sarah Knight Primary School", "Mark Lee Associates"
        # a place or body, not a person ("Ashby Fenwick", "Labour")
        return bool(self._orgs_between(n.name_start, n.end)) and not n.honorific

    def _sent_at(self, pos: int) -> Sentence:
        i = bisect_right(self.sent_starts, pos) - 1
        return self.sents[max(0, i)]

    # -- people and posts --------------------------------------------------
    # Between a name and its title: a comma, dash or colon ("X, leader of Y", "X – current
    # strategic director", "X: chief executive"), a possessive role ("X's role as"), a verb
    # ("X is leaving his director's role", "X was removed from her post as"), a party
    # ("X, Labour leader of Y").
    _NAME_THEN_TITLE = re.compile(
        r"^\s*(?:,\s*|\s*[–—-]+\s*|\s*:\s*|\s+)?"
        r"(?:" + R.APOS + r"s\s+(?:new\s+|former\s+|current\s+)?(?:role|post|job|position|time|"
        r"tenure|spell)\s+as\s+|"
        r"(?:who\s+)?(?:(?:is|was|has|had|will\s+be|has\s+been|had\s+been)\s+)?(?:leaving|left|"
        r"quit(?:ting|s)?|leaves|(?:resign(?:ed|s|ing)?|step(?:ped|s|ping)?\s+down|removed|"
        r"sacked|dismissed|suspended|ousted)\s+(?:from|as)|return(?:ed|s|ing)?\s+to|"
        r"t(?:ook|akes|aking)\s+up|served\s+as|serves\s+as|worked\s+as|"
        r"(?:\w+ly\s+)?(?:elected|re-elected|confirmed|installed|chosen)\s+as|"
        r"(?:been\s+)?(?:working|serving|acting)\s+as|(?:to\s+)?step(?:ped|s|ping)?\s+up\s+as|"
        r"to\s+(?:become|serve\s+as|act\s+as)|(?:(?:be|been|being)\s+)?replaced\s+as|"
        r"(?:expected|due|set|likely|poised|going|tipped)\s+to\s+(?:become|be\s+(?:appointed|named)"
        r"(?:\s+as)?|serve\s+as|act\s+as|take\s+(?:over|up|on)(?:\s+as)?|return\s+as)|"
        r"be\s+(?:appointed|named|confirmed)(?:\s+as)?|(?:appointed|named|made|promoted\s+to|"
        r"moved\s+up\s+to)(?:\s+as)?|hold(?:s|ing)?|held)\s+"
        r"(?:(?:his|her|their|the)\s+(?:(?:interim|permanent|new|old)\s+)?(?:post|role|job|"
        r"position|seat)\s+(?:as|of)\s+)?|"
        r"(?:who\s+)?(?:has\s+|had\s+)?spent\s+(?:\w+\s+){1,2}(?:years?|months?)\s+as\s+|"
        r"(?:who|and)\s+(?:is|was|has\s+been|had\s+been|became|remains|"
        r"will\s+be)\s+|(?:is|was|has\s+been|had\s+been|will\s+be|becomes|became|remains|"
        r"was\s+appointed|has\s+been\s+appointed|is\s+appointed|has\s+been\s+named|was\s+named|"
        r"will\s+become|is\s+to\s+become|will\s+take\s+on|takes\s+on|took\s+on|will\s+act\s+as|acts\s+as|is\s+acting\s+as|"
        r"will\s+serve\s+as|takes\s+over\s+as|took\s+over\s+as|will\s+take\s+over"
        r"\s+as|appointed|named|returns?\s+to\s+(?:her|his)\s+role\s+as)?\s*(?:as\s+)?)?"
        r"(?:currently\s+|now\s+|still\s+)?(?:(?:the|its|our|their|his|her|a|an)\s+)?"
        r"(?:(?:part|full)[\s-]time\s+)?"
        r"(?:(?:council|authority|trust|borough|county|city|department|government|town\s+hall)"
        + R.APOS + r"s\s+)?(?:(?:new|newly[\s-]appointed|current|interim|acting|permanent|"
        r"former)\s+)?(?:(?:Labour|Conservative|Tory|Liberal\s+Democrat|Lib\s+Dem|Green|"
        r"Independent)\s+)?$", re.I)
    _SUCCEEDS = re.compile(r"^\s+(?:took|takes|will\s+take|has\s+taken)\s+over\s+from\s+"
                           r"(?:\w+\s+)?$|^\s+(?:replaced|replaces|succeeded|succeeds|"
                           r"will\s+(?:replace|succeed)|has\s+(?:replaced|succeeded))\s+"
                           r"(?:\w+\s+)?$", re.I)
    _TITLE_THEN_NAME = re.compile(r"^\s*(?:,\s*)?(?:(?:at|in)\s+the\s+time,?\s*)?(?:,\s*)?"
                                  r"(?:\([A-Z]{2,6}\)\s*)?(?:[–—-]+\s*|:\s*)?"
                                  r"(?:(?:is|was|has\s+been|had\s+been|will\s+be|remains|"
                                  r"became|becomes)\s+(?:now\s+|currently\s+|still\s+)?)?$")
    _DATE_BEFORE_AS = re.compile(r"\s+(?:in|on|from|since)\s+(?:(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
                                 + MONTH_RE + r"\s+)?\d{4}(?=\s+as\b)")
    _AND_TITLE = re.compile(r"\s+and\s+(?:the\s+)?")
    # "X (pictured), director of ...", "Cllr X (Lab, Riverside), cabinet member for ..."
    # and post-nominals: "Christine Moss OBE, the council's director of ..."
    _PICTURED = re.compile(r"\s+(?:OBE|CBE|MBE|KBE|DBE|QC|KC)\b(?:\s*\([^()\n]{1,40}\))?"
                           r"|\s*\([^()\n]{1,40}\)")

    def people_and_posts(self) -> None:
        persons: list[tuple[R.Found, R.NameMention, str]] = []  # (found, mention, evidence)
        links: list[tuple[R.Found, R.NameMention, R.TitleMention, str]] = []
        succession: set[int] = set()
        for f in self.found:
            used_titles: set[int] = set()
            # "X took over from Y as T" / "X replaced Y as T": X holds T, Y held it before
            for n1, n2 in zip(f.names, f.names[1:], strict=False):
                if not self._SUCCEEDS.match(self.text[n1.end:n2.start]):
                    continue
                for t in f.titles:
                    if t.start >= n2.end and re.fullmatch(r"\s+as\s+(?:the\s+|its\s+)?",
                                                          self.text[n2.end:t.start]):
                        links.append((f, n1, t, "tie-succession"))
                        links.append((f, n2, t, "tie-succession-predecessor"))
                        succession.add(n2.start)
                        persons += [(f, n1, "person-succession"), (f, n2, "person-succession")]
                        used_titles.add(t.start)
            for n in f.names:
                evidence = None
                if n.honorific:
                    evidence = "person-honorific"
                # the words around the name, within reach of every rule below (a bound keeps
                # a run-on "sentence" of thousands of words linear)
                after = self.text[n.end:min(f.sent.end, n.end + 300)]
                before = self.text[max(f.sent.start, n.start - 300):n.start]
                pic = self._PICTURED.match(after)
                skip = pic.end() if pic else 0  # "X (pictured), director of ..."
                for t in f.titles:
                    if t.start - n.end > 200 or n.start - t.end > 200:
                        continue  # too far apart for any tie
                    if t.start >= n.end:
                        # "was appointed in March 2013 as ...": the date is read elsewhere
                        gap = self._DATE_BEFORE_AS.sub("", self.text[n.end + skip:t.start])
                        # "X, Wexcombe's lead member for ...": the organisation names the post
                        for o in f.orgs:
                            if n.end <= o.start and o.end <= t.start and re.fullmatch(
                                    r"(?:" + R.APOS + r"[sS])?\s+(?:" + R.MODS + r")",
                                    self.text[o.end:t.start], re.I):
                                gap = self.text[n.end:o.start]
                        # "leader Ian Marks, children's services executive member Sheila
                        # Woodyatt": a title followed at once by a name is that name's
                        if re.fullmatch(r"\s*,\s*", gap) and any(
                                0 <= n2.name_start - t.end <= 1 for n2 in f.names):
                            continue
                        if self._NAME_THEN_TITLE.match(gap) and "." not in gap:
                            links.append((f, n, t, "tie-spent-years-as" if re.search(
                                r"\bspent\s", gap) else "tie-name-then-title"))
                            used_titles.add(t.start)
                            evidence = evidence or "person-tied-to-post"
                            break
                    elif t.end <= n.start:
                        gap = self.text[t.end:n.start]
                        ext = self._org_after_title(t)
                        if ext:
                            gap = self.text[ext[1]:n.start]
                        if re.fullmatch(r"\s+by\s+", gap) and re.search(
                                r"\breplaced\s+as\s+(?:the\s+)?(?:" + R.MODS + r")$",
                                self.text[f.sent.start:t.start], re.I):
                            # "X will be replaced as T by Y": Y holds T, X held it
                            links.append((f, n, t, "tie-replaced-by"))
                            for n0 in f.names:
                                if n0.end <= t.start and n0 is not n:
                                    succession.add(n0.start)
                            evidence = evidence or "person-succession"
                        elif re.fullmatch(r"\s+in\s+", gap) and re.search(
                                r"\b(?:appointed|recruited|hired|found|named|has|have)\s+(?:an?\s+|the\s+)?"
                                r"(?:(?:new|dedicated|permanent|interim|experienced)\s+)*$",
                                self.text[f.sent.start:t.start], re.I):
                            # "appointed a dedicated cabinet member for ... in Cllr X"
                            links.append((f, n, t, "tie-title-in-name"))
                            used_titles.add(t.start)
                            evidence = evidence or "person-tied-to-post"
                        elif self._TITLE_THEN_NAME.match(gap) and t.start not in used_titles:
                            links.append((f, n, t, "tie-title-then-name"))
                            used_titles.add(t.start)
                            evidence = evidence or "person-tied-to-post"
                # "X, deputy leader and cabinet member for children", "deputy leader and
                # cabinet member for children X": two titles joined by "and" are both X's
                for lf, ln, lt, how in list(links):
                    if ln is not n or lf is not f:
                        continue
                    for t2 in f.titles:
                        joined = (t2.start >= lt.end and self._AND_TITLE.fullmatch(
                            self.text[lt.end:t2.start])) or (
                            t2.end <= lt.start and how == "tie-title-then-name"
                            and self._AND_TITLE.fullmatch(self.text[t2.end:lt.start]))
                        if joined and all(x[2] is not t2 for x in links):
                            links.append((f, n, t2, how))
                sm = re.match(r"^\s*(?:,[^,]{1,90},\s*)?" + R.SPEECH + r"\b", after, re.I)
                if sm or re.search(R.SPEECH + r"\s+(?:that\s+)?$|" + R.SPEECH + r"\s*$", before,
                                   re.I):
                    evidence = evidence or "person-speaking"
                    # words in quotation marks in this sentence or opening the next: a statement
                    nxt = self.found[f.sent.index + 1].sent.text if f.sent.index + 1 < len(
                        self.found) else ""
                    if re.search(r"[“\"‘]", f.sent.text) or re.match(r"\s*[“\"]", nxt):
                        self.speakers.append((f, n))
                if re.match(r"^\s*,\s*(?:who|a\s+former|the\s+former|aged|\d+)\b", after):
                    evidence = evidence or "person-described"
                if re.search(r"\b(?:replaces|succeeds|replaced|succeeded|will\s+replace|"
                             r"will\s+succeed)\s+$|\b(?:was|been|be)\s+replaced\s+(?:on\s+an?\s+"
                             r"\w+\s+basis\s+)?by\s+$", before):
                    evidence = evidence or "person-succession"
                if re.search(r"\b(?:retirement|resignation|departure|appointment|suspension|"
                             r"dismissal|sacking|death)\s+of\s+$", before, re.I):
                    evidence = evidence or "person-departure"
                if re.match(r"^\s*(?:has\s+|had\s+|was\s+|have\s+)?(?:resigned|quit|stepped|"
                            r"announced\s+(?:his|her)|been\s+suspended|been\s+appointed|"
                            r"was\s+suspended|joined|will\s+join)\b", after):
                    evidence = evidence or "person-action"
                if not evidence and not self._institution(n, weak=True):
                    evidence = self._more_evidence(f, n, before, after)
                if evidence:
                    persons.append((f, n, evidence))
        # people: full names first, then short mentions ("Ms Brook") that name one of them
        full: dict[str, Entity] = {}
        for f, n, ev in persons:
            if len(n.name.split()) >= 2:
                self._person(f, n, ev, full)
        for f, n, ev in persons:
            if len(n.name.split()) < 2:
                self._person(f, n, ev, full)
        # a short mention ("Ms Shoesmith", "Cllr Cooper") of a full name the article gives
        # without other evidence ("Sharon Shoesmith was stripped of her post"): that person
        self._full_names_of_short(full)
        # a later short mention of a known surname without evidence of its own
        for f in self.found:
            for n in f.names:
                if n.honorific and len(n.name.split()) == 1 and normalise_name(n.name) \
                        not in self.person_of_name:
                    self._person(f, n, "person-honorific", full)
        for f, n, t, rule in links:
            key = self.person_of_name.get(normalise_name(n.name))
            if key:
                self._tenure(f, key, n, t, rule, ended=n.start in succession)
        self._pronoun_links()
        self._same_role()
        self._departed_predecessor()
        self._lede_links()
        self._the_role_links()
        self._replaced_by()
        self._departure_echo()
        self._in_her_place()
        self._his_predecessor()
        self._predecessors()
        self._join_dates()

    # Evidence that a capitalised run is a person, beyond titles, honorifics and speech.
    _APPOSITION = re.compile(r"^\s*,\s*(?:the\s+|a\s+|an\s+)?[^,.;:()]{0,60}?$")

    # A noun or party that describes the name after it: "toddler, Demi Mahon", "babysitter
    # Karl Mc...", "His replacement Andrew Waller", "Lib Dem Fran Oborski".
    _DESCRIBED = re.compile(
        r"\b(?:toddler|baby|schoolboy|schoolgirl|teenager|boy|girl|youngster|pupil|mother|"
        r"father|mum|dad|son|daughter|grandmother|grandfather|victim|campaigner|whistleblower|"
        r"babysitter|carer|foster\s+carer|social\s+worker|councillor|colleague|predecessor|"
        r"successor|replacement|deputy|author|chairman|chairwoman|spokesman|spokeswoman|"
        r"spokesperson|lawyer|barrister|solicitor|judge|coroner|journalist|reporter|"
        r"(?:Labour|Conservative|Tory|Lib\s+Dem|Liberal\s+Democrat|Green|Reform|UKIP|"
        r"Independent)(?:\s+(?:councillor|MP|peer|leader|member))?)\s*,?\s+$", re.I)

    def _more_evidence(self, f: R.Found, n: R.NameMention, before: str,
                       after: str) -> str | None:
        """Apposition ("X, the Commons ... committee chairman,"), "X from Y Council", an age
        ("the eight-year-old X"), a common given name ("Graham Badman will start work")."""
        for t in f.titles:
            if t.start >= n.end and self._APPOSITION.match(self.text[n.end:t.start]):
                return "person-apposition"
        m = re.match(r"\s*,?\s+(?:from|of|at)\s+(?:the\s+)?", after)
        if m and any(o.start == n.end + m.end() for o in f.orgs):
            return "person-from-organisation"
        if self._DESCRIBED.search(before):
            return "person-described"
        if re.search(r"\b[\w-]+-year-old\s+$|\baged\s+\d+\s*,?\s*$|"
                     r"\b(?:murder|killing|death|abuse|neglect)\s+of\s+(?:[\w-]+\s+)?$",
                     before, re.I):
            return "person-described"
        words = n.name.split()
        if len(words) >= 2 and re.split(r"[-'’]", words[0])[0] in R.given_names():
            return "person-given-name"
        return None

    def _institution(self, n: R.NameMention, weak: bool = False) -> bool:
        """"Sarah Knight Primary School", "Jack Petchey Foundation": a place or body named
        after someone. With `weak` (evidence from a given name or apposition only), a last
        word such as Park counts too ("Victoria Park", but "Tom Park said" is a person)."""
        words = n.name.split()
        if weak and words[-1] in R.INSTITUTION:
            return True
        return any(w in R.INSTITUTION_IN_NAME for w in words) or bool(re.match(
            r"(?:\s+[A-Z][\w'’]*)?\s+(?:" + "|".join(sorted(R.INSTITUTION)) + r")\b",
            self.text[n.end:n.end + 40]))

    def _full_names_of_short(self, full: dict[str, Entity]) -> None:
        """Give "Ms X" the full name "First X" written elsewhere in the article, when exactly
        one such full name is written (and no evidenced person already has that surname)."""
        shorts = {normalise_name(n.name) for f in self.found for n in f.names
                  if n.honorific and len(n.name.split()) == 1}
        by_surname: dict[str, list[tuple[R.Found, R.NameMention]]] = {}
        for f in self.found:
            for n in f.names:
                words = normalise_name(n.name).split()
                if len(words) >= 2 and words[-1] in shorts:
                    by_surname.setdefault(words[-1], []).append((f, n))
        for surname, mentions in by_surname.items():
            if any(k.split()[-1] == surname for k in full):
                continue
            if len({normalise_name(n.name) for _, n in mentions}) != 1:
                continue  # two people share the surname: which one is unclear
            f, n = mentions[0]
            self._person(f, n, "person-full-name-of-short-mention", full)

    # "his role as cabinet member ...", "She was the council's director ...": the pronoun is
    # the last person named before it in the sentence, or in the paragraph's previous sentence.
    _PRONOUN_ROLE = re.compile(
        r"\b(?:(?:his|her)\s+(?:(?:new|former|previous|old)\s+)?(?:role|post|job|position|time|"
        r"tenure|spell|stint)\s+as\s+|(?:a|an)\s+(?:\w+\s+)?(?:spell|stint|period)\s+as\s+|"
        r"(?:he|she)\s+(?:(?:is|was|has\s+been|had\s+been|became|becomes|will\s+become|"
        r"remains|served\s+as|worked\s+as|took\s+over\s+as|takes\s+over\s+as|joined\s+as|"
        r"returned\s+as|went\s+on\s+to\s+become|moved\s+to\s+become)|(?:was|has\s+been|had\s+"
        r"been|will\s+be|is\s+to\s+be)\s+(?:appointed|named|made|promoted\s+to|confirmed)"
        r"(?:\s+as)?)\s+(?:(?:most\s+)?\w+ly\s+)?)(?:(?:the|a|an)\s+)?$",
        re.I)

    _FRONTED = re.compile(r"^(?:(?:Previously|Formerly|Until\s+(?:recently|then)|Before\s+that|"
                          r"Most\s+recently|Now|Currently|Once)\s*,?\s*)?(?:the\s+|a\s+)?$", re.I)

    def _pronoun_links(self) -> None:
        for i, f in enumerate(self.found):
            for t in f.titles:
                # "Previously chief executive of X, she was ...": the title is the pronoun's
                if i > 0 and self._FRONTED.match(self.text[f.sent.start:t.start]):
                    ext = self._org_after_title(t)
                    rest = self.text[ext[1] if ext else t.end:f.sent.end]
                    if re.match(r"[^,.;]{0,40},\s+(?:he|she)\b", rest, re.I):
                        prev = [n for n in self.found[i - 1].names
                                if normalise_name(n.name) in self.person_of_name]
                        if len({self.person_of_name[normalise_name(n.name)] for n in prev}) == 1:
                            key = self.person_of_name[normalise_name(prev[-1].name)]
                            self._tenure(f, key, prev[-1], t, "tie-pronoun", inferred_link=True)
                            continue
                before = self.text[f.sent.start:t.start]
                ext_org = None
                for o in reversed(f.orgs):  # "his role as Rotherham's cabinet member"
                    if o.end <= t.start and re.fullmatch(r"(?:" + R.APOS + r"[sS])?\s+(?:"
                                                         + R.MODS + r")",
                                                         self.text[o.end:t.start], re.I):
                        before = self.text[f.sent.start:o.start]
                        ext_org = o
                    break
                mods = re.sub(r"\s+$", "", R.MODS)
                m = re.search(self._PRONOUN_ROLE.pattern[:-1] + r"(?:" + mods + r")?$", before,
                              re.I) if ext_org is None else self._PRONOUN_ROLE.search(before)
                if not m:
                    continue
                pos = f.sent.start + m.start()
                cands = [n for n in f.names if n.end <= pos
                         and normalise_name(n.name) in self.person_of_name]
                if not cands and i > 0:
                    # the paragraph's previous sentence; across a line break only when that
                    # sentence names one person (news sites put each sentence on a line)
                    prev = [n for n in self.found[i - 1].names
                            if normalise_name(n.name) in self.person_of_name]
                    if self.found[i - 1].sent.paragraph == f.sent.paragraph or len(
                            {self.person_of_name[normalise_name(n.name)] for n in prev}) == 1:
                        cands = prev
                if not cands:
                    continue
                n = cands[-1]
                key = self.person_of_name[normalise_name(n.name)]
                same = f.sent.start <= n.start
                self._tenure(f, key, n, t, "tie-pronoun", inferred_link=not same)

    _SAME_ROLE = re.compile(
        r"\b(?:previously\s+|formerly\s+|had\s+|has\s+)?(?:held|had|did|done|filled)\s+the\s+"
        r"same\s+(?:role|post|position|job)\s+(?:at|in|for|with)\s+(?:the\s+)?$", re.I)

    def _same_role(self) -> None:
        """"He previously held the same role at Doncaster Council": the post the person holds
        in the article, at that organisation, over."""
        for i, f in enumerate(self.found):
            if "same" not in f.sent.text:
                continue
            for o in f.orgs:
                m = self._SAME_ROLE.search(self.text[f.sent.start:o.start])
                if not m or f.sent.start + m.end() != o.start:
                    continue
                pos = f.sent.start + m.start()
                names = [n for n in f.names if n.end <= pos
                         and normalise_name(n.name) in self.person_of_name]
                if not names and i > 0 and re.search(r"\b(?:he|she)\s+$",
                                                     self.text[f.sent.start:pos], re.I):
                    prev = [n for n in self.found[i - 1].names
                            if normalise_name(n.name) in self.person_of_name]
                    if len({self.person_of_name[normalise_name(n.name)] for n in prev}) == 1:
                        names = prev
                if not names:
                    continue
                key = self.person_of_name[normalise_name(names[-1].name)]
                held = [x for x in self.facts if x.get("schema") == SCHEMA.tenure
                        and x["__person"] == key and x["__post"].split(":")[0] != slug(o.key)]
                if not held:
                    continue
                _, t0 = held[0]["__title"]
                # the same title, written where "the same role" is: its organisation is the
                # one after ("at Doncaster Council")
                the = re.search(r"\bthe\s+same\b", m.group(0), re.I)
                prep = re.search(r"\s+(?:at|in|for|with)\s+(?:the\s+)?$", m.group(0), re.I)
                base = f.sent.start + m.start()
                same = R.TitleMention(base + (the.start() if the else 0),
                                      base + (prep.start() if prep else len(m.group(0))),
                                      t0.text, t0.rule)
                post = self._post(f, same)
                if post is None:
                    continue
                self._tenure(f, key, names[-1], same, "tie-same-role",
                             inferred_link=not f.sent.start <= names[-1].start)
                fact = self.by_key.get(f"{key}|{post.key}")
                if fact is not None and re.search(r"\b(?:previously|formerly|had)\b",
                                                  m.group(0), re.I):
                    fact["__ended"] = True

    _DEPARTED = re.compile(
        r"\b(?:following|after)\s+the\s+(retirement|resignation|departure|dismissal|sacking|"
        r"death|suspension)\s+of\s+$", re.I)
    _ENDED_BY = {"retirement": "left", "resignation": "resigned", "departure": "left",
                 "dismissal": "dismissed", "sacking": "dismissed", "death": "died"}

    def _departed_predecessor(self) -> None:
        """"X has been interim director since March following the retirement of Y": Y held
        the post X holds, before X."""
        for f in self.found:
            for n in f.names:
                m = self._DEPARTED.search(self.text[f.sent.start:n.start])
                key = self.person_of_name.get(normalise_name(n.name))
                if not m or not key or m.group(1).lower() == "suspension":
                    continue
                here = [x for x in self.facts if x.get("schema") == SCHEMA.tenure
                        and x.get("__sent") == f.sent.index and x["__person"] != key
                        and x["__title"][1].end <= n.start]
                if not here:
                    continue
                ft, t = here[-1]["__title"]
                self._tenure(ft, key, n, t, "tie-departed-predecessor", inferred_link=True,
                             ended=True, own_words=False)
                fact = self.by_key.get(f"{key}|{here[-1]['__post']}")
                if fact is not None:
                    fact["ended_by"] = self._ENDED_BY[m.group(1).lower()]

    # "Mr Douglas joined in March 2019", "Clemo, who joined the trust in July 2015", "She took
    # up the post in July 2015": the start of that person's (only, or first open) tenure.
    _JOINED = re.compile(
        r"(?:,\s*who\s+|\s+)(?:has\s+|had\s+|first\s+|will\s+)?(?:joined|join|"
        r"t(?:ook|akes?)\s+up\s+(?:the\s+|an?\s+|his\s+|her\s+)?(?:interim\s+|permanent\s+)?"
        r"(?:post|role|position|job)|start(?:ed|s)?|took\s+over)\b"
        r"(?:\s+(?:(?:the|a|an)\s+)?[\w’'-]+(?:\s+[\w’'-]+)?)?(?:\s+(?:in|on|from))?\s+$",
        re.I)

    def _join_dates(self) -> None:
        for f in self.found:
            if not re.search(r"\b(?:joined|join|t(?:ook|akes?)\s+up|start(?:ed|s)?|took\s+over)\b",
                             f.sent.text, re.I):
                continue
            for d in dates_in(self.text, f.sent.start, f.sent.end, self.published):
                if d.value is None:
                    continue
                seg = self.text[f.sent.start:d.start]
                names = [n for n in f.names if normalise_name(n.name) in self.person_of_name
                         and n.end <= d.start]
                pron = re.match(r"\s*(?:He|She)\b", f.sent.text)
                if not names and pron and f.sent.index > 0:
                    # "He will start in September": the one person the sentence before names
                    prev = [n for n in self.found[f.sent.index - 1].names
                            if normalise_name(n.name) in self.person_of_name]
                    if len({self.person_of_name[normalise_name(n.name)] for n in prev}) != 1 \
                            or not self._JOINED.match(self.text[f.sent.start + pron.end():
                                                                d.start]):
                        continue
                    names = prev[-1:]
                elif not names or (not self._JOINED.match(self.text[names[-1].end:d.start])
                                   and not (self._JOINED.search(seg)
                                            and d.start - names[-1].end < 80)):
                    continue
                n = names[-1]
                key = self.person_of_name[normalise_name(n.name)]
                tenures = [x for x in self.facts if x.get("schema") == SCHEMA.tenure
                           and x["__person"] == key]
                if not tenures:
                    continue
                # the tenure at the organisation the sentence names, else the article's first
                # one for this person; never a later one because the first has its start
                named = {slug(o.key) for o in f.orgs}
                at = [x for x in tenures if x["__post"].split(":")[0] in named]
                fact = (at or tenures)[0]
                if "start" in fact:
                    continue
                fact["start"] = d.value
                if not f.sent.start <= n.start < f.sent.end:
                    s, e = f.sent.start, d.end
                    self.fact_cites[fact["__n"]].append(self.cite(
                        f.sent, s, max(e, d.end), "the pronoun is the person named in the "
                        "sentence before: the drafter's reading", inferred=True))
                    continue
                s, e = clause_around(f.sent, n.start, d.end)
                self.fact_cites[fact["__n"]].append(
                    self.cite(f.sent, min(s, n.start), max(e, d.end), d.note, d.inferred))

    _HE_REPLACED_BY = re.compile(r"\s*(?:He|She)\s+(?:was|has\s+been|had\s+been|will\s+be|is\s+to"
                                 r"\s+be)\s+replaced\b[^.;,]{0,40}?\s+by\s+$")

    def _replaced_by(self) -> None:
        """Rule 6: "X, director of ..., left." + "He was replaced by Y": Y holds X's post (the
        post of the first person the sentence before names, inferred)."""
        for i, f in enumerate(self.found[1:], start=1):
            prev = self.found[i - 1]
            if not prev.names or prev.sent.paragraph < f.sent.paragraph - 2:
                continue
            for n in f.names:
                if not self._HE_REPLACED_BY.fullmatch(self.text[f.sent.start:n.start]):
                    continue
                key = self.person_of_name.get(normalise_name(n.name))
                before = self.person_of_name.get(normalise_name(prev.names[0].name))
                held = [x for x in self.facts if x.get("schema") == SCHEMA.tenure
                        and x["__person"] == before and x.get("__sent") == prev.sent.index
                        and post_kind(x["__title"][1].text) in ACCOUNTABLE_KINDS]
                if key and before and key != before and held:
                    ft, t = held[0]["__title"]
                    self._tenure(ft, key, n, t, "tie-he-was-replaced-by", inferred_link=True,
                                 own_words=False)

    _LEAVES = (r"(?:will\s+leave|is\s+to\s+leave|"
               r"(?:has\s+)?decided\s+to\s+(?:leave|quit|step\s+down)|"
               r"is\s+leaving|to\s+leave|has\s+resigned|resigned|"
               r"is\s+to\s+quit|to\s+quit|has\s+quit|quit|is\s+stepping\s+down|(?:has\s+)?"
               r"stepped\s+down|to\s+step\s+down|has\s+left|will\s+step\s+down)")
    # "The head of children's services in Walsall will leave the post", "recruit a new head of
    # children's services": the post falls vacant. (Title then its place, then the verb.)
    _VACATES = re.compile(r"(?:\s+(?:in|at|of|for)\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3})?"
                          r"\s+" + _LEAVES + r"\b")
    _SEEKS = re.compile(r"\b(?:recruit(?:ing)?|find(?:ing)?|appoint(?:ing)?|search\s+for|"
                        r"hunt\s+for|"
                        r"look(?:ing)?\s+for)\s+an?\s+(?:new\s+|permanent\s+)?$", re.I)
    _NAME_LEAVES = re.compile(r"\s+" + _LEAVES + r"\b")
    _DEPARTURE_OF = re.compile(r"\b(?:resignation|departure|exit)\s+of\s+$", re.I)

    def _departure_echo(self) -> None:
        """Rule 7: an unnamed holder leaves ("The head of children's services in X will leave
        the post", "X may struggle to recruit a new head of children's services") and a later
        sentence names who leaves ("Y will leave in autumn", "the resignation of Y"): Y held
        that post (inferred). Only when the article names exactly one such post."""
        tied = {x["__person"] for x in self.facts if x.get("schema") == SCHEMA.tenure}
        vacated: list[tuple[R.Found, R.TitleMention]] = []
        for f in self.found:
            for t in f.titles:
                if self._kind(t) not in ACCOUNTABLE_KINDS:
                    continue
                if any(0 <= n.start - t.end <= 3 or 0 <= t.start - n.end <= 3 for n in f.names):
                    continue  # the title names its holder in this sentence
                if self._VACATES.match(self.text, t.end) or self._SEEKS.search(
                        self.text[max(f.sent.start, t.start - 40):t.start]):
                    vacated.append((f, t))
        if len({self._kind(t) for _, t in vacated}) != 1:
            return
        vf, vt = vacated[0]
        i = vf.sent.index
        for f in self.found[i + 1:i + 9] + self.found[max(0, i - 8):i][::-1]:
            for n in f.names:
                key = self.person_of_name.get(normalise_name(n.name))
                if not key or key in tied:
                    continue
                if self._NAME_LEAVES.match(self.text, n.end) or self._DEPARTURE_OF.search(
                        self.text[max(f.sent.start, n.start - 20):n.start]):
                    self._tenure(vf, key, n, vt, "tie-departure-echo", inferred_link=True,
                                 own_words=False)
                    return

    def _his_predecessor(self) -> None:
        """Rule 9: "defended Cllr X and blamed his predecessor, (title) Y": Y held X's
        accountable post before X (inferred, ended)."""
        for f in self.found:
            for m in re.finditer(r"\b(?:his|her|their)\s+predecessor\b", f.sent.text):
                at = f.sent.start + m.start()
                after = [n for n in f.names if 0 <= n.start - (f.sent.start + m.end()) <= 90]
                before = [n for n in f.names if n.end <= at]
                if not after or not before:
                    continue
                n2 = after[0]
                k2 = self.person_of_name.get(normalise_name(n2.name))
                n1 = before[-1]
                k1 = self.person_of_name.get(normalise_name(n1.name))
                held = [x for x in self.facts if x.get("schema") == SCHEMA.tenure
                        and x["__person"] == k1
                        and self._kind(x["__title"][1]) in ACCOUNTABLE_KINDS]
                if k1 and k2 and k1 != k2 and len(
                        {self._kind(x["__title"][1]) for x in held}) == 1:
                    ft, t = held[0]["__title"]
                    self._tenure(ft, k2, n2, t, "tie-his-predecessor", inferred_link=True,
                                 ended=True, own_words=False)

    def _in_her_place(self) -> None:
        """Rule 8: "remove Ms X and install Y in her place": Y takes X's accountable post
        (the post X holds in the article, inferred)."""
        for f in self.found:
            m = re.search(r"\bin\s+(?:her|his|their)\s+place\b", f.sent.text)
            if not m or len(f.names) < 2:
                continue
            at = f.sent.start + m.start()
            before = [n for n in f.names if n.end <= at]
            if len(before) < 2:
                continue
            n2 = before[-1]
            k2 = self.person_of_name.get(normalise_name(n2.name))
            # "her": the nearest person before Y who holds an accountable post
            for n1 in reversed(before[:-1]):
                k1 = self.person_of_name.get(normalise_name(n1.name))
                held = [x for x in self.facts if x.get("schema") == SCHEMA.tenure
                        and x["__person"] == k1
                        and self._kind(x["__title"][1]) in ACCOUNTABLE_KINDS]
                if k1 and held:
                    break
            else:
                continue
            if not k2 or k1 == k2:
                continue
            if len({self._kind(x["__title"][1]) for x in held}) == 1:
                ft, t = held[0]["__title"]
                self._tenure(ft, k2, n2, t, "tie-in-her-place", inferred_link=True,
                             own_words=False)

    def _predecessors(self) -> None:
        """"He replaces X" / "She succeeds X": X held the post the previous sentences gave
        him or her, and no longer does."""
        for f in self.found:
            m = re.match(r"\s*(?:He|She)\b[^.;]{0,60}?\b(?:replaces|succeeds|replaced|succeeded|"
                         r"will\s+replace|will\s+succeed|tak(?:es|ing)\s+over\s+from|took\s+over"
                         r"\s+from|will\s+take\s+over\s+from)\s+", f.sent.text)
            if not m:
                continue
            after = [n for n in f.names if n.start - f.sent.start <= m.end() + 12]
            if not after:
                continue
            n = after[0]
            key = self.person_of_name.get(normalise_name(n.name))
            prev = [x for x in self.facts if x.get("schema") == SCHEMA.tenure
                    and 0 < f.sent.index - x.get("__sent", -9) <= 3 and x["__person"] != key]
            # the post being filled: one the earlier sentences appoint someone to
            # (not a post the newcomer holds now or held: "X, currently director at Y")
            filled = [x for x in prev if re.search(
                r"\b(?:appoint\w*|named|will\s+join|to\s+join|take\s+up|takes\s+up)\b",
                x["__title"][0].sent.text, re.I) and not re.search(
                r"\b(?:currently|previously|formerly|former|recently|until\s+now)\s+(?:the\s+)?$",
                self.text[max(0, x["__title"][1].start - 30):x["__title"][1].start], re.I)]
            if not key or not prev:
                continue
            # the nearest post the article fills, else the latest post named
            ft, t = (filled[-1] if filled else prev[-1])["__title"]
            self._tenure(ft, key, n, t, "tie-replaces", inferred_link=True, ended=True)

    def _person(self, f: R.Found, n: R.NameMention, ev: str, full: dict[str, Entity]) -> None:
        norm = normalise_name(n.name)
        if norm in self.person_of_name:
            ent = self.entities[(SCHEMA.person, self.person_of_name[norm])]
        else:
            ent = None
            if n.honorific and len(n.name.split()) > 1:
                # "Ms Rhodes White": a double-barrelled surname of "Gladys Rhodes White"
                hits = [e for k, e in full.items() if k.endswith(" " + norm)]
                if len(hits) == 1:
                    ent = hits[0]
            if len(n.name.split()) == 1:
                hits = [e for k, e in full.items() if k.split()[-1] == norm
                        or (n.honorific in ("Sir", "Dame", "Lord", "Lady") and
                            k.split()[0] == norm)]
                if len(hits) == 1:
                    ent = hits[0]
            if ent is None:
                ent = self.entity(SCHEMA.person, norm, n.name, ev)
                if len(n.name.split()) >= 2:
                    full[norm] = ent
            self.person_of_name[norm] = ent.key
        assert ent is not None  # found above, or made just now
        form = self.text[n.start:n.end]
        if form != ent.name and form not in ent.aliases:
            ent.aliases.append(form)
        if not ent.cites:
            s, e = clause_around(f.sent, n.start, n.end)
            ent.cites.append(self.cite(f.sent, n.start, max(e, n.end)))

    def _org_after_title(self, t: R.TitleMention) -> tuple[R.OrgMention, int] | None:
        """`leader of Ashby Fenwick Council`, `director ... at Haverleigh Council`."""
        i = bisect_left(self.org_starts, t.end)
        for o in self.orgs[i:i + 1]:
            if o.start >= t.end:
                gap = self.text[t.end:o.start]
                if re.fullmatch(r"\s+(?:of|at|for|in)\s+(?:the\s+)?(?:[A-Z][\w’'-]*-(?:run|led|"
                                r"controlled)\s+)?", gap):
                    return o, o.end
                break
        return None

    def _post_org(self, f: R.Found, t: R.TitleMention) -> tuple[str | None, int, int]:
        """The organisation a title belongs to, and the span that says so."""
        ext = self._org_after_title(t)
        if ext:
            return ext[0].key, t.start, ext[1]
        if re.match(r"\s+(?:at|in|of|with)\s+(?:a|an|another)\b", self.text[t.end:t.end + 20]):
            return None, t.start, t.end  # "at a neighbouring authority": unknown
        window = self.text[max(f.sent.start, t.start - 20):t.start + 12]
        if re.search(r"\b(?:a|an)\s+(?:former|ex-|one-time|previous|retired)\b", window,
                     re.I) and not re.match(r"\s+(?:of|at|for|in)\s+[A-Z]",
                                            self.text[t.end:t.end + 30]):
            return None, t.start, t.end  # "X, a former director of children's services": where?
        body = re.match(r"\s+(?:of|at)\s+(?:the\s+)?((?:[A-Z][\w’'&-]*)(?:\s+(?:[A-Z][\w’'&-]*|"
                        r"of|for|and))*)", self.text[t.end:f.sent.end])
        if body and body.group(1).split()[-1] not in ("of", "for", "and") and \
                body.group(1).split()[0] not in R.STOP and \
                not re.search(r"-(?:run|led|controlled)$", body.group(1)):
            # ("leader at the Labour-run council": the party names no body; the council it is)
            # "chief executive of Worcester Children's First": a body the recognisers do not
            # know, named in the words; not the article's council
            name = body.group(1)
            ent = self.entity(SCHEMA.organisation, name.replace("’", "'"), name,
                              "org-named-after-title")
            # "Together for Children", "Worcester Children's First": a children's services
            # company, which the model files with the trusts
            ent.fields.setdefault("kind", "trust" if re.search(r"\bChildren", name) else "other")
            if not ent.cites:
                ent.cites.append(self.cite(f.sent, t.end + body.start(1), t.end + body.end(1)))
            return ent.key, t.start, t.end + body.end(1)
        before = self.text[max(f.sent.start, t.start - 60):t.start]
        for o in reversed(f.orgs):
            if o.kind == "party" and o.end <= t.start and re.fullmatch(
                    r"\s+", self.text[o.end:t.start]):
                # "the council's Labour leader": the council's post, not the party's;
                # "Labour leader X" with no council in sight: the party's leader, not drafted
                if not re.search(r"\bcouncil\b|\bauthority\b", f.sent.text, re.I) and \
                        not any(c.kind == "council" for c in f.orgs):
                    return None, t.start, t.end
                continue
            if o.start < t.start < o.end <= t.end and o.kind == "council":
                # "Bradford Council leader X": the title read "Council leader"; the council
                # named is Bradford, not the article's
                return o.key, o.start, t.end
            if o.end <= t.start and re.fullmatch(r"(?:" + R.APOS + r"[sS])?\s*(?:(?:"
                                                 + R.MODS + r"))?", self.text[o.end:t.start],
                                                 re.I):
                return o.key, o.start, t.end
        kind = self._kind(t)
        if re.search(r"\bits\s+(?:" + R.MODS + r")$", before, re.I):
            # "X has appointed Y as its chief executive": the first body in the sentence,
            # named or written as "the trust" / "the council"
            subj: list[tuple[int, str | None]] = [
                (o.start, o.key) for o in f.orgs[:1] if o.kind in ("council", "trust")]
            for m in re.finditer(r"\bthe\s+(trust|council|authority)\b", f.sent.text, re.I):
                subj.append((f.sent.start + m.start(), self.main_trust if m.group(1).lower()
                             == "trust" else self.main_council))
            subj = [x for x in subj if x[0] < t.start and x[1]]
            if subj:
                return min(subj)[1], t.start, t.end
        if re.search(r"\b(?:the|its)\s+trust" + R.APOS + r"s\s+$", before, re.I) \
                and self.main_trust:
            return self.main_trust, t.start, t.end
        if kind == "inspector":
            return "Ofsted", t.start, t.end
        if t.rule == "title-minister":
            return "Department for Education", t.start, t.end
        if kind == "mp":
            return "House of Commons", t.start, t.end
        if kind == POST_KIND.lscb_chair or t.rule == "title-chair":
            boards = [o for o in f.orgs if o.kind in (ORG_KIND.safeguarding_board, ORG_KIND.trust)]
            if boards:
                return boards[0].key, t.start, t.end
            if t.rule == "title-chair":
                return (self.main_trust, t.start, t.end) if self.main_trust else \
                    (None, t.start, t.end)
        # the nearest council before the title in the sentence, else the article's main one
        councils = [o for o in f.orgs if o.kind == "council" and o.end <= t.start]
        if councils:
            return councils[-1].key, t.start, t.end
        return self.main_council, t.start, t.end

    def _kind(self, t: R.TitleMention) -> str:
        if t.rule == "title-bare-director":
            return "dcs"
        if t.rule == "title-bare-member":
            return POST_KIND.lead_member  # kept only after a full lead-member title (run)
        if t.rule == "title-mayor":
            return "leader"  # only kept where the council has an elected mayor (_post)
        if t.rule in ("title-directors-role", "title-bare-boss"):
            # "his director's role", "former boss X": the DCS when the article is about
            # children's services
            return "dcs" if re.search(r"\bchildren", self.text, re.I) else "other"
        if t.rule == "title-mp":
            return "mp"
        if t.rule == "title-chair":
            return "other"
        kind = post_kind(self._title_text(t))
        if kind == "dcs" and t.rule == "title-head-of" and re.search(
                r"\bdirector\s+(?:of|for)\s+children|\bchildren" + R.APOS
                + r"?s?\s+(?:services\s+)?director\b", self.text, re.I):
            # a head of children's services beside a named director is the tier below
            return POST_KIND.head_of_service
        return kind

    def _title_text(self, t: R.TitleMention) -> str:
        words = re.sub(r"^" + R.QUALIFIERS, "", t.text, flags=re.I) or t.text
        if t.rule in ("title-bare-director", "title-directors-role", "title-bare-boss") \
                and self._kind(t) == "dcs":
            words = "Director of children's services"
        words = words.replace("’", "'")
        return words[:1].upper() + words[1:]

    def _post(self, f: R.Found, t: R.TitleMention) -> Entity | None:
        org, qs, qe = self._post_org(f, t)
        if org is None:
            return None
        if t.rule == "title-mayor" and org not in R.elected_mayors():
            return None  # a ceremonial mayor: no post of interest
        kind = self._kind(t)
        title = self._title_text(t)
        if kind == "mp" and t.constituency:
            org_key, pkey = "House of Commons", f"{slug(t.constituency)}:mp"
            title = f"MP for {t.constituency}"
        else:
            org_key = org
            pkey = f"{slug(org)}:{kind if kind != 'other' else slug(title)}"
        # a body the title implies but the text may not name (an MP's House of Commons, a
        # minister's department, an inspector's Ofsted): drafted so the post's `in` resolves
        implied = {"House of Commons": "parliament", "Department for Education": "government",
                   "Ofsted": "regulator"}
        if org_key in implied:
            oe = self.entity(SCHEMA.organisation, org_key, org_key, "org-implied-by-title")
            oe.fields.setdefault("kind", implied[org_key])
            if not oe.cites:
                oe.cites.append(self.cite(f.sent, t.start, t.end))
        post = self.entity(SCHEMA.post, pkey, title, t.rule)
        post.fields.setdefault("title", title)
        post.fields.setdefault("kind", kind)
        post.fields.setdefault("in", org_key)
        if not post.cites:
            post.cites.append(self.cite(f.sent, qs, qe))
        return post

    def _tenure(self, f: R.Found, person_key: str, n: R.NameMention, t: R.TitleMention,
                rule: str, inferred_link: bool = False, ended: bool = False,
                own_words: bool = True) -> None:
        """Tie a person to a title's post. `own_words=False`: the title's qualifiers and the
        sentence's dates are another holder's (a predecessor named after them)."""
        post = self._post(f, t)
        if post is None:
            return
        s, e = min(n.start, t.start), max(n.end, t.end)
        ext = self._org_after_title(t)
        if ext and ext[1] > e and ext[1] - e < 60:
            e = ext[1]
        key = f"{person_key}|{post.key}"
        fact = self.by_key.get(key)
        if fact is None:
            fact = {"__key": key, "schema": SCHEMA.tenure, "__person": person_key,
                    "__post": post.key, "found_by": rule, "__sent": f.sent.index,
                    "__title": (f, t)}
            self.add_fact(fact, [])
        cites = self.fact_cites[fact["__n"]]
        note = None
        if inferred_link:
            note = ("the article names the post in one sentence and this person in another "
                    f"({rule}); that they go together is the drafter's reading")
        mods = set(t.modifiers)
        if re.search(r"\b(?:former|previous|ex-|then)\s+(?:[A-Z][\w'’-]*\s+){1,4}"
                     r"(?:(?:county\s+|city\s+|borough\s+)?council(?:['’]s)?\s+)?$",
                     self.text[max(f.sent.start, t.start - 60):t.start], re.I):
            mods.add("former")  # "Former Hackney director of children's services X"
        if ended:
            fact["__ended"] = True
            fact.setdefault("ended_by", "replaced")
        if rule == "tie-spent-years-as":
            fact["__ended"] = True  # "X, who spent eight years as its director": held before
        if mods & {"former", "previous", "then", "outgoing"} or re.search(
                r"\b(?:at|in)\s+the\s+time\b", self.text[t.end:n.start] if t.end <= n.start
                else ""):
            fact["__ended"] = True
        if mods & {"interim", "acting"} and own_words:
            fact["__interim"] = True
        # dates in the same sentence: "since June 2017", "will take up the post on 1 Sept"
        for d in dates_in(self.text, f.sent.start, f.sent.end, self.published) if own_words \
                else []:
            if d.value is None:
                continue
            before = self.text[max(f.sent.start, d.start - 40):d.start].lower()
            # a date about someone else ("..., thanked Mr Douglas for the work he has done
            # since he joined in 2019"): another name or a pronoun between tie and date
            between = (d.end, s) if d.end <= s else (e, d.start)
            if re.search(r"\b(?:he|she)\b", self.text[between[0]:between[1]], re.I) or any(
                    between[0] <= n2.start < between[1] and self.person_of_name.get(
                        normalise_name(n2.name)) not in (None, person_key) for n2 in f.names):
                continue
            words = self.text[d.start:d.end].lower()
            if words.startswith(("since ", "from ")):
                before += words.split()[0] + " "  # "since January": the preposition is in it
            elif words.startswith(("until ", "by ")):
                before += "until "
            if re.search(r"\bfrom\s+\S+(?:\s+\S+){0,2}\s+(?:to|until|till)\s+$|"
                         r"\bbetween\s+\S+(?:\s+\S+){0,2}\s+and\s+$", before):
                # "from 2005 to 2010", "between 2005 and 2010": the end
                fact.setdefault("end", d.value)
                cites.append(self.cite(f.sent, min(s, d.start), max(e, d.end), d.note,
                                       d.inferred))
            elif re.search(r"\bbetween\s+$", before):
                fact.setdefault("start", d.value)
                cites.append(self.cite(f.sent, min(s, d.start), max(e, d.end), d.note,
                                       d.inferred))
            elif re.search(r"\b(?:since|from|joined\s+(?:the\s+\w+\s+)?in|take\s+up\s+(?:the|"
                         r"her|his)\s+(?:post|role|position)(?:\s+(?:on|in))?|start(?:s|ing)?"
                         r"(?:\s+(?:on|in))?|will\s+join\s+\w*\s*(?:the\s+\w+\s+)?in|join\s+"
                         r"(?:the\s+\w+\s+)?in)\s+$", before):
                fact.setdefault("start", d.value)
                s2, e2 = min(s, d.start), max(e, d.end)
                cites.append(self.cite(f.sent, s2, e2, d.note, d.inferred))
            elif (re.search(r"\b(?:in|on)\s+$", before) or d.inferred and 0 <= d.start - e < 15) \
                    and 0 <= d.start - e < 40 and re.search(
                    r"\b(?:appointed|named|became|become|took\s+over|started|joined|promoted|"
                    r"elected|made)\b", self.text[s:e], re.I):
                # "who was appointed director of children's services in 2019"
                fact.setdefault("start", d.value)
                cites.append(self.cite(f.sent, min(s, d.start), max(e, d.end), d.note,
                                       d.inferred))
            elif re.search(r"\buntil\s+$", before):
                fact.setdefault("end", d.value)
                cites.append(self.cite(f.sent, min(s, d.start), max(e, d.end), d.note,
                                       d.inferred))
        if own_words:
            self._years_in_post(f, fact, cites, s, e)
        if f.sent.start <= n.start < f.sent.end:
            cites.insert(0, self.cite(f.sent, s, e, note, inferred=inferred_link))
        else:  # the lede rule: the title in one sentence, the person opening the next
            te = ext[1] if ext else t.end
            nsent = self._sent_at(n.start)
            ns, ne = clause_around(nsent, n.start, n.end)
            cites[0:0] = [self.cite(f.sent, t.start, te, note, inferred=True),
                          self.cite(nsent, n.start, max(ne, n.end), note, inferred=True)]

    _YEARS_IN = re.compile(
        r"\b(?:after|following|with)\s+(?:just\s+|only\s+|nearly\s+|almost\s+|more\s+than\s+|"
        r"over\s+)?(\d+|one|two|three|four|five|six|seven|eight|nine|ten|eighteen)\s+(years?|"
        r"months?)\s+(?:in\s+(?:the|his|her)\s+(?:job|post|role)|in\s+charge|at\s+the\s+helm|"
        r"as\s+(?:the\s+)?(?:\w+\s+){0,5}?(?:director|leader|member|executive|holder))", re.I)
    _NUMBER = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
               "eight": 8, "nine": 9, "ten": 10, "eighteen": 18}

    def _years_in_post(self, f: R.Found, fact: dict[str, Any], cites: list[Cite], s: int,
                       e: int) -> None:
        """"is leaving ... after two years in the job": the start, counted back from the
        article's date (inferred, to the year or month)."""
        m = self._YEARS_IN.search(f.sent.text)
        pub = parse_published(self.published)
        if not m or not pub or "start" in fact:
            return
        n = self._NUMBER.get(m.group(1).lower()) or int(m.group(1))
        y, mo, _ = pub
        if m.group(2).lower().startswith("year"):
            value = f"{y - n:04d}" if mo is None else f"{y - n:04d}-{mo:02d}"
        elif mo is None:
            return
        else:
            total = y * 12 + (mo - 1) - n
            value = f"{total // 12:04d}-{total % 12 + 1:02d}"
        fact["start"] = value
        ms, me = f.sent.start + m.start(), f.sent.start + m.end()
        cites.append(self.cite(f.sent, min(s, ms), max(e, me),
                               f'"{m.group(0)}" counted back from the article\'s date '
                               f"{self.published}: about {value}", inferred=True))

    _OWN_ROLE = re.compile(r"\s*(?:\([^()\n]{1,40}\)\s*)?,\s*(?:the\s+|a\s+)?(?:[\w'’-]+\s+){0,4}?"
                           r"(?:leader|director|member|chair\w*|executive|head|officer|"
                           r"councillor|spokes\w+|manager|minister|secretary|MP)\b", re.I)

    # "X took over the role in October", "X stepped into the post": the role is the one the
    # sentence before named (accountable posts only, in the same or the previous paragraph)
    _THE_ROLE = re.compile(r"\s*(?:[–—-]+\s*|,\s*)?(?:(?:has|had|then|later|subsequently)\s+)?"
                           r"(?:took\s+over|takes\s+over|took\s+up|takes\s+up|stepped\s+into|"
                           r"steps\s+into|(?:was|has\s+been)\s+appointed\s+to|filled)\s+"
                           r"(?:the|that)\s+(?:role|post|job|position)\b", re.I)

    def _the_role_links(self) -> None:
        """Rule 5: "... director of children's services ..." + "Y took over the role in ..."."""
        for i, f in enumerate(self.found[1:], start=1):
            prev = self.found[i - 1]
            if prev.sent.paragraph < f.sent.paragraph - 2:
                continue
            for n in f.names:
                if not self._THE_ROLE.match(self.text, n.end):
                    continue
                key = self.person_of_name.get(normalise_name(n.name))
                titles = [t for t in prev.titles
                          if post_kind(t.text) in ACCOUNTABLE_KINDS]
                if key and titles:
                    self._tenure(prev, key, n, titles[-1], "tie-took-over-the-role",
                                 inferred_link=True, own_words=False)

    def _lede_links(self) -> None:
        """Rule 4: "The director of children's services at X has resigned." + "Y, who ..."."""
        tied = {x["__person"] for x in self.facts if x.get("schema") == SCHEMA.tenure}
        for i, f in enumerate(self.found[:-1]):
            nxt = self.found[i + 1]
            if not f.titles or not nxt.names:
                continue
            first = nxt.names[0]
            if first.start - nxt.sent.start > 3:
                continue
            key = self.person_of_name.get(normalise_name(first.name))
            if not key or key in tied:
                continue
            if any(n for n in f.names if normalise_name(n.name) in self.person_of_name):
                continue  # the title sentence names someone already
            if self._OWN_ROLE.match(self.text, first.end):
                continue  # "Cllr X, leader of the Liberal Democrat group, said": X has a role
            t = f.titles[0]
            if not re.search(r"\b(?:the|its)\s+(?:\w+" + R.APOS + r"s\s+)?$",
                             self.text[max(f.sent.start, t.start - 30):t.start], re.I) and \
                    t.start != f.sent.start:
                continue
            self._tenure(f, key, first, t, "tie-lede-then-name", inferred_link=True)
            # the lede's verb is about the person named next
            for ev in f.events:
                self._event(f, ev, key, nxt.sent)
            tied.add(key)

    # -- inspections -------------------------------------------------------
    def inspections(self) -> None:
        last_grade: str | None = None
        for f in self.found:
            if not f.grades:
                # "as was child protection in March 2013": the same grade, a new clause
                last_grade = None
                continue
            for j, g in enumerate(f.grades):
                cs, ce = clause_around(f.sent, g.start, g.end)
                # a date belongs to the grade it follows: "from an inadequate rating in 2014
                # to a good rating in 2017"
                lo = f.grades[j - 1].end if j else f.sent.start
                hi = f.grades[j + 1].start if j + 1 < len(f.grades) else f.sent.end
                listed = self._listed_councils(f, g.end, hi)
                keys: list[str | None] = [*listed] or [None]
                for key in keys:
                    self._judgement(f, g.grade, g.start, g.end, cs, ce, bounds=(lo, hi),
                                    org_key=key)
                last_grade = g.grade
            for m in re.finditer(r",?\s+as\s+(?:was|were|did)\s+", f.sent.text):
                a = f.sent.start + m.end()
                _, ce = clause_around(f.sent, a, a + 1)
                if last_grade:
                    self._judgement(f, last_grade, a, a, a, ce, inherited=True)

    def _listed_councils(self, f: R.Found, start: int, end: int) -> list[str]:
        """"'outstanding' ratings ... in Kensington & Chelsea, Westminster and North
        Tyneside": two or more councils listed after a grade share it."""
        after = [o for o in f.orgs if o.kind in ("council", "trust") and start <= o.start < end]
        chain: list[R.OrgMention] = []
        for o in after:
            if chain and not re.fullmatch(r"\s*(?:,|,?\s+and|&)\s*",
                                          self.text[chain[-1].end:o.start]):
                break
            chain.append(o)
        if len(chain) < 2 or re.search(r"[.;]", self.text[start:chain[0].start]):
            return []
        return list(dict.fromkeys(o.key for o in chain))

    def _judgement(self, f: R.Found, grade: str, gs: int, ge: int, cs: int, ce: int,
                   inherited: bool = False, bounds: tuple[int, int] | None = None,
                   org_key: str | None = None) -> None:
        sent = f.sent
        orgs = [o for o in f.orgs if o.kind in ("council", "trust")]
        org = None
        if org_key:
            org = org_key
        elif orgs:
            before = [o for o in orgs if o.start <= gs]
            org = (before[-1] if before else orgs[0]).key
        elif re.search(r"\b(?:the|that|this|its)\s+trust\b|\btrust" + R.APOS + r"s\b",
                       sent.text, re.I) and self.main_trust:
            # "That trust has overseen ...": the trust named last before this sentence
            earlier = [o for o in self.orgs if o.kind == "trust" and o.end <= sent.start]
            org = earlier[-1].key if earlier else self.main_trust
        else:
            org = self.main_council
        if not org:
            return
        # the date: first in the clause, else the nearest one before it in the sentence
        dates = [d for d in dates_in(self.text, sent.start, sent.end, self.published)
                 if d.value]
        lo, hi = bounds or (sent.start, sent.end)
        # a date after this grade and before the next is this grade's; one before the
        # sentence's first grade is the first grade's
        in_clause = [d for d in dates if cs <= d.start < ce and gs <= d.start < hi]
        if not in_clause and lo == sent.start:
            in_clause = [d for d in dates if cs <= d.start < gs]
        date = in_clause[0] if in_clause else None
        if date is None and lo == sent.start:
            dated_before = [d for d in dates if d.end <= cs]
            date = dated_before[-1] if dated_before else None
            if date is None and dates and len(dates) == 1 and len(f.grades) <= 1:
                date = dates[0]
        if date is None and lo != sent.start:
            # "rated inadequate in April 2016, and leadership was judged inadequate": a later
            # grade with no date of its own shares the sentence's date, unless the same area
            # is graded differently there (then it is a newer inspection: "... now good")
            sooner = [d for d in dates if d.end <= gs]
            if sooner:
                prev = self.by_key.get(f"judg|{slug(org)}:{sooner[-1].value}:"
                                       f"{R.area_before(self.text, gs, cs)}")
                if prev is None or prev["grade"] == grade:
                    date = sooner[-1]
        note, inferred, value = None, False, None
        if date:
            value, inferred, note = date.value, date.inferred, date.note
        elif self.published:
            value, inferred = self.published, True
            note = ("the article reports this judgement as new: dated by its publication date "
                    f"{self.published}")
        area = R.area_before(self.text, gs, cs)
        ikey = f"{slug(org)}:{value or 'undated'}"
        n = 2
        while (j := self.by_key.get(f"judg|{ikey}:{area}")) and j["grade"] != grade:
            # another grade for the same area and date: another inspection ("rated
            # inadequate three years ago, now requires improvement")
            ikey, n = f"{slug(org)}:{value or 'undated'}-{n}", n + 1
        insp = self.by_key.get(f"insp|{ikey}")
        quote_s = min(cs, gs)
        quote_e = max(ce, ge)
        if date:
            quote_s, quote_e = min(quote_s, date.start), max(quote_e, date.end)
        if insp is None:
            kind = INSPECTION_KIND.monitoring_visit \
                if re.search(r"monitoring\s+visit", sent.text, re.I) else "other"
            insp = {"__key": f"insp|{ikey}", "schema": SCHEMA.inspection, "__org": org,
                    "kind": kind, "found_by": "inspection-grade",
                    "__id": f"inspection:{ikey}"}
            if value:
                insp["published" if not date else "start"] = value
            self.add_fact(insp, [self.cite(sent, quote_s, quote_e, note, inferred)])
        jkey = f"judg|{ikey}:{area}"
        if jkey in self.by_key:
            return
        self.add_fact({"__key": jkey, "schema": SCHEMA.judgement, "__insp": f"inspection:{ikey}",
                           "area": area, "grade": grade,
                           "found_by": "grade-as-was" if inherited else "grade-in-context",
                           "__id": f"judgement:{ikey}:{area}"}, [self.cite(sent, quote_s, quote_e)])

    # -- events ------------------------------------------------------------
    def events(self) -> None:
        for f, n in self.speakers:  # rule: "X said: “...”" is a statement by X
            key = self.person_of_name.get(normalise_name(n.name))
            if not key or f"event|statement|{key}" in self.by_key:
                continue
            fact = {"__key": f"event|statement|{key}", "schema": SCHEMA.event, "kind": "statement",
                    "found_by": "event-statement", "__person": key, "__ended_by": None,
                    "__role": "speaker"}
            s, e = trim(self.text, n.start, f.sent.end)
            fact["summary"] = self.text[s:e]
            if self.published:
                fact["date"] = self.published
            self.add_fact(fact, [Cite(s, e, "reported")] + (
                [Cite(s, e, "inferred", f"dated by the article's date {self.published}")]
                if self.published else []))
        for i, f in enumerate(self.found):
            for ev in f.events:
                names = [n for n in f.names if n.end <= ev.start
                         and normalise_name(n.name) in self.person_of_name]
                pronoun = re.search(r"\b(?:he|she)\b", self.text[f.sent.start:ev.start], re.I)
                key = None
                # "ousted Councillor Bob Badham", "the suspended director": the word qualifies
                # the name right after it
                right_after = [n for n in f.names if 0 <= n.start - ev.end <= 2
                               and normalise_name(n.name) in self.person_of_name]
                if right_after:
                    key = self.person_of_name[normalise_name(right_after[0].name)]
                elif names:
                    key = self.person_of_name[normalise_name(names[-1].name)]
                elif ev.kind in ("left", "appointed", "resigned", "suspended", "dismissed"):
                    after = [n for n in f.names if n.start >= ev.end
                             and normalise_name(n.name) in self.person_of_name
                             and n.start - ev.end < 40]
                    if after:
                        key = self.person_of_name[normalise_name(after[0].name)]
                    elif pronoun and i > 0:
                        prev = [n for g in self.found[max(0, i - 2):i] for n in g.names
                                if normalise_name(n.name) in self.person_of_name]
                        if prev:
                            key = self.person_of_name[normalise_name(prev[-1].name)]
                self._event(f, ev, key, f.sent)

    def _event(self, f: R.Found, ev: R.EventMention, person_key: str | None,
               anchor: Sentence) -> None:
        kind = ev.kind
        sent = f.sent
        if kind == "appointed" and re.search(r"\bcommissioner\b", sent.text, re.I):
            kind = EVENT_KIND.commissioner_appointed
        if kind == EVENT_KIND.commissioner_appointed:
            # the subject is whoever holds a commissioner post here, not the nearest name
            holders = [x["__person"] for x in self.facts if x.get("schema") == SCHEMA.tenure
                       and self.entities[(SCHEMA.post, x["__post"])].fields["kind"]
                       == "commissioner"]
            person_key = holders[0] if holders else None
        if kind in ("resigned", "dismissed", "suspended", "left", "appointed") \
                and person_key is None:
            return  # who? the reviewer would have to guess
        if kind in (EVENT_KIND.monitoring_visit, EVENT_KIND.report_published,
                    EVENT_KIND.assistance_requested, EVENT_KIND.contract_awarded,
                    EVENT_KIND.commissioner_appointed) and person_key is None \
                and not self.main_council:
            return
        key = f"event|{kind}|{person_key or ''}"
        if kind == EVENT_KIND.commissioner_appointed:
            key = f"event|{EVENT_KIND.commissioner_appointed}"
        if kind in (EVENT_KIND.monitoring_visit, EVENT_KIND.report_published,
                    EVENT_KIND.contract_awarded):
            key += f"|{sent.index}"
        if key in self.by_key:
            return
        dates = [d for d in dates_in(self.text, sent.start, sent.end, self.published)
                 if d.value]
        s, e = ev.start, ev.end
        pn = [n for n in f.names if person_key and self.person_of_name.get(
            normalise_name(n.name)) == person_key]
        if pn:
            s, e = min(s, pn[-1].start), max(e, pn[-1].end)
        cs, ce = clause_around(sent, s, e)
        s, e = cs, ce
        after = [x for x in dates if x.start >= ev.end and x.start - ev.end < 60]
        before = [x for x in dates if x.end <= ev.start and ev.start - x.end < 60]
        date = after[0] if after else (before[-1] if before else None)
        if date:
            s, e = min(s, date.start), max(e, date.end)
        fact: dict[str, Any] = {"__key": key, "schema": SCHEMA.event, "kind": kind,
                                "found_by": f"event-{kind}", "__person": person_key,
                                "__ended_by": ev.ended_by}
        if date:
            fact["date"] = date.value
        self.add_fact(fact, [self.cite(sent, s, e, date.note if date else None,
                                       bool(date and date.inferred))])
        fact["summary"] = self.quote(s, e)
        if person_key and ev.ended_by:
            for t in self.facts:
                if t.get("schema") == SCHEMA.tenure and t["__person"] == person_key:
                    t.setdefault("ended_by", ev.ended_by)
                    if date:
                        t.setdefault("end", date.value)
                    t["__ended"] = True

    # -- output ------------------------------------------------------------
    def assign_ids(self) -> None:
        for ent in self.entities.values():
            schema = ent.schema
            if schema == SCHEMA.post:
                org = self.entities.get((SCHEMA.organisation, ent.fields["in"]))
                org_slug = org.id.split(":", 1)[1] if org and org.id else slug(ent.fields["in"])
                kind = ent.fields["kind"]
                tail = kind if kind != "other" else slug(ent.fields["title"])
                if kind == "mp":
                    tail = ent.key
                    want = f"post:{tail}"
                else:
                    want = f"post:{org_slug}:{tail}"
                if want in self.index.ids and self._is_post(want):
                    ent.id, ent.existing = want, True
                else:
                    ent.id = want if want not in self.index.ids else \
                        self.index.new_id("post", tail, org_slug)
                    self.index.ids.add(ent.id)
                continue
            known = self.index.find(schema, ent.name)
            if known is None:
                for a in ent.aliases:
                    known = self.index.find(schema, a)
                    if known:
                        break
            if known:
                ent.id, ent.existing = known.id, True
            else:
                prefix = "person" if schema == SCHEMA.person else "org"
                ent.id = self.index.new_id(prefix, ent.name if schema == SCHEMA.person else ent.key)

    def _is_post(self, pid: str) -> bool:
        return any(k.id == pid for k in self.index.by_schema.get(SCHEMA.post, []))


def draft_article(text: str, *, published: str | None = None, source_id: str | None = None,
                  file_name: str = "sources/ARTICLE.txt",
                  index: EntityIndex | None = None, path: Path | None = None) -> Draft:
    """Draft records from an article's text. `index` holds what the facts already say: the
    records they hold are cited, not proposed again (`existing: true`, see `match.py`), and
    an article already registered (same text, or `path` is its file) is that Source.
    `published` (YYYY[-MM[-DD]]) resolves relative dates; without it they stay open (for a
    registered article, its recorded date is used)."""
    index = index or EntityIndex()
    taken = file_name
    known = match.find_source(text, index, path)
    if known is not None:
        if source_id and source_id != known.id:
            raise DraftError(f"this article is already {known.id} ({known.where}), not "
                             f"{source_id}: drop --source-id, or use {known.id}.")
        recorded = known.data.get("published")
        if published is None and recorded is not None:
            published = str(recorded)
        sid = known.id
    else:
        if source_id and source_id in index.ids:
            where = index.records[source_id].where if source_id in index.records else "the facts"
            raise DraftError(f"{source_id} is already used ({where}) by another record: "
                             f"drop --source-id to get the next free id "
                             f"({_next_source_id(index)}), or choose another.")
        sid = source_id or _next_source_id(index)
        file_name = match.free_file_name(file_name, index)
    d = _Drafter(text, published, index)
    d.run()
    d.assign_ids()
    draft = _assemble(d, sid, file_name)
    draft.records = match.resolve(draft.records, index)
    if known is not None:
        draft.source = match.existing_source(known, published)
    elif taken != file_name:
        draft.source["found_by"] += (f"; {taken} is another registered article: save this "
                                     f"one as {file_name}")
    return draft


def _next_source_id(index: EntityIndex) -> str:
    nums = [int(i.split(":", 1)[1]) for i in index.ids
            if re.fullmatch(r"source:\d+", i)]
    return f"source:{(max(nums) + 1 if nums else 0):03d}"


def _title_of(text: str) -> str | None:
    first = text.strip().splitlines()[0].strip()
    if 8 <= len(first) <= 160 and not first.endswith((".", ":")):
        return first
    return None


def _assemble(d: _Drafter, sid: str, file_name: str) -> Draft:
    text = d.text

    def cites(cs: list[Cite]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        seen: dict[tuple[str, str], dict[str, Any]] = {}
        for c in cs:
            q = text[c.start:c.end]
            if not q:
                continue
            # the same words at the same certainty: one citation with both notes; the same
            # words at another certainty (a date inferred from them) stay a second citation
            item = seen.get((q, c.certainty))
            if item is not None:
                if c.note and c.note not in item.get("note", ""):
                    item["note"] = "; ".join(x for x in (item.get("note"), c.note) if x)
                continue
            item = {"source": sid, "quote": q, "certainty": c.certainty}
            if c.note:
                item["note"] = c.note
            seen[(q, c.certainty)] = item
            out.append(item)
        return out

    source: dict[str, Any] = {"schema": SCHEMA.source, "id": sid, "file": file_name,
                              "title": _title_of(text) or f"(untitled: {Path(file_name).name})",
                              "draft": True, "found_by": "source-file"}
    if d.published:
        source["published"] = d.published
        source["published_certainty"] = "stated"
        source["published_note"] = "given to `accountable draft --published`: check it"
    else:
        printed = dates_in(text, 0, min(len(text), 300), None)
        full = [x for x in printed if x.value and len(x.value) == 10]
        if full:
            source["published"] = full[0].value
            source["published_certainty"] = "stated"
            source["published_note"] = f"printed at the top: {text[full[0].start:full[0].end]!r}"
        else:
            source["published"] = None
            source["published_certainty"] = "inferred"
            source["published_note"] = ("not printed and not given: fill in the date and say "
                                        "how you know it")
    if d.byline:
        source["author"] = d.byline
    records: list[dict[str, Any]] = []
    ids = {k: e.id for k, e in d.entities.items()}
    order = {SCHEMA.organisation: 0, SCHEMA.person: 1, SCHEMA.post: 2}
    for ent in sorted(d.entities.values(), key=lambda e: (order[e.schema], e.id)):
        rec: dict[str, Any] = {"schema": ent.schema, "id": ent.id}
        if ent.existing:
            rec["name" if ent.schema != SCHEMA.post else "title"] = ent.name
            if ent.schema == SCHEMA.post:  # what the article says it is, for the reviewer
                rec["kind"] = ent.fields["kind"]
                rec["in"] = ids.get((SCHEMA.organisation, ent.fields["in"]), "")
            rec["existing"] = True
        elif ent.schema == SCHEMA.person:
            rec["name"] = ent.name
            al = [a for a in ent.aliases if normalise_name(a) != normalise_name(ent.name)
                  or a != ent.name]
            if al:
                rec["aliases"] = al
        elif ent.schema == SCHEMA.organisation:
            rec["name"] = ent.name
            rec["kind"] = ent.fields.get("kind", "other")
            al = [a for a in ent.aliases if a != ent.name]
            if al:
                rec["aliases"] = al
        else:
            rec["title"] = ent.fields["title"]
            rec["kind"] = ent.fields["kind"]
            rec["in"] = ids.get((SCHEMA.organisation, ent.fields["in"]), "")
        rec["draft"] = True
        rec["found_by"] = ent.rule
        rec["sources"] = cites(ent.cites)
        records.append(rec)
    used: set[str] = set()
    renamed: dict[str, str] = {}
    for fact, cs in zip(d.facts, d.fact_cites, strict=True):
        schema = fact["schema"]
        rec = {"schema": schema}
        if schema == SCHEMA.tenure:
            pid = ids[(SCHEMA.person, fact["__person"])]
            post = ids[(SCHEMA.post, fact["__post"])]
            tail = post.split(":", 1)[1].replace(":", "-").replace("_", "-")
            rec["id"] = f"tenure:{pid.split(':', 1)[1]}:{tail}"
            rec["person"], rec["post"] = pid, post
            for k in ("start", "end"):
                if k in fact:
                    rec[k] = fact[k]
            if fact.get("__ended"):
                if "end" not in rec and d.published:
                    rec["end_before"] = d.published
                    cs = [*cs, Cite(cs[0].start, cs[0].end, "inferred",
                                    f"over by the article's date {d.published}")]
                if fact.get("ended_by"):
                    rec["ended_by"] = fact["ended_by"]
            elif d.published:
                rec["end_after"] = d.published
                cs = [*cs, Cite(cs[0].start, cs[0].end, "inferred",
                                f"in post at the article's date {d.published}")]
            if fact.get("__interim"):
                rec["found_by"] = fact["found_by"] + " (interim or acting)"
        elif schema == SCHEMA.inspection:
            rec["id"] = fact["__id"]
            rec["organisation"] = ids[(SCHEMA.organisation, fact["__org"])]
            rec["kind"] = fact["kind"]
            for k in ("start", "end", "published"):
                if k in fact:
                    rec[k] = fact[k]
            if "start" in fact:
                rec["end"] = fact["start"]
        elif schema == SCHEMA.contract:
            rec["awarded_by"] = ids[(SCHEMA.organisation, fact["__authority"])]
            rec["contractor"] = ids[(SCHEMA.organisation, fact["__contractor"])]
            rec["id"] = (f"contract:{rec['awarded_by'].split(':', 1)[1]}:"
                         f"{rec['contractor'].split(':', 1)[1]}")
            for k in ("start", "months", "value_gbp", "purpose"):
                if k in fact:
                    rec[k] = fact[k]
        elif schema == SCHEMA.judgement:
            rec["id"] = fact["__id"]
            rec["inspection"] = renamed.get(fact["__insp"], fact["__insp"])
            rec["area"], rec["grade"] = fact["area"], fact["grade"]
        elif schema == SCHEMA.event:
            who = ids.get((SCHEMA.person, fact["__person"])) if fact["__person"] else None
            subject = who or ids.get((SCHEMA.organisation, d.main_council or ""))
            tail = slug(fact["summary"])[:40].strip("-")
            org = slug(d.main_council or "article")
            rec["id"] = f"event:{org}:{fact.get('date') or 'undated'}:{tail}"
            rec["kind"] = fact["kind"]
            if "date" in fact:
                rec["date"] = fact["date"]
            rec["summary"] = fact["summary"]
            inv = []
            if subject:
                inv.append({"id": subject, "as": fact.get("__role", "subject")})
            if who:
                posts = [ids[(SCHEMA.post, t["__post"])] for t in d.facts
                         if t.get("schema") == SCHEMA.tenure and t["__person"] == fact["__person"]]
                inv += [{"id": p, "as": "post"} for p in posts[:1]]
            if inv:
                rec["involved"] = inv
        if schema == SCHEMA.tenure and rec["id"] in d.index.ids and rec["id"] not in used:
            # the facts already hold this person in this post: add the citations to it, and
            # leave the drafted dates in the note for the reviewer to merge by hand
            dates = {k: v for k, v in rec.items() if k in ("start", "end", "start_after",
                                                            "start_before", "end_after",
                                                            "end_before", "ended_by")}
            rec = {"schema": SCHEMA.tenure, "id": rec["id"], "person": rec["person"],
                   "post": rec["post"], "existing": True,
                   "found_by": f"{fact['found_by']}; already in the facts; drafted dates "
                               f"{dates or 'none'}: merge by hand if new"}
            used.add(rec["id"])
            rec["draft"] = True
            rec["sources"] = cites(cs)
            records.append(rec)
            continue
        base, n = rec["id"], 2
        while rec["id"] in used or rec["id"] in d.index.ids:
            rec["id"] = f"{base}-{n}"
            n += 1
        used.add(rec["id"])
        renamed[base] = rec["id"]
        rec["draft"] = True
        rec["found_by"] = rec.get("found_by") or fact["found_by"]
        rec["sources"] = cites(cs)
        records.append(rec)
    # keep judgements pointing at their (possibly renamed) inspection
    return Draft(source, records)
