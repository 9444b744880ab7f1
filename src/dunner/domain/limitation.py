"""The limitation period (诉讼时效, Civil Code arts. 188–203): three years, restarted by acts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from dunner.domain.calendar import WorkCalendar
from dunner.domain.dates import add_years

YEARS = 3  # the law's period (Civil Code art. 188), not a setting


@dataclass(frozen=True)
class Restart:
    """An act that restarts the period in full: payment, acknowledgement, promise, plan, demand."""

    on: date
    kind: str  # payment | acknowledgement | promise | plan | demand
    evidence: bool = True  # a demand counts only when its delivery left evidence
    plan_end: date | None = None  # a repayment plan: the last instalment's due date


def counts(restart: Restart) -> bool:
    return restart.kind != "demand" or restart.evidence


REVIVING = frozenset({"payment", "acknowledgement"})  # the customer's own acts, even after expiry


def expiry(due: date, restarts: Sequence[Restart], calendar: WorkCalendar) -> date:
    """Last day to sue: three years after the due date or the latest restart (or plan end);
    a day the month lacks becomes its last day, a rest day moves to the next working day.
    ``restarts`` are the acts that concern this one invoice. Once the period has run out only
    a payment or an acknowledgement revives the claim; a later promise or demand does not."""
    start = due
    last = _last_day(start, calendar)
    if not restarts:
        return last
    for r in sorted(restarts, key=lambda r: r.on):
        if not counts(r) or (expired(last, r.on) and r.kind not in REVIVING):
            continue
        if max(r.on, r.plan_end or r.on) > start:
            start = max(r.on, r.plan_end or r.on)
            last = _last_day(start, calendar)
    return last


class Unrestarted(dict[date, date]):
    """``expiry`` of a claim no act restarted, per due date, each day worked out once: a
    ledger's open invoices share a few thousand due dates."""

    def __init__(self, calendar: WorkCalendar) -> None:
        super().__init__()
        self.calendar = calendar

    def __missing__(self, due: date) -> date:
        last = self[due] = expiry(due, (), self.calendar)
        return last


def _last_day(start: date, calendar: WorkCalendar) -> date:
    return calendar.next_working_day(_years_on(start))


@lru_cache(maxsize=8192)  # a ledger has far fewer distinct start days than invoices
def _years_on(start: date) -> date:
    return add_years(start, YEARS)


def expired(expires: date, day: date) -> bool:
    """The claim can no longer be sued on: ``day`` is past its last day."""
    return day > expires


def expiring(expires: date, today: date, within: int) -> bool:
    """The limitation alert, decided here only and one invoice at a time: the claim's
    last day is at most ``within`` days away and has not passed. An expired claim is *not*
    expiring: it is already dead (``expired``), and only a payment or acknowledgement the
    customer makes of their own accord revives it — so an invoice that has run out never hides
    another that is about to."""
    return not expired(expires, today) and (expires - today).days <= within
