"""An import into a large ledger looks up only the invoices its file names (and those its family
of files brought) instead of reading them all: the same imports, made one way and the other,
say and write exactly the same."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from dunner.config import load_config
from dunner.ledger import repo
from dunner.ledger.db import open_ledger
from dunner.services.importing import ImportOptions, import_file
from tests.services.accounting_books import HT, write_aging, write_detail
from tests.services.readback import dump_ledger
from tests.services.workbooks import PAYMENT_HEADERS, SheetSpec, invoice_book

A, B, C = "杭州恒达贸易有限公司", "宁波鑫源机电有限公司", "温州瑞丰塑胶厂"
PAYS = repo.keyed_lookup_pays


def _invoice(customer: str, number: str, issued: date, amount: int, paid: int | None = None
             ) -> tuple[object, ...]:
    return (customer, number, issued, None, amount, paid, "张三")


JAN = [_invoice(A, "A-1", date(2026, 1, 5), 1000), _invoice(A, "A-2", date(2026, 1, 9), 2000),
       _invoice(A, "A-3", date(2026, 1, 20), 3000, 500), _invoice(A, "A-4", date(2026, 1, 28), 400),
       _invoice(B, "B-1", date(2026, 1, 6), 1500), _invoice(B, "B-2", date(2026, 1, 16), 2500),
       _invoice(B, "B-3", date(2026, 1, 26), 3500), _invoice(C, "C-1", date(2026, 1, 12), 800)]

# April's detail of 恒通: its opening balance is what the ledger already holds up to that day
APRIL_DETAIL: list[tuple[object, ...]] = [
    (date(2026, 4, 1), None, None, "期初余额", None, None, "借", 14845.72),
    (date(2026, 4, 8), "记-2", "XS-003", "销售出库", 1000, None, "借", 15845.72),
    (date(2026, 4, 30), None, None, "本期合计", 1000, None, "借", 15845.72),
]


def _books(folder: Path) -> list[Path]:
    """A ledger's history: an aging table, a detail ledger, a month's workbook, the next month's
    with a payment sheet naming January's invoices, January's saved again (a row deleted, an
    amount corrected, a paid column risen, an invoice added), March's carrying one of January's
    over (and a payment towards one it leaves out), and April's detail of a customer the ledger
    holds."""
    feb_payments = SheetSpec("回款", PAYMENT_HEADERS, [(A, date(2026, 2, 10), 2000, "A-2"),
                                                     (B, date(2026, 2, 12), 700, None)])
    jan_again = [row for row in JAN if row[1] != "A-4"]
    jan_again[4] = _invoice(B, "B-2", date(2026, 1, 16), 2600)
    jan_again[6] = _invoice(C, "C-1", date(2026, 1, 12), 800, 300)
    jan_again.append(_invoice(C, "C-2", date(2026, 1, 30), 900))
    return [
        write_aging(folder / "账龄分析表.xlsx"),
        write_detail(folder / "明细账.xlsx"),
        invoice_book(folder / "2026-01.xlsx", JAN),
        invoice_book(folder / "2026-02.xlsx", [_invoice(A, "A-5", date(2026, 2, 3), 5000),
                                               _invoice(B, "B-4", date(2026, 2, 9), 4500)],
                     extra=[feb_payments]),
        invoice_book(folder / "2026-01 改.xlsx", jan_again),
        invoice_book(folder / "2026-03.xlsx", [_invoice(A, "A-3", date(2026, 1, 20), 3000, 500),
                                               _invoice(A, "A-6", date(2026, 3, 2), 600)],
                     extra=[SheetSpec("回款", PAYMENT_HEADERS, [(B, date(2026, 3, 5), 100, "B-3")])]),
        write_detail(folder / "明细账 4月.xlsx", APRIL_DETAIL, titles=(
            "应收账款明细账", f"往来单位：{HT}", "期间：2026年4期 至 2026年4期    币别：人民币")),
    ]


def _said(report: Any) -> tuple[Any, ...]:
    return (report.counts, report.changes, report.missing,
            [(n.code, n.message) for n in report.notes], report.rejected_rows)


def _import_all(db: Path, books: list[Path], by_key: bool,
                monkeypatch: pytest.MonkeyPatch) -> tuple[list[Any], dict[str, Any], list[bool]]:
    """Each book imported in turn, the invoices looked up by key or all read; what each import
    said, the ledger's rows after, and whether each import looked up by key."""
    monkeypatch.setattr(repo, "KEYED_SHARE", 0)
    looked_up: list[bool] = []

    def spy(conn: Any, count: int) -> bool:
        pays = PAYS(conn, count) and by_key  # else the whole table is read
        looked_up.append(pays)
        return pays

    monkeypatch.setattr(repo, "keyed_lookup_pays", spy)
    ledger = open_ledger(str(db))
    config = load_config(None, {})
    try:
        said = [_said(import_file(ledger, book, ImportOptions(today=date(2026, 4, 30)), config))
                for book in books]
        return said, dump_ledger(ledger), looked_up
    finally:
        ledger.close()


def test_looking_up_by_key_says_and_writes_what_reading_everything_does(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    books = _books(tmp_path)
    said, rows, keyed = _import_all(tmp_path / "keyed.db", books, True, monkeypatch)
    said_all, rows_all, _ = _import_all(tmp_path / "whole.db", books, False, monkeypatch)
    assert keyed == [False] + [True] * (len(books) - 1)  # the first one into an empty ledger
    assert said == said_all
    assert rows == rows_all
    # what the history says, so that neither way can be wrong alike
    counts = [s[0] for s in said]
    assert counts[3]["invoices_added"] == 2 and counts[3]["payments_added"] == 2
    assert counts[4]["invoices_updated"] == 1 and counts[4]["invoices_added"] == 1
    assert said[2][2] == []  # January's workbook: nothing of the exports before it
    assert said[3][2] == []  # February's: nothing of January's
    assert said[4][2] == [f"{A} A-4"]  # January's again: its deleted row
    # March's carries A-3 over: what January's family brought and is still open (A-2 was paid
    # in February), its later copy's C-2 included; not February's
    # (in the order the ledger got them, whichever way they were read)
    assert said[5][2] == [f"{name} {n}" for name, n in (
        (A, "A-1"), (A, "A-4"), (B, "B-1"), (B, "B-2"), (B, "B-3"), (C, "C-1"), (C, "C-2"))]
    assert any(code == "opening_known" for code, _ in said[6][3])
    with sqlite3.connect(tmp_path / "keyed.db") as keyed_db, \
            sqlite3.connect(tmp_path / "whole.db") as whole_db:
        families = [db.execute("SELECT name, family FROM import_file ORDER BY id").fetchall()
                    for db in (keyed_db, whole_db)]
    assert families[0] == families[1] == [
        ("账龄分析表.xlsx", "账龄分析表.xlsx"), ("明细账.xlsx", "明细账.xlsx"),
        ("2026-01.xlsx", "2026-01.xlsx"), ("2026-02.xlsx", "2026-02.xlsx"),
        ("2026-01 改.xlsx", "2026-01.xlsx"), ("2026-03.xlsx", "2026-01.xlsx"),
        ("明细账 4月.xlsx", "明细账 4月.xlsx")]


def test_a_file_that_tells_of_no_payment_reads_none(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """An export of invoices alone (no payment sheet, no paid column) leaves the ledger's
    payments unread; one with a paid column reads them, and counts a payment recorded by hand
    once."""
    read: list[str] = []
    loaded = repo.payments_by_customer
    monkeypatch.setattr(repo, "payments_by_customer",
                        lambda conn: read.append("payments") or loaded(conn))
    ledger = open_ledger(str(tmp_path / "ledger.db"))
    config = load_config(None, {})
    options = ImportOptions(today=date(2026, 4, 30))
    try:
        import_file(ledger, invoice_book(tmp_path / "jan.xlsx", JAN), options, config)
        assert read == ["payments"]  # A-3's paid column
        bare = [(*row[:5], None, row[6]) for row in JAN]
        report = import_file(ledger, invoice_book(tmp_path / "jan bare.xlsx", bare), options,
                             config)
        assert read == ["payments"]  # not again
        assert report.counts == {"customers_unchanged": 3, "invoices_unchanged": 8}
        paid = [(*row[:5], 700 if row[1] == "A-3" else None, row[6]) for row in JAN]
        report = import_file(ledger, invoice_book(tmp_path / "jan 2.xlsx", paid), options, config)
        assert read == ["payments", "payments"]
        assert report.counts["payments_added"] == 1  # the rise from 500 to 700
    finally:
        ledger.close()


def test_the_earlier_copies_are_worked_out_only_for_a_row_that_may_be_an_edited_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Which earlier files a payment sheet is a later copy of, beyond the files of its own
    family, takes every payment of the ledger: it is worked out only when a row has the same
    customer, day and amount as a payment an earlier sheet brought, and the edited row is then
    still the same payment, now naming the invoice the row names."""
    from dunner.services.importing import changes

    asked: list[str] = []
    versions = changes._earlier_versions
    monkeypatch.setattr(changes, "_earlier_versions",
                        lambda state, name, keys: asked.append(name) or versions(state, name, keys))
    ledger = open_ledger(str(tmp_path / "ledger.db"))
    config = load_config(None, {})
    options = ImportOptions(today=date(2026, 4, 30))
    paid = [(A, date(2026, 2, 10), 2000, "A-2"), (B, date(2026, 2, 12), 700, None)]
    try:
        jan = invoice_book(tmp_path / "jan.xlsx", JAN, extra=[SheetSpec("回款", PAYMENT_HEADERS, paid)])
        import_file(ledger, jan, options, config)
        feb = invoice_book(tmp_path / "feb.xlsx", [_invoice(A, "A-5", date(2026, 2, 3), 5000)],
                           extra=[SheetSpec("回款", PAYMENT_HEADERS,
                                            [(A, date(2026, 2, 20), 999, None)])])
        assert import_file(ledger, feb, options, config).counts["payments_added"] == 1
        assert asked == []  # no row like an earlier sheet's
        edited = [paid[0], (B, date(2026, 2, 12), 700, "B-1")]  # the invoice filled in later
        # the payment sheet saved on its own: no invoice ties it to January's workbook
        jan_2 = invoice_book(tmp_path / "jan 2.xlsx", [],
                             extra=[SheetSpec("回款", PAYMENT_HEADERS, edited)])
        report = import_file(ledger, jan_2, options, config)
        assert asked == ["jan 2.xlsx"]
        assert report.counts["payments_unchanged"] == 1
        assert report.counts["payments_updated"] == 1
        assert report.counts.get("payments_added", 0) == 0
        assert [(c.old, c.new) for c in report.changes] == [("700.00 2026-02-12", "700.00 2026-02-12 B-1")]
    finally:
        ledger.close()
