"""Instalment plans (分期还款): a balance split into dated promises that share a plan label —
each reminded and followed up like a promise; while none is broken the plan covers what is left
of it, and routine chasing leaves that amount alone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from dunner.domain.assessment import PromiseRow
from dunner.domain.dates import days_in_month
from dunner.domain.vocab import PromiseState

EVERY = ("month", "week")


def split(total: int, count: int) -> list[int]:
    """``total`` fen in ``count`` instalments: even, the remainder on the last (¥9,000.01 in 3:
    3,000.00, 3,000.00, 3,000.01)."""
    if count < 1 or total < count:
        raise ValueError((total, count))
    each = total // count
    return [each] * (count - 1) + [total - each * (count - 1)]


def due_dates(first: date, count: int, every: str) -> list[date]:
    """The instalments' days: ``first``, then a week or a month apart (the 31st falls on a short
    month's last day)."""
    if every == "week":
        return [first + timedelta(weeks=k) for k in range(count)]
    if every != "month":
        raise ValueError(every)
    out = []
    for k in range(count):
        month = first.month - 1 + k
        year, month = first.year + month // 12, month % 12 + 1
        out.append(date(year, month, min(first.day, days_in_month(year, month))))
    return out


@dataclass(frozen=True)
class PlanStatus:
    """One instalment plan: its label, how many instalments, kept and broken so far, what is
    left, and the next one due (None: all paid)."""

    label: str
    count: int
    kept: int
    broken: int
    left: int  # fen still to come under the plan
    next_due: date | None
    next_amount: int

    @property
    def on_track(self) -> bool:
        return self.broken == 0


def plans(states: Sequence[tuple[PromiseRow, PromiseState]]) -> list[PlanStatus]:
    """The plans among a customer's promise states."""
    groups: dict[str, list[tuple[PromiseRow, PromiseState]]] = {}
    for p, state in states:
        if p.plan:
            groups.setdefault(p.plan, []).append((p, state))
    out = []
    for label, members in sorted(groups.items()):
        members.sort(key=lambda m: m[0].due_on)
        pending = [p for p, s in members if s == PromiseState.OPEN]
        out.append(PlanStatus(
            label, len(members), sum(1 for _, s in members if s == PromiseState.KEPT),
            sum(1 for _, s in members if s in (PromiseState.BROKEN, PromiseState.PARTLY_KEPT)),
            sum(p.amount for p in pending), pending[0].due_on if pending else None,
            pending[0].amount if pending else 0))
    return out


def broken_plans(states: Sequence[tuple[PromiseRow, PromiseState]]) -> frozenset[str]:
    """The labels of plans with an instalment missed: they no longer hold chasing back."""
    return frozenset(p.plan for p, s in states
                     if p.plan and s in (PromiseState.BROKEN, PromiseState.PARTLY_KEPT))
