"""Opening a store that answers from the current facts: the one way every front end opens one.

The CLI (`accountable.cli.common.store_for`) and the Python API (`accountable.open`) both
come through `open_current`, so the rule "never answer from something the facts no longer
say" lives in one place.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

from accountable.graph.paths import seeds_dir
from accountable.graph.store import Store, open_store


@contextlib.contextmanager
def open_current(neo4j: bool = False, data_dir: Path | None = None, uri: str | None = None,
                 user: str | None = None, password: str | None = None,
                 seeds: Path | None = None, autoload: bool = True,
                 notify: Callable[[str], None] | None = None) -> Iterator[Store]:
    """Open the chosen store; load the facts in `seeds` first if it is empty and `autoload`.

    `notify` receives one line for the user (what was loaded, or a staleness warning).
    """
    root = Path(seeds) if seeds else seeds_dir()
    with open_store(neo4j=neo4j, data_dir=data_dir, uri=uri, user=user,
                    password=password) as store:
        if autoload and _is_empty(store):
            from accountable.graph.load import load
            from accountable.loaders.rows import load_dataset

            if notify:
                notify(f"The {store.engine} store is empty: loading the seeds from {root} first.")
            load(store, load_dataset(root))
        yield store


def _is_empty(store: Store) -> bool:
    """`graph.load.is_empty` without importing the loader (and the model) for every read."""
    rows = store.read("MATCH (n) RETURN count(n) AS n")
    return not rows or rows[0]["n"] == 0
