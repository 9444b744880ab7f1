"""Writing .xlsx files: formula-safe text, values not formulas, files readable by their owner only."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Owner-only modes exist where os.chmod means them; on Windows it only flips the read-only
# flag, and a file there is private through the user's profile folder and its ACL.
POSIX_MODES = os.name != "nt"


# What XML 1.0 cannot hold (openpyxl refuses the control characters, a lone surrogate — a byte
# of a file name that was no UTF-8 — cannot be encoded): dropped from every cell and sheet name.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Text as a workbook or CSV file can hold it: characters XML forbids (terminal escapes
    among them) dropped, every other character kept."""
    return _NOT_XML.sub("", text) if _NOT_XML.search(text) else text


def safe_cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula stays text, without the characters a file
    cannot hold; numbers stay numbers. Every .xlsx and CSV writer passes its cells through it."""
    if isinstance(value, str):
        value = clean_text(value)
        if value.startswith(FORMULA_START):
            return "'" + value if value[:1] != "'" else value
    return value


def fill_cell(cell: Any, value: object) -> Any:
    """Give a workbook cell its value, the one way every .xlsx writer does it: text is stored
    as text (never run as a formula, whatever it begins with: ``=``, ``+``, ``-``, ``@``),
    numbers and dates as themselves, None as an empty cell; characters a file cannot hold are
    dropped (``clean_text``)."""
    if isinstance(value, str):
        cell.value = clean_text(value)
        cell.data_type = "s"  # a string cell is never parsed as a formula
        return cell
    cell.value = _plain(value)
    return cell


def private_file(path: Path) -> None:
    """Create (or truncate) ``path`` with mode 0600 before anything is written into it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.close(fd)
    if POSIX_MODES:  # a file that existed keeps its old mode through O_TRUNC: make it 0600
        os.chmod(path, 0o600)


def write_table_workbook(path: Path,
                         sheets: Iterable[tuple[str, Sequence[object], Iterable[Sequence[object]]]]
                         ) -> None:
    """Write sheets of (title, header, rows); every text cell is written as text, never formula."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(_title(title))
        for row in [header, *rows]:
            cells = []
            for value in row:
                cells.append(fill_cell(WriteOnlyCell(sheet), value))
            sheet.append(cells)
    private_file(path)
    book.save(path)


def _plain(value: object) -> object:
    if isinstance(value, str):
        return clean_text(value)
    return "" if value is None else value


def _title(name: str) -> str:
    name = clean_text(name)
    for bad in "[]:*?/\\":
        name = name.replace(bad, "_")
    return name[:31] or "Sheet"


def write_aging_workbook(path: Path, title: str, header: Sequence[str],
                         rows: Sequence[Sequence[object]], totals: Sequence[object],
                         chart_title: str, as_of: tuple[str, date], buckets: int,
                         series_per_row: bool = False) -> None:
    """The aging table (values, not formulas) under an "as of" line, for a boss to print: bold
    header and total rows, columns wide enough, the header and first column frozen; and a bar
    chart of the ``buckets`` columns — the totals, or (``series_per_row``) one series per row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = _title(title)
    bold = Font(bold=True)
    sheet.cell(row=1, column=1, value=as_of[0]).font = bold
    sheet.cell(row=1, column=2, value=as_of[1]).number_format = "yyyy-mm-dd"
    first = AGING_HEADER_ROW
    table = [header, *rows, totals]
    for r, row in enumerate(table, start=first):
        for c, value in enumerate(row, start=1):
            cell = fill_cell(sheet.cell(row=r, column=c), value)
            if not isinstance(value, str) and r > first:
                cell.number_format = "#,##0.00"
            if r in (first, first + len(table) - 1):
                cell.font = bold
    for c in range(1, len(header) + 1):
        sheet.column_dimensions[get_column_letter(c)].width = max(
            [10, *(_cell_width(row[c - 1]) + 2 for row in table if c - 1 < len(row))])
    sheet.freeze_panes = sheet.cell(row=first + 1, column=2)
    last = first + len(table) - 1
    _aging_chart(sheet, chart_title, first, last, buckets, series_per_row)
    private_file(path)
    book.save(path)


AGING_HEADER_ROW = 3  # row 1: "as of" and the date; row 2 empty


def _aging_chart(sheet: Any, title: str, first: int, last: int, buckets: int,
                 series_per_row: bool) -> None:
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.title = title
    if series_per_row and last - 1 > first:  # a series per owner, named by its first cell
        chart.add_data(Reference(sheet, min_col=1, max_col=1 + buckets, min_row=first + 1,
                                 max_row=last - 1), from_rows=True, titles_from_data=True)
    else:
        chart.add_data(Reference(sheet, min_col=2, max_col=1 + buckets, min_row=last,
                                 max_row=last), from_rows=True, titles_from_data=False)
        chart.legend = None
    chart.set_categories(Reference(sheet, min_col=2, max_col=1 + buckets, min_row=first,
                                   max_row=first))
    chart.width = max(15.0, 2.0 * buckets)
    sheet.add_chart(chart, f"B{last + 3}")


def _cell_width(value: object) -> int:
    """Columns a cell needs in Excel: a CJK character takes two, an amount its grouped digits."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return len(f"{value:,.2f}")
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
