"""Small charts in text: a sparkline of a series and a bar for one value against the largest."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

TICKS = "▁▂▃▄▅▆▇█"
BAR = 24  # cells of the longest bar


def sparkline(values: Sequence[Decimal | int | None]) -> str:
    """One character per value, low to high; a gap (space) where a value is missing."""
    known = [v for v in values if v is not None]
    if not known:
        return " " * len(values)
    low, high = min(known), max(known)
    span = high - low
    return "".join(" " if v is None else TICKS[0] if not span else
                   TICKS[int((v - low) * (len(TICKS) - 1) / span)] for v in values)


def bar(value: int, largest: int, width: int = BAR) -> str:
    """A bar of ``value`` against ``largest`` (display only: amounts stay integers)."""
    if largest <= 0 or value <= 0:
        return ""
    return "█" * max(1, round(width * value / largest))


def pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal cells (a Chinese character takes two)."""
    import unicodedata

    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - used, 0)
