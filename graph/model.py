"""The graph model, read from `graph/model.yaml` (the one place it is declared)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

MODEL_FILE = Path(__file__).with_name("model.yaml")


@dataclass(frozen=True)
class Prop:
    """One typed property of a schema."""

    name: str
    type: str
    required: bool = False
    edge: str | None = None
    direction: str = "out"

    @property
    def base(self) -> str:
        """The type without its argument: `ref` for `ref:Person`."""
        return self.type.split(":", 1)[0]

    @property
    def arg(self) -> str | None:
        """The type's argument: `Person` for `ref:Person`, `grade` for `vocab:grade`."""
        parts = self.type.split(":", 1)
        return parts[1] if len(parts) == 2 else None

    @property
    def is_link(self) -> bool:
        """True for properties that become relationships rather than node properties."""
        return self.base in ("ref", "refs", "involvement")


@dataclass(frozen=True)
class EdgeSpec:
    """How a fact draws as one edge: from the `source` ref to the `target` ref, captioned."""

    source: str
    label: str
    target: str
    caption: tuple[str, ...] = ()


@dataclass(frozen=True)
class Schema:
    """One node label (or, for `Conflict`, a relationship record)."""

    name: str
    kind: str
    prefix: str
    props: dict[str, Prop] = field(default_factory=dict)
    edge: EdgeSpec | None = None

    @property
    def scalar_props(self) -> list[Prop]:
        return [p for p in self.props.values() if not p.is_link]

    @property
    def link_props(self) -> list[Prop]:
        return [p for p in self.props.values() if p.is_link]

    @property
    def cited(self) -> bool:
        """Records of this schema must cite at least one source."""
        return self.kind in ("entity", "fact")


@dataclass(frozen=True)
class Model:
    schemata: dict[str, Schema]
    vocabularies: dict[str, Any]
    citation: dict[str, Prop]
    citation_edge: str

    def vocab(self, name: str) -> list[str]:
        """The words of a vocabulary, in declared order."""
        v = self.vocabularies[name]
        return list(v.keys()) if isinstance(v, dict) else list(v)

    @property
    def certainty(self) -> list[str]:
        return self.vocab("certainty")

    def post_kind_info(self, kind: str) -> dict[str, Any]:
        return dict(self.vocabularies["post_kind"].get(kind) or {})

    @property
    def accountable_post_kinds(self) -> list[str]:
        return [k for k, v in self.vocabularies["post_kind"].items() if v.get("accountable")]

    @property
    def shared_post_kinds(self) -> list[str]:
        """Post kinds held by several people at once: no neighbour bounds (graph/dates.py)."""
        return [k for k, v in self.vocabularies["post_kind"].items() if v.get("shared")]

    @property
    def node_schemata(self) -> list[Schema]:
        return [s for s in self.schemata.values() if s.kind != "conflict"]

    def weakest(self, certainties: list[str]) -> str | None:
        """The weakest of some certainty words (the answer's certainty)."""
        order = self.certainty
        known = [c for c in certainties if c in order]
        return max(known, key=order.index) if known else None


def _props(raw: dict[str, Any]) -> dict[str, Prop]:
    return {
        name: Prop(
            name=name,
            type=spec["type"],
            required=bool(spec.get("required", False)),
            edge=spec.get("edge"),
            direction=spec.get("direction", "out"),
        )
        for name, spec in (raw or {}).items()
    }


def _edge(raw: dict[str, Any] | None) -> EdgeSpec | None:
    if not raw:
        return None
    return EdgeSpec(source=raw["source"], label=raw["label"], target=raw["target"],
                    caption=tuple(raw.get("caption") or ()))


@cache
def load_model(path: Path = MODEL_FILE) -> Model:
    """Read the model file once per process."""
    raw = _read_model(path)
    schemata = {
        name: Schema(name=name, kind=spec["kind"], prefix=spec["prefix"],
                     props=_props(spec.get("properties", {})), edge=_edge(spec.get("edge")))
        for name, spec in raw["schemata"].items()
    }
    return Model(
        schemata=schemata,
        vocabularies=raw["vocabularies"],
        citation=_props(raw["citation"]["properties"]),
        citation_edge=raw["citation"]["edge"],
    )


def _read_model(path: Path) -> dict[str, Any]:
    """The parsed model file, through a JSON copy in the user's cache folder.

    Importing PyYAML is a fifth of what `accountable who` imports, so the parsed file is kept
    as JSON (named by the file's path, size and mtime: an edited model is read afresh).
    Without a writable cache it is simply parsed every time.
    """
    import json
    import os
    import zlib

    st = path.stat()
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    key = f"{zlib.crc32(str(path.resolve()).encode()):08x}-{st.st_size}-{st.st_mtime_ns}"
    cached = Path(base, "accountable", f"model-{key}.json")
    try:
        return json.loads(cached.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: ~10x faster
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # noqa: S506 - safe
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(raw), encoding="utf-8")
        os.replace(tmp, cached)
    except (OSError, TypeError, ValueError):  # read-only home, or a value JSON cannot hold
        pass
    return raw
