"""The customer credit score (0–100) and grade A–D, from weighted factors that add up."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from dunner.domain.scoring import Term, clamp, total

LOWEST = "D"  # the grade below every floor
# The scales shape each term (the lateness that zeroes the days-late term, …): they define the
# score, like its term names; the weights and the grade floors are the settings.
# With no history yet a factor is neither rewarded nor punished in full.
NO_HISTORY = Decimal("0.6")
LATE_SCALE_DAYS = 90  # average lateness at which the days-late factor reaches zero
BROKEN_SCALE = 3  # broken promises in 12 months at which that factor reaches zero
SIGNAL_SCALE = 2
RELATIONSHIP_YEARS = 3


@dataclass(frozen=True)
class CreditFacts:
    """What the score looks at, for one customer, over the last 12 months where it says so."""

    due_last_year: int  # invoices due in the last 12 months that are settled or overdue
    on_time_last_year: int
    avg_days_late: Decimal | None  # over invoices paid late or still overdue
    open: int
    overdue: int
    credit_limit: int | None
    broken_promises: int
    open_signals: int
    relationship_days: int | None


def _d(value: int | Decimal) -> Decimal:
    return Decimal(value)


def credit_terms(f: CreditFacts, weights: Mapping[str, int]) -> tuple[Term, ...]:
    w = {k: _d(v) for k, v in weights.items()}
    on_time = (_d(f.on_time_last_year) / f.due_last_year) if f.due_last_year else NO_HISTORY
    late = (clamp(1 - f.avg_days_late / LATE_SCALE_DAYS) if f.avg_days_late is not None
            else Decimal(1))
    overdue = clamp(1 - _d(f.overdue) / f.open) if f.open > 0 else Decimal(1)
    if f.credit_limit:
        use = clamp(1 - _d(max(f.open, 0)) / f.credit_limit)
    else:
        use = Decimal("0.5")  # no limit agreed: neither good nor bad
    broken = clamp(1 - _d(f.broken_promises) / BROKEN_SCALE)
    signals = clamp(1 - _d(f.open_signals) / SIGNAL_SCALE)
    years = (clamp(_d(f.relationship_days) / (365 * RELATIONSHIP_YEARS))
             if f.relationship_days is not None else Decimal(0))
    return (
        Term("on_time", on_time, w["on_time"], f"{f.on_time_last_year}/{f.due_last_year}"),
        Term("days_late", late, w["days_late"],
             "" if f.avg_days_late is None else f"{f.avg_days_late:.0f}d"),
        Term("overdue_share", overdue, w["overdue_share"]),
        Term("credit_use", use, w["credit_use"]),
        Term("broken_promises", broken, w["broken_promises"], str(f.broken_promises)),
        Term("signals", signals, w["signals"], str(f.open_signals)),
        Term("relationship", years, w["relationship"],
             "" if f.relationship_days is None else f"{f.relationship_days}d"),
    )


def score(terms: tuple[Term, ...]) -> int:
    """0–100: the rounded sum of the points shown (the weights add up to 100)."""
    return int(total(terms).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def grade(points: int, floors: Sequence[tuple[str, int]]) -> str:
    """The first grade whose floor the score reaches (``floors`` from the highest down), else D."""
    return next((letter for letter, floor in floors if points >= floor), LOWEST)
