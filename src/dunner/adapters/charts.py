"""Report workbooks with charts: tables of values (never formulas) and openpyxl bar or line
charts drawn from their columns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from dunner.adapters.xlsx import _cell_width, _title, private_file, safe_cell

HEADER_ROW = 1  # each sheet: its header in row 1, one row per record below


@dataclass(frozen=True)
class Sheet:
    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[object]]


@dataclass(frozen=True)
class Chart:
    """A chart on sheet ``sheet`` (index) of columns ``first``–``last`` (1-based, each a
    series named by its header), against the categories in column ``categories``."""

    sheet: int
    kind: Literal["bar", "line"]
    title: str
    first: int
    last: int
    categories: int = 1
    y_title: str = ""


def write_chart_workbook(path: Path, sheets: Sequence[Sheet], charts: Sequence[Chart]) -> None:
    """Write the sheets (bold header, frozen first row, numbers with two decimals, text never
    run as a formula) and the charts under the tables they draw from; the file is 0600."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    made = []
    for spec in sheets:
        sheet = book.create_sheet(_title(spec.title))
        for r, row in enumerate([spec.header, *spec.rows], start=HEADER_ROW):
            for c, value in enumerate(row, start=1):
                cell = sheet.cell(row=r, column=c, value="" if value is None else safe_cell(value))
                if isinstance(value, str):
                    cell.data_type = "s"
                elif isinstance(value, Decimal | float):
                    cell.number_format = "#,##0.00"
                elif isinstance(value, date):
                    cell.number_format = "yyyy-mm-dd"
                if r == HEADER_ROW:
                    cell.font = Font(bold=True)
        for c in range(1, len(spec.header) + 1):
            sheet.column_dimensions[get_column_letter(c)].width = max(
                [10, *(_cell_width(row[c - 1]) + 2 for row in [spec.header, *spec.rows]
                       if c - 1 < len(row))])
        sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
        made.append((sheet, len(spec.rows)))
    for n, chart in enumerate(charts):
        sheet, count = made[chart.sheet]
        if count:
            sheet.add_chart(_chart(sheet, chart, count), f"B{HEADER_ROW + count + 3 + 18 * n}")
    private_file(path)
    book.save(path)


def _chart(sheet: Any, spec: Chart, count: int) -> Any:
    from openpyxl.chart import BarChart, LineChart, Reference

    chart = BarChart() if spec.kind == "bar" else LineChart()
    chart.title = spec.title
    chart.y_axis.title = spec.y_title or None
    last_row = HEADER_ROW + count
    chart.add_data(Reference(sheet, min_col=spec.first, max_col=spec.last, min_row=HEADER_ROW,
                             max_row=last_row), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=spec.categories, max_col=spec.categories,
                                   min_row=HEADER_ROW + 1, max_row=last_row))
    chart.width = max(15.0, 1.2 * count)
    return chart
