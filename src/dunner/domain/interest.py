"""Late-payment interest (逾期付款损失 / 违约金): simple interest, day by day, on what is open.

A customer's contract rate (``0.05%/day``, ``6%/year``) wins; without one the courts' default
basis for sales contracts applies: the one-year LPR in force on the first day of default
times a multiplier (1.3–1.5), or, for a default before the first LPR (2019-08-20), the
People's Bank one-year benchmark lending rate. Interest runs from the day after the due date
to the as-of day, both included; a payment dated D lowers the amount from day D on. Exact
arithmetic (``Fraction``), rounded half up to the fen per invoice."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Literal

Basis = Literal["contract", "lpr", "benchmark"]
Per = Literal["day", "year"]
FIRST_LPR = date(2019, 8, 20)  # before it, the benchmark lending rate
DAY_BASES = (360, 365)

_RATE = re.compile(r"^(\d+(?:\.\d+)?)%?(?:/|每|per)?(day|d|日|天|year|y|年)$")
_DAILY = {"day", "d", "日", "天"}


class RateError(ValueError):
    """Text that is no late-payment rate."""


@dataclass(frozen=True)
class Rate:
    """A rate in percent per day or per year, as typed (``0.05%/day``, ``6%/year``)."""

    percent: Decimal
    per: Per

    def __str__(self) -> str:
        return f"{self.percent.normalize():f}%/{self.per}"

    def daily(self, day_basis: int) -> Fraction:
        """The share of the amount owed per day."""
        share = Fraction(self.percent) / 100
        return share if self.per == "day" else share / day_basis


def parse_rate(text: str) -> Rate:
    """``0.05%/day``, ``6%/year``, ``日万分之五`` is not accepted: write ``0.05%/日``."""
    s = unicodedata.normalize("NFKC", text).strip().lower().replace(" ", "")
    m = _RATE.match(s)
    if m is None:
        raise RateError(text)
    percent = Decimal(m.group(1))
    per: Per = "day" if m.group(2) in _DAILY else "year"
    if percent <= 0 or (per == "day" and percent > 1) or percent > 100:
        raise RateError(text)
    return Rate(percent, per)


@dataclass(frozen=True)
class RatePoint:
    """A rate (percent a year) in force from ``since`` until the next point."""

    since: date
    percent: Decimal
    source: str = ""


@dataclass(frozen=True)
class RateTables:
    lpr: tuple[RatePoint, ...]  # sorted by date
    benchmark: tuple[RatePoint, ...]
    known_until: date  # the last announcement the LPR table was checked against


def rate_on(points: Sequence[RatePoint], day: date) -> RatePoint | None:
    """The point in force on ``day`` (the latest since on or before it)."""
    found = None
    for p in points:
        if p.since > day:
            break
        found = p
    return found


@dataclass(frozen=True)
class Applied:
    """The rate an invoice's interest runs at: percent per ``per``, and where it comes from."""

    rate: Rate
    basis: Basis
    since: date | None = None  # the LPR or benchmark announcement used


def default_rate(tables: RateTables, default_day: date, multiplier: Decimal) -> Applied:
    """The LPR (or before the first LPR the benchmark rate) in force on the first day of
    default, times ``multiplier``, a year."""
    if default_day >= FIRST_LPR and tables.lpr:
        point, basis = rate_on(tables.lpr, default_day), "lpr"
    else:
        point, basis = rate_on(tables.benchmark, default_day), "benchmark"
    if point is None:  # before the first rate known: the earliest one
        point = (tables.benchmark or tables.lpr)[0]
    kind: Basis = "lpr" if basis == "lpr" else "benchmark"
    return Applied(Rate(point.percent * multiplier, "year"), kind, point.since)


@dataclass(frozen=True)
class Accrual:
    """One invoice's interest as of a day."""

    number: str
    open: int  # fen open on the as-of day
    start: date  # the first day of default (due + 1)
    days: int  # days in default up to the as-of day
    applied: Applied
    amount: int  # fen, half up


def accrue(amount: int, due: date, reductions: Sequence[tuple[date | None, int]], as_of: date,
           daily: Fraction) -> tuple[int, int, int]:
    """(days in default, fen open on ``as_of``, interest in fen) on ``amount`` due on ``due``;
    ``reductions`` are (day, fen) of what paid it — an undated one counts from the start."""
    start = due + timedelta(days=1)
    steps = sorted(((d if d is not None and d > start else start), fen)
                   for d, fen in reductions if d is None or d <= as_of)
    days = max((as_of - start).days + 1, 0)
    total = Fraction(0)
    open_fen, day = amount, start
    for on, fen in steps:
        if on > day:
            total += Fraction(open_fen) * (on - day).days
            day = on
        open_fen = max(open_fen - fen, 0)
    if days and as_of >= day:
        total += Fraction(open_fen) * ((as_of - day).days + 1)
    return days, open_fen, half_up(total * daily)


def half_up(value: Fraction) -> int:
    """A non-negative fraction of a fen to whole fen, half up."""
    return (2 * value.numerator + value.denominator) // (2 * value.denominator)
