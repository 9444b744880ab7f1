"""Import: every date and amount form to the day and the fen, identifiers as text, skipped rows."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from dunner.errors import InputRejected
from tests.services.readback import customers, invoices, payments
from tests.services.workbooks import (
    INVOICE_HEADERS,
    SheetSpec,
    invoice_book,
    write_book,
    write_book_xlsxwriter,
)

CUSTOMER = "杭州恒通五金有限公司"
MARCH_5 = date(2026, 3, 5)

DATE_FORMS = {
    "date cell": date(2026, 3, 5),
    "datetime cell": datetime(2026, 3, 5, 14, 30),
    "datetime at midnight": datetime(2026, 3, 5, 0, 0),
    "serial number": 46086,
    "serial with time fraction": 46086.6,
    "slashes": "2026/3/5",
    "dots": "2026.03.05",
    "chinese": "2026年3月5日",
    "iso": "2026-03-05",
    "iso with spaces": " 2026-03-05 ",
    "full-width": "２０２６－０３－０５",
    "chinese with spaces": "2026 年 3 月 5 日",
}


@pytest.mark.parametrize("cell", DATE_FORMS.values(), ids=DATE_FORMS.keys())
def test_date_forms(tmp_path: Path, ledger, run, cell: object) -> None:
    rows = [(CUSTOMER, "HT-001", cell, cell, 100, None, "张三")]
    run(invoice_book(tmp_path / "ledger.xlsx", rows))
    assert invoices(ledger) == {"HT-001": (CUSTOMER, MARCH_5, MARCH_5, 10_000)}


def test_date_forms_written_by_xlsxwriter(tmp_path: Path, ledger, run) -> None:
    rows = [(CUSTOMER, f"HT-{i:03}", form, None, 100, None, "张三")
            for i, form in enumerate(DATE_FORMS.values())]
    run(write_book_xlsxwriter(tmp_path / "ledger.xlsx", [SheetSpec("应收明细", INVOICE_HEADERS, rows)]))
    assert {n: v[1] for n, v in invoices(ledger).items()} == {
        f"HT-{i:03}": MARCH_5 for i in range(len(DATE_FORMS))}


@pytest.mark.parametrize("cell", ["2026-02-30", "2026/13/1", "3月5日", "明天", "05/03/2026", 12.5, 3_000_000,
                                  True])
def test_not_a_date(tmp_path: Path, ledger, run, cell: object) -> None:
    rows = [(CUSTOMER, "HT-001", cell, None, 100, None, "张三")]
    with pytest.raises(InputRejected) as caught:
        run(invoice_book(tmp_path / "ledger.xlsx", rows))
    [problem] = caught.value.problems
    assert problem.source == "ledger.xlsx:应收明细!C4"
    assert problem.code == "bad_issued"
    assert problem.message.startswith("column 发货日期: ")
    assert problem.message.endswith(" is not a date")
    assert problem.hint == "write a date such as 2026-03-05 or 2026年3月5日"
    assert invoices(ledger) == {}


AMOUNT_FORMS = {
    "float": (12345.6, 1_234_560),
    "int": (3000, 300_000),
    "float with fen": (1234.56, 123_456),
    "small float": (0.07, 7),
    "yen and separators": ("¥12,345.60", 1_234_560),
    "full-width yen": ("￥3000", 300_000),
    "yuan suffix": ("8,800.00元", 880_000),
    "full-width digits": ("１２３４５．６０", 1_234_560),
    "full-width everything": ("￥１２，３４５．６０元", 1_234_560),
    "spaces": (" 8 800.50 ", 880_050),
    "one decimal": ("1,234.5", 123_450),
    "rmb prefix": ("RMB 500", 50_000),
    "yuan after space": ("600 元", 60_000),
    "big": ("¥1,234,567,890.12", 123_456_789_012),
}


@pytest.mark.parametrize(("cell", "fen"), AMOUNT_FORMS.values(), ids=AMOUNT_FORMS.keys())
def test_amount_forms(tmp_path: Path, ledger, run, cell: object, fen: int) -> None:
    rows = [(CUSTOMER, "HT-001", MARCH_5, None, cell, None, "张三")]
    run(invoice_book(tmp_path / "ledger.xlsx", rows))
    assert invoices(ledger)["HT-001"][3] == fen


@pytest.mark.parametrize(("cell", "fen"), AMOUNT_FORMS.values(), ids=AMOUNT_FORMS.keys())
def test_paid_amount_forms(tmp_path: Path, ledger, run, cell: object, fen: int) -> None:
    rows = [(CUSTOMER, "HT-001", MARCH_5, None, 2_000_000_000, cell, "张三")]
    run(invoice_book(tmp_path / "ledger.xlsx", rows))
    assert [(p["amount"], p["invoice_number"]) for p in payments(ledger)] == [(fen, "HT-001")]


@pytest.mark.parametrize(("cell", "reason"), [
    ("12.345", "more than two decimals"),
    ("十二元", "not a number"),
    ("1,23,4", "not a number"),
    ("12 34 ab", "not a number"),
    ("$100", "not a number"),
])
def test_not_an_amount(tmp_path: Path, run, cell: object, reason: str) -> None:
    rows = [(CUSTOMER, "HT-001", MARCH_5, None, cell, None, "张三")]
    with pytest.raises(InputRejected) as caught:
        run(invoice_book(tmp_path / "ledger.xlsx", rows))
    [problem] = caught.value.problems
    assert problem.source == "ledger.xlsx:应收明细!E4"
    assert problem.code == "bad_amount"
    assert problem.message == f"column 价税合计: {cell!r} is not an amount ({reason})"


@pytest.mark.parametrize(("column", "cell", "message"), [
    ("E", 0.001, "column 价税合计: 0.001 is not an amount (more than two decimals)"),
    ("E", 1234.5678, "column 价税合计: 1234.5678 is not an amount (more than two decimals)"),
    ("C", 3_000_000, "column 发货日期: 3000000 is not a date"),
    ("C", 12.5, "column 发货日期: 12.5 is not a date"),
], ids=["float fen", "float four decimals", "whole number date", "float date"])
def test_numeric_cells_are_shown_as_written(tmp_path: Path, run, column: str, cell: object,
                                            message: str) -> None:
    row = [CUSTOMER, "HT-001", MARCH_5, None, 100, None, "张三"]
    row["ACE".index(column) * 2] = cell
    with pytest.raises(InputRejected) as caught:
        run(invoice_book(tmp_path / "ledger.xlsx", [row]))
    assert [(p.source, p.message) for p in caught.value.problems] == [
        (f"ledger.xlsx:应收明细!{column}4", message)]


@pytest.mark.parametrize("cell", [0, "-100", -5.5])
def test_amount_must_be_positive(tmp_path: Path, run, cell: object) -> None:
    rows = [(CUSTOMER, "HT-001", MARCH_5, None, cell, None, "张三")]
    with pytest.raises(InputRejected) as caught:
        run(invoice_book(tmp_path / "ledger.xlsx", rows))
    assert [(p.source, p.code) for p in caught.value.problems] == [
        ("ledger.xlsx:应收明细!E4", "amount_not_positive")]  # at the amount's cell


@pytest.mark.parametrize("writer", [write_book, write_book_xlsxwriter])
def test_numeric_identifiers_import_as_text(tmp_path: Path, ledger, run, writer) -> None:
    headers = (*INVOICE_HEADERS, "电话")
    rows = [(CUSTOMER, 20231118001, MARCH_5, None, 100, None, "张三", 13800001234),
            ("广州鑫达建材经营部", 7, MARCH_5, None, 100, None, "李四", 2088776655)]
    run(writer(tmp_path / "ledger.xlsx", [SheetSpec("应收明细", headers, rows, title_rows=2)]))
    assert sorted(invoices(ledger)) == ["20231118001", "7"]
    phones = {name: row["phone"] for name, row in customers(ledger).items()}
    assert phones == {CUSTOMER: "13800001234", "广州鑫达建材经营部": "2088776655"}


def test_text_identifiers_keep_their_leading_zeros(tmp_path: Path, ledger, run) -> None:
    headers = (*INVOICE_HEADERS, "电话")
    rows = [(CUSTOMER, "000123", MARCH_5, None, 100, None, "张三", "0571-88886666")]
    run(invoice_book(tmp_path / "ledger.xlsx", rows, headers=headers))
    assert list(invoices(ledger)) == ["000123"]
    assert customers(ledger)[CUSTOMER]["phone"] == "0571-88886666"


GOOD = [
    (CUSTOMER, "HT-001", MARCH_5, None, 1000, None, "张三"),
    (CUSTOMER, "HT-002", MARCH_5, None, 2000.5, None, "张三"),
    ("广州鑫达建材经营部", "XD-001", MARCH_5, None, "¥3,000.00", None, "李四"),
]


@pytest.mark.parametrize("label", ["合计", "总计", "小计", "total", "Total", "TOTAL", "合 计", "合计：",
                                   "本页小计", "Totals", "ｔｏｔａｌ", "汇总",
                                   # Excel's 分类汇总 (Subtotal) rows
                                   f"{CUSTOMER} 汇总", "广州鑫达建材经营部 汇总"])
def test_total_rows_are_skipped(tmp_path: Path, ledger, run, label: str) -> None:
    rows = [GOOD[0], GOOD[1], (label, None, None, None, 3000.5, None, None), GOOD[2]]
    report = run(invoice_book(tmp_path / "ledger.xlsx", rows, extra=()))
    assert report.counts["invoices_added"] == 3
    assert sorted(invoices(ledger)) == ["HT-001", "HT-002", "XD-001"]
    assert label not in customers(ledger)


def test_total_row_with_label_in_a_later_column_and_a_formula(tmp_path: Path, ledger, run) -> None:
    headers = ("序号", *INVOICE_HEADERS)
    rows = [(i + 1, *row) for i, row in enumerate(GOOD)]
    trailer = [(None, "合计", None, None, None, "=SUM(F4:F6)", None, None),
               (None, None, "总计", None, None, 6000.5, None, None)]
    path = write_book(tmp_path / "ledger.xlsx", [SheetSpec("应收明细", headers, rows, 2, trailer)])
    report = run(path)
    assert report.counts["invoices_added"] == 3
    assert {n: v[3] for n, v in invoices(ledger).items()} == {
        "HT-001": 100_000, "HT-002": 200_050, "XD-001": 300_000}


def test_blank_rows_are_skipped(tmp_path: Path, ledger, run) -> None:
    rows = [(), GOOD[0], (None,) * 7, ("",) * 7, GOOD[1], (), (), GOOD[2], ()]
    report = run(invoice_book(tmp_path / "ledger.xlsx", rows))
    assert report.counts["invoices_added"] == 3
    assert sorted(invoices(ledger)) == ["HT-001", "HT-002", "XD-001"]


def test_rows_of_only_spaces_are_blank_rows(tmp_path: Path, ledger, run) -> None:
    # xlsxwriter keeps the spaces (xml:space="preserve"), as Excel does for a cell holding a space
    rows = [GOOD[0], (" ", None, None, None, "  ", None, None), ("\u3000",) * 7, GOOD[1], GOOD[2]]
    sheet = SheetSpec("应收明细", INVOICE_HEADERS, rows, title_rows=2)
    report = run(write_book_xlsxwriter(tmp_path / "ledger.xlsx", [sheet]))
    assert report.counts["invoices_added"] == 3
    assert sorted(invoices(ledger)) == ["HT-001", "HT-002", "XD-001"]


def test_a_customer_called_like_a_total_is_not_mistaken_for_one(tmp_path: Path, ledger, run) -> None:
    rows = [("合计五金店", "HJ-1", MARCH_5, None, 100, None, "王五"),
            ("汇总数据科技有限公司", "HZ-1", MARCH_5, None, 100, None, "王五"), GOOD[0]]
    run(invoice_book(tmp_path / "ledger.xlsx", rows))
    assert sorted(customers(ledger)) == sorted(["合计五金店", "汇总数据科技有限公司", CUSTOMER])
