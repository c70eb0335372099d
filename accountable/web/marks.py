"""Find quotes in an article's text and cut the text into marked and unmarked pieces.

A quote matches its source as the validator allows (loaders/validate.normalise): whitespace
runs and typographic quotes may differ. Positions are mapped back to the original text so
the page shows the article byte for byte, with `<mark>` around each quoted span.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from accountable.loaders.validate import normalise

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u00a0": " "})


def _normalised_with_index(text: str) -> tuple[str, list[int]]:
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        c = ch.translate(_QUOTES)
        if c.isspace():
            if out and out[-1] != " ":
                out.append(" ")
                where.append(i)
            continue
        out.append(c)
        where.append(i)
    return "".join(out), where


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """(start, end) of the first place `quote` occurs in `text`, as the validator matches."""
    norm, where = _normalised_with_index(text)
    q = normalise(quote)
    if not q:
        return None
    k = norm.find(q)
    if k < 0:
        return None
    return where[k], where[k + len(q) - 1] + 1


@dataclass
class Piece:
    """A run of the text; `keys` are the quotes (by caller's key) that cover it."""

    text: str
    keys: list[str] = field(default_factory=list)
    first: bool = False  # the first piece of at least one of its keys (an anchor goes here)
    starts: list[str] = field(default_factory=list)


def mark(text: str, quotes: list[tuple[str, str]]) -> tuple[list[Piece], set[str]]:
    """Cut `text` at every quoted span. `quotes` is (key, quote); returns the pieces and the
    keys whose quote was not found in the text."""
    spans: list[tuple[int, int, str]] = []
    missing: set[str] = set()
    for key, quote in quotes:
        found = find_quote(text, quote)
        if found is None:
            missing.add(key)
        else:
            spans.append((found[0], found[1], key))
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    pieces: list[Piece] = []
    seen: set[str] = set()
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a >= b:
            continue
        keys = [k for s, e, k in spans if s <= a and b <= e]
        starts = [k for k in keys if k not in seen]
        seen.update(keys)
        pieces.append(Piece(text[a:b], keys, bool(starts), starts))
    return pieces, missing
