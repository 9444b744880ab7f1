"""Reads the merged config.toml values as typed settings: each bad or unknown key becomes a
problem naming the file, the key, the value and the fix, and its default stands in so the rest
is still read — a run reports every problem, not just the first."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from dunner.domain.cadence import PURPOSE, ROUTINE_CLASSES
from dunner.domain.grading import Curve
from dunner.domain.problems import Problem
from dunner.domain.vocab import Channel, Class
from dunner.errors import DunnerError, InputRejected
from dunner.i18n import LANGUAGES, t

T = TypeVar("T")
_MISSING: Any = object()
_UNKNOWN: Any = object()  # a key dunner does not know (reported as such, not as a bad value)


class Reader:
    def __init__(self, values: Mapping[str, Any], path: Path | None, defaults: Mapping[str, Any],
                 open_tables: frozenset[str]) -> None:
        self.values, self.path, self.defaults = values, path, defaults
        self.problems: list[tuple[str, object, str]] = []  # (key, value, hint)
        self._shape(defaults, values, "", open_tables)

    def _shape(self, default: Mapping[str, Any], given: Mapping[str, Any], prefix: str,
               open_tables: frozenset[str]) -> None:
        """Unknown keys, and a plain value where a table of settings belongs."""
        for key, value in given.items():
            dotted = f"{prefix}{key}"
            if key not in default:
                self.problems.append((dotted, _UNKNOWN, t("config.unknown.hint")))
            elif isinstance(default[key], dict) and not isinstance(value, Mapping):
                self.bad(dotted, "config.table.hint")
            elif isinstance(default[key], dict) and dotted not in open_tables:
                self._shape(default[key], value, dotted + ".", open_tables)

    # --- lookups and problems ---------------------------------------------------------------

    def get(self, key: str) -> Any:
        value = _walk(self.values, key)
        return _walk(self.defaults, key) if value is _MISSING else value

    def bad(self, key: str, hint: str, value: object = _MISSING, **params: object) -> None:
        self.problems.append((key, self.get(key) if value is _MISSING else value, t(hint, **params)))

    def read(self, key: str, convert: Callable[[Any], T], hint: str, fallback: T | None = None,
             **params: object) -> T:
        """``convert`` the key's value; a value it refuses is a problem, and the default (or
        ``fallback``) is read instead."""
        out = typed(self.get(key), convert)
        if out is not None:
            return out
        self.bad(key, hint, **params)
        default = typed(_walk(self.defaults, key), convert)
        return default if default is not None else fallback  # type: ignore[return-value]

    def done(self) -> None:
        """Raise what was found: one problem as one error, several together."""
        raise_problems(str(self.path) if self.path else "defaults", self.problems, _UNKNOWN)

    # --- typed values -----------------------------------------------------------------------

    def integer(self, key: str, low: int = 0, high: int | None = None) -> int:
        hint = "config.at_least.hint" if high is None else "config.between.hint"
        return self.read(key, lambda v: _integer(v, low, high), hint, 0, low=low, high=high)

    def clock(self, key: str) -> time:
        return self.read(key, _clock, "config.time.hint")

    def percent(self, key: str) -> Decimal:
        return self.read(key, _percent, "config.percent.hint")

    def amount(self, key: str) -> int:
        from dunner.domain.money import to_fen

        return self.read(key, lambda v: _at_least(to_fen(v), 0), "amount.hint")

    def terms(self, key: str) -> str:
        from dunner.domain.terms import parse_terms

        def terms(value: object) -> str:
            parse_terms(_text(value))
            return _text(value)

        return self.read(key, terms, "terms.hint")

    def zone(self, key: str) -> str:
        from zoneinfo import ZoneInfo

        return self.read(key, lambda v: ZoneInfo(_text(v)).key, "timezone.bad.hint")

    def lang(self, key: str) -> str:
        return self.read(key, _language, "config.lang.hint")

    def text(self, key: str) -> str:
        """A line of text (a name, an address, an account number), trimmed."""
        return self.read(key, lambda v: _text(v).strip(), "config.text.hint")

    def table(self, key: str) -> dict[str, Any]:
        value = self.get(key)
        return dict(value) if isinstance(value, Mapping) else dict(_walk(self.defaults, key))

    def days(self, key: str) -> tuple[date, ...]:
        """A list of dates (TOML dates or "YYYY-MM-DD"); each bad one is its own problem."""
        values = self.get(key)
        if not isinstance(values, list):
            self.bad(key, "config.date.hint")
            return ()
        out = []
        for value in values:
            day = typed(value, _day)
            if day is None:
                self.bad(key, "config.date.hint", value)
            else:
                out.append(day)
        return tuple(out)

    def groups(self, key: str) -> tuple[tuple[str, ...], ...]:
        """Lists of names (cities near each other): each group two names or more."""
        def convert(value: object) -> tuple[tuple[str, ...], ...]:
            if not isinstance(value, list):
                raise ValueError(value)
            out = []
            for group in value:
                if not isinstance(group, list) or len(group) < 2 or \
                        not all(isinstance(x, str) and x.strip() for x in group):
                    raise ValueError(group)
                out.append(tuple(x.strip() for x in group))
            return tuple(out)

        return self.read(key, convert, "config.groups.hint", ())

    def weights(self, key: str) -> dict[str, int]:
        """Whole points of 0 or more for each of the default's names (others are unknown keys)."""
        return {name: self.integer(f"{key}.{name}") for name in _walk(self.defaults, key)}

    def curve(self, key: str) -> Curve:
        return self.read(key, _curve, "config.curve.hint")

    def quotas(self, key: str) -> dict[Class, dict[Channel, int]]:
        """Monthly contacts per routine class and channel."""
        out: dict[Class, dict[Channel, int]] = {}
        for name, quota in self.table(key).items():
            if name not in ROUTINE_CLASSES:
                self.bad(f"{key}.{name}", "config.quota_class.hint",
                         classes=", ".join(ROUTINE_CLASSES))
            elif not isinstance(quota, Mapping):
                self.bad(f"{key}.{name}", "config.table.hint")
            else:
                out[Class(name)] = {}
                for channel in quota:
                    if channel in PURPOSE:
                        out[Class(name)][Channel(channel)] = self.integer(f"{key}.{name}.{channel}")
                    else:
                        self.bad(f"{key}.{name}.{channel}", "config.quota_channel.hint",
                                 channels=", ".join(PURPOSE))
        return out


def typed(value: object, convert: Callable[[Any], T]) -> T | None:
    """``convert(value)``, or None when the value does not fit."""
    try:
        return convert(value)
    except (ValueError, TypeError, KeyError, ArithmeticError, OSError):
        return None


def _walk(node: Any, dotted: str) -> Any:
    for part in dotted.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return _MISSING
        node = node[part]
    return node


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(type(value).__name__)
    return value


def _at_least(value: int, low: int) -> int:
    if value < low:
        raise ValueError(value)
    return value


def _integer(value: object, low: int, high: int | None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(type(value).__name__)
    if high is not None and value > high:
        raise ValueError(value)
    return _at_least(value, low)


def _percent(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise TypeError(type(value).__name__)
    out = Decimal(str(value))
    if not 0 <= out <= 100:
        raise ValueError(value)
    return out


def _clock(value: object) -> time:
    """ "HH:MM" (or a TOML time) → ``time``."""
    if isinstance(value, time):
        return value
    hh, mm = _text(value).split(":")
    if len(mm) != 2:
        raise ValueError(value)
    return time(int(hh), int(mm))


def _day(value: object) -> date:
    from dunner.domain.dates import parse_date_text

    if isinstance(value, datetime):
        raise TypeError("a date and time, not a date")
    return value if isinstance(value, date) else parse_date_text(_text(value))


def _language(value: object) -> str:
    text = _text(value)
    if text and text.strip().lower()[:2] not in LANGUAGES:
        raise ValueError(text)
    return text


def _curve(value: object) -> Curve:
    """[days, percent] pairs, days rising, percents from 0 to 100."""
    if not isinstance(value, list) or not value:
        raise TypeError("not a list of pairs")
    points = []
    for pair in value:
        days, percent = pair
        points.append((_integer(days, 0, None), _percent(percent)))
    if any(b[0] <= a[0] for a, b in zip(points, points[1:], strict=False)):
        raise ValueError("days must rise")
    return tuple(points)


def raise_problems(where: str, problems: Sequence[tuple[str, object, str]], unknown: object) -> None:
    """(key, bad value — or ``unknown`` for a key that should not be there —, hint) as one
    error when there is one, else every one listed under a summary line."""
    if not problems:
        return
    if len(problems) == 1:
        key, value, hint = problems[0]
        message = (t("config.unknown", path=where, key=key) if value is unknown
                   else t("config.bad_value", path=where, key=key, value=value))
        raise DunnerError("config_invalid", message, hint)
    listed = [Problem(where, "config_invalid",
                      t("config.unknown_entry", key=key) if value is unknown
                      else t("config.bad_entry", key=key, value=value), hint)
              for key, value, hint in problems]
    raise InputRejected("config_invalid", t("config.problems", path=where, n=len(listed)), listed,
                        t("config.problems.hint"))
