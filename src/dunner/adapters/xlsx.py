"""Writing .xlsx files: formula-safe text, values not formulas, files readable by their owner only."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Owner-only modes exist where os.chmod means them; on Windows it only flips the read-only
# flag, and a file there is private through the user's profile folder and its ACL.
POSIX_MODES = os.name != "nt"


def safe_cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula stays text; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value if value[:1] != "'" else value
    return value


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
                cell = WriteOnlyCell(sheet, value=_plain(value))
                if isinstance(value, str):
                    cell.data_type = "s"  # a string cell is never parsed as a formula
                cells.append(cell)
            sheet.append(cells)
    private_file(path)
    book.save(path)


def _plain(value: object) -> object:
    return "" if value is None else value


def _title(name: str) -> str:
    for bad in "[]:*?/\\":
        name = name.replace(bad, "_")
    return name[:31] or "Sheet"


def write_aging_workbook(path: Path, title: str, header: Sequence[str],
                         rows: Sequence[Sequence[object]], totals: Sequence[object],
                         chart_title: str) -> None:
    """The aging table (values, not formulas) and a bar chart of the bucket totals."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference

    book = Workbook()
    sheet = book.active
    sheet.title = _title(title)
    for r, row in enumerate([header, *rows, totals], start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c, value=_plain(value))
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula
            elif r > 1:
                cell.number_format = "#,##0.00"
    last = sheet.max_row
    chart = BarChart()
    chart.title = chart_title
    chart.add_data(Reference(sheet, min_col=2, max_col=len(header) - 1, min_row=last, max_row=last),
                   from_rows=True, titles_from_data=False)
    chart.set_categories(Reference(sheet, min_col=2, max_col=len(header) - 1, min_row=1, max_row=1))
    chart.legend = None
    sheet.add_chart(chart, f"B{last + 3}")
    private_file(path)
    book.save(path)
