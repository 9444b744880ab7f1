"""Command-line values converted without pydantic.

typer converts every parameter of the command being run through a pydantic ``TypeAdapter``;
importing pydantic and building the adapters costs about 0.1 s, a third of a small ledger's
whole ``dunner status``. dunner's parameters are only text, flags, whole numbers (some within
bounds), paths and lists of text, which need none of that: ``install`` gives typer a light
converter for exactly those, and leaves every other annotation (and any parameter with a custom
parser) to typer's own. If typer's internals ever differ from what this expects, nothing is
installed and typer converts as it always did.
"""

from __future__ import annotations

import types
import typing
from pathlib import Path
from typing import Any

_TRUE = frozenset({"1", "on", "t", "true", "y", "yes"})
_FALSE = frozenset({"", "0", "f", "false", "n", "no", "off"})
_PLAIN = (str, bool, int, Path)


def _plain(annotation: Any) -> type | None:
    """The one plain type ``annotation`` stands for (``X`` or ``X | None``), else None."""
    if annotation in _PLAIN:
        return typing.cast(type, annotation)
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1 and args[0] in _PLAIN:
            return typing.cast(type, args[0])
    return None


def install() -> None:
    """Give typer the light converter for plain parameters (once; silently not at all when
    typer's internals are not the expected ones)."""
    try:
        from typer import core
        from typer._click.exceptions import BadParameter
        from typer._coercion import RuntimeParam
        from typer._param_types import coerce_cli_path
    except ImportError:  # pragma: no cover - another typer
        return
    original = getattr(core, "build_runtime_param", None)
    if original is None or getattr(original, "_dunner_plain", False):
        return

    class PlainRuntimeParam(RuntimeParam):
        """Text, flags, whole numbers and paths, converted by hand."""

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if isinstance(value, (list, tuple)):
                return type(value)(self._one(v, param, ctx) for v in value)
            return self._one(value, param, ctx)

        def _one(self, value: Any, param: Any, ctx: Any) -> Any:
            kind = _plain(self.annotation)
            if kind is None:  # a list of text
                kind = str
            if isinstance(value, bytes):
                value = value.decode("utf-8", "replace")
            if kind is str:
                return str(value)
            if kind is bool:
                return _flag(value, param, ctx, BadParameter)
            if kind is int:
                return _whole(value, self.parameter_info, param, ctx, BadParameter)
            path = value if isinstance(value, Path) else Path(value)
            return coerce_cli_path(path, self.parameter_info, path_type=Path, param=param, ctx=ctx)

    def build_runtime_param(descriptor: Any) -> Any:
        info = descriptor.parameter_info
        annotation = descriptor.annotation
        plain = _plain(annotation)
        if plain is None and typing.get_origin(annotation) is list:
            plain = str if typing.get_args(annotation) == (str,) else None
        if (plain is None or descriptor.file_annotation is not None or info.parser is not None
                or getattr(info, "clamp", False)
                or (plain is Path and info.path_type not in (None, Path))):
            return original(descriptor)
        return PlainRuntimeParam(parameter_info=info, annotation=annotation)

    build_runtime_param._dunner_plain = True  # type: ignore[attr-defined]
    core.build_runtime_param = build_runtime_param  # type: ignore[attr-defined]


def _flag(value: Any, param: Any, ctx: Any, error: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise error(f"{value!r} is not a valid boolean (true/false, yes/no, 1/0).", ctx=ctx,
                param=param)


def _whole(value: Any, info: Any, param: Any, ctx: Any, error: Any) -> int:
    if isinstance(value, bool):
        raise error(f"{value!r} is not a whole number.", ctx=ctx, param=param)
    if isinstance(value, int):
        number = value
    else:
        try:
            number = int(str(value).strip())
        except ValueError:
            raise error(f"{value!r} is not a whole number.", ctx=ctx, param=param) from None
    low, high = info.min, info.max
    if low is not None and number < low:
        raise error(f"{number} is less than {low}; use {low} or more.", ctx=ctx, param=param)
    if high is not None and number > high:
        raise error(f"{number} is more than {high}; use {high} or less.", ctx=ctx, param=param)
    return number
