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
    "terms": {"default": "net:30", "batch_fallback_days": 30, "bill_grace_days": 3},
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
        # a visit's length and the travel to the next: one rep's visits of a day are this far apart
        "visit_minutes": 45, "travel_minutes": 15,
        # cities a rep can visit on one day, e.g. [["广州", "佛山"]]; any other two cannot
        "nearby": [],
    },
    "import": {"max_rows": 1_000_000, "max_columns": 200, "max_file_mb": 200,
               "max_uncompressed_mb": 1024, "max_cells": 1_000_000},
    "owners": {},
    "notify": {},
    # the company's own details, printed on statements and demand letters
    "company": {"name": "", "address": "", "phone": "", "bank": "", "account": "", "contact": "",
                "seal": ""},
    "gate": {"hold_grace_days": 0, "unsold_goods_times": 2, "unsold_goods_days": 60},
    "letters": {"deadline_days": 7},
    # late-payment interest: the LPR basis's multiplier (1.3–1.5), days in a year (365 or 360),
    # whether statements and letters show it, and LPR values ([date, "percent"]) beyond the
    # table shipped with dunner
    "interest": {"lpr_multiplier": "1.5", "day_basis": 365, "show": True, "lpr": []},
}
# Tables whose keys are the user's own (owner names, notifier settings, classes of quotas).
OPEN_TABLES = frozenset({"owners", "notify", "planning.quotas"})
MAX_WINDOW_DAYS = 10  # a longer month-end window would leave the month's cadence no room


@dataclass(frozen=True)
class TermsSettings:
    default: str  # checked: it parses as terms
    batch_fallback_days: int
    bill_grace_days: int = 3  # an acceptance bill is outstanding until maturity + these days


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
    visit_minutes: int
    travel_minutes: int
    nearby: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class ImportSettings:
    max_rows: int
    max_columns: int
    max_file_mb: int
    max_uncompressed_mb: int
    max_cells: int  # cells held at once: every read sheet from A1 to its last cell


@dataclass(frozen=True)
class CompanySettings:
    """Who sends statements and letters: every field optional, a document marks what is missing."""

    name: str
    address: str
    phone: str
    bank: str  # the bank of the account for payment (开户行)
    account: str  # the account number for payment
    contact: str  # the person to call about the account
    seal: str  # an image of the seal or letterhead (a path; "" for none)

    def missing(self, fields: tuple[str, ...] = ("name", "address", "phone", "bank", "account",
                                                 "contact")) -> list[str]:
        """The fields of ``fields`` that are empty, as ``company.<field>``."""
        return [f"company.{f}" for f in fields if not getattr(self, f).strip()]


@dataclass(frozen=True)
class GateSettings:
    hold_grace_days: int
    unsold_goods_times: int
    unsold_goods_days: int


@dataclass(frozen=True)
class InterestSettings:
    """Late-payment interest without a contract rate: the LPR basis and how days are counted."""

    lpr_multiplier: Decimal = Decimal("1.5")  # 1.3–1.5
    day_basis: int = 365  # or 360
    show: bool = True  # statements and letters print it on a line of its own
    lpr: tuple[tuple[date, Decimal], ...] = ()  # values beyond (or correcting) the shipped table


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
    company: CompanySettings
    gate: GateSettings
    letter_deadline_days: int  # a formal demand's deadline: this many days, then a working day
    interest: InterestSettings = InterestSettings()


def parse(values: Mapping[str, Any], path: Path | None = None) -> Settings:
    """The merged configuration as typed settings. Every bad or unknown key is reported — one
    error for one, every one of them for several — each with the file, the key, the value and
    the fix."""
    r = Reader(values, path, DEFAULTS, OPEN_TABLES)
    settings = Settings(
        r.zone("timezone"), r.lang("lang"),
        TermsSettings(r.terms("terms.default"), r.integer("terms.batch_fallback_days"),
                      r.integer("terms.bill_grace_days")),
        _grading(r), CalendarSettings(r.days("calendar.holidays"), r.days("calendar.workdays")),
        _planning(r),
        ImportSettings(*(r.integer(f"import.{k}", low=1) for k in DEFAULTS["import"])),
        r.table("owners"), r.table("notify"),
        company=CompanySettings(*(r.text(f"company.{k}") for k in DEFAULTS["company"])),
        gate=GateSettings(r.integer("gate.hold_grace_days"),
                          r.integer("gate.unsold_goods_times", low=1),
                          r.integer("gate.unsold_goods_days", low=1)),
        letter_deadline_days=r.integer("letters.deadline_days", low=1),
        interest=_interest(r))
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
        hours, windows, r.quotas("planning.quotas"), r.weights("planning.weights"),
        r.integer("planning.visit_minutes", low=5, high=480),
        r.integer("planning.travel_minutes", low=0, high=480), r.groups("planning.nearby"))



def _interest(r: Reader) -> InterestSettings:
    return InterestSettings(
        r.read("interest.lpr_multiplier", _multiplier, "config.multiplier.hint"),
        r.read("interest.day_basis", _day_basis, "config.day_basis.hint"),
        r.read("interest.show", _flag, "config.flag.hint"),
        r.read("interest.lpr", _rates, "config.lpr.hint"))


def _multiplier(value: object) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise TypeError(type(value).__name__)
    out = Decimal(str(value))
    if not Decimal("1.3") <= out <= Decimal("1.5"):
        raise ValueError(value)
    return out


def _day_basis(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in (360, 365):
        raise ValueError(value)
    return value


def _flag(value: object) -> bool:
    if not isinstance(value, bool):
        raise TypeError(type(value).__name__)
    return value


def _rates(value: object) -> tuple[tuple[date, Decimal], ...]:
    """[["2025-06-20", "3.0"], …]: a date (TOML date or text) and a percent a year."""
    from dunner.domain.dates import parse_date_text

    if not isinstance(value, list):
        raise TypeError(type(value).__name__)
    out = []
    for pair in value:
        day, percent = pair
        on = day if isinstance(day, date) else parse_date_text(str(day))
        rate = Decimal(str(percent))
        if not 0 < rate < 100:
            raise ValueError(percent)
        out.append((on, rate))
    return tuple(sorted(out))
