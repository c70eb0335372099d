"""YAML reading that remembers line numbers, so errors can name them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from accountable.errors import YamlError  # noqa: F401 - re-exported


class LineLoader(yaml.SafeLoader):
    """A SafeLoader that keeps dates as text and records each mapping's lines.

    Every mapping becomes a dict with `__line__` (its first line) and `__lines__`
    ({key: line}); lines are 1-based.
    """


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


def read_yaml(path: Path) -> Any:
    """Parse one YAML file; a syntax error becomes YamlError with its line."""
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
        raise YamlError(path, None, f"not UTF-8 text ({e.reason})") from e


def clean(value: Any) -> Any:
    """Drop the line bookkeeping from parsed values."""
    if isinstance(value, dict):
        return {k: clean(v) for k, v in value.items() if k not in ("__line__", "__lines__")}
    if isinstance(value, list):
        return [clean(v) for v in value]
    return value
