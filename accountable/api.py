"""The Python API: the library under the `accountable` command.

    >>> import accountable
    >>> with accountable.open() as graph:          # the embedded store; neo4j=True for Neo4j
    ...     answer = graph.who("Sandwell", on="2013-03")
    >>> [h["person"] for h in answer["holders"] if h["post_kind"] == "dcs"]
    ['Simon White']

Every answer is made of plain dicts, lists, strings, numbers and None, exactly what the
command's `--json` prints: `accountable.to_json(answer)` is byte for byte its output. The CLI
commands `who`, `person`, `timeline`, `query`, `view` and `export` are thin wrappers over
`Graph`'s methods.

Errors are exceptions: `NotFound` / `Ambiguous` (an unknown or ambiguous name, with
`suggestions`), `StoreUnavailable`, `ReadOnlyViolation`, `ValidationFailed` (bad facts;
`problems` names file and line) and `ValueError` (a bad date or parameter).
"""

from __future__ import annotations

import contextlib
import json
import shutil
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType
from typing import Any

from accountable.graph import answers, queries
from accountable.graph.answers import Ambiguous, NotFound
from accountable.graph.dates import DateError, parse_prefix
from accountable.graph.paths import bundled_seeds_dir
from accountable.graph.session import open_current
from accountable.graph.store import ReadOnlyViolation, Store, StoreUnavailable


def __getattr__(name: str) -> Any:
    """`ValidationFailed` on first use: the validator imports PyYAML, which a question skips."""
    if name == "ValidationFailed":
        from accountable.loaders.validate import ValidationFailed

        return ValidationFailed
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Ambiguous", "Graph", "NotFound", "ReadOnlyViolation", "StoreUnavailable",
    "ValidationFailed", "init", "list_queries", "open", "to_json",  # noqa: F822 - lazy
]

Answer = dict[str, Any]
Rows = list[dict[str, Any]]

#: The export formats and where each is written by default.
EXPORT_DEFAULTS = {"ftm": "accountable.ftm.json", "graphml": "accountable.graphml",
                   "gexf": "accountable.gexf", "csv": "accountable-csv"}


def _seeds_root() -> Path:
    from accountable.graph.paths import seeds_dir

    return seeds_dir()


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
        self.store = store
        """The underlying store: `read(cypher, params)` for anything not covered here."""
        self.seeds = seeds
        """The facts folder this graph was opened with (None: `$ACCOUNTABLE_SEEDS` or the
        bundled seeds)."""
        self._closer = closer

    @property
    def engine(self) -> str:
        """`embedded` or `neo4j`."""
        return self.store.engine

    def who(self, org: str, on: str | None = None, inspection: str | None = None) -> Answer:
        """Who held each post of `org`, which contractor ran the service, what Ofsted last
        judged: on a day or period (`on`, an ISO prefix such as "2013-02-15", "2013-02",
        "2013") or during an inspection (`inspection`, an id such as
        "inspection:sandwell:2013-02"). Give exactly one.

        Keys: organisation, on, holders (post, person, start, end, status: held or
        possibly_held, certainty, sources with quotes, ...), contracts, latest_inspection,
        inspection, no_known_holder.
        """
        if (on is None) == (inspection is None):
            raise ValueError("give exactly one of on=DATE or inspection=ID")
        _check_date("on", on)
        return answers.who(self.store, org, on=on, inspection=inspection)

    def person(self, name: str) -> Answer:
        """A person's record: person, tenures (with how each ended), events, inspections
        during their tenures. `name` is an id, a name or an alias."""
        return answers.person(self.store, name)

    def timeline(self, org: str) -> Answer:
        """An organisation's history: tenures, contracts, inspections, events, and `entries`,
        all of them in date order."""
        return answers.timeline(self.store, org)

    def query(self, name: str | None = None, params: Mapping[str, Any] | None = None, *,
              cypher: str | None = None) -> Rows:
        """Run a canned query by `name` (see `list_queries()`), or your own `cypher`, read-only.

        Parameters travel separately from the query text. A canned query (or Cypher with a
        `// param name: type` header) checks their names and turns text into its types
        ("2016-04-01" for a date, "a,b" for a list, "3" for an int); other values are passed
        as they are. Writing (CREATE, MERGE, SET, DELETE...) raises ReadOnlyViolation.
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
             inspection: str | None = None, full: bool = False) -> Answer:
        """Draw who was accountable as one offline HTML page and return what was drawn.

        For an organisation with `on` (a date) or `inspection` (an id): its accountability
        map then; with neither, its whole history with a date slider. For a person (`name`
        not an organisation; no date): their career. `full=True` draws the complete graph,
        every source a node. `out` defaults to `accountable-<name>.html` in the current
        folder. Keys: file, title, focus, view (map, history, person or full), nodes, edges.
        """
        import re

        from accountable.graph.words import date_words
        from accountable.render import subgraph
        from accountable.render.accmap import write_map_html
        from accountable.render.view import write_graph_html

        if on is not None and inspection is not None:
            raise ValueError("give on=DATE or inspection=ID, not both")
        _check_date("on", on)
        try:
            if full:
                graph = subgraph.organisation(self.store, name, on=on, inspection=inspection)
            elif on or inspection:
                graph = subgraph.organisation_map(self.store, name, on=on,
                                                  inspection=inspection)
            else:
                graph = subgraph.organisation_history(self.store, name)
            when = (f" on {on}" if on else "") + (f" during {inspection}" if inspection else "")
            said = f" on {date_words(on)}" if on else ""
            if inspection:
                named = next((n["name"] for n in graph["nodes"] if n["id"] == inspection),
                             inspection)
                said = f" during the {named}"
        except NotFound as org_missing:
            if on or inspection:
                raise
            try:
                graph = (subgraph.person(self.store, name) if full
                         else subgraph.person_career(self.store, name))
            except NotFound as person_missing:
                raise NotFound("organisation or person", name,
                               org_missing.suggestions + person_missing.suggestions) from None
            when = said = ""
        focus = next(n["name"] for n in graph["nodes"] if n["id"] == graph["focus"])
        title = focus + said
        slug = re.sub(r"[^a-z0-9]+", "-", (focus + when).lower()).strip("-") or "view"
        path = Path(out) if out is not None else Path(f"accountable-{slug}.html")
        if path.suffix.lower() != ".html":
            raise ValueError(f"{path}: the graph view is an .html page")
        if full:
            write_graph_html(graph, path, title=title, focus=graph["focus"])
            nodes, edges = len(graph["nodes"]), len(graph["edges"])
        else:
            drawn = write_map_html(graph, path, title=title)
            nodes, edges = drawn["nodes"], drawn["edges"]
        return {"file": str(path), "title": title, "focus": graph["focus"],
                "view": "full" if full else graph.get("view", "map"),
                "nodes": nodes, "edges": edges}

    def export(self, fmt: str, out: str | Path | Any | None = None, *,
               org: str | None = None) -> Answer:
        """Export the graph, or one organisation's part of it (`org`), for other tools.

        `fmt`: `ftm` (FollowTheMoney entities, one JSON object a line; needs the `ftm`
        extra), `graphml`, `gexf`, or `csv` (a folder). `out`: a path, or for ftm an open
        text stream; defaults to accountable.ftm.json, accountable.graphml, accountable.gexf
        or the folder accountable-csv. Keys: format, out, org, nodes, relationships, and
        entities (ftm), files (csv) or graph (graphml, gexf).
        """
        from accountable.export.graphdata import read_graph

        if fmt not in EXPORT_DEFAULTS:
            raise ValueError(f"format {fmt!r}: use one of {', '.join(EXPORT_DEFAULTS)}")
        stream = out if out is not None and hasattr(out, "write") else None
        if stream is not None and fmt != "ftm":
            raise ValueError("only ftm can be written to a stream")
        ftm = None
        if fmt == "ftm":  # before any file is made: a missing extra leaves no file
            try:
                from accountable.export import ftm
            except ImportError:
                raise ImportError("the ftm format needs the followthemoney package: "
                                  "pip install 'accountable[ftm]'") from None
        target = None if stream is not None else Path(out or EXPORT_DEFAULTS[fmt])
        graph = read_graph(self.store, org)
        summary: Answer = {"format": fmt, "out": "-" if stream is not None else str(target),
                           "org": graph.focus, "nodes": len(graph.nodes),
                           "relationships": len(graph.edges)}
        root = self.seeds or _seeds_root()
        if ftm is not None:
            if stream is not None:
                summary["entities"] = ftm.write_jsonl(graph, stream, root)
                return summary
            assert target is not None
            target.parent.mkdir(parents=True, exist_ok=True)
            with target.open("w", encoding="utf-8") as fh:
                summary["entities"] = ftm.write_jsonl(graph, fh, root)
        elif fmt == "csv":
            from accountable.export.tables import write_tables

            summary["files"] = write_tables(graph, target)
        else:
            from accountable.export.networks import write

            g = write(graph, target, fmt)
            summary["graph"] = {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}
        return summary

    def close(self) -> None:
        """Close the store (stops the embedded server process). Safe to call twice."""
        if self._closer is not None:
            closer, self._closer = self._closer, None
            closer.close()

    def __enter__(self) -> Graph:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "open" if self._closer is not None else "closed"
        return f"<accountable.Graph {self.engine} {state}>"


def _near(name: str) -> list[str]:
    import difflib

    return difflib.get_close_matches(name, list(queries.catalogue()), n=3)


def open(neo4j: bool = False, data_dir: str | Path | None = None, *,
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


def list_queries() -> Rows:
    """The canned queries: name, question, file and parameters (with an example each)."""
    return [{"name": q.name, "question": q.question, "file": q.path.name if q.path else None,
             "params": [{"name": p.name, "type": p.type, "example": p.example}
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
