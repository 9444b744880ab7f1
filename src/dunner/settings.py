"""Typed settings: the built-in defaults (the one place they are written) and the merged
configuration checked whole and frozen into dataclasses that the services hand to the domain."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal
from pathlib import Path
from typing import Any

from dunner.domain.grading import Curve, Escalation, Thresholds
from dunner.domain.timing import Hours, Windows
from dunner.domain.vocab import Channel, Class
from dunner.settings_reader import Reader

# The defaults, in the shape of config.toml. The domain has no copy of any of these numbers: it
# takes them as values (see the dataclasses below and examples/config.toml for what each means).
DEFAULTS: dict[str, Any] = {
    "timezone": "Asia/Shanghai",
    "lang": "",
    "terms": {"default": "net:30", "batch_fallback_days": 30},
    "grading": {
        "collecting_max_days": 90, "doubtful_max_days": 180, "bad_max_days": 730,
        "limitation_alert_days": 90,
        "escalation": {"broken_promises": 2, "days": 180},
        "grades": {"A": 80, "B": 60, "C": 40},  # the lowest score of each grade; below C is D
        "weights": {"on_time": 25, "days_late": 15, "overdue_share": 20, "credit_use": 10,
                    "broken_promises": 15, "signals": 10, "relationship": 5},
        # days overdue → percent expected back, linear between points
        "recovery_curve": [[0, "95"], [30, "90"], [60, "81"], [90, "70"], [180, "52"],
                           [270, "39"], [365, "26.6"], [730, "13.6"], [1095, "3"]],
        "bankrupt_recovery": "0",  # percent, for every invoice of a closed or bankrupt customer
    },
    "calendar": {"holidays": [], "workdays": []},
    "planning": {
        "min_amount": "100",
        "reconfirm_days": 3,
        "capacity": {"visit": 3, "call": 20, "wechat": 40},
        "times": {"start": "09:00", "end": "18:00", "call": "15:30", "wechat": "10:00",
                  "visit": "09:30", "task": "10:00", "afternoon": "14:30"},
        "windows": {"month_start": 2, "month_end": 3, "quarter_end": 5},
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
# Tables whose keys are the user's own (owner names, notifier settings, classes of quotas).
OPEN_TABLES = frozenset({"owners", "notify", "planning.quotas"})
MAX_WINDOW_DAYS = 10  # a longer month-end window would leave the month's cadence no room


@dataclass(frozen=True)
class TermsSettings:
    default: str  # checked: it parses as terms
    batch_fallback_days: int


@dataclass(frozen=True)
class GradingSettings:
    thresholds: Thresholds
    limitation_alert_days: int
    escalation: Escalation
    grades: tuple[tuple[str, int], ...]  # (letter, lowest score) from A down
    weights: Mapping[str, int]
    recovery_curve: Curve
    bankrupt_recovery: Decimal


@dataclass(frozen=True)
class CalendarSettings:
    holidays: tuple[date, ...]
    workdays: tuple[date, ...]


@dataclass(frozen=True)
class PlanningSettings:
    min_amount: int  # fen
    reconfirm_days: int
    capacity: Mapping[Channel, int]
    hours: Hours
    windows: Windows
    quotas: Mapping[Class, Mapping[Channel, int]]
    weights: Mapping[str, int]


@dataclass(frozen=True)
class ImportSettings:
    max_rows: int
    max_columns: int
    max_file_mb: int
    max_uncompressed_mb: int


@dataclass(frozen=True)
class Settings:
    timezone: str
    lang: str
    terms: TermsSettings
    grading: GradingSettings
    calendar: CalendarSettings
    planning: PlanningSettings
    import_: ImportSettings
    owners: Mapping[str, Any]
    notify: Mapping[str, Any]


def parse(values: Mapping[str, Any], path: Path | None = None) -> Settings:
    """The merged configuration as typed settings. Every bad or unknown key is reported — one
    error for one, every one of them for several — each with the file, the key, the value and
    the fix."""
    r = Reader(values, path, DEFAULTS, OPEN_TABLES)
    settings = Settings(
        r.zone("timezone"), r.lang("lang"),
        TermsSettings(r.terms("terms.default"), r.integer("terms.batch_fallback_days")),
        _grading(r), CalendarSettings(r.days("calendar.holidays"), r.days("calendar.workdays")),
        _planning(r),
        ImportSettings(*(r.integer(f"import.{k}", low=1) for k in DEFAULTS["import"])),
        r.table("owners"), r.table("notify"))
    r.done()
    return settings


def _grading(r: Reader) -> GradingSettings:
    keys = ("grading.collecting_max_days", "grading.doubtful_max_days", "grading.bad_max_days")
    limits = [r.integer(k, low=1) for k in keys]
    if not limits[0] < limits[1] < limits[2]:
        r.bad(keys[1] if limits[0] >= limits[1] else keys[2], "config.thresholds.hint")
        limits = [int(DEFAULTS["grading"][k.split(".")[1]]) for k in keys]
    floors = [r.integer(f"grading.grades.{g}", high=100) for g in ("A", "B", "C")]
    if not floors[0] > floors[1] > floors[2]:
        r.bad("grading.grades", "config.grades.hint")
        floors = list(DEFAULTS["grading"]["grades"].values())
    weights = r.weights("grading.weights")
    if sum(weights.values()) != 100:
        r.bad("grading.weights", "config.weights.hint")
    return GradingSettings(
        Thresholds(*limits), r.integer("grading.limitation_alert_days"),
        Escalation(r.integer("grading.escalation.broken_promises", low=1),
                   r.integer("grading.escalation.days", low=1)),
        tuple(zip("ABC", floors, strict=True)), weights, r.curve("grading.recovery_curve"),
        r.percent("grading.bankrupt_recovery"))


def _planning(r: Reader) -> PlanningSettings:
    times = {name: r.clock(f"planning.times.{name}") for name in DEFAULTS["planning"]["times"]}
    hours = Hours(**times)
    for name in hours.problems():
        r.bad(f"planning.times.{name}", "config.hours.hint")
    if hours.problems():
        hours = Hours(**{k: time.fromisoformat(v) for k, v in DEFAULTS["planning"]["times"].items()})
    windows = Windows(*(r.integer(f"planning.windows.{k}", high=MAX_WINDOW_DAYS)
                        for k in DEFAULTS["planning"]["windows"]))
    return PlanningSettings(
        r.amount("planning.min_amount"), r.integer("planning.reconfirm_days"),
        {Channel(k): n for k, n in r.weights("planning.capacity").items()},
        hours, windows, r.quotas("planning.quotas"), r.weights("planning.weights"))

