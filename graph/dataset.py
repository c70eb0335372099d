"""The rows a store loads: nodes by label, relationships by (type, from label, to label).

It lives in `graph/` because both sides use it: `loaders/` builds it from the seeds and
`graph/load.py` writes it to a store, so neither imports the other's layer.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

RelKey = tuple[str, str, str]  # (type, from label, to label)


@dataclass
class Dataset:
    """Rows grouped for batched loading: nodes by label, relationships by (type, labels)."""

    nodes: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    rels: dict[RelKey, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))

    def counts(self) -> dict[str, int]:
        out = {label: len(rows) for label, rows in sorted(self.nodes.items())}
        for (rtype, _, _), rows in sorted(self.rels.items()):
            out[rtype] = out.get(rtype, 0) + len(rows)
        return out

    @property
    def node_count(self) -> int:
        return sum(len(v) for v in self.nodes.values())

    @property
    def rel_count(self) -> int:
        return sum(len(v) for v in self.rels.values())
