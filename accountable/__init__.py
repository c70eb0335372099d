"""accountable: who held responsibility for English children's services, and when.

A sourced graph: every fact carries its source article and the quoted words. Use it from
the command line (`accountable --help`) or from Python:

    import accountable
    with accountable.connect() as graph:   # embedded store; connect(neo4j=True) for Neo4j
        graph.who("Sandwell", on="2013-03")
        graph.person("Simon Hackett")
        graph.timeline("Dudley")
        graph.query("holders_on_date", {"org_id": "org:dudley", "from": "2016-04",
                                        "to": "2016-04"})
        graph.view("Sandwell", on="2013-03", out="sandwell.html")
        graph.export("csv", "tables")
        graph.status()
    accountable.validate("myfacts"); accountable.load("myfacts")
    accountable.draft("article.txt", published="2019-05-01")
    accountable.import_csv("tenures.csv", "myfacts/facts/tenures.yaml")

Every command is one of these calls. Answers are plain dicts and lists (declared as
TypedDicts in `accountable.types`: `WhoAnswer`, `ViewResult`...), the same as the command's
`--json` (`accountable.to_json` prints them as it does). Every error is an
`accountable.errors.AccountableError`. The names below are loaded on first use, so `import
accountable` stays cheap for the command line: see `accountable.api`. (`accountable.open` is
the same function as `connect`.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from accountable.api import (
        AccountableError,
        Ambiguous,
        Graph,
        GraphClosed,
        NotFound,
        ReadOnlyViolation,
        StoreUnavailable,
        ValidationFailed,
        connect,
        draft,
        import_csv,
        init,
        list_queries,
        load,
        open,
        problem_text,
        to_json,
        validate,
    )
    from accountable.types import (
        Citation,
        DraftResult,
        ExportResult,
        Holder,
        ImportResult,
        LoadResult,
        PersonAnswer,
        Problem,
        Source,
        StatusResult,
        TimelineAnswer,
        ValidateResult,
        ViewResult,
        WhoAnswer,
    )

__all__ = [
    "AccountableError", "Ambiguous", "Graph", "GraphClosed", "NotFound", "ReadOnlyViolation",
    "StoreUnavailable", "ValidationFailed", "__version__", "connect", "draft", "import_csv",
    "init", "list_queries", "load", "open", "problem_text", "to_json", "validate",
    # the answers' shapes, from accountable.types
    "Citation", "DraftResult", "ExportResult", "Holder", "ImportResult", "LoadResult",
    "PersonAnswer", "Problem", "Source", "StatusResult", "TimelineAnswer", "ValidateResult",
    "ViewResult", "WhoAnswer",
]
_TYPES = frozenset(__all__[__all__.index("Citation"):])


def __getattr__(name: str) -> Any:
    """Import `accountable.api` (and the store code behind it) only when it is first used."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("accountable")
        except PackageNotFoundError:
            return "unknown"
    if name in _TYPES:  # the answers' shapes (TypedDicts): accountable.types
        from accountable import types

        return getattr(types, name)
    if name in __all__:
        from accountable import api

        return getattr(api, name)
    raise AttributeError(f"module 'accountable' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
