"""Configuration: built-in defaults, then config.toml, then DUNNER_* env; each value knows its source."""

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

APP = "dunner"

DEFAULTS: dict[str, Any] = {
    "timezone": "Asia/Shanghai",
    "lang": "",
    "terms": {"default": "net:30", "batch_fallback_days": 30},
    "grading": {
        "collecting_max_days": 90, "doubtful_max_days": 180, "bad_max_days": 730,
        "limitation_alert_days": 90,
        "weights": {"on_time": 25, "days_late": 15, "overdue_share": 20, "credit_use": 10,
                    "broken_promises": 15, "signals": 10, "relationship": 5},
        # days overdue → percent expected back, linear between points
        "recovery_curve": [[0, "95"], [30, "90"], [60, "81"], [90, "70"], [180, "52"],
                           [270, "39"], [365, "26.6"], [730, "13.6"], [1095, "3"]],
    },
    "calendar": {"holidays": [], "workdays": []},
    "planning": {
        "min_amount": "100",
        "capacity": {"visit": 3, "call": 20, "wechat": 40},
        "times": {"start": "09:00", "end": "18:00", "call": "15:30", "wechat": "10:00",
                  "visit": "09:30", "task": "10:00", "afternoon": "14:30"},
        "quotas": {"collecting": {"wechat": 5, "call": 3, "visit": 1},
                   "doubtful": {"wechat": 5, "call": 3, "visit": 1, "letter": 1},
                   "bad": {"call": 2, "visit": 1, "letter": 1, "legal": 1}},
        "weights": {"amount": 30, "age": 25, "grade": 20, "broken_promises": 10, "signals": 10,
                    "distance": 5},
    },
    "import": {"max_rows": 1_000_000, "max_columns": 200, "max_file_mb": 200,
               "max_uncompressed_mb": 1024},
    "owners": {},
    "notify": {},
}
SECRET_WORDS = ("password", "secret", "token", "key=", "webhook", "url")


@dataclass(frozen=True)
class Config:
    values: dict[str, Any]
    sources: dict[str, str] = field(default_factory=dict)
    path: Path | None = None

    def get(self, dotted: str) -> Any:
        node: Any = self.values
        for part in dotted.split("."):
            node = node[part]
        return node

    @property
    def timezone(self) -> str:
        return str(self.values["timezone"])

    @property
    def default_terms(self) -> str:
        return str(self.values["terms"]["default"])

    @property
    def batch_fallback_days(self) -> int:
        return int(self.values["terms"]["batch_fallback_days"])


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
    if path.exists():
        data = _read_toml(path)
        _merge(values, data, sources, str(path), "")
    elif named:
        raise DunnerError("config_missing", t("config.missing", path=path), t("config.missing.hint"))
    _validate(values, path)
    return Config(values, sources, path if path.exists() else None)


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


def _validate(values: dict[str, Any], path: Path) -> None:
    from dunner.domain.terms import TermsError, parse_terms

    try:
        parse_terms(str(values["terms"]["default"]))
    except TermsError as exc:
        raise DunnerError("config_invalid",
                          t("config.bad_value", path=path, key="terms.default",
                            value=values["terms"]["default"]),
                          t("terms.hint")) from exc
    for key in ("terms.batch_fallback_days", "grading.collecting_max_days",
                "grading.doubtful_max_days", "grading.bad_max_days", "grading.limitation_alert_days"):
        section, name = key.split(".")
        if not isinstance(values[section][name], int) or values[section][name] < 0:
            raise DunnerError("config_invalid",
                              t("config.bad_value", path=path, key=key, value=values[section][name]),
                              t("config.integer.hint"))
    weights = values["grading"]["weights"]
    if not all(isinstance(v, int) and v >= 0 for v in weights.values()) or sum(weights.values()) != 100:
        raise DunnerError("config_invalid", t("config.bad_value", path=path, key="grading.weights",
                                              value=weights), t("config.weights.hint"))


def flatten(config: Config) -> list[tuple[str, Any, str]]:
    """(key, value, source) for every leaf, secrets masked, for ``config show``."""
    rows = []
    for key in _leaves(config.values):
        value = config.get(key)
        if any(word in key.lower() for word in SECRET_WORDS) and value:
            value = "***"
        rows.append((key, value, config.sources.get(key, str(config.path))))
    return rows
