"""A statement of account (对账单) as a printable .xlsx: A4, one page wide, the table's header
repeated on every page, page numbers in the footer, a Chinese font; amounts are values with a
number format (never formulas), text is text; the file is readable by its owner only."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dunner.adapters.xlsx import fill_cell, private_file

FONT = "宋体"
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"


@dataclass(frozen=True)
class StatementSheet:
    """What the sheet shows, already worded: cells are text, dates or ``Decimal`` yuan."""

    title: str
    info: Sequence[tuple[str, object]]  # label, value lines above the table
    header: Sequence[str]
    rows: Sequence[Sequence[object]]  # the opening line, the movements, the closing line
    money_columns: Sequence[int]  # 0-based columns holding amounts
    aging_title: str
    aging: Sequence[tuple[str, object]]  # bucket, amount (and the total last)
    confirmation: Sequence[str]  # the lines of the block the customer signs and stamps
    note: str  # printed under the confirmation block
    footer: str  # in every page's footer, beside the page number
    sheet_name: str = "Statement"


def write_statement(path: Path, s: StatementSheet) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    book = Workbook()
    sheet: Any = book.active
    sheet.title = s.sheet_name[:31]
    plain, bold = Font(name=FONT, size=10), Font(name=FONT, size=10, bold=True)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    width = len(s.header)
    fill_cell(sheet.cell(row=1, column=1), s.title).font = Font(name=FONT, size=16, bold=True)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    row = 2
    for label, value in s.info:
        fill_cell(sheet.cell(row=row, column=1), label).font = bold
        _put(sheet.cell(row=row, column=2), value, plain)
        sheet.merge_cells(start_row=row, start_column=2, end_row=row, end_column=width)
        row += 1
    row += 1
    header_row = row
    for c, value in enumerate(s.header, start=1):
        cell = fill_cell(sheet.cell(row=row, column=c), value)
        cell.font, cell.border = bold, box
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
    for values in s.rows:
        row += 1
        for c, value in enumerate(values, start=1):
            cell = _put(sheet.cell(row=row, column=c), value, plain, c - 1 in s.money_columns)
            cell.border = box
    row += 2
    fill_cell(sheet.cell(row=row, column=1), s.aging_title).font = bold
    for label, value in s.aging:
        row += 1
        fill_cell(sheet.cell(row=row, column=1), label).font = plain
        _put(sheet.cell(row=row, column=2), value, plain, True)
    row += 1
    for line in [*s.confirmation, s.note]:
        row += 1
        _put(sheet.cell(row=row, column=1), line, bold if line is s.confirmation[0] else plain)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    _columns(sheet, s)
    _page(sheet, s, header_row)
    private_file(path)
    book.save(path)


def _put(cell: Any, value: object, font: Any, money: bool = False) -> Any:
    from datetime import date
    from decimal import Decimal

    fill_cell(cell, value)
    cell.font = font
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool) and money:
        cell.number_format = MONEY_FORMAT
    elif isinstance(value, date):
        cell.number_format = DATE_FORMAT
    return cell


def _columns(sheet: Any, s: StatementSheet) -> None:
    from openpyxl.utils import get_column_letter

    for c in range(1, len(s.header) + 1):
        cells = [s.header[c - 1], *(r[c - 1] for r in s.rows if c - 1 < len(r))]
        if c == 1:  # the labels above and below the table share the first column
            cells += [label for label, _ in [*s.info, *s.aging]]
        sheet.column_dimensions[get_column_letter(c)].width = min(
            40, max(10, *(_width(v) + 2 for v in cells)))


def _page(sheet: Any, s: StatementSheet, header_row: int) -> None:
    """A4 portrait, fit to one page wide (as many pages tall as it takes), the header row on
    every page, "page N of M" in the footer."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "portrait"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.left.text = s.footer.replace("&", "&&")[:200]
    sheet.oddFooter.left.font = FONT
    sheet.oddFooter.right.text = "&P / &N"


def _width(value: object) -> int:
    """Columns a cell needs: a CJK character takes two, an amount its grouped digits."""
    from datetime import date
    from decimal import Decimal

    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        return len(f"{value:,.2f}")
    if isinstance(value, date):
        return 10
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

