"""Priority (轻重缓急): who comes first when a day is full — weighted terms, shown by --explain."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from dunner.domain.scoring import Term, clamp

AMOUNT_SCALE_FEN = 10_000_000  # ¥100,000 overdue earns the amount term in full
AGE_SCALE_DAYS = 365
GRADE_RISK = {"A": Decimal(0), "B": Decimal("0.33"), "C": Decimal("0.67"), "D": Decimal(1)}
DISTANCE_SCALE_KM = 100


@dataclass(frozen=True)
class PriorityFacts:
    overdue: int  # fen
    max_days_overdue: int
    grade: str
    broken_promises: int
    signals: int
    distance_km: float | None


def priority_terms(f: PriorityFacts, weights: Mapping[str, int]) -> tuple[Term, ...]:
    w = {k: Decimal(v) for k, v in weights.items()}
    near = (clamp(1 - Decimal(str(f.distance_km)) / DISTANCE_SCALE_KM)
            if f.distance_km is not None else Decimal("0.5"))
    return (
        Term("amount", clamp(Decimal(f.overdue) / AMOUNT_SCALE_FEN), w["amount"]),
        Term("age", clamp(Decimal(max(f.max_days_overdue, 0)) / AGE_SCALE_DAYS), w["age"],
             f"{max(f.max_days_overdue, 0)}d"),
        Term("grade", GRADE_RISK.get(f.grade, Decimal("0.5")), w["grade"], f.grade),
        Term("broken_promises", clamp(Decimal(f.broken_promises) / 2), w["broken_promises"],
             str(f.broken_promises)),
        Term("signals", clamp(Decimal(f.signals) / 2), w["signals"], str(f.signals)),
        Term("distance", near, w["distance"],
             "" if f.distance_km is None else f"{f.distance_km:g} km"),
    )
