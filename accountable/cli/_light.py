"""Typer without pydantic for plain `str`, `list[str]`, `bool` and `Path` parameters.

Typer 0.2x coerces every non-flag parameter through a pydantic `TypeAdapter`; the first one
imports pydantic, which costs about as much as everything else `accountable who` imports
together. For a `str` (a str already), a `bool` (pydantic's words for true and false) or an
unconstrained `Path` (Typer's own `coerce_cli_path`) these get a plain runtime parameter and
every other annotation (ints with a minimum, lists, ...) keeps Typer's. If Typer's internals
change, `install()` leaves Typer as it is.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_TRUE = frozenset({"1", "true", "t", "yes", "y", "on"})
_FALSE = frozenset({"0", "false", "f", "no", "n", "off"})


def install() -> bool:
    """Patch Typer's parameter builder; True if it was patched."""
    try:
        from typer import core
        from typer._click.exceptions import BadParameter
        from typer._coercion import RuntimeParam
        from typer._param_types import coerce_cli_path, routes_to_path
    except ImportError:
        return False
    original = getattr(core, "build_runtime_param", None)
    if original is None or getattr(original, "_accountable", False):
        return original is not None

    @dataclass(frozen=True)
    class _Str(RuntimeParam):
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if isinstance(value, str):
                return value
            if isinstance(value, bytes):
                return value.decode("utf-8", "replace")
            return str(value)

    @dataclass(frozen=True)
    class _Bool(RuntimeParam):
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if isinstance(value, bool):
                return value
            word = str(value).strip().lower()
            if word in _TRUE or word in _FALSE or word == "":
                return word in _TRUE
            raise BadParameter(f"{value!r} is not a valid boolean: use one of "
                               f"{', '.join(sorted(_TRUE | _FALSE))}", ctx=ctx, param=param)

    @dataclass(frozen=True)
    class _Path(RuntimeParam):
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if isinstance(value, (str, bytes)):  # made here, so Typer needs no TypeAdapter
                value = self.annotation(os.fsdecode(value))
            return coerce_cli_path(value, self.parameter_info, path_type=self.annotation,
                                   param=param, ctx=ctx)

    @dataclass(frozen=True)
    class _Strs(RuntimeParam):
        """A repeated text option (`-p a=1 -p b=2`): Typer gives the values or one value."""

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if isinstance(value, (list, tuple)):
                return [v if isinstance(v, str) else str(v) for v in value]
            return value if isinstance(value, str) else str(value)

    def build(descriptor: Any) -> Any:
        a, info = descriptor.annotation, descriptor.parameter_info
        if descriptor.file_annotation is None and info.parser is None:
            if a is str:
                return _Str(annotation=a, parameter_info=info)
            if a == list[str]:
                return _Strs(annotation=a, parameter_info=info)
            if a is bool:
                return _Bool(annotation=a, parameter_info=info)
            if isinstance(a, type) and issubclass(a, Path) and routes_to_path(a, info):
                return _Path(annotation=a, parameter_info=info)
        return original(descriptor)

    build._accountable = True  # type: ignore[attr-defined]
    core.build_runtime_param = build
    return True
