"""The rules for accounting software's exports: buckets, titles, red letters, running balances."""

from __future__ import annotations

from datetime import date

import pytest

from dunner.config import load_config
from dunner.domain.accounting import (
    age_bucket,
    approximate_open,
    as_of_from,
    balance_mismatches,
    customer_from,
    document_number,
    is_opening,
    is_total_label,
    is_total_text,
    opening_day,
    reduce_charges,
    signed_balance,
)
from dunner.domain.aging import bucket
from dunner.domain.grading import receivable_class
from dunner.domain.receivables import OpenItem

AS_OF = date(2026, 3, 31)


@pytest.mark.parametrize(("label", "low", "high", "report_bucket", "cls"), [
    ("未到期", -15, -15, "not_due", "current"),
    ("信用期内", -15, -15, "not_due", "current"),
    ("1-30天", 1, 30, "1-30", "collecting"),
    ("0-30天", 1, 30, "1-30", "collecting"),
    ("31至60天", 31, 60, "31-60", "collecting"),
    ("31-60天", 31, 60, "31-60", "collecting"),
    ("61－90天", 61, 90, "61-90", "collecting"),
    ("91-180天", 91, 180, "91-180", "doubtful"),
    ("半年至一年", 181, 365, "181-365", "bad"),
    ("1-2年", 366, 730, "1-2y", "bad"),
    ("2-3年", 731, 1095, ">2y", "dead"),
    ("3年以上", 1096, None, ">2y", "dead"),
    ("1-3个月", 31, 90, "31-60", "collecting"),
])
def test_a_bucket_header_gives_days_whose_middle_grades_into_its_class(
        label: str, low: int, high: int | None, report_bucket: str, cls: str) -> None:
    found = age_bucket(label)
    assert found is not None and (found.low, found.high) == (low, high)
    assert bucket(found.midpoint) == report_bucket
    thresholds = load_config(None, {}).settings.grading.thresholds
    assert receivable_class((AS_OF - found.due(AS_OF)).days, thresholds) == cls


@pytest.mark.parametrize("label", ["客户名称", "合计", "账龄", "", None, 30, "业务员"])
def test_other_headers_are_no_bucket(label: object) -> None:
    assert age_bucket(label) is None


def test_total_headers() -> None:
    assert all(is_total_label(w) for w in ("合计", "应收余额", "Total"))
    assert not is_total_label("3年以上")


@pytest.mark.parametrize(("titles", "expected"), [
    (["应收账款账龄分析表", "截止日期：2026-03-31    币别：人民币"], AS_OF),
    (["截至2026年3月31日"], AS_OF),
    (["账龄分析表 截止日期:2026/3/31"], AS_OF),
    (["账龄分析表", "币别：人民币"], None),
])
def test_the_as_of_day_of_an_aging_tables_title(titles: list[str], expected: date | None) -> None:
    assert as_of_from(titles) == expected


@pytest.mark.parametrize(("titles", "first", "expected"), [
    (["应收账款明细账", "期间：2026年1期 至 2026年3期"], date(2026, 1, 6), date(2025, 12, 31)),
    (["会计期间：2026.02-2026.03"], None, date(2026, 1, 31)),
    (["日期：2026-03-01至2026-03-31"], None, date(2026, 2, 28)),
    (["应收账款明细账"], date(2026, 1, 6), date(2026, 1, 5)),
    (["应收账款明细账"], None, None),
])
def test_the_opening_day_is_the_day_before_the_period(titles: list[str], first: date | None,
                                                      expected: date | None) -> None:
    assert opening_day(titles, first) == expected


@pytest.mark.parametrize(("title", "customer"), [
    ("往来单位：杭州恒通五金有限公司", "杭州恒通五金有限公司"),
    ("客户：XX公司    期间：2026年1期", "XX公司"),
    ("核算项目：客户-华东五金  期间：2026年1期", "华东五金"),
    ("往来单位：[C001] 苏州恒泰", "苏州恒泰"),
    ("应收账款明细账", None),
])
def test_the_customer_a_sheets_title_names(title: str, customer: str | None) -> None:
    assert customer_from(["应收账款明细账", title]) == customer


@pytest.mark.parametrize(("text", "total"), [
    ("本期合计", True), ("本年累计", True), ("累计", True), ("合计：", True), ("本期发生额合计", True),
    ("收到货款（累计第3次）", False), ("合计贸易公司货款", False), ("期初余额", False),
])
def test_total_rows(text: str, total: bool) -> None:
    assert is_total_text(text) is total


def test_opening_rows() -> None:
    assert all(is_opening(w) for w in ("期初余额", "上年结转", "年初余额"))
    assert not is_opening("收到期初欠款")


@pytest.mark.parametrize(("summary", "number"), [
    ("退货冲销XSD-2026-0003", "XSD-2026-0003"), ("销售出库单 XSCK000123", "XSCK000123"),
    ("发票号:12345678", "12345678"), ("收到货款", None),
])
def test_a_document_number_quoted_in_the_summary(summary: str, number: str | None) -> None:
    assert document_number(summary) == number


def test_a_credit_balance_is_negative() -> None:
    assert signed_balance(50_000, "贷") == -50_000
    assert signed_balance(50_000, "借") == signed_balance(50_000, "") == 50_000


def test_each_row_whose_balance_is_not_the_running_one_is_named_once() -> None:
    moves = [(1000, 6000), (-400, 5601), (200, 5800), (None, 9000), (100, 9100)]
    # row 1 is one fen off; row 2 checks against the running balance, not row 1's; an unknown
    # change (row 3) starts again from its stated balance
    assert balance_mismatches(5000, moves) == [(1, 5600)]


def test_a_red_letter_reduces_the_invoice_it_names_then_the_oldest() -> None:
    charges: list[list[object]] = [["A", 1000], ["B", 500], ["C", 300]]
    assert reduce_charges(charges, 700, "B") == 0
    assert charges == [["A", 800], ["B", 0], ["C", 300]]
    assert reduce_charges(charges, 1500, None) == 400  # what no invoice can take
    assert charges == [["A", 0], ["B", 0], ["C", 0]]


def test_approximate_open_amounts() -> None:
    rough = OpenItem(1, "账龄-1-30天", AS_OF, AS_OF, 100, 100, None, approximate=True)
    paid = OpenItem(2, "期初-20251231", AS_OF, AS_OF, 100, 0, AS_OF, approximate=True)
    exact = OpenItem(3, "A", AS_OF, AS_OF, 100, 100, None)
    assert approximate_open([rough, exact]) and not approximate_open([paid, exact])
    assert not approximate_open([rough], before=AS_OF)  # not yet overdue on its due day
