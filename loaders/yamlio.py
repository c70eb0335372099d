"""YAML reading that remembers line numbers, so errors can name them."""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from accountable.errors import YamlError  # noqa: F401 - re-exported

MAX_FILE_BYTES = 64 * 1024 * 1024  # a facts file or article larger than this is refused


# libyaml's parser and composer when PyYAML has them (about ten times faster than PyYAML's
# pure-Python ones); the constructors below are Python either way.
_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ALIASES = ("YAML anchors and aliases (&name, *name) are not accepted in facts: write each "
            "value out in full")


class LineLoader(_Base):  # type: ignore[misc]
    """A SafeLoader that keeps dates as text and records each mapping's lines.

    Every mapping becomes a dict with `__line__` (its first line) and `__lines__`
    ({key: line}); lines are 1-based. Anchors and aliases are refused: a few lines of
    nested aliases expand to gigabytes (a "billion laughs"), and facts never need them.
    """

    def compose_node(self, parent: Any, index: Any) -> Any:  # the pure-Python composer
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise yaml.composer.ComposerError(None, None, _ALIASES, event.start_mark)
        return super().compose_node(parent, index)

    def get_single_node(self) -> Any:
        """The document's node graph, refused if any node is reached twice (an alias):
        libyaml composes in C, so aliases are found here, before anything is built."""
        root = super().get_single_node()
        seen: set[int] = set()
        stack = [root] if root is not None else []
        while stack:
            node = stack.pop()
            if id(node) in seen:
                raise yaml.composer.ComposerError(None, None, _ALIASES, node.start_mark)
            seen.add(id(node))
            if isinstance(node, yaml.SequenceNode):
                stack.extend(reversed(node.value))
            elif isinstance(node, yaml.MappingNode):
                for k, v in reversed(node.value):
                    stack.extend((v, k))
        return root


class _PlainLoader(LineLoader):
    """LineLoader for text with no `&` and no `*` anywhere: it cannot hold an anchor or an
    alias, so the walk over every node that looks for them is skipped."""

    def get_single_node(self) -> Any:
        return _Base.get_single_node(self)


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


def too_large(path: Path) -> str | None:
    """Why `path` is refused for its size (over MAX_FILE_BYTES), or None."""
    size = path.stat().st_size
    if size <= MAX_FILE_BYTES:
        return None
    return (f"the file is {size / 2**20:.0f} MiB; files over {MAX_FILE_BYTES // 2**20} MiB "
            "are refused")


_cache: list[tuple[Path, set[str]]] = []  # the innermost `parse_cache`: folder, keys used


@contextlib.contextmanager
def parse_cache(folder: Path) -> Iterator[set[str]]:
    """While inside, `read_yaml` keeps each file's parse in `folder`, named by the sha256 of
    the file's bytes, and reuses it for a file with the same bytes (parsing is most of a
    load's time). Yields the keys used, for `prune_parse_cache` afterwards."""
    folder.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder.mkdir(exist_ok=True, mode=0o700)  # owner only, as the whole data folder
    used: set[str] = set()
    _cache.append((folder, used))
    try:
        yield used
    finally:
        _cache.pop()


def prune_parse_cache(folder: Path, used: set[str]) -> None:
    """Delete the cached parses of bytes no longer in the facts folder."""
    with contextlib.suppress(OSError), os.scandir(folder) as it:
        for entry in it:
            if entry.name not in used:
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)


def _load(data: bytes) -> Any:
    loader = LineLoader if b"&" in data or b"*" in data else _PlainLoader
    return yaml.load(data.decode("utf-8"), Loader=loader)  # noqa: S506


def _parse(path: Path, data: bytes) -> Any:
    if not _cache:
        return _load(data)
    folder, used = _cache[-1]
    key = hashlib.sha256(data).hexdigest()
    used.add(key)
    with contextlib.suppress(OSError, EOFError, ValueError, TypeError), \
            open(folder / key, "rb") as f:
        return marshal.load(f)
    doc = _load(data)
    tmp = folder / f"{key}.{os.getpid()}.tmp"
    try:
        with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as f:
            marshal.dump(doc, f)
        os.replace(tmp, folder / key)
    except (OSError, ValueError):  # a value marshal cannot store: parse it every time
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    return doc


def read_yaml(path: Path) -> Any:
    """Parse one YAML file; a syntax error becomes YamlError with its line. Files over
    MAX_FILE_BYTES and anchors/aliases are refused (YamlError) before anything expands."""
    big = too_large(path)
    if big:
        raise YamlError(path, None, big, kind="file too large",
                        fix="split it into several files under facts/")
    try:
        return _parse(path, path.read_bytes())
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
