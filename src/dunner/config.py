"""Configuration: built-in defaults, then config.toml, then DUNNER_* env; each value knows its source.

The defaults and the typed, checked form of the values (``Config.settings``) are in
``dunner.settings``; this module finds, reads and merges the file."""

from __future__ import annotations

import copy
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dunner.errors import DunnerError
from dunner.i18n import t
from dunner.settings import DEFAULTS, Settings, parse

APP = "dunner"
SECRET_WORDS = ("password", "secret", "token", "key=", "webhook", "url")


@dataclass(frozen=True)
class Config:
    """The merged values (for ``config show``), where each came from, and the typed settings
    the rest of dunner reads — checked whole when the Config is made."""

    values: dict[str, Any]
    sources: dict[str, str] = field(default_factory=dict)
    path: Path | None = None
    settings: Settings = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "settings", parse(self.values, self.path))

    def get(self, dotted: str) -> Any:
        node: Any = self.values
        for part in dotted.split("."):
            node = node[part]
        return node

    @property
    def timezone(self) -> str:
        return self.settings.timezone

    @property
    def default_terms(self) -> str:
        return self.settings.terms.default

    @property
    def batch_fallback_days(self) -> int:
        return self.settings.terms.batch_fallback_days


def default_config_path() -> Path:
    from platformdirs import user_config_path

    return user_config_path(APP) / "config.toml"


def default_db_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP) / "dunner.db"


def config_path(explicit: str | None, environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    value = explicit or env.get("DUNNER_CONFIG")
    return Path(value).expanduser() if value else default_config_path()


def load_config(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> Config:
    """The effective configuration; a file named explicitly must exist."""
    env = os.environ if environ is None else environ
    path = config_path(explicit, env)
    named = bool(explicit or env.get("DUNNER_CONFIG"))
    values = copy.deepcopy(DEFAULTS)
    sources = dict.fromkeys(_leaves(values), "default")
    found = _exists(path, named)
    if found:
        data = _read_toml(path)
        _merge(values, data, sources, str(path), "")
    elif named:
        raise DunnerError("config_missing", t("config.missing", path=path), t("config.missing.hint"))
    return Config(values, sources, path if found else None)  # checked whole here


def _exists(path: Path, named: bool) -> bool:
    """Whether the file is there. A path named with --config or DUNNER_CONFIG that cannot even
    be looked at (too long a name, a folder one may not enter) is the user's to fix, said in one
    line; the default place, unreadable, is as good as empty (the defaults apply)."""
    try:
        return path.exists()
    except OSError as exc:
        if not named:
            return False
        raise DunnerError("config_unreachable", t("config.unreachable", path=path,
                                                  reason=exc.strerror),
                          t("config.unreachable.hint")) from exc


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise DunnerError("config_invalid", t("config.invalid", path=path, reason=exc),
                          t("config.invalid.hint")) from exc
    except OSError as exc:
        raise DunnerError("config_invalid", t("config.invalid", path=path, reason=exc.strerror),
                          t("config.invalid.hint")) from exc


def _merge(base: dict[str, Any], data: Mapping[str, Any], sources: dict[str, str],
           source: str, prefix: str) -> None:
    for key, value in data.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, Mapping) and isinstance(base.get(key), dict):
            _merge(base[key], value, sources, source, dotted + ".")
        else:
            base[key] = copy.deepcopy(value)
            for leaf in _leaves({key: value}, prefix):
                sources[leaf] = source


def _leaves(node: Mapping[str, Any], prefix: str = "") -> list[str]:
    out: list[str] = []
    for key, value in node.items():
        if isinstance(value, Mapping) and value:
            out.extend(_leaves(value, f"{prefix}{key}."))
        else:
            out.append(f"{prefix}{key}")
    return out


def flatten(config: Config) -> list[tuple[str, Any, str]]:
    """(key, value, source) for every leaf, secrets masked, for ``config show``."""
    rows = []
    for key in _leaves(config.values):
        value = config.get(key)
        if any(word in key.lower() for word in SECRET_WORDS) and value:
            value = "***"
        rows.append((key, value, config.sources.get(key, str(config.path))))
    return rows
