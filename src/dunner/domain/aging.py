"""Aging buckets (账龄): the open balance split by days overdue, to the fen."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

# (name, lowest days overdue, highest days overdue) — None means unbounded
BUCKETS: tuple[tuple[str, int | None, int | None], ...] = (
    ("not_due", None, 0), ("1-30", 1, 30), ("31-60", 31, 60), ("61-90", 61, 90),
    ("91-180", 91, 180), ("181-365", 181, 365), ("1-2y", 366, 730), (">2y", 731, None),
)
BUCKET_NAMES = tuple(b[0] for b in BUCKETS)


def bucket(days_overdue: int) -> str:
    for name, low, high in BUCKETS:
        if (low is None or days_overdue >= low) and (high is None or days_overdue <= high):
            return name
    raise AssertionError(days_overdue)  # pragma: no cover - the buckets cover every integer


def age(items: Iterable[tuple[date, int]], as_of: date) -> dict[str, int]:
    """(due date, open fen) pairs → fen per bucket; the buckets sum to the open balance."""
    out = dict.fromkeys(BUCKET_NAMES, 0)
    for due, open_fen in items:
        if open_fen:
            out[bucket((as_of - due).days)] += open_fen
    return out
