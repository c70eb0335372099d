"""The shapes of the answers, declared: what `Graph` and the library functions return.

Each is a `TypedDict`, so an answer is still a plain dict (what `accountable.to_json` prints
and the command's `--json` shows, byte for byte), and a type checker knows its keys. They
follow DESIGN.md section 8 and the extra keys the README lists; a key marked `NotRequired`
is present only when it has something to say (a source's `note`, a fact's `conflicts`) or
when the question asked for it (`known_on`, and each fact's `known`, with `known_on=`).

Dates are ISO prefixes as the sources give them ("2013", "2013-03", "2013-03-14"); None is
"not known", never "no".
"""

# No `from __future__ import annotations`: string annotations would each be compiled into a
# ForwardRef when the classes are made (~300 of them, milliseconds at every start-up).
import sys
from typing import Any

if sys.version_info >= (3, 11):
    from typing import NotRequired, TypedDict
else:  # pragma: no cover - Python 3.10 (typing_extensions comes with Typer)
    from typing_extensions import NotRequired, TypedDict

__all__ = [
    "Bounds", "Citation", "Conflict", "DraftResult", "ExportResult", "ImportProblem",
    "ImportResult", "Inspection", "Judgement", "KnownNotHeld", "KnownOn", "LoadResult", "OrgRef",
    "PersonAnswer", "PersonEvent", "PersonInspection", "PersonRef", "PersonTenure", "Holder",
    "Problem", "Source", "StatusResult", "TimelineAnswer", "TimelineContract", "TimelineEntry",
    "TimelineEvent", "TimelineInspection", "TimelineTenure", "ValidateResult", "ViewResult",
    "WhoAnswer", "WhoContract",
]

# --- pieces shared by several answers -------------------------------------------------

class Citation(TypedDict):
    """One source of a fact: which article and its quoted words."""

    source: str              # the Source id, e.g. "source:001"
    quote: str               # the verbatim words, found in the article's text
    certainty: str           # stated, believed, inferred (the model's vocabulary)
    note: NotRequired[str]   # why the certainty, when the facts say
    known: NotRequired[str]  # with known_on=: known or possibly_known


Source = Citation
"""`Source` is `Citation` (the facts call the article a Source)."""

Conflict = TypedDict("Conflict", {
    "with": str,   # the id of the fact it conflicts with
    "what": str,   # that fact's schema or kind
    "note": str,   # what the conflict is, in words
    "known": NotRequired[str],  # with known_on=: known or possibly_known
})
"""A conflict recorded between this fact and another."""


class Judgement(TypedDict):
    area: str    # overall, child_protection, ...
    grade: str   # outstanding, good, requires_improvement, adequate, inadequate


class OrgRef(TypedDict):
    id: str
    name: str


class KnownOn(TypedDict):
    """With `known_on=` (an answer as the sources out by a date told it): the cut it states."""

    date: str                # the date asked
    cut: str                 # the day the sources are cut at
    sources_known: int
    sources_possibly_known: int   # published in a period that straddles the cut
    sources_total: int
    sources: list[str]
    statement: str           # "as known on 2013-03-31: 1 of 5 sources"
    inspection: NotRequired[str | None]  # who --inspection: was it out by then


class Bounds(TypedDict, total=False):
    """A tenure's bounds where its exact dates are unknown (only those the facts give)."""

    start_after: str
    start_before: str
    end_after: str
    end_before: str


# --- who ------------------------------------------------------------------------------

class Holder(TypedDict):
    """One holder of a post in the period asked about."""

    post: str
    post_kind: str
    person: str
    person_id: str
    start: str | None
    end: str | None
    status: str              # held or possibly_held
    certainty: str
    sources: list[Citation]
    tenure_id: str
    bounds: Bounds
    ended_by: str | None
    span_from: str | None    # the possible span: None is no bound
    span_to: str | None
    span_from_by: str | None  # the neighbouring tenure that set that side, if one did
    span_to_by: str | None
    conflicts: NotRequired[list[Conflict]]
    known: NotRequired[str]  # with known_on=: known or possibly_known
    citations_dropped: NotRequired[int]  # with known_on=: citations not out by then


class KnownNotHeld(TypedDict):
    """A tenure whose dates (or a neighbour's) put it outside the period: known not held."""

    post: str
    post_kind: str
    person: str
    person_id: str
    tenure_id: str
    why: str                 # gone_by or not_yet
    date: str
    set_by: str | None       # the neighbouring tenure whose dates say so, if not its own
    known: NotRequired[str]  # with known_on=: known or possibly_known
    citations_dropped: NotRequired[int]  # with known_on=: citations not out by then


class WhoContract(TypedDict):
    contractor: str
    start: str | None
    end: str | None
    value_gbp: float | None
    sources: list[Citation]
    contract_id: str
    months: int | None
    purpose: str | None
    status: str
    certainty: str
    conflicts: NotRequired[list[Conflict]]
    known: NotRequired[str]  # with known_on=: known or possibly_known
    citations_dropped: NotRequired[int]  # with known_on=: citations not out by then


class Inspection(TypedDict):
    """The inspection asked about, or the latest one published by the end of the period."""

    id: str
    published: str | None
    judgements: list[Judgement]
    kind: str
    start: str | None
    end: str | None
    certainty: str
    published_by_then: str
    known: NotRequired[str]  # with known_on=: known or possibly_known


class WhoAnswer(TypedDict):
    """`Graph.who` and `accountable who --json`."""

    organisation: OrgRef
    on: str                  # the date asked, or the inspection's window "from/to"
    holders: list[Holder]
    contracts: list[WhoContract]
    latest_inspection: Inspection | None
    inspection: str | None   # the inspection id asked about, if any
    no_known_holder: list[str]  # titles of accountable posts with no known holder
    known_not_held: list[KnownNotHeld]
    known_on: NotRequired[KnownOn]  # only when asked with known_on=


# --- person ---------------------------------------------------------------------------

class PersonRef(TypedDict):
    id: str
    name: str
    aliases: list[str]


class PersonTenure(TypedDict):
    tenure_id: str
    post_id: str
    post: str
    post_kind: str
    org_id: str
    organisation: str
    start: str | None
    end: str | None
    start_after: str | None
    start_before: str | None
    end_after: str | None
    end_before: str | None
    ended_by: str | None
    earliest_start: str | None
    latest_start: str | None
    earliest_end: str | None
    latest_end: str | None
    span_from: str | None
    span_to: str | None
    span_from_by: str | None
    span_to_by: str | None
    certainty: str
    sources: list[Citation]
    conflicts: NotRequired[list[Conflict]]
    known: NotRequired[str]  # with known_on=: known or possibly_known
    citations_dropped: NotRequired[int]  # with known_on=: citations not out by then


PersonEvent = TypedDict("PersonEvent", {
    "event_id": str,
    "kind": str,
    "date": str | None,
    "summary": str,
    "as": str,                       # the person's part in it
    "after_inspection": str | None,  # the inspection it followed, if any
    "certainty": str,
    "sources": list[Citation],
    "conflicts": NotRequired[list[Conflict]],
    "known": NotRequired[str],              # with known_on=: known or possibly_known
    "citations_dropped": NotRequired[int],  # with known_on=: citations not out by then
})


class PersonInspection(TypedDict):
    """An inspection of an organisation the person served, inside one of their tenures."""

    inspection_id: str
    organisation: str
    kind: str
    start: str | None
    end: str | None
    published: str | None
    post: str
    tenure_id: str
    status: str              # held or possibly_held, as the tenure then
    judgements: list[Judgement]


class PersonAnswer(TypedDict):
    """`Graph.person` and `accountable person --json`."""

    person: PersonRef
    tenures: list[PersonTenure]
    events: list[PersonEvent]
    inspections: list[PersonInspection]
    known_on: NotRequired[KnownOn]  # only when asked with known_on=


# --- timeline -------------------------------------------------------------------------

class TimelineTenure(TypedDict):
    tenure_id: str
    post: str
    post_kind: str
    person: str
    person_id: str
    start: str | None
    end: str | None
    start_after: str | None
    start_before: str | None
    end_after: str | None
    end_before: str | None
    earliest_start: str | None
    latest_start: str | None
    earliest_end: str | None
    latest_end: str | None
    span_from: str | None
    span_to: str | None
    span_from_by: str | None
    span_to_by: str | None
    ended_by: str | None
    certainty: str
    status: str
    known: NotRequired[str]  # with known_on=: known or possibly_known
    citations_dropped: NotRequired[int]  # with known_on=: citations not out by then


class TimelineContract(TypedDict):
    contract_id: str
    contractor: str
    contractor_id: str
    start: str | None
    end: str | None
    months: int | None
    value_gbp: float | None
    purpose: str | None
    earliest_start: str | None
    latest_start: str | None
    earliest_end: str | None
    latest_end: str | None
    span_from: str | None
    span_to: str | None
    certainty: str
    known: NotRequired[str]  # with known_on=: known or possibly_known
    citations_dropped: NotRequired[int]  # with known_on=: citations not out by then


class TimelineInspection(TypedDict):
    id: str
    kind: str
    start: str | None
    end: str | None
    published: str | None
    earliest: str | None
    latest: str | None
    certainty: str
    judgements: list[Judgement]
    known: NotRequired[str]  # with known_on=: known or possibly_known
    citations_dropped: NotRequired[int]  # with known_on=: citations not out by then


class TimelineEvent(TypedDict):
    id: str
    kind: str
    date: str | None
    earliest: str | None
    latest: str | None
    summary: str
    involved: list[str]      # names, sorted
    certainty: str
    known: NotRequired[str]  # with known_on=: known or possibly_known
    citations_dropped: NotRequired[int]  # with known_on=: citations not out by then


class TimelineEntry(TypedDict):
    date: str | None
    when: str                # the date (or span) in words, at the sources' precision
    kind: str                # tenure, contract, inspection or event
    id: str
    what: str
    detail: str
    certainty: str
    known: NotRequired[str]  # with known_on=: known or possibly_known


class TimelineAnswer(TypedDict):
    """`Graph.timeline` and `accountable timeline --json`."""

    organisation: OrgRef
    tenures: list[TimelineTenure]
    contracts: list[TimelineContract]
    inspections: list[TimelineInspection]
    events: list[TimelineEvent]
    entries: list[TimelineEntry]
    known_on: NotRequired[KnownOn]  # only when asked with known_on=


# --- what the other commands return ---------------------------------------------------

class ViewResult(TypedDict):
    """`Graph.view`: the page written and what it draws."""

    file: str
    title: str
    focus: str               # the id of the organisation or person at the centre
    view: str                # map, history, person or full
    nodes: int               # what the page holds
    edges: int
    known_on: NotRequired[str]  # with known_on=: the cut, in words ("as known on ...")


class _ExportGraph(TypedDict):
    nodes: int
    edges: int


class ExportResult(TypedDict):
    """`Graph.export`: what was written where."""

    format: str              # ftm, graphml, gexf or csv
    out: str
    org: str | None          # the organisation's id, for --org
    nodes: int               # read from the store
    relationships: int
    entities: NotRequired[int]           # ftm: FollowTheMoney entities written
    files: NotRequired[dict[str, int]]   # csv: rows in each file
    graph: NotRequired[_ExportGraph]     # graphml, gexf: the network written


class _LoadRows(TypedDict):
    nodes: int
    relationships: int


class LoadResult(TypedDict):
    """`accountable.load` / `Graph.load`."""

    engine: str
    seeds: str
    rows: _LoadRows                      # rows built from the facts
    counts: dict[str, int]               # what the store then holds, per label and type


class StatusResult(TypedDict):
    """`Graph.status`: does the store hold the facts on disk?"""

    state: str               # up to date, changed, empty, incomplete
    reason: str
    engine: str
    facts: str               # the facts folder compared
    facts_digest: str
    digest: str | None       # recorded at the last load
    loaded_from: str | None
    loaded_at: str | None
    counts: dict[str, int] | None
    store: str               # the embedded store's folder or the Neo4j URI
    server: dict[str, Any] | None  # the resident embedded server (pid, memory...), if up


class Problem(TypedDict):
    """One problem in the facts: where, what is wrong, how to fix it."""

    file: str
    line: int | None
    record: str | None
    field: str | None
    message: str
    fix: str


class ValidateResult(TypedDict):
    """`accountable.validate`: every problem; `ok` when there is none."""

    seeds: str
    ok: bool
    records: int
    problems: list[Problem]
    warnings: list[Problem]


class DraftResult(TypedDict):
    """`accountable.draft`: the article's Source and the records proposed, for review."""

    source: dict[str, Any]
    records: list[dict[str, Any]]


class ImportProblem(TypedDict):
    file: str
    row: int | None
    column: str | None
    message: str
    fix: str


class ImportResult(TypedDict):
    """`accountable.import_csv`: the YAML written and what the rows became."""

    file: str
    rows: int
    ok: bool
    tenures: int
    created: dict[str, list[str]]   # schema -> the new ids
    matched: dict[str, str]         # a name in the sheet -> the known id it matched
    problems: list[ImportProblem]
    written: str | None
