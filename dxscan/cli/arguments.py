"""Command-line values coerced without pydantic where that is plain: typer 0.29 builds a pydantic
TypeAdapter for every parameter of the command it runs, and importing pydantic and building them
cost about 0.12 s before a scan could start (a tenth of a cold Stripe scan).

`install()` gives typer's parameters a coercion that handles the values a person types for our
annotations (strings, lists of strings, paths, choices, numbers inside their bounds) exactly as
typer's adapters would, and hands everything else, including every invalid value, to typer's own
coercion, so its error messages stay word for word. On typer versions without runtime coercion
(before 0.29) it does nothing.
"""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Any, get_args, get_origin

try:  # typer's own helpers, used as they are; where one is missing (another typer), install() does nothing
    from typer._coercion import build_runtime_param
    from typer._param_types import coerce_cli_choice, coerce_cli_path
    from typer.core import _TyperParameter
except ImportError:
    _TyperParameter = None

_MISS = object()  # the plain coercion does not apply: typer's decides
_NUMBER = re.compile(r"(0|[1-9][0-9]*)(\.[0-9]+)?")


def install() -> None:
    """Route typer's parameters through `PlainParam` (once; a no-op where typer differs)."""
    if _TyperParameter is None or not hasattr(_TyperParameter, "get_runtime_param") or getattr(_TyperParameter, "_dxscan_plain", False):
        return

    def get_runtime_param(self: Any) -> Any:
        if self._runtime_param is None:
            self._runtime_param = PlainParam(self.type_descriptor)
        return self._runtime_param

    _TyperParameter.get_runtime_param = get_runtime_param
    _TyperParameter._dxscan_plain = True


class PlainParam:
    """typer's RuntimeParam contract (`coerce(value, param=, ctx=)`): plain values here, the
    rest by typer's own runtime parameter, built (with pydantic) only when first needed."""

    def __init__(self, descriptor: Any):
        self._descriptor = descriptor
        self._typer: Any = None

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        if value is None:  # as typer's RuntimeParam.coerce
            return () if param.multiple or param.nargs == -1 else None
        info = self._descriptor.parameter_info
        if self._descriptor.file_annotation is None and info.parser is None:
            plain = _plain(self._descriptor.annotation, value, info, param, ctx)
            if plain is not _MISS:
                return plain
        return self._fallback().coerce(value, param=param, ctx=ctx)

    def _fallback(self) -> Any:
        if self._typer is None:
            self._typer = build_runtime_param(self._descriptor)
        return self._typer


def _plain(annotation: Any, value: Any, info: Any, param: Any, ctx: Any) -> Any:
    if get_origin(annotation) is list:
        items = get_args(annotation)
        if items == (str,) and isinstance(value, (list, tuple)) and all(isinstance(item, str) for item in value):
            return list(value)
        return _MISS
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return _choice(annotation, value, info, ctx)
    if annotation is str:
        return value if isinstance(value, str) else _MISS
    if annotation in (int, float):
        return _number(annotation, value, info)
    if annotation is Path and isinstance(value, str) and value:
        return coerce_cli_path(Path(value), info, path_type=Path, param=param, ctx=ctx)  # given a Path, no pydantic
    return _MISS


def _choice(annotation: type[Enum], value: Any, info: Any, ctx: Any) -> Any:
    try:
        return coerce_cli_choice(value, choices=list(annotation), case_sensitive=info.case_sensitive, ctx=ctx)
    except ValueError:  # typer's adapter words the error
        return _MISS


def _number(annotation: type, value: Any, info: Any) -> Any:
    if isinstance(value, bool):
        return _MISS
    if isinstance(value, str):
        if not _NUMBER.fullmatch(value) or (annotation is int and "." in value):
            return _MISS
        number = annotation(value)
    elif isinstance(value, annotation) or (annotation is float and isinstance(value, int)):
        number = annotation(value)
    else:
        return _MISS
    if (info.min is not None and number < info.min) or (info.max is not None and number > info.max):
        return _MISS  # out of bounds: typer says so (or clamps)
    return number
