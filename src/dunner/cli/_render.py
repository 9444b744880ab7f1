"""How things look: money as ¥1,234.50, tables with rich on a terminal, plain columns otherwise."""

from __future__ import annotations

import sys
import unicodedata
from collections.abc import Sequence
from datetime import date

from dunner.domain.money import fen_to_decimal


def money(fen: int | None) -> str:
    if fen is None:
        return ""
    value = fen_to_decimal(fen)
    sign = "-" if value < 0 else ""
    return f"{sign}¥{abs(value):,.2f}"


def day(value: date | None) -> str:
    return value.isoformat() if value else ""


def is_terminal() -> bool:
    return sys.stdout.isatty()


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], title: str = "",
          right: Sequence[int] = ()) -> None:
    """A table: rich on a terminal; on a pipe, plain space-aligned columns and no decoration."""
    cells = [[str(c) for c in row] for row in rows]
    if is_terminal():
        from rich.console import Console
        from rich.table import Table

        tbl = Table(title=title or None)
        for index, header in enumerate(headers):
            tbl.add_column(header, justify="right" if index in right else "left")
        for row in cells:
            tbl.add_row(*row)
        Console().print(tbl)
        return
    if title:
        print(title)
    widths = [max([_width(h)] + [_width(r[i]) for r in cells]) for i, h in enumerate(headers)]
    for row in [list(headers), *cells]:
        parts = []
        for index, text in enumerate(row):
            pad = " " * (widths[index] - _width(text))
            parts.append(pad + text if index in right else text + pad)
        print("  ".join(parts).rstrip())


def lines(*texts: str) -> None:
    for text in texts:
        print(text)


def calendar_warning(years: Sequence[int]) -> None:
    """Loud, on stderr: dates in these years are computed with weekends only."""
    if years:
        from dunner.i18n import t

        span = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
        print(t("calendar.unknown", years=span), file=sys.stderr)


def warn(text: str) -> None:
    print(text, file=sys.stderr)
