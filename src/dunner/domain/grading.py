"""Grading (分级): receivable classes, promise states, the credit score and the approach."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple

from dunner.domain.vocab import Class, PromiseState, Status

CLASSES: tuple[Class, ...] = tuple(Class)  # from the least to the most serious
ESCALATING_SIGNALS = frozenset({"bankruptcy_risk", "relocation", "bill_dishonoured"})
FINAL_STATUSES = frozenset({Status.CLOSED, Status.BANKRUPT})  # every invoice dead, due or not


@dataclass(frozen=True)
class Thresholds:
    """The upper bounds, in days overdue, of the classes below ``dead``."""

    collecting_max_days: int
    doubtful_max_days: int
    bad_max_days: int


@dataclass(frozen=True)
class Escalation:
    """``broken_promises`` broken within ``days`` move a customer's overdue invoices one class up."""

    broken_promises: int
    days: int


def worst(classes: Iterable[Class]) -> Class | None:
    """The most serious of ``classes`` (None when there are none)."""
    return max(classes, key=CLASSES.index, default=None)


def base_class(days_overdue: int, t: Thresholds) -> Class:
    if days_overdue <= 0:
        return Class.CURRENT
    if days_overdue <= t.collecting_max_days:
        return Class.COLLECTING
    if days_overdue <= t.doubtful_max_days:
        return Class.DOUBTFUL
    if days_overdue <= t.bad_max_days:
        return Class.BAD
    return Class.DEAD


def receivable_class(days_overdue: int, t: Thresholds, *, status: str = Status.ACTIVE,
                     limitation_expired: bool = False, escalate: bool = False) -> Class:
    """The class of one open invoice; ``escalate`` moves an overdue one up, never into dead."""
    if status in FINAL_STATUSES or limitation_expired:
        return Class.DEAD
    cls = base_class(days_overdue, t)
    if escalate and cls in (Class.COLLECTING, Class.DOUBTFUL):
        return CLASSES[CLASSES.index(cls) + 1]
    return cls


# --- promises -------------------------------------------------------------------------------

@dataclass(frozen=True)
class PromiseFact:
    made_on: date
    due_on: date
    amount: int


def promise_paid(p: PromiseFact, payments: Sequence[tuple[date, int]]) -> int:
    """What was paid between the day the promise was made and its due date."""
    return sum(a for on, a in payments if p.made_on <= on <= p.due_on)


def promise_state(p: PromiseFact, payments: Sequence[tuple[date, int]], today: date) -> PromiseState:
    """``kept`` / ``partly_kept`` / ``broken`` once due, ``open`` before; from payments only."""
    paid = promise_paid(p, payments)
    if paid >= p.amount:
        return PromiseState.KEPT
    if today <= p.due_on:
        return PromiseState.OPEN
    return PromiseState.PARTLY_KEPT if paid > 0 else PromiseState.BROKEN


def keep_rate(states: Sequence[str]) -> Decimal | None:
    """Kept promises among those already due; None when none is due yet."""
    done = [s for s in states if s != PromiseState.OPEN]
    if not done:
        return None
    return Decimal(sum(1 for s in done if s == PromiseState.KEPT)) / Decimal(len(done))


def escalates(broken_dates: Sequence[date], open_signal_kinds: Sequence[str], today: date,
              rule: Escalation) -> bool:
    """Enough promises broken lately (``rule``), or an open bankruptcy-risk or relocation signal."""
    recent = [d for d in broken_dates if today - timedelta(days=rule.days) <= d <= today]
    return len(recent) >= rule.broken_promises or any(k in ESCALATING_SIGNALS for k in open_signal_kinds)


# --- approach -------------------------------------------------------------------------------

UNREACHED = frozenset({"no_answer", "unreachable"})


def approach(broken_promises: int, outcomes_newest_first: Sequence[str | None]) -> str:
    """``hard`` (武) for an uncooperative customer, else ``soft`` (文)."""
    last3 = list(outcomes_newest_first[:3])
    if broken_promises >= 2 or "refused" in outcomes_newest_first[:5]:
        return "hard"
    if len(last3) == 3 and all(o in UNREACHED for o in last3):
        return "hard"
    return "soft"


# --- expected recovery ----------------------------------------------------------------------

Curve = tuple[tuple[int, Decimal], ...]  # (days overdue, percent expected back), days rising


@lru_cache(maxsize=8192)  # one value per age in days: computed once, not once per invoice
def recovery_rate(days_overdue: int, curve: Curve) -> Decimal:
    """Percent expected back at this age, linear between the curve's points."""
    days = max(days_overdue, 0)
    if days <= curve[0][0]:
        return curve[0][1]
    for (d0, p0), (d1, p1) in zip(curve, curve[1:], strict=False):
        if days <= d1:
            return p0 + (p1 - p0) * Decimal(days - d0) / Decimal(d1 - d0)
    return curve[-1][1]


def expected_recovery(open_fen: int, days_overdue: int, curve: Curve) -> int:
    """``open_fen`` × the rate, to the fen, half up — in exact integers."""
    return share(open_fen, *_rate_ratio(days_overdue, curve))


def recovery_at(open_fen: int, percent: Decimal) -> int:
    """``open_fen`` × a fixed percent (a closed or bankrupt customer's), rounded like the curve."""
    num, den = percent.as_integer_ratio()
    return share(open_fen, num, den * 100)


def share(open_fen: int, num: int, den: int) -> int:
    """``open_fen`` × ``num`` / ``den``, to the fen, half up."""
    return (2 * open_fen * num + den) // (2 * den)


@lru_cache(maxsize=8192)
def _rate_ratio(days_overdue: int, curve: Curve) -> tuple[int, int]:
    num, den = recovery_rate(days_overdue, curve).as_integer_ratio()
    return num, den * 100


class AgeRule(NamedTuple):
    """What an age in days overdue means for a live claim (not run out, customer not closed)."""

    cls: Class  # its class
    escalated: Class  # its class when the customer's overdue invoices move one class up
    num: int  # the share expected back: num / den
    den: int
    share: Decimal  # the same share (0–1) as a decimal


class AgeRules(dict[int, AgeRule]):
    """The ``AgeRule`` of each age, worked out on first use: a ledger's hundred thousand open
    invoices have a few hundred distinct ages, and one dict lookup costs less than the rules."""

    def __init__(self, thresholds: Thresholds, curve: Curve) -> None:
        super().__init__()
        self.thresholds, self.curve = thresholds, curve

    def __missing__(self, days: int) -> AgeRule:
        rule = self[days] = AgeRule(receivable_class(days, self.thresholds),
                                    receivable_class(days, self.thresholds, escalate=True),
                                    *_rate_ratio(days, self.curve),
                                    recovery_rate(days, self.curve) / 100)
        return rule
