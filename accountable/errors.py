"""Every error `accountable` raises on purpose, in one place, under one base class.

Catch `AccountableError` to catch them all. Each class names the command line's exit code for
it (`exit_code`), so the CLI turns any of them into one line and that code without knowing
the classes: 1 invalid facts, 2 unknown name or bad usage, 3 store unreachable, 4 an optional
part is not installed. This module imports nothing, so any module (and the CLI's error
handler) can import it for free.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

EXIT_INVALID, EXIT_USAGE, EXIT_STORE, EXIT_MISSING = 1, 2, 3, 4


class AccountableError(Exception):
    """The base of every error the library raises on purpose; the message says how to fix it."""

    exit_code = EXIT_USAGE
    cli_prefix = ""  # what the command line puts before the message


# --------------------------------------------------------------------------- the facts
class ValidationFailed(AccountableError):
    """The facts folder has problems; `problems` lists each (file, line, field, fix)."""

    exit_code = EXIT_INVALID

    def __init__(self, problems: Sequence[Any]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the seeds")
        self.problems = list(problems)


class YamlError(AccountableError, ValueError):
    """A YAML file that cannot be read; `path` and `line` say where."""

    exit_code = EXIT_INVALID

    def __init__(self, path: Path, line: int | None, message: str,
                 kind: str = "YAML syntax error", fix: str | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.kind = kind  # what went wrong, for the problem's first words
        self.fix = fix


class DateError(AccountableError, ValueError):
    """A date that is not a valid ISO-8601 prefix."""


class BoundsError(AccountableError, ValueError):
    """Bounds that cannot all be true (an end before a start, say)."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


class ImportFailed(AccountableError):
    """A spreadsheet with problems; `problems` lists each (row, column, fix)."""

    exit_code = EXIT_INVALID

    def __init__(self, problems: Sequence[Any]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the spreadsheet")
        self.problems = list(problems)


class DraftError(AccountableError):
    """An article the drafter cannot read: the message says what is wrong and how to fix it."""


# --------------------------------------------------------------------------- questions
class NotFound(AccountableError, LookupError):
    """An unknown name; `suggestions` holds the closest known ones."""

    def __init__(self, what: str, name: str, suggestions: list[str]) -> None:
        hint = f"; closest: {', '.join(suggestions)}" if suggestions else ""
        super().__init__(f"no {what} matches {name!r}{hint}")
        self.suggestions = suggestions


class Ambiguous(AccountableError, LookupError):
    """A name that matches several records; `matches` holds their ids."""

    def __init__(self, what: str, name: str, matches: list[str]) -> None:
        super().__init__(f"{name!r} matches several {what}s: {', '.join(matches)}; "
                         "give the id instead")
        self.matches = matches
        self.suggestions = matches  # as NotFound's: the ids to choose from


class ReadOnlyViolation(AccountableError, RuntimeError):
    """A read-only query tried to write."""

    cli_prefix = "the query tries to write, and queries here are read-only: "


# --------------------------------------------------------------------------- the store
class StoreUnavailable(AccountableError, RuntimeError):
    """The store could not be reached or started; the message says how to fix it."""

    exit_code = EXIT_STORE


class DaemonError(StoreUnavailable):
    """The resident server could not be started or reached; the message says why."""


class RespError(AccountableError):
    """An error reply from the embedded store (it refused the query)."""

    cli_prefix = "the embedded store answered with an error: "


class GraphClosed(AccountableError, RuntimeError):
    """A `Graph` used after `close()` (or after its `with` block)."""

    def __init__(self) -> None:
        super().__init__("this graph is closed: open another with accountable.open() "
                         "(or use it inside its `with accountable.open() as graph:` block)")


class MissingExtra(AccountableError):
    """An optional part is not installed; the message names the command that installs it."""

    exit_code = EXIT_MISSING


__all__ = [
    "EXIT_INVALID", "EXIT_MISSING", "EXIT_STORE", "EXIT_USAGE", "AccountableError",
    "Ambiguous", "BoundsError", "DaemonError", "DateError", "DraftError", "GraphClosed",
    "ImportFailed", "MissingExtra", "NotFound", "ReadOnlyViolation", "RespError",
    "StoreUnavailable", "ValidationFailed", "YamlError",
]
