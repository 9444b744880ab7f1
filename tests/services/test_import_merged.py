"""Import: a customer name merged down over its invoice rows names every one of them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook

from tests.services.readback import customers, invoices
from tests.services.workbooks import INVOICE_HEADERS, TITLES

HT = "杭州恒通五金有限公司"
XD = "广州鑫达建材经营部"


def _merged_book(path: Path, header_rows: int = 1) -> Path:
    """Two title rows merged across the table, the header, then each customer merged over 3 rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = "应收明细"
    for row, title in enumerate(TITLES[:2], start=1):
        sheet.append([title])
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(INVOICE_HEADERS))
    sheet.append(list(INVOICE_HEADERS))
    if header_rows == 2:  # a two-row header: every column but the amounts merged down over both
        sheet.append([None, None, None, None, "价税合计", "已收金额", None])
        for col in (1, 2, 3, 4, 7):
            sheet.merge_cells(start_row=3, start_column=col, end_row=4, end_column=col)
    first = sheet.max_row + 1
    for customer, prefix, owner in ((HT, "HT", "张三"), (XD, "XD", "李四")):
        start = sheet.max_row + 1
        for i in range(1, 4):
            sheet.append([customer if i == 1 else None, f"{prefix}-00{i}", date(2026, 9, i), None,
                          1000 * i, None, owner])
        sheet.merge_cells(start_row=start, start_column=1, end_row=start + 2, end_column=1)
    assert sheet.max_row == first + 5
    book.save(path)
    return path


EXPECTED = {f"{p}-00{i}": (c, date(2026, 9, i), None, 100_000 * i)
            for c, p in ((HT, "HT"), (XD, "XD")) for i in range(1, 4)}


def test_merged_customer_column_fills_down(tmp_path: Path, ledger, run) -> None:
    report = run(_merged_book(tmp_path / "ledger.xlsx"))
    assert report.rejected == []
    assert report.counts["invoices_added"] == 6
    assert report.counts["customers_added"] == 2
    assert invoices(ledger) == EXPECTED
    assert {name: c["owner"] for name, c in customers(ledger).items()} == {HT: "张三", XD: "李四"}


def test_header_merged_down_over_two_rows_is_still_found(tmp_path: Path, ledger, run) -> None:
    report = run(_merged_book(tmp_path / "ledger.xlsx", header_rows=2))
    assert report.rejected == []
    assert report.counts["invoices_added"] == 6
    assert invoices(ledger) == EXPECTED


def test_header_repeated_on_a_later_page_is_not_a_customer(tmp_path: Path, ledger, run) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "应收明细"
    sheet.append(list(INVOICE_HEADERS))
    sheet.append([HT, "HT-001", date(2026, 9, 1), None, 1000, None, "张三"])
    sheet.append(list(INVOICE_HEADERS))  # printed pages repeat the header
    sheet.append([XD, "XD-001", date(2026, 9, 1), None, 2000, None, "李四"])
    book.save(tmp_path / "ledger.xlsx")
    report = run(tmp_path / "ledger.xlsx")
    assert report.rejected == []
    assert sorted(customers(ledger)) == sorted([HT, XD])
