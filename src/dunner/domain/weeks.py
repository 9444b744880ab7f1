"""Predictions summed per week: the expected collections and a best and worst case."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from dunner.domain.forecast import Prediction

# The best and worst case are the 90 % range of the week's total when each invoice is paid in
# full or not at all, independently, with its own probability: expected ± Z × the standard
# deviation, never below nothing nor above everything dated in the week.
Z = Decimal("1.645")


@dataclass(frozen=True)
class Week:
    start: date
    expected: int  # fen
    best: int
    worst: int
    dated: int  # every open amount predicted in the week, paid in full


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly(predictions: Sequence[Prediction], start: date, weeks: int) -> list[Week]:
    """``weeks`` weeks of 7 days from ``start``; a prediction counts in the week of its date."""
    end = start + timedelta(days=7 * weeks)
    sums: list[list[Prediction]] = [[] for _ in range(weeks)]
    for p in predictions:
        if p.pay_date is not None and start <= p.pay_date < end:
            sums[(p.pay_date - start).days // 7].append(p)
    return [_week(start + timedelta(days=7 * n), chosen) for n, chosen in enumerate(sums)]


def _week(start: date, chosen: Sequence[Prediction]) -> Week:
    expected = sum(p.expected for p in chosen)
    dated = sum(p.open for p in chosen)
    variance = sum(Decimal(p.open) ** 2 * p.probability * (1 - p.probability) for p in chosen)
    spread = Z * variance.sqrt() if variance else Decimal(0)
    best = min(dated, _fen(expected + spread))
    worst = max(0, _fen(expected - spread))
    return Week(start, expected, best, worst, dated)


def _fen(value: Decimal | int) -> int:
    return int(Decimal(value).quantize(Decimal(1), ROUND_HALF_UP))


def grouped(predictions: Sequence[Prediction], key: Callable[[Prediction], str], start: date,
            weeks: int) -> list[tuple[str, list[Week]]]:
    """The weeks per customer or owner, the largest expected total first."""
    groups: dict[str, list[Prediction]] = {}
    for p in predictions:
        groups.setdefault(key(p), []).append(p)
    out = [(k, weekly(v, start, weeks)) for k, v in groups.items()]
    out = [(k, w) for k, w in out if any(x.dated for x in w)]
    out.sort(key=lambda kw: (-sum(x.expected for x in kw[1]), kw[0]))
    return out
