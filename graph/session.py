"""Opening a store that answers from the current facts: the one way every front end opens one.

The CLI (`accountable.cli.common.store_for`) and the Python API (`accountable.open`) both
come through `open_current`, so the rule "never answer from something the facts no longer
say" lives in one place.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

from accountable.graph.paths import is_bundled
from accountable.graph.store import Store, open_store
from accountable.graph.sync import (
    EMPTY,
    UP_TO_DATE,
    Status,
    facts_root,
    load_facts,
    status,
    writer_lock,
)


def _needs_load(st: Status, engine: str) -> bool:
    return st.state == EMPTY or (st.state != UP_TO_DATE and engine == "embedded")


@contextlib.contextmanager
def open_current(neo4j: bool = False, data_dir: Path | None = None, uri: str | None = None,
                 user: str | None = None, password: str | None = None,
                 seeds: Path | None = None, autoload: bool = True,
                 notify: Callable[[str], None] | None = None) -> Iterator[Store]:
    """Open the chosen store, first making sure it answers from the facts in `seeds` (by
    default the folder it was last loaded from, else the bundled seeds: `facts_root`).

    With `autoload`: an empty store is loaded; the embedded store is also re-synced when the
    facts on disk changed since its last load (or a load stopped part-way). Neo4j is shared
    and may be large, so there `notify` gets one warning line naming the command instead.
    `notify` receives one line for the user (what was loaded, or the warning).

    Only one load runs at a time (`writer_lock`): a question that finds the store needs
    loading while another process loads it waits for that load (one line to `notify`),
    then looks again and, the facts being loaded, answers without loading them again.
    """
    with open_store(neo4j=neo4j, data_dir=data_dir, uri=uri, user=user,
                    password=password) as store:
        meta = store.read_meta()
        root = facts_root(store, seeds, meta)
        if seeds is None and notify and not is_bundled(root):
            notify(f"Answering from the facts in {root} (the folder last loaded; --seeds or "
                   "ACCOUNTABLE_SEEDS chooses another).")
        if autoload:
            st = status(store, root, meta)
            if _needs_load(st, store.engine):
                with writer_lock(store, notify) as waited:
                    if waited:
                        st = status(store, root)
                    if _needs_load(st, store.engine):
                        if notify:
                            notify(f"The {store.engine} store is {st.state} ({st.reason}): "
                                   f"loading the facts from {root} first.")
                        load_facts(store, root, notify=notify)
            if st.state != UP_TO_DATE and not _needs_load(st, store.engine) and notify:
                cmd = "accountable load --neo4j" + (f" --seeds {root}" if seeds else "")
                notify(f"warning: the Neo4j store may be stale: {st.reason}; run `{cmd}` "
                       "to sync it.")
        yield store
