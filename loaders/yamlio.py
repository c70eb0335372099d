"""YAML reading that remembers line numbers, so errors can name them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

MAX_FILE_BYTES = 64 * 1024 * 1024  # a facts file or article larger than this is refused


class LineLoader(yaml.SafeLoader):
    """A SafeLoader that keeps dates as text and records each mapping's lines.

    Every mapping becomes a dict with `__line__` (its first line) and `__lines__`
    ({key: line}); lines are 1-based. Anchors and aliases are refused: a few lines of
    nested aliases expand to gigabytes (a "billion laughs"), and facts never need them.
    """

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise yaml.composer.ComposerError(
                None, None, "YAML anchors and aliases (&name, *name) are not accepted in "
                "facts: write each value out in full", event.start_mark)
        return super().compose_node(parent, index)


# Dates stay text: `2013-02-30` must reach validation (and fail there), not crash the parser.
LineLoader.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader: LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    loader.flatten_mapping(node)
    out: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            key = str(key)
        if key in out:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key {key!r} appears twice in one record", key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=True)
        lines[key] = key_node.start_mark.line + 1
    out["__line__"] = node.start_mark.line + 1
    out["__lines__"] = lines
    return out


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class YamlError(ValueError):
    def __init__(self, path: Path, line: int | None, message: str,
                 kind: str = "YAML syntax error", fix: str | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.kind = kind  # what went wrong, for the problem's first words
        self.fix = fix


def too_large(path: Path) -> str | None:
    """Why `path` is refused for its size (over MAX_FILE_BYTES), or None."""
    size = path.stat().st_size
    if size <= MAX_FILE_BYTES:
        return None
    return (f"the file is {size / 2**20:.0f} MiB; files over {MAX_FILE_BYTES // 2**20} MiB "
            "are refused")


def read_yaml(path: Path) -> Any:
    """Parse one YAML file; a syntax error becomes YamlError with its line. Files over
    MAX_FILE_BYTES and anchors/aliases are refused (YamlError) before anything expands."""
    big = too_large(path)
    if big:
        raise YamlError(path, None, big, kind="file too large",
                        fix="split it into several files under facts/")
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=LineLoader)  # noqa: S506
    except yaml.MarkedYAMLError as e:
        # The context mark is where the unclosed thing began: the line to look at first.
        mark = e.context_mark or e.problem_mark
        line = mark.line + 1 if mark else None
        what = " ".join(x for x in (e.context, e.problem) if x) or str(e)
        if e.context_mark and e.problem_mark and e.problem_mark.line != e.context_mark.line:
            what += f" (noticed at line {e.problem_mark.line + 1})"
        raise YamlError(path, line, what) from e
    except UnicodeDecodeError as e:
        raise YamlError(path, None, f"not UTF-8 text: byte 0x{e.object[e.start]:02x} at "
                        f"byte offset {e.start} ({e.reason})", kind="encoding error",
                        fix="save the file as UTF-8") from e


def clean(value: Any) -> Any:
    """Drop the line bookkeeping from parsed values."""
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items() if k not in ("__line__", "__lines__")}
    if isinstance(value, list):
        return [clean(v) for v in value]
    return value
