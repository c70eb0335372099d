"""The Python API: the library under the `accountable` command.

    >>> import accountable
    >>> with accountable.open() as graph:          # the embedded store; neo4j=True for Neo4j
    ...     answer = graph.who("Sandwell", on="2013-03")
    >>> [h["person"] for h in answer["holders"] if h["post_kind"] == "dcs"]
    ['Simon White']

Every answer is made of plain dicts, lists, strings, numbers and None, exactly what the
command's `--json` prints: `accountable.to_json(answer)` is byte for byte its output. The CLI
commands `who`, `person`, `timeline` and `query` are thin wrappers over `Graph`'s methods.

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

    def who(self, org: str, on: str | None = None, inspection: str | None = None,
            known_on: str | None = None) -> Answer:
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
        return answers.who(self.store, org, on=on, inspection=inspection, known_on=known_on)

    def person(self, name: str, known_on: str | None = None) -> Answer:
        """A person's record: person, tenures (with how each ended), events, inspections
        during their tenures. `name` is an id, a name or an alias. `known_on`: as `who`."""
        _check_date("known_on", known_on)
        return answers.person(self.store, name, known_on=known_on)

    def timeline(self, org: str, known_on: str | None = None) -> Answer:
        """An organisation's history: tenures, contracts, inspections, events, and `entries`,
        all of them in date order. `known_on`: as `who`."""
        _check_date("known_on", known_on)
        return answers.timeline(self.store, org, known_on=known_on)

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
