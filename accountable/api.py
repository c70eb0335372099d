"""The Python API: the library under the `accountable` command.

    >>> import accountable
    >>> with accountable.open() as graph:          # the embedded store; neo4j=True for Neo4j
    ...     answer = graph.who("Sandwell", on="2013-03")
    >>> [h["person"] for h in answer["holders"] if h["post_kind"] == "dcs"]
    ['Simon White']

Every answer is made of plain dicts, lists, strings, numbers and None, exactly what the
command's `--json` prints: `accountable.to_json(answer)` is byte for byte its output; its
shape is declared as a TypedDict in `accountable.types`. Every command is one call here:
`who`, `person`, `timeline`, `query`, `view`, `export` and `status` are `Graph`'s methods;
`load`, `validate`, `draft`, `import-csv` and `init` are this module's functions. The command
line only parses arguments, prints (tables for people, JSON for scripts) and sets exit codes.
Heavy parts (renderers, exporters, loaders, the drafter) are imported inside the functions
that use them, so `who --json` loads none of them.

Errors are exceptions, all subclasses of `accountable.errors.AccountableError`:
`NotFound` / `Ambiguous` (an unknown or ambiguous name, with `suggestions`),
`StoreUnavailable`, `ReadOnlyViolation`, `ValidationFailed` (bad facts; `problems` names file
and line), `GraphClosed` (a graph used after `close()`); a bad date or parameter is a
`ValueError`.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any, cast

from accountable.errors import (
    AccountableError,
    Ambiguous,
    GraphClosed,
    NotFound,
    ReadOnlyViolation,
    StoreUnavailable,
    ValidationFailed,
)
from accountable.graph import answers, queries
from accountable.graph.dates import DateError, parse_prefix
from accountable.graph.paths import bundled_seeds_dir
from accountable.graph.session import open_current
from accountable.graph.store import Store

if TYPE_CHECKING:  # the answers' shapes cost nothing at run time: `cast` takes their names
    from accountable.graph.load import Progress
    from accountable.types import (
        DraftResult,
        ExportResult,
        ImportProblem,
        ImportResult,
        LoadResult,
        PersonAnswer,
        Problem,
        StatusResult,
        TimelineAnswer,
        ValidateResult,
        ViewResult,
        WhoAnswer,
    )

__all__ = [
    "AccountableError", "Ambiguous", "Graph", "GraphClosed", "NotFound", "ReadOnlyViolation",
    "StoreUnavailable", "ValidationFailed", "connect", "draft", "import_csv", "init",
    "list_queries", "load", "open", "problem_text", "to_json", "validate",
]

EXPORT_FORMATS = ("ftm", "graphml", "gexf", "csv")
DEFAULT_EXPORT_OUT = {"ftm": "accountable.ftm.json", "graphml": "accountable.graphml",
                      "gexf": "accountable.gexf", "csv": "accountable-csv"}
"""Where `Graph.export` writes when `out` is not given (a folder for csv)."""

Answer = dict[str, Any]
Rows = list[dict[str, Any]]


def to_json(value: Any) -> str:
    """An answer as the CLI's `--json` prints it (UTF-8 text, two-space indent, newline)."""
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _stderr(line: str) -> None:
    print(line, file=sys.stderr)


def _check_date(what: str, value: str | None) -> None:
    if value is not None:
        try:
            parse_prefix(value)
        except DateError as e:
            raise ValueError(f"{what}: {e}") from None


class Graph:
    """An open store that answers questions. Close it (or use `with`) to stop the embedded
    store's server process; one left open is closed when Python exits."""

    def __init__(self, store: Store, seeds: Path | None,
                 closer: contextlib.ExitStack | None = None) -> None:
        self._store = store
        self.seeds = seeds
        """The facts folder this graph was opened with (None: `$ACCOUNTABLE_SEEDS` or the
        bundled seeds)."""
        self._closer = closer
        self._closed = False

    @property
    def store(self) -> Store:
        """The underlying store: `read(cypher, params)` for anything not covered here."""
        if self._closed:
            raise GraphClosed()
        return self._store

    @property
    def closed(self) -> bool:
        """True once `close()` was called: every question then raises `GraphClosed`."""
        return self._closed

    @property
    def engine(self) -> str:
        """`embedded` or `neo4j`."""
        return self._store.engine

    def who(self, org: str, on: str | None = None, inspection: str | None = None,
            known_on: str | None = None) -> WhoAnswer:
        """Who held each post of `org`, which contractor ran the service, what Ofsted last
        judged: on a day or period (`on`, an ISO prefix such as "2013-02-15", "2013-02",
        "2013") or during an inspection (`inspection`, an id such as
        "inspection:sandwell:2013-02"). Give exactly one.

        Keys: organisation, on, holders (post, person, start, end, status: held or
        possibly_held, certainty, sources with quotes, ...), contracts, latest_inspection,
        inspection, no_known_holder.

        `known_on` (an ISO prefix): the answer as known on that date, from the citations of
        sources published by then (graph/dates.py); the answer then has `known_on` (the cut:
        "as known on 2013-03-31: 1 of 5 sources") and each fact and citation a `known`
        (known or possibly_known).
        """
        if (on is None) == (inspection is None):
            raise ValueError("give exactly one of on=DATE or inspection=ID")
        _check_date("on", on)
        _check_date("known_on", known_on)
        return cast("WhoAnswer", answers.who(self.store, org, on=on, inspection=inspection,
                                             known_on=known_on))

    def person(self, name: str, known_on: str | None = None) -> PersonAnswer:
        """A person's record: person, tenures (with how each ended), events, inspections
        during their tenures. `name` is an id, a name or an alias. `known_on`: as `who`."""
        _check_date("known_on", known_on)
        return cast("PersonAnswer", answers.person(self.store, name, known_on=known_on))

    def timeline(self, org: str, known_on: str | None = None) -> TimelineAnswer:
        """An organisation's history: tenures, contracts, inspections, events, and `entries`,
        all of them in date order. `known_on`: as `who`."""
        _check_date("known_on", known_on)
        return cast("TimelineAnswer", answers.timeline(self.store, org, known_on=known_on))

    def changes(self, org: str, from_: str, to: str) -> Answer:
        """What became known about `org` between two dates (ISO prefixes): new facts, facts
        whose certainty, span or known-ness changed, new conflicts, each with the sources
        that brought it (`accountable changes`)."""
        _check_date("from", from_)
        _check_date("to", to)
        from accountable.graph.changes import changes

        return changes(self.store, org, from_, to)

    def query(self, name: str | None = None, params: Mapping[str, Any] | None = None, *,
              cypher: str | None = None) -> Rows:
        """Run a canned query by `name` (see `list_queries()`), or your own `cypher`, read-only.

        Parameters travel separately from the query text. A canned query (or Cypher with a
        `// param name: type` header) checks their names and turns text into its types
        ("2016-04-01" for a date, "a,b" for a list, "3" for an int); other values are passed
        as they are. Writing (CREATE, MERGE, SET, DELETE...) raises ReadOnlyViolation.
        Canned queries with an optional `known_on` parameter answer as known on that date
        (`{"known_on": "2013-03-31"}`; left out, from every source).
        """
        if (name is None) == (cypher is None):
            raise ValueError("give a canned query's name or cypher=TEXT, not both or neither")
        raw = dict(params or {})
        if name is not None:
            try:
                canned = queries.get(name)
            except KeyError as e:
                raise NotFound("canned query (see `accountable query --list`)", name,
                               _near(name)) from e
        else:
            canned = queries.parse_text(cypher or "")
            if queries.looks_like_write(canned.text):
                raise ReadOnlyViolation(
                    "the Cypher contains a write clause (CREATE, MERGE, SET, DELETE, REMOVE, "
                    "DROP...); queries here are read-only. Change the graph by editing the "
                    "facts and running `accountable load`.")
        if canned.params or name is not None:
            raw = canned.coerce(raw)
        return self.store.read(canned.text, raw)

    def view(self, name: str, out: str | Path | None = None, *, on: str | None = None,
             inspection: str | None = None, full: bool = False,
             known_on: str | None = None) -> ViewResult:
        """Draw `name` (an organisation or a person) as one offline HTML page; return what
        the page holds.

        An organisation with `on` or `inspection`: its accountability map then; without:
        its whole history with a date slider. A person: their career. `full=True` draws the
        complete graph (every source a node) instead. `out` is the .html file to write
        (default `accountable-<title>.html` in the current folder). The answer's `nodes` and
        `edges` count what the page draws; `view` is map, history, person or full.
        `known_on`: drawn only from the sources out by then (as `who`); the title says so.
        """
        from accountable.graph.words import date_words
        from accountable.render import subgraph
        from accountable.render.accmap import write_map_html
        from accountable.render.view import write_graph_html

        if on is not None and inspection is not None:
            raise ValueError("give on= or inspection=, not both")
        _check_date("on", on)
        _check_date("known_on", known_on)
        if out is not None and Path(out).suffix.lower() != ".html":
            raise ValueError(f"{out}: the graph view is an .html page; give a name ending "
                             "in .html")
        store = self.store
        try:
            if full:
                drawing = subgraph.organisation(store, name, on=on, inspection=inspection,
                                                known_on=known_on)
            elif on or inspection:
                drawing = subgraph.organisation_map(store, name, on=on, inspection=inspection,
                                                    known_on=known_on)
            else:
                drawing = subgraph.organisation_history(store, name, known_on=known_on)
            when = (f" on {on}" if on else "") + (f" during {inspection}" if inspection else "")
            said = f" on {date_words(on)}" if on else ""  # the title, in words
            if inspection:
                named = next((n["name"] for n in drawing["nodes"] if n["id"] == inspection),
                             inspection)
                said = f" during the {named}"
        except NotFound as org_missing:
            if on or inspection:
                raise
            try:
                drawing = (subgraph.person(store, name, known_on=known_on) if full
                           else subgraph.person_career(store, name, known_on=known_on))
            except NotFound as person_missing:
                raise NotFound("organisation or person", name,
                               org_missing.suggestions + person_missing.suggestions) from None
            when = said = ""
        focus = drawing["focus"]
        name_of_focus = next(n["name"] for n in drawing["nodes"] if n["id"] == focus)
        title = name_of_focus + said
        if drawing.get("known_on"):
            title += f", {drawing['known_on']}"
        path = (Path(out) if out is not None
                else Path(f"accountable-{_slug(name_of_focus + when)}.html"))
        if full:
            counts: dict[str, int] = {}
            write_graph_html(drawing, path, title=title, focus=focus, drawn=counts)
            nodes, edges = counts["nodes"], counts["edges"]
        else:
            drawn = write_map_html(drawing, path, title=title)
            nodes, edges = drawn["nodes"], drawn["edges"]
        result: ViewResult = {"file": str(path), "title": title, "focus": focus,
                              "view": "full" if full else drawing.get("view", "map"),
                              "nodes": nodes, "edges": edges}
        if drawing.get("known_on"):
            result["known_on"] = drawing["known_on"]
        return result

    def export(self, fmt: str, out: str | Path | IO[str] | None = None, *,
               org: str | None = None) -> ExportResult:
        """Write the graph (or, with `org`, one organisation's part of it) for other tools.

        `fmt`: ftm (FollowTheMoney entities, one JSON object a line), graphml or gexf (for
        Gephi, yEd, Cytoscape) or csv (a folder: one file per label and relationship type,
        and tenures.csv for `import_csv`). `out` is the file or folder to write (default in
        `DEFAULT_EXPORT_OUT`); ftm may also go to an open text stream, or "-" for stdout (the
        answer's `out` is then "-"). ftm needs the `ftm` extra: without it `MissingExtra` is
        raised before anything is read or written.
        """
        from accountable.export.graphdata import read_graph

        if fmt not in EXPORT_FORMATS:
            raise ValueError(f"format {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}")
        stream: IO[str] | None = None
        if out is None:
            target = Path(DEFAULT_EXPORT_OUT[fmt])
        elif isinstance(out, (str, Path)):
            if str(out) == "-":
                stream = sys.stdout
            target = Path(out)
        else:
            stream, target = out, Path("-")
        if stream is not None and fmt != "ftm":
            raise ValueError(f"only ftm can be written to a stream, not {fmt}")
        if fmt == "ftm":
            from accountable.export.ftm import require_followthemoney

            require_followthemoney()
        graph = read_graph(self.store, org)
        result: ExportResult = {"format": fmt, "out": str(target), "org": graph.focus,
                                "nodes": len(graph.nodes), "relationships": len(graph.edges)}
        if fmt == "ftm":
            from accountable.export import ftm
            from accountable.graph.sync import facts_root

            root = facts_root(self.store, self.seeds)
            if stream is not None:
                result["entities"] = ftm.write_jsonl(graph, stream, root)
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                with target.open("w", encoding="utf-8") as fh:
                    result["entities"] = ftm.write_jsonl(graph, fh, root)
        elif fmt == "csv":
            from accountable.export.tables import write_tables

            result["files"] = write_tables(graph, target)
        else:
            from accountable.export.networks import write

            g = write(graph, target, fmt)
            result["graph"] = {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}
        return result

    def status(self) -> StatusResult:
        """Does the store hold the facts on disk? `state` is "up to date", "changed" (the
        facts differ from what was loaded), "empty" or "incomplete" (a big Neo4j load stopped
        part-way), with the reason, both digests, when and from where it was loaded, the
        counts, and the resident embedded server (pid, memory), if one is up. The facts
        folder is the graph's `seeds`, else the one the store was last loaded from."""
        from accountable.graph.sync import facts_root, status

        store = self.store
        st = status(store, facts_root(store, self.seeds))
        where = getattr(store, "data_dir", None) or getattr(store, "uri", "")
        server = None
        if store.engine == "embedded" and getattr(store, "resident", False):
            from accountable.graph.daemon import server_info

            server = server_info(getattr(store, "data_dir"))  # noqa: B009 - not on Store
        return cast("StatusResult", {**st.as_dict(), "store": str(where), "server": server})

    def load(self, seeds: str | Path | None = None, *, wipe: bool = False,
             batch_size: int = 500, progress: Progress | None = None) -> LoadResult:
        """Validate the facts in `seeds` (else the graph's, else `$ACCOUNTABLE_SEEDS`, else
        the bundled seeds) and sync the store to them: afterwards it holds exactly what they
        say. `wipe` deletes everything first. `progress(what, done, total)` is called as
        batches go in. Raises `ValidationFailed` (loading nothing) if the facts have
        problems. Returns the rows built and what the store then holds."""
        from accountable.graph.paths import seeds_dir
        from accountable.graph.sync import load_facts

        root = Path(seeds) if seeds else (self.seeds or seeds_dir())
        store = self.store
        # the wipe, too, runs under the load's writer lock (graph/sync.writer_lock)
        ds, counts = load_facts(store, root, batch_size=batch_size, progress=progress,
                                wipe=wipe)
        return {"engine": store.engine, "seeds": str(root),
                "rows": {"nodes": ds.node_count, "relationships": ds.rel_count},
                "counts": counts}

    def close(self) -> None:
        """Close the store (stops the embedded server process). Safe to call twice."""
        self._closed = True
        if self._closer is not None:
            closer, self._closer = self._closer, None
            closer.close()

    def __enter__(self) -> Graph:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "closed" if self._closed else "open"
        return f"<accountable.Graph {self.engine} {state}>"


def _near(name: str) -> list[str]:
    import difflib

    return difflib.get_close_matches(name, list(queries.catalogue()), n=3)


def _slug(text: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "view"


def load(seeds: str | Path | None = None, *, neo4j: bool = False,
         data_dir: str | Path | None = None, uri: str | None = None, user: str | None = None,
         password: str | None = None, wipe: bool = False, batch_size: int = 500,
         progress: Progress | None = None) -> LoadResult:
    """Open the store (as `connect` does, without loading it first) and `Graph.load` the
    facts in `seeds` into it; closes it again. What `accountable load` runs."""
    with connect(neo4j=neo4j, data_dir=data_dir, uri=uri, user=user, password=password,
                 seeds=seeds, autoload=False, notify=None) as graph:
        return graph.load(seeds, wipe=wipe, batch_size=batch_size, progress=progress)


def validate(seeds: str | Path | None = None, *, strict: bool = False,
             progress: Progress | None = None) -> ValidateResult:
    """Check a facts folder (else `$ACCOUNTABLE_SEEDS`, else the bundled seeds): every field,
    id, date and quote. Loads nothing and raises nothing for bad facts: `ok` is False and
    `problems` lists each with its file, line, record, field and how to fix it
    (`problem_text` puts one in a line). `warnings` lists probable duplicates (two sources
    with one text, two people of one name in one organisation, overlapping inspections of one
    organisation with no Conflict), naming both records; with `strict` they make `ok` False.
    `progress(what, done, total)` hears how far the reading and checking are."""
    from accountable.graph.paths import seeds_dir
    from accountable.loaders.validate import read_seeds

    root = Path(seeds) if seeds else seeds_dir()
    result = read_seeds(root, progress=progress)
    return {"seeds": str(root), "ok": result.ok and not (strict and result.warnings),
            "records": len(result.records),
            "problems": [cast("Problem", p.as_dict()) for p in result.problems],
            "warnings": [cast("Problem", w.as_dict()) for w in result.warnings]}


def problem_text(problem: Problem | ImportProblem) -> str:
    """One problem of `validate` or `import_csv` as the command line prints it:
    `file:line: record field 'x': what is wrong. Fix: how`."""
    if "row" in problem:
        from accountable.loaders.csv_import import RowProblem

        return str(RowProblem(**problem))
    from accountable.loaders.validate import Problem as ValidationProblem

    return str(ValidationProblem(**problem))


def draft(article: str | Path, *, published: str | None = None, source_id: str | None = None,
          seeds: str | Path | None = None, out: str | Path | IO[str] | None = None
          ) -> DraftResult:
    """Draft records (people, posts, tenures, inspections, events) from an article's text,
    for a person to review: rule-based and deterministic, each citing the smallest verbatim
    span that says it, marked `draft: true` with the rule that found it (`found_by`).

    `published` (YYYY[-MM[-DD]]) resolves "last year", "on Tuesday"; `source_id` names the
    article's Source (default: the next free source:NNN). People, organisations and posts
    already in `seeds` keep their ids (`existing: true`). With `out` (a file or an open text
    stream) the records are also written there as YAML for the facts folder. Raises
    `DraftError` for a missing, empty or non-text article.
    """
    from accountable.graph.paths import seeds_dir
    from accountable.loaders.draft import draft_article, read_article
    from accountable.loaders.names import EntityIndex
    from accountable.loaders.validate import read_seeds

    _check_date("published", published)
    if source_id is not None and not source_id.startswith("source:"):
        raise ValueError(f"source id {source_id!r}: a Source id starts with 'source:', e.g. "
                         "source:005")
    path = Path(article)
    text = read_article(path)
    root = Path(seeds) if seeds else seeds_dir()
    known = read_seeds(root) if (root / "sources.yaml").exists() else None
    index = EntityIndex.from_seeds(known) if known else EntityIndex()
    result = draft_article(text, published=published, source_id=source_id,
                           file_name=f"sources/{path.name}", index=index, path=path)
    if out is not None:
        from accountable.loaders.draft.output import to_yaml

        doc = to_yaml(result, path.name)
        if isinstance(out, (str, Path)):
            Path(out).write_text(doc, encoding="utf-8")
        else:
            out.write(doc)
    return cast("DraftResult", result.as_json())


def import_csv(csv: str | Path, out: str | Path, *, seeds: str | Path | None = None,
               force: bool = False) -> ImportResult:
    """Turn a spreadsheet of tenures (saved as CSV) into a YAML facts file `out` in the seeds'
    format, matching people, organisations and posts already in `seeds` (else
    `$ACCOUNTABLE_SEEDS`, else the bundled seeds) by name or alias. Raises `ImportFailed`,
    writing nothing, if any row is wrong (`problems`: row, column, fix) or if `out` exists
    and not `force`. Returns what the rows became and the file `written`."""
    from accountable.graph.paths import seeds_dir
    from accountable.loaders.csv_import import import_sheet

    root = Path(seeds) if seeds else seeds_dir()
    result = import_sheet(Path(csv), Path(out), root, force=force)
    return cast("ImportResult", {**result.summary(), "written": str(out)})


def connect(neo4j: bool = False, data_dir: str | Path | None = None, *,
         uri: str | None = None, user: str | None = None, password: str | None = None,
         seeds: str | Path | None = None, autoload: bool = True,
         notify: Callable[[str], None] | None = _stderr) -> Graph:
    """Open a store and return a `Graph` to ask it questions.

    The embedded store (default) keeps its data in `data_dir` (else `$ACCOUNTABLE_DATA`, else
    ~/.local/share/accountable); `neo4j=True` uses a Neo4j server (`uri`, `user`, `password`,
    else NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD). `seeds` is your facts folder (else
    `$ACCOUNTABLE_SEEDS`, else the bundled seeds); with `autoload`, an empty store is loaded
    from it first. `notify` receives one line for a person when that happens (stderr by
    default; None for silence).
    """
    stack = contextlib.ExitStack()
    try:
        store = stack.enter_context(open_current(
            neo4j=neo4j, data_dir=Path(data_dir) if data_dir else None, uri=uri, user=user,
            password=password, seeds=Path(seeds) if seeds else None, autoload=autoload,
            notify=notify))
    except BaseException:
        stack.close()
        raise
    return Graph(store, Path(seeds) if seeds else None, stack)


open = connect  # noqa: A001 - `accountable.open()`, as documented since the first release
"""`accountable.open()` is `accountable.connect()`: the name the README has always used."""


def list_queries() -> Rows:
    """The canned queries: name, question, file and parameters (with an example each)."""
    return [{"name": q.name, "question": q.question, "file": q.path.name if q.path else None,
             "params": [{"name": p.name, "type": p.type, "example": p.example,
                         "optional": p.optional}
                        for p in q.params]}
            for q in queries.catalogue().values()]


_README = """\
# Facts for accountable

This folder is a facts folder of your own for `accountable`:

    sources.yaml      one Source record per article (title, publisher, published date)
    sources/          the articles' text, byte for byte as published
    facts/*.yaml      what the articles say: people, organisations, posts, tenures, contracts,
                      inspections, judgements, events, conflicts; each citing a source with
                      the verbatim quote and a certainty

The format, with every schema and an example of each, is in FORMAT.md (a copy of the seeds
README that comes with the package). Check your work, then load it and ask:

    accountable validate --seeds {path}
    accountable load --seeds {path}
    accountable who "Your Council" --on 2014 --seeds {path}

or set ACCOUNTABLE_SEEDS={path} once instead of passing --seeds to every command.
"""


def init(path: str | Path, example: bool = False) -> Path:
    """Start a facts folder of your own at `path` (never inside the installed package).

    Empty (a `sources.yaml` with no sources, `sources/`, `facts/`, a README and the format
    as FORMAT.md), or with `example=True` a copy of the bundled seeds to edit. Refuses a
    `path` that exists and is not an empty folder (FileExistsError), so nothing is overwritten.
    """
    dest = Path(path).expanduser()
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        what = "folder is not empty" if dest.is_dir() else "path is a file"
        raise FileExistsError(f"{dest}: the {what}; init writes only into a new or empty "
                              "folder, so that nothing of yours is overwritten")
    bundled = bundled_seeds_dir()
    if example:
        dest.mkdir(parents=True, exist_ok=True)
        for item in ("sources.yaml", "sources", "facts", "README.md"):
            src = bundled / item
            if src.is_dir():
                shutil.copytree(src, dest / item,
                                ignore=shutil.ignore_patterns("__init__.py", "__pycache__"))
            else:
                shutil.copy2(src, dest / item)
        return dest
    (dest / "sources").mkdir(parents=True, exist_ok=True)
    (dest / "facts").mkdir(exist_ok=True)
    (dest / "sources.yaml").write_text(
        "# One Source record per article in sources/; see FORMAT.md.\n[]\n", encoding="utf-8")
    (dest / "README.md").write_text(_README.format(path=dest), encoding="utf-8")
    shutil.copy2(bundled / "README.md", dest / "FORMAT.md")
    return dest
