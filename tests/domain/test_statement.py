"""The statement of account: opening + invoices − payments = closing, to the fen, and the same
balance the grading sees on the same day."""

from __future__ import annotations

from datetime import date

import pytest

from dunner.domain.allocation import Claim, Remittance
from dunner.domain.receivables import InvoiceFact, position
from dunner.domain.statement import build_statement
from dunner.domain.terms import Terms

TODAY = date(2026, 11, 23)
NET30 = Terms("net", 30)
INVOICES = (
    InvoiceFact(1, "A-1", date(2026, 8, 1), 100_001),
    InvoiceFact(2, "A-2", date(2026, 9, 15), 50_050),
    InvoiceFact(3, "A-3", date(2026, 11, 1), 20_000),
    InvoiceFact(4, "A-4", date(2026, 12, 1), 9_999),  # after the statement's day
)
PAYMENTS = (
    Remittance(11, date(2026, 9, 1), 60_000),
    Remittance(12, date(2026, 10, 20), 45_001, "A-1"),
    Remittance(13, date(2026, 12, 5), 1_000),  # after the statement's day
)


def test_the_balance_adds_up_and_equals_the_open_balance_on_the_day() -> None:
    s = build_statement(INVOICES, PAYMENTS, (), NET30, 30, TODAY)
    assert s.opening == 0
    assert s.invoiced == 100_001 + 50_050 + 20_000
    assert s.paid == 60_000 + 45_001
    assert s.closing == s.opening + s.invoiced - s.paid == 65_050
    pos = position(INVOICES[:3], PAYMENTS[:2], NET30, 30)
    assert s.closing == pos.open - pos.credit == sum(i.open for i in s.open_items)
    assert [line.balance for line in s.lines][-1] == s.closing


def test_lines_are_in_date_order_with_a_running_balance() -> None:
    s = build_statement(INVOICES, PAYMENTS, (), NET30, 30, TODAY)
    assert [(line.on, line.kind, line.reference) for line in s.lines] == [
        (date(2026, 8, 1), "invoice", "A-1"), (date(2026, 9, 1), "payment", ""),
        (date(2026, 9, 15), "invoice", "A-2"), (date(2026, 10, 20), "payment", "A-1"),
        (date(2026, 11, 1), "invoice", "A-3")]
    assert [line.balance for line in s.lines] == [100_001, 40_001, 90_051, 45_050, 65_050]
    assert s.lines[0].due == date(2026, 8, 31)


@pytest.mark.parametrize("start", [date(2026, 8, 2), date(2026, 9, 15), date(2026, 10, 21),
                                   date(2026, 11, 23)])
def test_the_opening_balance_is_the_closing_balance_of_the_day_before(start: date) -> None:
    from datetime import timedelta

    before = build_statement(INVOICES, PAYMENTS, (), NET30, 30, start - timedelta(days=1))
    s = build_statement(INVOICES, PAYMENTS, (), NET30, 30, TODAY, start)
    assert s.opening == before.closing
    assert all(line.on is not None and line.on >= start for line in s.lines)
    assert s.closing == build_statement(INVOICES, PAYMENTS, (), NET30, 30, TODAY).closing


def test_an_overpayment_makes_a_negative_closing_balance_and_credit() -> None:
    s = build_statement(INVOICES[:1], (Remittance(1, date(2026, 9, 1), 120_000),), (), NET30, 30,
                        TODAY)
    assert s.closing == -19_999
    assert s.credit == 19_999
    assert s.open_items == ()


def test_a_paid_column_rise_nothing_explains_is_a_payment_on_the_day_it_was_seen() -> None:
    claims = (Claim(21, date(2026, 10, 1), 30_000, "A-1"),)
    s = build_statement(INVOICES[:2], (Remittance(11, date(2026, 9, 1), 10_000),), claims, NET30,
                        30, TODAY)
    paid = [(line.on, line.credit) for line in s.lines if line.kind == "payment"]
    # 10,000 recorded before the rise explains that much of it; 20,000 more counts on 10-01
    assert paid == [(date(2026, 9, 1), 10_000), (date(2026, 10, 1), 20_000)]
    assert s.closing == 100_001 + 50_050 - 30_000


def test_one_payment_split_over_invoices_is_one_line() -> None:
    claims = (Claim(21, date(2026, 10, 1), 30_000, "A-1"), Claim(22, date(2026, 10, 1), 5_000, "A-2"))
    s = build_statement(INVOICES[:2], (Remittance(11, date(2026, 9, 20), 35_000),), claims, NET30,
                        30, TODAY)
    pays = [line for line in s.lines if line.kind == "payment"]
    assert [(p.on, p.credit, p.reference) for p in pays] == [(date(2026, 9, 20), 35_000, "A-1、A-2")]


def test_the_aging_splits_what_is_open() -> None:
    s = build_statement(INVOICES, PAYMENTS, (), NET30, 30, TODAY)
    assert sum(s.aging.values()) == s.closing
    assert s.aging["not_due"] == 20_000  # A-3, due 12-01
    assert s.aging["31-60"] == 45_050  # A-2 due 10-15 (39 days), A-1 paid in full
