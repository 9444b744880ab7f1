"""Builders for the ledger workbooks and CSV files the import tests read; every file is made here."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

INVOICE_SHEET = "应收明细"
INVOICE_HEADERS = ("客户名称", "单据编号", "发货日期", "到期日", "价税合计", "已收金额", "业务员")
PAYMENT_HEADERS = ("客户名称", "回款日期", "金额", "单据编号")
CUSTOMER_HEADERS = ("客户名称", "业务员", "结算方式", "信用额度", "付款日", "电话")
TITLES = ("杭州示例贸易有限公司 应收账款明细表", "截至 2026年11月23日　单位：元", "制表：财务部")


@dataclass
class SheetSpec:
    """One sheet: its name, optional title rows above the header, the header and the data rows."""

    name: str
    headers: Sequence[object]
    rows: Sequence[Sequence[object]] = ()
    title_rows: int = 0
    trailer: Sequence[Sequence[object]] = field(default_factory=list)


def titles(count: int) -> list[str]:
    """``count`` title rows such as a clerk puts above the header."""
    return [TITLES[i] if i < len(TITLES) else f"备注 {i}" for i in range(count)]


def write_book(path: Path, sheets: Sequence[SheetSpec]) -> Path:
    """An .xlsx written with openpyxl: title rows, header, rows, then any trailer rows."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for spec in sheets:
        sheet = book.create_sheet(spec.name)
        for title in titles(spec.title_rows):
            sheet.append([title])
        sheet.append(list(spec.headers))
        for row in [*spec.rows, *spec.trailer]:
            sheet.append(list(row))
    book.save(path)
    return path


def write_book_xlsxwriter(path: Path, sheets: Sequence[SheetSpec]) -> Path:
    """The same layout written with xlsxwriter: numbers as numbers, dates as formatted serials."""
    import datetime

    import xlsxwriter

    book = xlsxwriter.Workbook(str(path))
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for spec in sheets:
        sheet = book.add_worksheet(spec.name)
        rows = [[t] for t in titles(spec.title_rows)] + [list(spec.headers), *spec.rows,
                                                            *spec.trailer]
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None or value == "":
                    continue
                if isinstance(value, datetime.date):
                    sheet.write_datetime(r, c, value, date_format)
                elif isinstance(value, int | float):
                    sheet.write_number(r, c, value)
                else:
                    sheet.write_string(r, c, str(value))
    book.close()
    return path


def invoice_book(path: Path, rows: Sequence[Sequence[object]], title_rows: int = 2,
                 sheet: str = INVOICE_SHEET, headers: Sequence[object] = INVOICE_HEADERS,
                 extra: Sequence[SheetSpec] = ()) -> Path:
    """A workbook whose first sheet is an invoice sheet (应收明细) under ``title_rows`` title rows."""
    return write_book(path, [SheetSpec(sheet, headers, rows, title_rows), *extra])


def write_csv(path: Path, headers: Sequence[str], rows: Sequence[Sequence[object]],
              encoding: str = "utf-8") -> Path:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path
