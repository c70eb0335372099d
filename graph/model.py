"""The graph model, read from `graph/model.yaml` (the one place it is declared)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

MODEL_FILE = Path(__file__).with_name("model.yaml")

_COLOUR = re.compile(r"^#[0-9A-Fa-f]{6}$")
_SLOT = re.compile(r"\{([^{}]*)\}")
SHAPES = frozenset({"dot", "box", "diamond", "ellipse", "star", "triangle", "triangleDown",
                    "hexagon", "square"})
#: The answer statuses the model must declare (graph/dates.py computes the first two).
STATUSES = ("held", "possibly_held", "known_not_held", "no_known_holder")


class InvalidModel(ValueError):
    """`graph/model.yaml` says something the code cannot use; the message names where."""


@dataclass(frozen=True)
class Prop:
    """One typed property of a schema."""

    name: str
    type: str
    required: bool = False
    edge: str | None = None
    direction: str = "out"
    verb: str = ""  # what a page prints on the relationship, if anything
    index: bool = False  # the store indexes it (canned queries look nodes up by it)

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
class Draw:
    """How pages draw a schema's records as nodes: shape, colour, size, row per page."""

    shape: str = "dot"
    colour: str = "#BBBBBB"
    size: int = 12
    layer: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Status:
    """One answer status (`held`, `possibly_held`, ...): its words, meaning and colours."""

    name: str
    label: str
    meaning: str
    colour: str
    ink: str
    line: str
    drawn: bool


@dataclass(frozen=True)
class Schema:
    """One node label (or, for `Conflict`, a relationship record)."""

    name: str
    kind: str
    prefix: str
    props: dict[str, Prop] = field(default_factory=dict)
    edge: EdgeSpec | None = None
    label: str = ""
    plural: str = ""
    caption: str = ""
    draw: Draw = field(default_factory=Draw)
    unbounded_span: bool = False
    relationship: str | None = None  # Conflict: the relationship it becomes
    verb: str = ""
    role: str = ""  # what code looks it up by (Model.by_role): "person", "tenure", ...

    def link(self, target: str) -> Prop:
        """The ref property that points at schema `target` (one per pair in this model)."""
        found = [p for p in self.link_props if p.arg == target]
        if len(found) != 1:
            raise InvalidModel(f"{self.name} has {len(found)} refs to {target}, not one")
        return found[0]

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
    statuses: dict[str, Status] = field(default_factory=dict)
    palette: dict[str, str] = field(default_factory=dict)
    citation_verb: str = ""
    citation_colour: str = "#AAAAAA"

    def word(self, vocab: str, value: Any) -> str:
        """The display label of a vocabulary word (`requires improvement`), or the value as
        given when it is no word of the vocabulary ("" for None)."""
        if value is None:
            return ""
        v = self.vocabularies.get(vocab)
        if isinstance(v, dict) and isinstance(v.get(value), dict):
            info = v[value]
            return str(info.get("label") or info.get("title") or value)
        return str(value)

    def colour(self, vocab: str, value: Any) -> str | None:
        """The colour the model gives a vocabulary word, or None."""
        v = self.vocabularies.get(vocab)
        if isinstance(v, dict) and isinstance(v.get(value), dict):
            return v[value].get("colour")
        return None

    def colours(self, vocab: str) -> dict[str, str]:
        """Every coloured word of a vocabulary, in declared order."""
        return {w: c for w in self.vocab(vocab) if (c := self.colour(vocab, w))}

    @cached_property
    def _roles(self) -> dict[str, Schema]:
        return {s.role: s for s in self.schemata.values() if s.role}

    def by_role(self, role: str) -> Schema:
        """The schema the model gives a role (`person`, `tenure`, `source`, ...)."""
        try:
            return self._roles[role]
        except KeyError:
            raise InvalidModel(f"graph/model.yaml: no schema has `role: {role}`") from None

    def status(self, name: str) -> Status:
        return self.statuses[name]

    def status_word(self, name: str | None) -> str:
        """`possibly held` for `possibly_held`; "" for None."""
        return self.statuses[name].label if name in self.statuses else (name or "")

    @property
    def grades(self) -> list[str]:
        """The grades, best first."""
        return self.vocab("grade")

    def worst_grade(self, grades: list[Any]) -> str | None:
        """The worst of some grades (an inspection's colour and headline), None if none."""
        order = self.grades
        known = [g for g in grades if g in order]
        return max(known, key=order.index) if known else None

    @property
    def unbounded_span(self) -> frozenset[str]:
        """Schemata whose missing span side means "no bound", not "undated"."""
        return frozenset(s.name for s in self.schemata.values() if s.unbounded_span)

    def relationship_words(self, rel: str) -> str:
        """What a page prints for a relationship type: the verb the model gives it, else its
        name in lower case."""
        if rel == self.citation_edge:
            return self.citation_verb or rel.lower()
        for s in self.schemata.values():
            if s.relationship == rel and s.verb:
                return s.verb
            for p in s.link_props:
                if p.edge == rel and p.verb:
                    return p.verb
        return " ".join(rel.lower().split("_"))

    def schema_label(self, name: str) -> str:
        s = self.schemata.get(name)
        return s.label if s else name

    def conflict(self) -> Schema:
        """The schema that becomes a relationship between two facts that disagree."""
        return next(s for s in self.schemata.values() if s.kind == "conflict")

    def layer(self, schema: str, page: str) -> int | None:
        """The row a schema's nodes take on a map page (`map`, `person`); None: not drawn."""
        s = self.schemata.get(schema)
        return s.draw.layer.get(page) if s else None

    def node_colour(self, schema: str, props: dict[str, Any]) -> str:
        """A node's colour: its kind's or grade's where the model colours it, else its schema's.
        An inspection takes its worst grade's colour (give `grades` in props)."""
        s = self.schemata[schema]
        for prop in s.scalar_props:
            if prop.base == "vocab" and (c := self.colour(prop.arg or "", props.get(prop.name))):
                return c
        worst = self.worst_grade(list(props.get("grades") or []))
        return self.colour("grade", worst) or s.draw.colour

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
    def public_organisation_kinds(self) -> list[str]:
        """Organisation kinds that are public bodies."""
        v = self.vocabularies["organisation_kind"]
        return [k for k, info in v.items() if isinstance(info, dict) and info.get("public")]

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


class _Roles:
    """The schemata's names by role, read from the model when first asked:
    `SCHEMA.tenure` is the name of the schema whose `role:` is `tenure`."""

    def __getattr__(self, role: str) -> str:
        if role.startswith("_"):
            raise AttributeError(role)
        return load_model().by_role(role).name


class Words:
    """One vocabulary's words as attributes, checked against the model when read:
    `Words("post_kind").lead_member` is `"lead_member"` while the model declares it."""

    def __init__(self, vocab: str) -> None:
        self._vocab = vocab

    def __getattr__(self, word: str) -> str:
        if word.startswith("_"):
            raise AttributeError(word)
        if word not in load_model().vocab(self._vocab):
            raise InvalidModel(f"graph/model.yaml: vocabulary {self._vocab} declares no "
                               f"word {word!r}")
        return word


#: Schema names by role, from the model (code spells a role, never a schema's name).
SCHEMA = _Roles()


def _props(raw: dict[str, Any]) -> dict[str, Prop]:
    return {
        name: Prop(
            name=name,
            type=spec["type"],
            required=bool(spec.get("required", False)),
            edge=spec.get("edge"),
            direction=spec.get("direction", "out"),
            verb=str(spec.get("verb") or ""),
            index=bool(spec.get("index", False)),
        )
        for name, spec in (raw or {}).items()
    }


def _draw(raw: dict[str, Any] | None) -> Draw:
    raw = raw or {}
    return Draw(shape=raw.get("shape", "dot"), colour=raw.get("colour", "#BBBBBB"),
                size=int(raw.get("size", 12)), layer=dict(raw.get("layer") or {}))


def _edge(raw: dict[str, Any] | None) -> EdgeSpec | None:
    if not raw:
        return None
    return EdgeSpec(source=raw["source"], label=raw["label"], target=raw["target"],
                    caption=tuple(raw.get("caption") or ()))


@cache
def load_model(path: Path = MODEL_FILE) -> Model:
    """Read the model file once per process, and check it (`InvalidModel` if it is wrong)."""
    raw = _read_model(path)
    try:
        model = _build(raw)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        if isinstance(exc, InvalidModel):
            raise InvalidModel(f"{path}: {exc}") from None
        raise InvalidModel(f"{path}: malformed ({type(exc).__name__}: {exc})") from None
    problems = check_model(model)
    if problems:
        raise InvalidModel(f"{path}: " + "; ".join(problems))
    return model


def _build(raw: dict[str, Any]) -> Model:
    schemata = {
        name: Schema(name=name, kind=spec["kind"], prefix=spec["prefix"],
                     props=_props(spec.get("properties", {})), edge=_edge(spec.get("edge")),
                     label=str(spec.get("label") or name), plural=str(spec.get("plural") or ""),
                     caption=str(spec.get("caption") or ""), draw=_draw(spec.get("draw")),
                     unbounded_span=bool(spec.get("unbounded_span", False)),
                     relationship=spec.get("relationship"), verb=str(spec.get("verb") or ""),
                     role=str(spec.get("role") or ""))
        for name, spec in raw["schemata"].items()
    }
    statuses = {
        name: Status(name=name, label=str(spec["label"]), meaning=" ".join(
            str(spec["meaning"]).split()), colour=spec["colour"], ink=spec["ink"],
            line=spec["line"], drawn=bool(spec["drawn"]))
        for name, spec in (raw.get("statuses") or {}).items()
    }
    cit = raw["citation"]
    return Model(
        schemata=schemata,
        vocabularies=raw["vocabularies"],
        citation=_props(cit["properties"]),
        citation_edge=cit["edge"],
        statuses=statuses,
        palette=dict(raw.get("palette") or {}),
        citation_verb=str(cit.get("verb") or ""),
        citation_colour=(cit.get("draw") or {}).get("colour", "#AAAAAA"),
    )


def check_model(model: Model) -> list[str]:
    """What is wrong with a model, each naming the place: [] when it is sound."""
    bad: list[str] = []

    def colour(where: str, value: Any) -> None:
        if not isinstance(value, str) or not _COLOUR.match(value):
            bad.append(f"{where}: colour {value!r} is not #RRGGBB")

    names = set(model.schemata)
    roles: dict[str, str] = {}
    for s in model.schemata.values():
        at = f"schemata.{s.name}"
        if s.role and roles.setdefault(s.role, s.name) != s.name:
            bad.append(f"{at}.role: {s.role!r} is also {roles[s.role]}'s (one schema a role)")
        if s.kind not in ("source", "entity", "fact", "conflict"):
            bad.append(f"{at}.kind: {s.kind!r} is not source, entity, fact or conflict")
        if s.kind == "conflict":
            if not s.relationship:
                bad.append(f"{at}: a conflict schema names its `relationship`")
            continue
        if not s.caption:
            bad.append(f"{at}: no `caption` (how a record is named on pages)")
        if s.draw.shape not in SHAPES:
            bad.append(f"{at}.draw.shape: {s.draw.shape!r} is not one of {sorted(SHAPES)}")
        colour(f"{at}.draw.colour", s.draw.colour)
        for page, row in s.draw.layer.items():
            if not isinstance(row, int):
                bad.append(f"{at}.draw.layer.{page}: {row!r} is not a row number")
        for slot in _SLOT.findall(s.caption):
            for part in re.split(r"\||\.\.", slot):
                if part not in s.props:
                    bad.append(f"{at}.caption: {{{slot}}} names no property {part!r}")
        for p in s.props.values():
            if p.base == "vocab" and p.arg not in model.vocabularies:
                bad.append(f"{at}.properties.{p.name}: no vocabulary {p.arg!r}")
            if p.base in ("ref", "refs") and p.arg not in names and p.arg != "*":
                bad.append(f"{at}.properties.{p.name}: no schema {p.arg!r}")
            if p.is_link and not p.edge:
                bad.append(f"{at}.properties.{p.name}: a link names its `edge`")
        if s.edge:
            for end in (s.edge.source, s.edge.target, *s.edge.caption):
                if end not in s.props:
                    bad.append(f"{at}.edge: {end!r} is no property of {s.name}")
    for vocab, words in model.vocabularies.items():
        if not isinstance(words, dict):
            words = {w: None for w in words}
        for word, info in words.items():
            where = f"vocabularies.{vocab}.{word}"
            if "_" in str(word) and not (isinstance(info, dict) and (
                    info.get("label") or info.get("title"))):
                bad.append(f"{where}: give it a `label` (users never read {word!r})")
            if isinstance(info, dict) and "colour" in info:
                colour(where, info["colour"])
    for name in STATUSES:
        if name not in model.statuses:
            bad.append(f"statuses.{name}: missing (every answer status is declared)")
    for st in model.statuses.values():
        colour(f"statuses.{st.name}.colour", st.colour)
        colour(f"statuses.{st.name}.ink", st.ink)
        if st.line not in ("solid", "dashed", "none"):
            bad.append(f"statuses.{st.name}.line: {st.line!r} is not solid, dashed or none")
    for name, value in model.palette.items():
        colour(f"palette.{name}", value)
    colour("citation.draw.colour", model.citation_colour)
    return bad


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
