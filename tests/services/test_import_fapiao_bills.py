"""Import: fapiao columns beside a document number, bills on a payment sheet, and workbooks
without them read as before."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dunner.config import load_config
from dunner.errors import InputRejected
from dunner.ledger import bills, repo
from dunner.ledger.db import open_ledger
from dunner.services.importing import ImportOptions, import_file
from tests.example_book import EXAMPLE, read_example
from tests.services.workbooks import SheetSpec, write_book

HT = "杭州恒通五金有限公司"
DELIVERIES = SheetSpec("应收明细", ("客户名称", "发票号码", "送货单号", "发货日期", "开票日期", "价税合计",
                                "发票状态"), [
    (HT, "04412345", "S-1", date(2026, 8, 1), date(2026, 8, 5), 10000, "已开"),
    (HT, None, "S-2", date(2026, 9, 1), None, 6000, "未开"),
    (HT, "04412399", "S-3", date(2026, 10, 1), date(2026, 10, 9), 3000, None),
    (HT, None, "S-4", date(2026, 10, 2), None, 1000, "已收"),
])
PAYMENTS = SheetSpec("回款", ("客户", "回款日期", "金额", "单号", "付款方式", "票据号", "票据到期日",
                            "承兑人"), [
    (HT, date(2026, 9, 10), 5000, "S-1", "银承", "BK-1", date(2027, 3, 10), "工商银行"),
    (HT, date(2026, 9, 20), 1000, "S-1", "电汇", None, None, None),
    (HT, date(2026, 9, 25), 2000, None, "商业承兑汇票", "CM-1", date(2027, 3, 25), None),
])


def _fapiao(ledger) -> dict[str, tuple]:
    with ledger.read() as conn:
        numbers = {r[0]: r[2] for r in repo.invoice_facts(conn)}
        return {numbers[iid]: row for iid, row in bills.fapiao_by_invoice(conn).items()}


def test_fapiao_columns_beside_a_document_number(tmp_path: Path, ledger, run) -> None:
    run(write_book(tmp_path / "ledger.xlsx", [DELIVERIES, PAYMENTS]))
    assert _fapiao(ledger) == {
        "S-1": ("issued", "04412345", date(2026, 8, 5), None),
        "S-2": ("none", "", None, None),
        "S-3": ("issued", "04412399", date(2026, 10, 9), None),  # a number and date: issued
        "S-4": ("received", "", None, None),
    }
    with ledger.read() as conn:
        found = {r["bill_no"]: (r["bill_kind"], r["amount"], r["bill_matures"], r["bill_acceptor"],
                                r["bill_state"]) for r in bills.bill_rows(conn)}
        methods = sorted(p[3] for p in repo.payment_facts(conn))
    assert found == {"BK-1": ("bank", 500_000, date(2027, 3, 10), "工商银行", "held"),
                     "CM-1": ("commercial", 200_000, date(2027, 3, 25), "", "held")}
    assert methods == [100_000, 200_000, 500_000]


def test_importing_again_changes_nothing(tmp_path: Path, ledger, run) -> None:
    path = write_book(tmp_path / "ledger.xlsx", [DELIVERIES, PAYMENTS])
    run(path)
    report = run(path)
    assert report.counts["invoices_unchanged"] == 4
    assert report.counts["payments_unchanged"] == 3


def test_without_a_document_number_the_fapiao_columns_are_the_receivable(tmp_path: Path, ledger,
                                                                          run) -> None:
    sheet = SheetSpec("应收明细", ("客户名称", "发票号码", "开票日期", "价税合计"),
                      [(HT, "04412345", date(2026, 8, 5), 10000)])
    run(write_book(tmp_path / "ledger.xlsx", [sheet]))
    with ledger.read() as conn:
        [(_, _, number, issued, _, amount)] = repo.invoice_facts(conn)
    assert (number, issued, amount) == ("04412345", date(2026, 8, 5), 1_000_000)
    assert _fapiao(ledger) == {}


def test_a_bill_number_needs_a_bill_method_and_a_maturity(tmp_path: Path, ledger, run) -> None:
    sheet = SheetSpec("回款", ("客户", "回款日期", "金额", "付款方式", "票据号", "票据到期日"), [
        (HT, date(2026, 9, 10), 5000, "电汇", "BK-1", date(2027, 3, 10)),
        (HT, date(2026, 9, 11), 5000, "银承", "BK-2", None),
    ])
    customers = SheetSpec("客户", ("客户名称", "业务员"), [(HT, "张三")])
    with pytest.raises(InputRejected) as caught:
        run(write_book(tmp_path / "ledger.xlsx", [customers, sheet]))
    assert [p.code for p in caught.value.problems] == ["bad_bill_kind", "bill_no_maturity"]


def test_a_bad_fapiao_state_is_refused(tmp_path: Path, ledger, run) -> None:
    sheet = SheetSpec("应收明细", ("客户名称", "单号", "发货日期", "价税合计", "发票状态"),
                      [(HT, "S-1", date(2026, 8, 1), 100, "也许")])
    with pytest.raises(InputRejected) as caught:
        run(write_book(tmp_path / "ledger.xlsx", [sheet]))
    [problem] = caught.value.problems
    assert problem.source.endswith("!E2")
    assert "未开, 已开 or 已收" in problem.message


def test_the_example_ledger_imports_as_before(db_path: Path) -> None:
    """The balances the workbook shows, whatever it says of bills and fapiao: its bills are its
    银承/商承 payments, held (they mature in 2027), and its fapiao states the 发票状态 cells."""
    from python_calamine import CalamineWorkbook

    book = read_example()
    sheets = CalamineWorkbook.from_path(str(EXAMPLE))
    listed = [r for r in sheets.get_sheet_by_name("回款").to_python()[1:] if r[4] in ("银承", "商承")]
    issued = [r for r in sheets.get_sheet_by_name("应收明细").to_python() if r[-1] == "已开"]
    ledger = open_ledger(str(db_path))
    import_file(ledger, EXAMPLE, ImportOptions(), load_config(None, {}))
    with ledger.read() as conn:
        tracked = bills.fapiao_by_invoice(conn)
        held = bills.bill_rows(conn)
        invoiced = sum(r[5] for r in repo.invoice_facts(conn))
        paid = sum(p[3] for p in repo.payment_facts(conn))
        numbers = {(r[1], r[2]) for r in repo.invoice_facts(conn)}
    ledger.close()
    assert invoiced == book.total_amount and paid == book.total_paid
    assert len(numbers) == len(book.invoices)
    assert sorted(r["bill_no"] for r in held) == sorted(str(r[5]) for r in listed)
    assert {r["bill_kind"] for r in held} == {"bank", "commercial"}
    assert {r["bill_state"] for r in held} == {"held"}
    assert len(tracked) == len(issued) > 0
    assert {row[0] for row in tracked.values()} == {"issued"}
