"""Import: the same file twice changes nothing; an updated file updates, reports and never deletes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dunner.services.importing.changes import Change
from tests.services.readback import dump_ledger, invoices, payments
from tests.services.workbooks import (
    CUSTOMER_HEADERS,
    INVOICE_HEADERS,
    PAYMENT_HEADERS,
    SheetSpec,
    write_book,
)

HT = "杭州恒通五金有限公司"
XD = "广州鑫达建材经营部"

V1 = [
    (HT, "HT-001", date(2026, 8, 1), date(2026, 10, 1), "¥12,345.60", 2000, "张三"),
    (HT, "HT-002", date(2026, 9, 1), None, 5000, None, "张三"),
    (HT, "HT-003", date(2026, 9, 3), None, 700, None, "张三"),
    (HT, "HT-004", date(2026, 9, 3), None, 800, 100, "张三"),
    (XD, "XD-001", date(2026, 9, 15), None, 8800, 1000, "李四"),
]
NUMBERLESS = [
    (HT, None, date(2026, 9, 3), None, 700, None, "张三"),  # no number: numbered by its date
    (HT, None, date(2026, 9, 3), None, 800, 100, "张三"),
    (HT, None, date(2026, 9, 4), None, 900, None, "张三"),
]
PAYMENTS = [
    (HT, date(2026, 10, 25), 3000, "HT-001"),
    (HT, date(2026, 10, 25), 3000, "HT-001"),  # the same payment made twice is two payments
    (XD, "2026/11/2", "¥1,000.00", None),
]
CUSTOMERS = [
    (HT, "张三", "月结25日", 50000, "10,25", 13800001234),
    (XD, "李四", "现款现货", None, None, "020-88886666"),
]


def _book(path: Path, invoices_rows=V1, payment_sheet: bool = True) -> Path:
    """Invoices with a paid column, a payment sheet (the record, when present) and customers."""
    return write_book(path, [
        SheetSpec("应收明细", INVOICE_HEADERS, invoices_rows, title_rows=2),
        *([SheetSpec("回款记录", PAYMENT_HEADERS, PAYMENTS)] if payment_sheet else []),
        SheetSpec("客户资料", (*CUSTOMER_HEADERS, "联系人"), [(*c, "王经理") for c in CUSTOMERS],
                  title_rows=1),
    ])


@pytest.mark.postgres_too
def test_importing_the_same_file_twice_changes_nothing(tmp_path: Path, ledger, run) -> None:
    path = _book(tmp_path / "ledger.xlsx")
    first = run(path)
    # the payment sheet is the record: its three payments, the paid column only checked
    assert dict(first.counts) == {"customers_added": 2, "invoices_added": 5, "payments_added": 3}
    # the one disagreement it finds: HT-001's paid cell says 2,000.00 of the sheet's 6,000.00
    noted = [("ledger.xlsx:应收明细!4", "paid_below_sheet")]
    assert [(n.source, n.code) for n in first.notes] == noted
    before = dump_ledger(ledger)
    assert len(before["payment"]) == 3
    assert len(before["contact_person"]) == 2

    second = run(path)
    assert dict(second.counts) == {"customers_unchanged": 2, "invoices_unchanged": 5,
                                   "payments_unchanged": 3}
    assert second.changes == []
    assert second.missing == []
    assert [(n.source, n.code) for n in second.notes] == noted
    assert dump_ledger(ledger) == before


def test_invoices_without_numbers_get_stable_numbers(tmp_path: Path, ledger, run) -> None:
    path = write_book(tmp_path / "ledger.xlsx", [SheetSpec("应收明细", INVOICE_HEADERS, NUMBERLESS)])
    run(path)
    assert {n: v[3] for n, v in invoices(ledger).items()} == {
        "20260903-1": 70_000, "20260903-2": 80_000, "20260904-1": 90_000}
    before = dump_ledger(ledger)
    report = run(path)
    assert report.counts.get("invoices_added", 0) == 0
    assert report.counts["invoices_unchanged"] == 3
    assert dump_ledger(ledger) == before


def test_invoices_without_numbers_are_not_reported_missing(tmp_path: Path, ledger, run) -> None:
    path = write_book(tmp_path / "ledger.xlsx", [SheetSpec("应收明细", INVOICE_HEADERS, NUMBERLESS)])
    run(path)
    assert run(path).missing == []
    write_book(path, [SheetSpec("应收明细", INVOICE_HEADERS, NUMBERLESS[:2])])
    assert run(path).missing == [f"{HT} 20260904-1"]


def test_a_dry_run_of_the_same_file_reports_everything_unchanged(tmp_path: Path, ledger, run) -> None:
    path = _book(tmp_path / "ledger.xlsx")
    run(path)
    report = run(path, dry_run=True)
    assert report.counts.get("invoices_added", 0) == 0
    assert report.counts["invoices_unchanged"] == 5


def test_a_copy_under_another_name_adds_nothing(tmp_path: Path, ledger, run) -> None:
    run(_book(tmp_path / "ledger.xlsx"))
    before = dump_ledger(ledger)
    report = run(_book(tmp_path / "ledger-copy.xlsx"))
    assert report.counts.get("invoices_added", 0) == 0
    assert report.counts.get("payments_added", 0) == 0
    assert dump_ledger(ledger) == before


V2 = [
    (HT, "HT-001", date(2026, 8, 1), date(2026, 10, 15), "¥12,000.00", 5000, "张三"),  # due, amount, paid
    (HT, "HT-002", date(2026, 9, 1), None, 5000, None, "张三"),  # unchanged
    (HT, "HT-003", date(2026, 9, 3), None, 700, None, "张三"),
    (HT, "HT-004", date(2026, 9, 3), None, 800, 100, "张三"),
    # XD-001 is gone from the newer file
]


@pytest.mark.postgres_too
def test_an_updated_workbook_updates_and_reports_each_change(tmp_path: Path, ledger, run) -> None:
    path = _book(tmp_path / "ledger.xlsx", payment_sheet=False)
    run(path)
    _book(path, V2, payment_sheet=False)
    report = run(path)

    assert report.counts["invoices_updated"] == 1
    assert report.counts["invoices_unchanged"] == 3
    assert report.counts.get("invoices_added", 0) == 0
    assert report.counts["payments_added"] == 1
    assert set(report.changes) == {
        Change("ledger.xlsx", f"{HT} HT-001", "due", "2026-10-01", "2026-10-15"),
        Change("ledger.xlsx", f"{HT} HT-001", "amount", "12345.60", "12000.00"),
        Change("ledger.xlsx", f"{HT} HT-001", "paid", "2000.00", "5000.00"),
    }
    assert len(report.changes) == 3
    assert report.missing == [f"{XD} XD-001"]

    facts = invoices(ledger)
    assert facts["HT-001"] == (HT, date(2026, 8, 1), date(2026, 10, 15), 1_200_000)
    assert facts["XD-001"] == (XD, date(2026, 9, 15), None, 880_000)  # reported, never deleted
    paid_column = [p["amount"] for p in payments(ledger)
                   if p["invoice_number"] == "HT-001" and p["origin"] == "paid_column"]
    assert paid_column == [200_000, 300_000]
    assert sum(paid_column) == 500_000
    assert all(p["paid_on"] is None for p in payments(ledger) if p["origin"] == "paid_column")


def test_an_updated_workbook_imported_again_changes_nothing(tmp_path: Path, ledger, run) -> None:
    path = _book(tmp_path / "ledger.xlsx", payment_sheet=False)
    run(path)
    _book(path, V2, payment_sheet=False)
    run(path)
    before = dump_ledger(ledger)
    report = run(path)
    assert report.changes == []
    assert report.counts.get("invoices_updated", 0) == 0
    assert report.counts.get("payments_added", 0) == 0
    assert report.missing == [f"{XD} XD-001"]
    assert dump_ledger(ledger) == before


@pytest.mark.postgres_too
def test_a_lower_paid_amount_is_a_note_and_the_ledger_keeps_the_higher(tmp_path: Path, ledger, run) -> None:
    path = _book(tmp_path / "ledger.xlsx", payment_sheet=False)
    run(path)
    lower = [(HT, "HT-001", date(2026, 8, 1), date(2026, 10, 1), "¥12,345.60", 1500, "张三"), *V1[1:]]
    _book(path, lower, payment_sheet=False)
    before = dump_ledger(ledger)
    report = run(path)
    assert [(n.source, n.code) for n in report.notes] == [("ledger.xlsx:应收明细!4", "paid_decreased")]
    assert report.notes[0].message == (
        "invoice HT-001: paid fell from 2000.00 to 1500.00; the ledger keeps 2000.00")
    assert dump_ledger(ledger) == before


def test_an_empty_due_cell_keeps_the_known_due_date(tmp_path: Path, ledger, run) -> None:
    path = _book(tmp_path / "ledger.xlsx")
    run(path)
    _book(path, [(HT, "HT-001", date(2026, 8, 1), None, "¥12,345.60", 2000, "张三"), *V1[1:]])
    report = run(path)
    assert report.changes == []
    assert invoices(ledger)["HT-001"][2] == date(2026, 10, 1)


def test_a_new_invoice_in_the_updated_file_is_added(tmp_path: Path, ledger, run) -> None:
    path = _book(tmp_path / "ledger.xlsx")
    run(path)
    _book(path, [*V1, (XD, "XD-002", date(2026, 11, 1), None, 999.99, None, "李四")])
    report = run(path)
    assert report.counts["invoices_added"] == 1
    assert report.counts["invoices_unchanged"] == 5
    assert invoices(ledger)["XD-002"] == (XD, date(2026, 11, 1), None, 99_999)


def test_deleted_invoices_are_reported_whatever_the_file_is_called(tmp_path: Path, ledger,
                                                                   run) -> None:
    """A clerk saves the workbook under a new name each day: what vanished is still reported,
    as long as the ledger has money open on it (settled rows are often deleted)."""
    run(_book(tmp_path / "应收账款-1122.xlsx", payment_sheet=False))
    settled = (HT, "HT-003", date(2026, 9, 3), None, 700, 700, "张三")
    rows = [V1[0], V1[1], settled, V1[3]]  # XD-001 deleted; HT-003 paid in full
    report = run(_book(tmp_path / "应收账款-1123.xlsx", rows, payment_sheet=False))
    assert report.missing == [f"{XD} XD-001"]
    rows = [V1[0], V1[1], V1[3]]  # now the settled HT-003 is deleted too: not worth a line
    report = run(_book(tmp_path / "应收账款-1124.xlsx", rows, payment_sheet=False))
    assert report.missing == [f"{XD} XD-001"]


def test_a_customer_only_file_reports_no_missing_invoices(tmp_path: Path, ledger, run) -> None:
    path = _book(tmp_path / "ledger.xlsx")
    run(path)
    write_book(path, [SheetSpec("客户资料", CUSTOMER_HEADERS, CUSTOMERS)])
    report = run(path)
    assert report.missing == []
    assert len(invoices(ledger)) == 5


def test_a_rejected_row_is_not_reported_missing(tmp_path: Path, ledger, run) -> None:
    path = _book(tmp_path / "ledger.xlsx")
    run(path)
    broken = [(HT, "HT-001", date(2026, 8, 1), date(2026, 10, 1), "一万二", 2000, "张三"), *V1[1:]]
    _book(path, broken)
    report = run(path, skip_bad=True)
    assert [p.source for p in report.rejected] == ["ledger.xlsx:应收明细!E4"]
    assert report.missing == []  # HT-001 is in the file, only rejected
    assert invoices(ledger)["HT-001"][3] == 1_234_560
