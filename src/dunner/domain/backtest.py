"""The forecast's own accuracy: replay the ledger as of past days, predict, compare with what
was paid, beside a naive forecast (every invoice paid in full on its due date)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from dunner.domain.assessment import CustomerFile, Policy
from dunner.domain.forecast import CENT, Prediction, forecast
from dunner.domain.receivables import position
from dunner.domain.weeks import weekly


@dataclass(frozen=True)
class Accuracy:
    mae_days: Decimal | None  # mean absolute error of the pay date, in days
    weekly_error_pct: Decimal | None  # Σ |predicted − paid| over Σ paid of the weeks, × 100
    invoices: int  # predictions compared with a payment
    weeks: int  # complete weeks compared


@dataclass(frozen=True)
class Backtest:
    start: date
    end: date
    cutoffs: tuple[date, ...]
    model: Accuracy
    baseline: Accuracy


@dataclass(frozen=True)
class Actuals:
    """What the whole ledger says was paid: each invoice's day of full payment, and every
    allocated payment as (invoice key, paid on, fen)."""

    settled_on: dict[int, date]
    paid: tuple[tuple[int, date, int], ...]


def actuals(files: Sequence[CustomerFile], policy: Policy) -> Actuals:
    settled: dict[int, date] = {}
    paid: list[tuple[int, date, int]] = []
    for f in files:
        pos = position(f.invoices, f.payments, f.terms, policy.batch_fallback_days, f.claims)
        settled.update({i.key: i.settled_on for i in pos.items
                        if i.open == 0 and i.settled_on is not None})
        dated = {p.key: p.on for p in f.payments if p.on is not None}
        paid += [(a.invoice, dated[a.payment], a.amount) for a in pos.allocations
                 if a.payment in dated]
    return Actuals(settled, tuple(paid))


def naive(predictions: Sequence[Prediction], day: date) -> list[Prediction]:
    """The baseline: every open invoice paid in full on its due date (today when past)."""
    return [p._replace(pay_date=max(p.due, day), probability=Decimal(1)) for p in predictions]


def backtest(files: Sequence[CustomerFile], policy: Policy, cutoffs: Sequence[date], today: date,
             weeks: int) -> Backtest:
    """Forecast as of each cutoff with only what was known then, and score the pay dates and
    the complete weeks (up to ``today``) against the payments that followed."""
    truth = actuals(files, policy)
    model: list[list[int]] = [[], [], []]  # day errors, week errors, week totals paid
    base: list[list[int]] = [[], [], []]
    for day in cutoffs:
        predicted = forecast(files, policy, day)
        baseline = naive(predicted, day)
        complete = min(weeks, (today - day).days // 7)
        keys = {p.key for p in predicted}
        paid = [0] * complete
        for key, on, amount in truth.paid:
            if key in keys and day < on and (on - day).days // 7 < complete:
                paid[(on - day).days // 7] += amount
        # both are scored on the invoices the model dates that were paid in full later
        dated = {p.key for p in predicted if p.pay_date is not None}
        for found, errors in ((predicted, model), (baseline, base)):
            for p in found:
                actual = truth.settled_on.get(p.key)
                if p.key in dated and p.pay_date and actual and day < actual <= today:
                    errors[0].append(abs((p.pay_date - actual).days))
            for week, got in zip(weekly(found, day, complete), paid, strict=True):
                errors[1].append(abs(week.expected - got))
                errors[2].append(got)
    end = cutoffs[-1] if cutoffs else today
    start = cutoffs[0] if cutoffs else today
    return Backtest(start, end, tuple(cutoffs), _accuracy(model), _accuracy(base))


def _accuracy(errors: list[list[int]]) -> Accuracy:
    days, weeks, paid = errors
    mae = _ratio(sum(days), len(days)) if days else None
    pct = _ratio(100 * sum(weeks), sum(paid)) if sum(paid) else None
    return Accuracy(mae, pct, len(days), len(weeks))


def _ratio(num: int, den: int) -> Decimal:
    return (Decimal(num) / Decimal(den)).quantize(CENT, ROUND_HALF_UP)


def cutoffs(start: date, today: date, step_days: int = 0, step_months: int = 0) -> list[date]:
    """The past days a backtest replays: ``start``, then every step, while a whole week lies
    between the day and ``today``."""
    from dunner.domain.dates import add_months

    out, n, day = [], 0, start
    while day + timedelta(days=7) <= today:
        out.append(day)
        n += 1
        day = add_months(start, n * step_months) if step_months else start + timedelta(
            days=n * step_days)
    return out
