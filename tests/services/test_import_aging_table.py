"""Import of an aging table (账龄分析表): approximate receivables that grade into their bucket's
class, replaced by the customer's detail when it comes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dunner.config import load_config
from dunner.domain.accounting import age_bucket
from dunner.domain.aging import bucket
from dunner.errors import DunnerError, InputRejected
from dunner.ledger import repo
from dunner.services.context import AppContext
from dunner.services.portfolio import assess_all
from dunner.services.reports import aging
from tests.services.accounting_books import (
    AGING_BUCKETS,
    AGING_ROWS,
    HT,
    HT_CLOSING,
    XD,
    write_aging,
    write_detail,
)
from tests.services.readback import dump_ledger, invoices
from tests.services.workbooks import invoice_book

AS_OF = date(2026, 3, 31)
# each bucket's class on the as-of day, by the default thresholds
CLASSES = ("current", "collecting", "collecting", "collecting", "doubtful", "bad", "bad", "dead",
           "dead")


def _ctx(ledger, day: date = AS_OF) -> AppContext:
    return AppContext(load_config(None, {}), ledger.url, day, "en", _ledger=ledger)


def test_each_bucket_becomes_an_approximate_receivable_of_its_class(tmp_path: Path, ledger, run) -> None:
    report = run(write_aging(tmp_path / "账龄.xlsx"))
    assert report.rejected == []
    [layout] = report.layouts
    assert (layout.layout, layout.as_of, layout.counts) == ("aging_table", AS_OF, {
        "customers": 2, "receivables": 11})
    results, _ = assess_all(_ctx(ledger), AS_OF)
    ht = next(a for a in results if a.file.name == HT)
    found = {i.item.number: (i.cls, i.item.open, i.item.approximate) for i in ht.invoices}
    assert found == {f"账龄-{name}": (cls, round(amount * 100), True) for name, cls, amount
                     in zip(AGING_BUCKETS, CLASSES, AGING_ROWS[HT], strict=True)}


def test_report_aging_on_the_as_of_day_gives_the_tables_own_totals(tmp_path: Path, ledger, run) -> None:
    run(write_aging(tmp_path / "账龄.xlsx"))
    report = aging(_ctx(ledger), as_of=AS_OF)
    expected = dict.fromkeys(report.bucket_totals(), 0)
    for amounts in AGING_ROWS.values():
        for name, amount in zip(AGING_BUCKETS, amounts, strict=True):
            found = age_bucket(name)
            assert found is not None
            expected[bucket(found.midpoint)] += round(amount * 100)
    assert report.bucket_totals() == expected
    # 2-3年 and 3年以上 are both dunner's "> 2 y"; every other column is a bucket of its own
    assert expected[">2y"] == 1_700_000 and expected["1-30"] == 350_050
    assert {r.key: r.total for r in report.rows} == {HT: 4_500_000, XD: 400_050}
    assert all(r.approximate for r in report.rows)


def test_the_as_of_day_from_the_option_when_the_title_has_none(tmp_path: Path, ledger, run) -> None:
    path = write_aging(tmp_path / "账龄.xlsx", title="币别：人民币")
    with pytest.raises(DunnerError) as caught:
        run(path)
    assert caught.value.code == "aging_no_date" and "--as-of" in caught.value.hint
    assert dump_ledger(ledger)["invoice"] == []
    run(path, as_of=date(2026, 6, 30))
    assert invoices(ledger)["账龄-1-30天"][2] == date(2026, 6, 15)  # 15 days before


def test_a_row_whose_total_disagrees_is_rejected(tmp_path: Path, ledger, run) -> None:
    path = write_aging(tmp_path / "账龄.xlsx", totals={XD: 4000})
    with pytest.raises(InputRejected) as caught:
        run(path)
    [problem] = caught.value.problems
    assert problem.source == "账龄.xlsx:账龄分析表!K6"
    assert "¥4,000.00" in problem.message and "¥4,000.50" in problem.message
    report = run(path, skip_bad=True)
    assert report.rejected_rows == 1 and {v[0] for v in invoices(ledger).values()} == {HT}


def test_a_detail_ledger_replaces_the_customers_approximations(tmp_path: Path, ledger, run) -> None:
    run(write_aging(tmp_path / "账龄.xlsx"))
    report = run(write_detail(tmp_path / "明细账.xlsx"))
    assert any(n.code == "approximations_replaced" for n in report.notes)
    assert not any("账龄" in m for m in report.missing)
    numbers = {n: v[0] for n, v in invoices(ledger).items() if v[0] == HT}
    assert not any(n.startswith("账龄-") for n in numbers)
    results, _ = assess_all(_ctx(ledger), AS_OF)
    assert {a.file.name: a.open for a in results} == {HT: HT_CLOSING, XD: 400_050}
    with ledger.read() as conn:  # the other customer keeps its approximations
        left = {(cid, n) for _i, cid, n, _d in repo.approximate_invoices(conn)}
    assert {n for _cid, n in left} == {"期初-20251231", "账龄-1-30天", "账龄-91-180天"}


def test_an_invoice_list_naming_the_customer_replaces_them_too(tmp_path: Path, ledger, run) -> None:
    run(write_aging(tmp_path / "账龄.xlsx"))
    run(invoice_book(tmp_path / "应收.xlsx", [(XD, "XD-1", date(2026, 3, 1), None, 800, None, "李四")]))
    assert sorted(n for n, v in invoices(ledger).items() if v[0] == XD) == ["XD-1"]


def test_an_aging_table_never_lies_on_top_of_a_detail(tmp_path: Path, ledger, run) -> None:
    run(write_detail(tmp_path / "明细账.xlsx"))
    before = {n for n, v in invoices(ledger).items() if v[0] == HT}
    report = run(write_aging(tmp_path / "账龄.xlsx"))
    assert any(n.code == "aging_skipped" for n in report.notes)
    assert {n for n, v in invoices(ledger).items() if v[0] == HT} == before
    # an aging table lists no invoice: the detail's invoices are not "missing from this file"
    assert report.missing == []


def test_reimporting_an_aging_table_changes_nothing_and_a_newer_one_replaces_it(
        tmp_path: Path, ledger, run) -> None:
    path = write_aging(tmp_path / "账龄.xlsx")
    run(path)
    before = dump_ledger(ledger)
    again = run(path)
    assert dump_ledger(ledger) == before and again.counts.get("invoices_added", 0) == 0
    newer = {XD: (0, 0, 0, 1500.5, 0, 0, 0, 0, 0)}
    run(write_aging(tmp_path / "账龄2.xlsx", newer, title="截至2026年4月30日"))
    xd = {n: v for n, v in invoices(ledger).items() if v[0] == XD}
    assert list(xd) == ["账龄-61-90天"] and xd["账龄-61-90天"][2] == date(2026, 2, 14)
