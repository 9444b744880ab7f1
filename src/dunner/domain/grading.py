"""Grading (分级): receivable classes, promise states, the credit score and the approach."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache

CLASSES = ("current", "collecting", "doubtful", "bad", "dead")
ESCALATING_SIGNALS = frozenset({"bankruptcy_risk", "relocation"})
FINAL_STATUSES = frozenset({"closed", "bankrupt"})


@dataclass(frozen=True)
class Thresholds:
    collecting_max_days: int = 90
    doubtful_max_days: int = 180
    bad_max_days: int = 730


def base_class(days_overdue: int, t: Thresholds) -> str:
    if days_overdue <= 0:
        return "current"
    if days_overdue <= t.collecting_max_days:
        return "collecting"
    if days_overdue <= t.doubtful_max_days:
        return "doubtful"
    if days_overdue <= t.bad_max_days:
        return "bad"
    return "dead"


def receivable_class(days_overdue: int, t: Thresholds, *, status: str = "active",
                     limitation_expired: bool = False, escalate: bool = False) -> str:
    """The class of one open invoice; ``escalate`` moves an overdue one up, never into dead."""
    if status in FINAL_STATUSES or limitation_expired:
        return "dead"
    cls = base_class(days_overdue, t)
    if escalate and cls in ("collecting", "doubtful"):
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


def promise_state(p: PromiseFact, payments: Sequence[tuple[date, int]], today: date) -> str:
    """``kept`` / ``partly_kept`` / ``broken`` once due, ``open`` before; from payments only."""
    paid = promise_paid(p, payments)
    if paid >= p.amount:
        return "kept"
    if today <= p.due_on:
        return "open"
    return "partly_kept" if paid > 0 else "broken"


def keep_rate(states: Sequence[str]) -> Decimal | None:
    """Kept promises among those already due; None when none is due yet."""
    done = [s for s in states if s != "open"]
    if not done:
        return None
    return Decimal(sum(1 for s in done if s == "kept")) / Decimal(len(done))


def escalates(broken_dates: Sequence[date], open_signal_kinds: Sequence[str], today: date) -> bool:
    """Two broken promises in 180 days, or an open bankruptcy-risk or relocation signal."""
    recent = [d for d in broken_dates if today - timedelta(days=180) <= d <= today]
    return len(recent) >= 2 or any(k in ESCALATING_SIGNALS for k in open_signal_kinds)


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

DEFAULT_CURVE: tuple[tuple[int, Decimal], ...] = tuple(
    (d, Decimal(p)) for d, p in ((0, "95"), (30, "90"), (60, "81"), (90, "70"), (180, "52"),
                                 (270, "39"), (365, "26.6"), (730, "13.6"), (1095, "3")))


@lru_cache(maxsize=8192)  # one value per age in days: computed once, not once per invoice
def recovery_rate(days_overdue: int, curve: tuple[tuple[int, Decimal], ...] = DEFAULT_CURVE) -> Decimal:
    """Percent expected back at this age, linear between the curve's points."""
    days = max(days_overdue, 0)
    if days <= curve[0][0]:
        return curve[0][1]
    for (d0, p0), (d1, p1) in zip(curve, curve[1:], strict=False):
        if days <= d1:
            return p0 + (p1 - p0) * Decimal(days - d0) / Decimal(d1 - d0)
    return curve[-1][1]


def expected_recovery(open_fen: int, days_overdue: int,
                      curve: tuple[tuple[int, Decimal], ...] = DEFAULT_CURVE) -> int:
    """``open_fen`` × the rate, to the fen, half up — in exact integers."""
    num, den = _rate_ratio(days_overdue, curve)
    return (2 * open_fen * num + den) // (2 * den)


@lru_cache(maxsize=8192)
def _rate_ratio(days_overdue: int, curve: tuple[tuple[int, Decimal], ...]) -> tuple[int, int]:
    num, den = recovery_rate(days_overdue, curve).as_integer_ratio()
    return num, den * 100
