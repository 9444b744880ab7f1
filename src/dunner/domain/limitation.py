"""The limitation period (诉讼时效, Civil Code arts. 188–203): three years, restarted by acts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from dunner.domain.calendar import WorkCalendar
from dunner.domain.dates import add_years

YEARS = 3
ALERT_DAYS = 90


@dataclass(frozen=True)
class Restart:
    """An act that restarts the period in full: payment, acknowledgement, promise, plan, demand."""

    on: date
    kind: str  # payment | acknowledgement | promise | plan | demand
    evidence: bool = True  # a demand counts only when its delivery left evidence
    plan_end: date | None = None  # a repayment plan: the last instalment's due date


def counts(restart: Restart) -> bool:
    return restart.kind != "demand" or restart.evidence


def expiry(due: date, restarts: Iterable[Restart], calendar: WorkCalendar) -> date:
    """Last day to sue: three years after the due date or the latest restart (or plan end);
    a day the month lacks becomes its last day, a rest day moves to the next working day."""
    start = due
    for r in restarts:
        if counts(r):
            start = max(start, r.on, r.plan_end or r.on)
    return _last_day(start, calendar)


@lru_cache(maxsize=8192)  # a ledger has far fewer distinct start days than invoices
def _last_day(start: date, calendar: WorkCalendar) -> date:
    return calendar.next_working_day(add_years(start, YEARS))


@dataclass(frozen=True)
class LimitationStatus:
    expires: date
    days_left: int

    @property
    def expired(self) -> bool:
        return self.days_left < 0

    def alert(self, within: int = ALERT_DAYS) -> bool:
        return 0 <= self.days_left <= within


def status(expires: date, today: date) -> LimitationStatus:
    return LimitationStatus(expires, (expires - today).days)
