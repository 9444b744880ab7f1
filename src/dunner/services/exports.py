"""Files for people to open: report workbooks and CSV, formula-safe, created 0600."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from dunner.adapters.xlsx import safe_cell, write_aging_workbook
from dunner.domain.money import fen_to_decimal


def aging_xlsx(path: Path, sheet: str, header: Sequence[str], rows: Sequence[Sequence[object]],
               totals: Sequence[object], chart_title: str, as_of: tuple[str, date],
               buckets: int, series_per_row: bool = False) -> None:
    """Amounts written as values (yuan, two decimals), text as text, the as-of date in a cell,
    with a chart of the ``buckets`` columns: the totals, or one series per row (per owner)."""
    def values(row: Sequence[object]) -> list[object]:
        return [fen_to_decimal(v) if isinstance(v, int) else v for v in row]

    write_aging_workbook(path, sheet, header, [values(r) for r in rows], values(totals),
                         chart_title, as_of, buckets, series_per_row)


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A CSV file's bytes: UTF-8 with a BOM (Excel on a Chinese Windows then reads the Chinese
    right instead of guessing GBK), CRLF rows; numbers (``Decimal`` money, counts) as plain
    numbers, a negative one too; text that a spreadsheet would run as a formula kept as text."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else v if isinstance(v, int | float | Decimal)
                         else safe_cell(str(v)) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def plan_xlsx(path: Path, sheets: Sequence[tuple[str, Sequence[str], Sequence[Sequence[object]]]]) -> None:
    """A printable worklist, one sheet per owner; amounts as values, text never as formulas."""
    from dunner.adapters.xlsx import write_table_workbook

    write_table_workbook(path, [(name, header, [[fen_to_decimal(v) if isinstance(v, int) and
                                                  not isinstance(v, bool) else v for v in row]
                                                 for row in rows]) for name, header, rows in sheets])


def plan_ics(path: Path, events: Sequence[dict[str, Any]], zone: str, stamp: datetime) -> None:
    """One calendar event per action: ``uid``, ``start``, ``minutes``, ``summary``, ``description``."""
    from dunner.adapters.ics import Event, write_ics

    write_ics(path, [Event(**e) for e in events], zone, stamp)
