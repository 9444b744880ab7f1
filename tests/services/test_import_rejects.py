"""Import: all or nothing, --skip-bad with its rejects workbook, and dry runs that write nothing."""

from __future__ import annotations

import os
import stat
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dunner.errors import InputRejected
from tests.services.readback import customers, dump_ledger, invoices, payments
from tests.services.workbooks import (
    INVOICE_HEADERS,
    PAYMENT_HEADERS,
    SheetSpec,
    write_book,
    write_book_xlsxwriter,
)

HT = "杭州恒通五金有限公司"
ABC = "ABC 贸易有限公司"
XD = "广州鑫达建材经营部"

INVOICE_ROWS = [
    (HT, "HT-001", date(2026, 8, 1), None, 10000, 2000, "张三"),  # row 4
    (HT, "HT-002", "2026-02-30", None, 5000, None, "张三"),  # row 5: no such day
    (ABC, "AB-001", date(2026, 9, 10), date(2026, 10, 10), 3000, None, "李四"),  # row 6
    (XD, "XD-001", date(2026, 9, 15), None, "十二元", None, "李四"),  # row 7: not an amount
]
PAYMENT_ROWS = [
    (HT, date(2026, 10, 25), 3000, "HT-001"),  # row 2
    (ABC, "昨天", 1000, None),  # row 3: not a date
]
EXPECTED_PROBLEMS = [
    ("ledger.xlsx:应收明细!C5", "bad_issued", "column 发货日期: '2026-02-30' is not a date"),
    ("ledger.xlsx:应收明细!E7", "bad_amount", "column 价税合计: '十二元' is not an amount (not a number)"),
    ("ledger.xlsx:回款记录!B3", "bad_payment_date", "column 回款日期: '昨天' is not a date"),
]


def _bad_book(path: Path) -> Path:
    return write_book(path, [SheetSpec("应收明细", INVOICE_HEADERS, INVOICE_ROWS, title_rows=2),
                             SheetSpec("回款记录", PAYMENT_HEADERS, PAYMENT_ROWS)])


def _empty(dump: dict[str, list[tuple[object, ...]]]) -> bool:
    return all(rows == [] for rows in dump.values())


def test_bad_rows_on_two_sheets_reject_the_whole_file(tmp_path: Path, ledger, run) -> None:
    with pytest.raises(InputRejected) as caught:
        run(_bad_book(tmp_path / "ledger.xlsx"))
    err = caught.value
    assert err.code == "import_rejected"
    assert err.message == "3 bad row(s) in ledger.xlsx; nothing was imported"
    assert [(p.source, p.code, p.message) for p in err.problems] == EXPECTED_PROBLEMS
    assert [p.hint for p in err.problems] == [
        "write a date such as 2026-03-05 or 2026年3月5日",
        "write a number such as 1234.50 or ¥1,234.50",
        "write the date the money arrived, e.g. 2026-03-05",
    ]
    assert _empty(dump_ledger(ledger))
    assert not (tmp_path / "ledger.xlsx.rejects.xlsx").exists()


def test_every_problem_of_a_row_is_listed(tmp_path: Path, ledger, run) -> None:
    rows = [(None, "HT-1", "下周", "2026-13-01", "abc", "xyz", "张三")]
    with pytest.raises(InputRejected) as caught:
        run(write_book(tmp_path / "ledger.xlsx", [SheetSpec("应收明细", INVOICE_HEADERS, rows)]))
    assert caught.value.message == "1 bad row(s) in ledger.xlsx; nothing was imported"
    assert [(p.source, p.code) for p in caught.value.problems] == [
        ("ledger.xlsx:应收明细!A2", "bad_customer"),
        ("ledger.xlsx:应收明细!C2", "bad_issued"),
        ("ledger.xlsx:应收明细!D2", "bad_due"),
        ("ledger.xlsx:应收明细!E2", "bad_amount"),
        ("ledger.xlsx:应收明细!F2", "bad_paid"),
    ]
    assert caught.value.problems[0].message == "column 客户名称 is empty"


@pytest.mark.parametrize(("row", "code", "cell"), [
    ((HT, "HT-1", date(2026, 9, 1), date(2026, 8, 1), 100, None, "张三"), "due_before_issue", "D2"),
    ((HT, "HT-1", date(2026, 9, 1), None, 100, 150, "张三"), "paid_exceeds", "F2"),
    ((HT, "HT-1", date(2026, 9, 1), None, 100, -1, "张三"), "paid_negative", "F2"),
], ids=["due before issue", "paid exceeds", "paid negative"])
def test_row_level_problems(tmp_path: Path, ledger, run, row, code: str, cell: str) -> None:
    """Each is named at the cell of the field it is about: the due date, the paid amount."""
    with pytest.raises(InputRejected) as caught:
        run(write_book(tmp_path / "ledger.xlsx", [SheetSpec("应收明细", INVOICE_HEADERS, [row])]))
    assert [(p.source, p.code) for p in caught.value.problems] == [(f"ledger.xlsx:应收明细!{cell}", code)]


def test_duplicate_invoice_number_is_a_bad_row(tmp_path: Path, ledger, run) -> None:
    rows = [(HT, "HT-1", date(2026, 9, 1), None, 100, None, "张三"),
            (HT, "HT-1", date(2026, 9, 2), None, 200, None, "张三"),
            (ABC, "HT-1", date(2026, 9, 2), None, 200, None, "李四")]  # another customer's HT-1 is fine
    with pytest.raises(InputRejected) as caught:
        run(write_book(tmp_path / "ledger.xlsx", [SheetSpec("应收明细", INVOICE_HEADERS, rows)]))
    [problem] = caught.value.problems
    assert (problem.source, problem.code) == ("ledger.xlsx:应收明细!3", "duplicate_invoice")
    assert problem.message == "invoice HT-1 appears twice (first on row 2)"


def test_a_rejected_file_leaves_an_existing_ledger_untouched(tmp_path: Path, ledger, run) -> None:
    good = [INVOICE_ROWS[0], INVOICE_ROWS[2]]
    run(write_book(tmp_path / "ledger.xlsx", [SheetSpec("应收明细", INVOICE_HEADERS, good, title_rows=2)]))
    before = dump_ledger(ledger)
    changed = [(HT, "HT-001", date(2026, 8, 1), date(2026, 12, 1), 99999, 5000, "王五"), *INVOICE_ROWS[1:]]
    book = [SheetSpec("应收明细", INVOICE_HEADERS, changed, title_rows=2),
            SheetSpec("回款记录", PAYMENT_HEADERS, PAYMENT_ROWS)]
    with pytest.raises(InputRejected):
        run(write_book(tmp_path / "ledger.xlsx", book))
    assert dump_ledger(ledger) == before


def test_skip_bad_writes_the_good_rows(tmp_path: Path, ledger, run) -> None:
    report = run(_bad_book(tmp_path / "ledger.xlsx"), skip_bad=True)
    assert report.rejected_rows == 3
    assert [(p.source, p.code, p.message) for p in report.rejected] == EXPECTED_PROBLEMS
    assert report.rejects_file == str(tmp_path / "ledger.xlsx.rejects.xlsx")
    assert report.counts["invoices_added"] == 2
    assert report.counts["customers_added"] == 2
    assert report.counts["payments_added"] == 1
    assert sorted(customers(ledger)) == [ABC, HT]
    assert invoices(ledger) == {"HT-001": (HT, date(2026, 8, 1), None, 1_000_000),
                                "AB-001": (ABC, date(2026, 9, 10), date(2026, 10, 10), 300_000)}
    # the file has a payment sheet (one of its rows rejected): it is the record, the paid
    # column only a cross-check
    assert sorted((p["amount"], p["origin"]) for p in payments(ledger)) == [(300_000, "sheet")]


def _cells(sheet) -> list[list[object]]:
    return [[None if v == "" else v for v in row] for row in sheet.iter_rows(values_only=True)]


def test_skip_bad_saves_the_rejects_workbook(tmp_path: Path, run) -> None:
    run(_bad_book(tmp_path / "ledger.xlsx"), skip_bad=True)
    target = tmp_path / "ledger.xlsx.rejects.xlsx"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    book = load_workbook(target)
    assert book.sheetnames == ["应收明细", "回款记录"]
    assert _cells(book["应收明细"]) == [
        ["row", "reason", *INVOICE_HEADERS],
        [5, "column 发货日期: '2026-02-30' is not a date", HT, "HT-002", "2026-02-30", None, 5000, None,
         "张三"],
        [7, "column 价税合计: '十二元' is not an amount (not a number)", XD, "XD-001", datetime(2026, 9, 15),
         None, "十二元", None, "李四"],
    ]
    assert _cells(book["回款记录"]) == [
        ["row", "reason", *PAYMENT_HEADERS],
        [3, "column 回款日期: '昨天' is not a date", ABC, "昨天", 1000, None],
    ]


def test_rejects_workbook_joins_every_reason_of_a_row(tmp_path: Path, run) -> None:
    rows = [(HT, "HT-1", "下周", None, "abc", None, "张三"),
            (HT, "HT-2", date(2026, 9, 1), None, 1, None, "张三")]
    run(write_book(tmp_path / "ledger.xlsx", [SheetSpec("应收明细", INVOICE_HEADERS, rows)]), skip_bad=True)
    book = load_workbook(tmp_path / "ledger.xlsx.rejects.xlsx")
    assert _cells(book["应收明细"])[1][:2] == [
        2, "column 发货日期: '下周' is not a date; column 价税合计: 'abc' is not an amount (not a number)"]


def test_rejects_workbook_keeps_formula_like_cells_as_text(tmp_path: Path, run) -> None:
    evil = '=HYPERLINK("http://example.invalid","点我")'
    rows = [(evil, "HT-1", date(2026, 9, 1), None, "-", None, "@SUM(1)"),
            (HT, "HT-2", date(2026, 9, 1), None, 100, None, "张三")]
    path = write_book_xlsxwriter(tmp_path / "ledger.xlsx", [SheetSpec("应收明细", INVOICE_HEADERS, rows)])
    run(path, skip_bad=True)
    sheet = load_workbook(tmp_path / "ledger.xlsx.rejects.xlsx")["应收明细"]
    row = list(sheet.iter_rows(min_row=2, max_row=2))[0]
    by_value = {c.value: c.data_type for c in row}
    assert by_value[evil] == "s"
    assert by_value["-"] == "s"
    assert by_value["@SUM(1)"] == "s"


def test_payment_naming_a_rejected_invoice_is_rejected_too(tmp_path: Path, ledger, run) -> None:
    book = [SheetSpec("应收明细", INVOICE_HEADERS, INVOICE_ROWS, title_rows=2),
            SheetSpec("回款记录", PAYMENT_HEADERS, [*PAYMENT_ROWS, (HT, date(2026, 10, 1), 100, "HT-002")])]
    report = run(write_book(tmp_path / "ledger.xlsx", book), skip_bad=True)
    assert report.rejected_rows == 4
    assert [(p.source, p.code) for p in report.rejected][-1] == ("ledger.xlsx:回款记录!4", "unknown_invoice")
    assert sorted(p["amount"] for p in payments(ledger)) == [300_000]
    sheet = load_workbook(tmp_path / "ledger.xlsx.rejects.xlsx")["回款记录"]
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == [3, 4]


def test_skip_bad_with_no_bad_rows_writes_no_rejects_file(tmp_path: Path, run) -> None:
    good = [INVOICE_ROWS[0], INVOICE_ROWS[2]]
    report = run(write_book(tmp_path / "ledger.xlsx", [SheetSpec("应收明细", INVOICE_HEADERS, good)]),
                 skip_bad=True)
    assert report.rejected_rows == 0
    assert report.rejects_file is None
    assert not (tmp_path / "ledger.xlsx.rejects.xlsx").exists()


def test_rejects_file_replaces_an_older_one_and_is_private(tmp_path: Path, run) -> None:
    target = tmp_path / "ledger.xlsx.rejects.xlsx"
    target.write_bytes(b"old")
    target.chmod(0o644)
    run(_bad_book(tmp_path / "ledger.xlsx"), skip_bad=True)
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert load_workbook(target).sheetnames == ["应收明细", "回款记录"]


def test_dry_run_reports_counts_and_writes_nothing(tmp_path: Path, ledger, run) -> None:
    good = SheetSpec("应收明细", INVOICE_HEADERS, [INVOICE_ROWS[0], INVOICE_ROWS[2]], title_rows=2)
    pay = SheetSpec("回款记录", PAYMENT_HEADERS, [PAYMENT_ROWS[0]])
    report = run(write_book(tmp_path / "ledger.xlsx", [good, pay]), dry_run=True)
    assert report.dry_run is True
    # the payment sheet is the record: its one payment, not the paid column too
    assert dict(report.counts) == {"customers_added": 2, "invoices_added": 2, "payments_added": 1}
    assert _empty(dump_ledger(ledger))


def test_dry_run_still_rejects_a_bad_file(tmp_path: Path, ledger, run) -> None:
    with pytest.raises(InputRejected) as caught:
        run(_bad_book(tmp_path / "ledger.xlsx"), dry_run=True)
    assert [(p.source, p.code, p.message) for p in caught.value.problems] == EXPECTED_PROBLEMS
    assert _empty(dump_ledger(ledger))


def test_dry_run_with_skip_bad_writes_neither_ledger_nor_rejects(tmp_path: Path, ledger, run) -> None:
    report = run(_bad_book(tmp_path / "ledger.xlsx"), dry_run=True, skip_bad=True)
    assert report.rejected_rows == 3
    assert report.rejects_file is None
    assert report.counts["invoices_added"] == 2
    assert not (tmp_path / "ledger.xlsx.rejects.xlsx").exists()
    assert _empty(dump_ledger(ledger))


def test_dry_run_of_an_update_reports_changes_without_making_them(tmp_path: Path, ledger, run) -> None:
    rows = [INVOICE_ROWS[0], INVOICE_ROWS[2]]
    run(write_book(tmp_path / "ledger.xlsx", [SheetSpec("应收明细", INVOICE_HEADERS, rows)]))
    before = dump_ledger(ledger)
    newer = [(HT, "HT-001", date(2026, 8, 1), date(2026, 9, 30), 10000, 2000, "张三"), INVOICE_ROWS[2]]
    report = run(write_book(tmp_path / "ledger.xlsx", [SheetSpec("应收明细", INVOICE_HEADERS, newer)]),
                 dry_run=True)
    assert [(c.subject, c.field, c.old, c.new) for c in report.changes] == [
        (f"{HT} HT-001", "due", "", "2026-09-30")]
    assert report.counts["invoices_updated"] == 1
    assert dump_ledger(ledger) == before


def test_rejects_workbook_keeps_a_formula_like_header_as_text(tmp_path: Path, run) -> None:
    headers = (*INVOICE_HEADERS, "=1+1")
    rows = [(HT, "HT-1", "下周", None, 100, None, "张三", "x"),
            (HT, "HT-2", date(2026, 9, 1), None, 1, None, "张三", "y")]
    path = write_book_xlsxwriter(tmp_path / "ledger.xlsx", [SheetSpec("应收明细", headers, rows)])
    run(path, skip_bad=True)
    header = next(load_workbook(tmp_path / "ledger.xlsx.rejects.xlsx")["应收明细"].iter_rows(max_row=1))
    assert (header[-1].value, header[-1].data_type) == ("=1+1", "s")
