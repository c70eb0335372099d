"""Where the project's data folders are: next to the packages, or as the environment says."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def bundled_seeds_dir() -> Path:
    """The seeds that come with the package (the repository's `seeds/`): read, never edit."""
    return ROOT / "seeds"


def is_bundled(root: Path) -> bool:
    """Is `root` the bundled seeds (read-only package data)?"""
    try:
        return Path(root).resolve() == bundled_seeds_dir().resolve()
    except OSError:
        return False


def seeds_dir() -> Path:
    """`$ACCOUNTABLE_SEEDS` (a facts folder of the user's own), else the bundled seeds."""
    return Path(os.environ.get("ACCOUNTABLE_SEEDS") or bundled_seeds_dir())


def cypher_dir() -> Path:
    return ROOT / "cypher"
