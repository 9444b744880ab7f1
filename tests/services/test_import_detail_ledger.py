"""Import of a receivables detail ledger (应收账款明细账) as accounting software exports it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from dunner.config import load_config
from dunner.errors import InputRejected
from dunner.ledger.db import Ledger
from dunner.services.context import AppContext
from dunner.services.portfolio import assess_all
from tests.services.accounting_books import (
    HT,
    HT_CLOSING,
    HT_INVOICES,
    HT_ROWS,
    XD,
    write_detail,
)
from tests.services.readback import dump_ledger, invoices, payments

MARCH = date(2026, 3, 31)


def _open(ledger: Ledger, day: date = MARCH) -> dict[str, dict[str, int]]:
    """customer → {invoice number: open fen} as of ``day``, and its total under ``""``."""
    ctx = AppContext(load_config(None, {}), ledger.url, day, "en", _ledger=ledger)
    results, _ = assess_all(ctx, day)
    out: dict[str, dict[str, int]] = {}
    for a in results:
        items = {i.item.number: i.item.open for i in a.invoices}
        out[a.file.name] = {**items, "": a.open - a.credit}
    return out


def test_a_detail_ledger_imports_to_the_balance_a_clerk_computes(tmp_path: Path, ledger, run) -> None:
    report = run(write_detail(tmp_path / "明细账.xlsx"))
    assert report.rejected == []
    found = invoices(ledger)
    assert {n: v[3] for n, v in found.items()} == HT_INVOICES
    assert found["期初-20251231"][1] == date(2025, 12, 31)  # the day before the period 2026年1期
    assert found["记-1-20260302"][1] == date(2026, 3, 2)  # no document: voucher and day
    paid = payments(ledger)
    assert [(p["paid_on"], p["amount"]) for p in paid] == [(date(2026, 1, 18), 400_000),
                                                           (date(2026, 2, 25), 600_000)]
    assert _open(ledger)[HT][""] == HT_CLOSING
    [layout] = report.layouts
    assert (layout.layout, layout.counts) == ("detail_ledger", {
        "customers": 1, "invoices": 3, "payments": 2, "openings": 1})


def test_the_opening_balance_is_marked_approximate(tmp_path: Path, ledger, run) -> None:
    run(write_detail(tmp_path / "明细账.xlsx"))
    from dunner.ledger import repo

    with ledger.read() as conn:
        rough = {number for _id, _cid, number, _issued in repo.approximate_invoices(conn)}
    assert rough == {"期初-20251231"}


def test_without_a_period_the_opening_is_the_day_before_the_first_dated_row(tmp_path: Path, ledger,
                                                                             run) -> None:
    rows = [(None, None, None, "期初余额", None, None, "借", 300),
            (date(2026, 1, 6), "记-3", "XS-001", "销售出库", 12345.67, None, "借", 12645.67)]
    run(write_detail(tmp_path / "明细账.xlsx", rows, titles=("应收账款明细账", f"客户：{HT}")))
    assert invoices(ledger)["期初-20260105"][1:] == (date(2026, 1, 5), None, 30_000)


def test_reimporting_the_same_detail_ledger_changes_nothing(tmp_path: Path, ledger, run) -> None:
    path = write_detail(tmp_path / "明细账.xlsx")
    run(path, today=date(2026, 4, 1))
    before = dump_ledger(ledger)
    again = run(path, today=date(2026, 4, 2))
    assert dump_ledger(ledger) == before
    assert again.counts.get("invoices_added", 0) == again.counts.get("payments_added", 0) == 0
    assert again.counts["invoices_unchanged"] == 4 and again.counts["payments_unchanged"] == 2


def test_a_payment_recorded_by_hand_is_the_credit_row_not_a_second_payment(tmp_path: Path, ledger,
                                                                           run) -> None:
    """One record of each payment: ``pay`` first, then the export that lists it."""
    run(write_detail(tmp_path / "a.xlsx", HT_ROWS[:2]))
    from dunner.ledger import repo

    with ledger.write() as conn:
        cid = repo.customer_id_by_key(conn, repo.customer_names(conn)[0][2])[0]  # type: ignore[index]
        repo.insert_one(conn, repo.PAYMENT, {"customer_id": cid, "paid_on": date(2026, 1, 17),
                                             "amount": 400_000, "origin": "manual"})
    report = run(write_detail(tmp_path / "b.xlsx"))
    assert len(payments(ledger)) == 2  # the hand-recorded one stands for the 1-18 credit
    assert any(n.code == "payment_matched" for n in report.notes)
    assert _open(ledger)[HT][""] == HT_CLOSING


def test_an_edited_balance_is_named_by_sheet_row_and_column(tmp_path: Path, ledger, run) -> None:
    rows = list(HT_ROWS)
    rows[5] = (*rows[5][:7], 21345.78)  # row 10: one fen more than the rows above add up to
    with pytest.raises(InputRejected) as caught:
        run(write_detail(tmp_path / "明细账.xlsx", rows))
    [problem] = caught.value.problems
    assert problem.source == "明细账.xlsx:应收账款明细账!H10"
    assert "¥21,345.78" in problem.message and "¥21,345.77" in problem.message
    assert dump_ledger(ledger)["invoice"] == []  # all or nothing


def test_a_bad_cell_rejects_the_file_or_with_skip_bad_only_its_row(tmp_path: Path, ledger, run) -> None:
    rows = list(HT_ROWS)
    rows[10] = (date(2026, 3, 2), "记-1", None, "销售 钢材", "五百", None, "借", 14845.72)
    path = write_detail(tmp_path / "明细账.xlsx", rows)
    with pytest.raises(InputRejected) as caught:
        run(path)
    [problem] = caught.value.problems
    assert problem.source == "明细账.xlsx:应收账款明细账!E15"
    assert "借方金额" in problem.message
    assert dump_ledger(ledger)["invoice"] == []
    report = run(path, skip_bad=True)
    assert report.rejected_rows == 1
    assert sorted(invoices(ledger)) == sorted(set(HT_INVOICES) - {"记-1-20260302"})
    saved = load_workbook(report.rejects_file)["应收账款明细账"]
    assert [c.value for c in saved[2]][:2] == [15, problem.message]


def test_one_sheet_for_all_customers_with_the_name_merged_down_each_block(tmp_path: Path, ledger,
                                                                         run) -> None:
    header = ("往来单位", "日期", "凭证号", "摘要", "借方", "贷方", "方向", "余额")
    rows = [
        (HT, date(2026, 1, 1), None, "期初余额", None, None, "借", 1000),
        (None, date(2026, 1, 9), "记-4", "销售 单号:HT-0009", 2000, None, "借", 3000),
        (None, date(2026, 1, 20), "记-8", "收HT-0009货款", None, 2500, "借", 500),
        (None, None, None, "本期合计", 2000, 2500, "借", 500),
        (XD, date(2026, 1, 1), None, "期初余额", None, None, "贷", 200),  # paid ahead
        (None, date(2026, 1, 12), "记-5", "销售出库", 900, None, "借", 700),
        (None, None, None, "本期合计", 900, None, "借", 700),
        ("合计", None, None, None, 2900, 2500, "借", 1200),
    ]
    path = write_detail(tmp_path / "往来明细账.xlsx", rows, header=header, merge_down=0,
                        titles=("往来明细账", "会计期间：2026.01-2026.01"))
    report = run(path)
    assert report.rejected == []
    found = _open(ledger, date(2026, 1, 31))
    # 收HT-0009货款 pays HT-0009 first, the rest the opening balance
    assert found[HT] == {"期初-20251231": 50_000, "": 50_000}
    assert invoices(ledger)["HT-0009"][3] == 200_000
    assert found[XD][""] == 70_000  # 900 owed less 200 paid ahead
    assert invoices(ledger)["记-5-20260112"][3] == 90_000


def test_a_red_letter_debit_without_a_named_invoice_reduces_the_oldest(tmp_path: Path, ledger,
                                                                       run) -> None:
    rows = [HT_ROWS[1][:7], (date(2026, 1, 9), "记-4", "XS-003", "销售出库", 700, None, "借"),
            (date(2026, 1, 10), "记-5", None, "销售折让", -345.67, None, "借")]
    run(write_detail(tmp_path / "明细账.xlsx", rows))
    assert {n: v[3] for n, v in invoices(ledger).items()} == {"XS-001": 1_200_000, "XS-003": 70_000}


def test_the_next_periods_opening_balance_is_not_counted_twice(tmp_path: Path, ledger, run) -> None:
    january = write_detail(tmp_path / "一月.xlsx", HT_ROWS[:5],
                           titles=("应收账款明细账", f"往来单位：{HT}", "期间：2026年1期"))
    run(january)
    february = [(date(2026, 2, 1), None, None, "期初余额", None, None, "借", 13345.67), *HT_ROWS[5:10]]
    report = run(write_detail(tmp_path / "二月.xlsx", february,
                              titles=("应收账款明细账", f"往来单位：{HT}", "期间：2026年2期")))
    assert [n.code for n in report.notes if n.code == "opening_known"] == ["opening_known"]
    assert "期初-20260131" not in invoices(ledger)
    assert _open(ledger, date(2026, 2, 28))[HT][""] == 1_434_572  # 14,345.72 as the export says
