"""The boss's view of the month: collections against the forecast, the DSO trend and whether it
is getting better, and the customers with the most money not expected back."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from dunner.domain.assessment import CustomerFile, Policy
from dunner.domain.dates import days_in_month
from dunner.domain.forecast import forecast
from dunner.domain.kpi import kpis
from dunner.domain.money import yuan
from dunner.i18n import t

MONTHS = 6  # the DSO trend's months, the running one included
TOP = 5  # the largest risks shown
STEADY_DAYS = Decimal("1")  # a DSO that moved by less than a day either way is steady


class Direction(StrEnum):
    BETTER = "better"  # fewer days of sales outstanding
    WORSE = "worse"
    STEADY = "steady"


@dataclass(frozen=True)
class DsoTrend:
    """The latest month's DSO against the month before it that has one."""

    month: str  # YYYY-MM
    dso: Decimal
    before_month: str
    before: Decimal

    @property
    def change(self) -> Decimal:
        """Days more (positive) or fewer (negative) than the month before."""
        return self.dso - self.before

    @property
    def direction(self) -> Direction:
        if abs(self.change) < STEADY_DAYS:
            return Direction.STEADY
        return Direction.BETTER if self.change < 0 else Direction.WORSE


def dso_trend(dso: Sequence[tuple[str, Decimal | None]]) -> DsoTrend | None:
    """The last month's DSO against the latest earlier month with one; None when the last month
    has no DSO (no sales at all) or no earlier month has one."""
    if not dso or dso[-1][1] is None:
        return None
    month, value = dso[-1]
    assert value is not None
    for before_month, before in reversed(dso[:-1]):
        if before is not None:
            return DsoTrend(month, value, before_month, before)
    return None


@dataclass(frozen=True)
class BossView:
    today: date
    collected: int  # payments dated this month so far
    forecast_month: int  # what the forecast made at the month's start expected this month
    expected_rest: int  # what today's forecast expects for the rest of the month
    dso: list[tuple[str, Decimal | None]] = field(default_factory=list)  # (YYYY-MM, DSO)
    risks: list[tuple[str, str, int, int]] = field(default_factory=list)  # customer, owner, open, at risk

    @property
    def share(self) -> Decimal | None:
        """What was collected as a part of what the month's forecast expected (None without one)."""
        return Decimal(self.collected) / Decimal(self.forecast_month) if self.forecast_month else None

    @property
    def trend(self) -> DsoTrend | None:
        return dso_trend(self.dso)


def month_view(files: Sequence[CustomerFile], policy: Policy, today: date, months: int = MONTHS,
               top: int = TOP) -> BossView:
    """The month's collections against the forecast made at its start, what today's forecast
    still expects this month, the DSO of the last ``months`` months and the ``top`` customers
    with the most open money the forecast does not expect back."""
    first = today.replace(day=1)
    last = today.replace(day=days_in_month(today.year, today.month))
    then = forecast(files, policy, first - timedelta(days=1))
    now = forecast(files, policy, today)
    trend = kpis(files, policy, today, months)[""]
    collected = sum(p.amount for f in files for p in f.payments
                    if p.on is not None and first <= p.on <= today)
    risk: dict[str, list[int]] = {}
    owners: dict[str, str] = {}
    for p in now:
        entry = risk.setdefault(p.customer, [0, 0])
        entry[0] += p.open
        entry[1] += p.open - p.expected
        owners[p.customer] = p.owner
    risks = sorted(((c, owners[c], o, r) for c, (o, r) in risk.items() if r > 0),
                   key=lambda x: (-x[3], x[0]))[:top]
    return BossView(
        today, collected,
        sum(p.expected for p in then if p.pay_date is not None and first <= p.pay_date <= last),
        sum(p.expected for p in now if p.pay_date is not None and today <= p.pay_date <= last),
        [(f"{k.month[0]:04d}-{k.month[1]:02d}", k.dso) for k in trend], risks)


def collected_text(view: BossView) -> str:
    """``Collected this month: ¥… (forecast at the month's start: ¥…, 85%)``."""
    share = "—" if view.share is None else f"{view.share:.0%}"
    return t("boss.collected", collected=yuan(view.collected), forecast=yuan(view.forecast_month),
             share=share)


def trend_text(view: BossView) -> str:
    """Whether DSO is getting better: the latest month against the one before it."""
    trend = view.trend
    if trend is None:
        return t("boss.dso.unknown")
    return t(f"boss.dso.{trend.direction}", month=trend.month, dso=trend.dso,
             before_month=trend.before_month, before=trend.before, days=abs(trend.change))
