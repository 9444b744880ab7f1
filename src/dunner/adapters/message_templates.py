"""Reads the message templates: the packaged ``templates/messages/<lang>.toml``, then the same
file under the config folder, merged template by template over them, each checked as it is read.

A bad override is a config error naming the file, the template and what is wrong (an unknown
placeholder, an unknown template, unpaired braces, a step with one text only)."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from dunner.domain.messages import PLACEHOLDERS, Templates, template_problems
from dunner.domain.problems import Problem
from dunner.errors import DunnerError, InputRejected
from dunner.i18n import LANGUAGES, t

FOLDER = ("templates", "messages")  # under the package and under the config folder


def override_path(config_dir: Path, lang: str) -> Path:
    """Where a user's templates for ``lang`` go: ``<config dir>/templates/messages/<lang>.toml``."""
    return config_dir.joinpath(*FOLDER, f"{lang}.toml")


def packaged(lang: str) -> Templates:
    """The templates dunner ships for ``lang``."""
    source = resources.files("dunner").joinpath(*FOLDER, f"{lang}.toml")
    return _checked(f"dunner/{'/'.join(FOLDER)}/{lang}.toml",
                    tomllib.loads(source.read_text(encoding="utf-8")))


def load(config_dir: Path | None) -> dict[str, Templates]:
    """Every language's templates (language → template id → variants): the packaged ones, each
    template replaced by the one in the config folder's file when that file has it."""
    out: dict[str, Templates] = {}
    for lang in LANGUAGES:
        merged = dict(packaged(lang))
        path = override_path(config_dir, lang) if config_dir is not None else None
        if path is not None and path.is_file():
            merged.update(_checked(str(path), _read(path)))
        out[lang] = merged
    return out


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DunnerError("config_invalid", t("config.invalid", path=path, reason=exc),
                          t("templates.syntax.hint")) from exc
    except OSError as exc:
        raise DunnerError("config_invalid", t("config.invalid", path=path, reason=exc.strerror),
                          t("config.invalid.hint")) from exc


def _checked(where: str, data: Mapping[str, Any]) -> Templates:
    """The file's templates by id; every problem in it raised together."""
    found: dict[str, tuple[str, ...]] = {}
    problems: list[tuple[str, str]] = []
    for template_id, value in _leaves(data):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not value or \
                not all(isinstance(v, str) and v.strip() for v in value):
            problems.append((template_id, "value"))
            continue
        found[template_id] = tuple(value)
    problems += template_problems(found)
    if problems:
        _raise(where, problems)
    return found


def _leaves(node: Mapping[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for key, value in node.items():
        if isinstance(value, Mapping):
            out += _leaves(value, f"{prefix}{key}.")
        else:
            out.append((f"{prefix}{key}", value))
    return out


def _problem(where: str, template_id: str, what: str) -> Problem:
    kind, _, name = what.partition(":")
    if kind == "placeholder":
        return Problem(where, "template_placeholder",
                       t("templates.placeholder", template=template_id, placeholder=name),
                       t("templates.placeholder.hint", names=", ".join(PLACEHOLDERS)))
    return Problem(where, f"template_{kind}", t(f"templates.{kind}", template=template_id),
                   t(f"templates.{kind}.hint"))


def _raise(where: str, problems: list[tuple[str, str]]) -> None:
    listed = [_problem(where, template_id, what) for template_id, what in problems]
    if len(listed) == 1:
        raise DunnerError("config_invalid", f"{where}: {listed[0].message}", listed[0].hint)
    raise InputRejected("config_invalid", t("templates.problems", path=where, n=len(listed)),
                        listed, t("templates.problems.hint"))
