"""Scores that explain themselves: a tuple of (name, measure, weight) terms and their sum."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Term:
    """One factor: ``measure`` in [0, 1] (1 is best/most), ``weight`` its full points."""

    name: str
    measure: Decimal
    weight: Decimal
    detail: str = ""

    @property
    def points(self) -> Decimal:
        return (self.measure * self.weight).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def total(terms: Sequence[Term]) -> Decimal:
    """The score is the sum of the points shown — one path for the total and the breakdown."""
    return sum((term.points for term in terms), Decimal(0))


def clamp(value: Decimal) -> Decimal:
    return min(Decimal(1), max(Decimal(0), value))
