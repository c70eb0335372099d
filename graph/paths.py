"""Where the project's data folders are: next to the packages, or as the environment says."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def seeds_dir() -> Path:
    """`$ACCOUNTABLE_SEEDS`, else the repository's `seeds/`."""
    return Path(os.environ.get("ACCOUNTABLE_SEEDS") or ROOT / "seeds")


def cypher_dir() -> Path:
    return ROOT / "cypher"
