"""A customer's receivables: due dates from terms (送二结一 included), explicit dues, open and overdue."""

from __future__ import annotations

from datetime import date

import pytest

from dunner.domain.allocation import Remittance
from dunner.domain.receivables import InvoiceFact, OpenItem, Position, due_dates, position
from dunner.domain.terms import Terms
from tests.conftest import TODAY
from tests.policies import settings

BATCH = Terms("batch")
NET30 = Terms("net", 30)
FALLBACK = settings().terms.batch_fallback_days


def inv(key: int, issued: date, amount: int = 10000, due: date | None = None) -> InvoiceFact:
    return InvoiceFact(key, f"D-{key:03d}", issued, amount, due)


@pytest.mark.parametrize(("invoices", "fallback", "expected"), [
    # each delivery falls due with the next one; the last one on issue + fallback
    ([inv(1, date(2026, 1, 5)), inv(2, date(2026, 1, 20)), inv(3, date(2026, 2, 10))], 30,
     {1: date(2026, 1, 20), 2: date(2026, 2, 10), 3: date(2026, 3, 12)}),
    # the input order does not matter: issue dates do
    ([inv(3, date(2026, 2, 10)), inv(1, date(2026, 1, 5)), inv(2, date(2026, 1, 20))], 30,
     {1: date(2026, 1, 20), 2: date(2026, 2, 10), 3: date(2026, 3, 12)}),
    ([inv(1, date(2026, 1, 5)), inv(2, date(2026, 1, 20))], 45,
     {1: date(2026, 1, 20), 2: date(2026, 3, 6)}),
    ([inv(1, date(2026, 1, 5))], 30, {1: date(2026, 2, 4)}),
    # two deliveries on one day both fall due with the next day's delivery
    ([inv(1, date(2026, 1, 5)), inv(2, date(2026, 1, 5)), inv(3, date(2026, 1, 20))], 30,
     {1: date(2026, 1, 20), 2: date(2026, 1, 20), 3: date(2026, 2, 19)}),
    ([inv(1, date(2026, 1, 5)), inv(2, date(2026, 1, 5))], 30,
     {1: date(2026, 2, 4), 2: date(2026, 2, 4)}),
    # an explicit due date wins, and that invoice still counts as the next delivery
    ([inv(1, date(2026, 1, 5)), inv(2, date(2026, 1, 20), due=date(2026, 1, 25)),
      inv(3, date(2026, 2, 10))], 30,
     {1: date(2026, 1, 20), 2: date(2026, 1, 25), 3: date(2026, 3, 12)}),
    ([inv(1, date(2026, 1, 5), due=date(2026, 6, 30)), inv(2, date(2026, 1, 20))], 30,
     {1: date(2026, 6, 30), 2: date(2026, 2, 19)}),
    ([], 30, {}),
])
def test_batch_due_dates(invoices: list[InvoiceFact], fallback: int, expected: dict[int, date]) -> None:
    assert due_dates(invoices, BATCH, fallback) == expected


@pytest.mark.parametrize(("terms", "expected"), [
    (Terms("cash"), {1: date(2026, 1, 5), 2: date(2026, 1, 20), 3: date(2026, 9, 9)}),
    (Terms("net", 30), {1: date(2026, 2, 4), 2: date(2026, 2, 19), 3: date(2026, 9, 9)}),
    (Terms("monthly", 25), {1: date(2026, 2, 25), 2: date(2026, 2, 25), 3: date(2026, 9, 9)}),
    (Terms("monthly", 31), {1: date(2026, 2, 28), 2: date(2026, 2, 28), 3: date(2026, 9, 9)}),
    (Terms("batch"), {1: date(2026, 1, 20), 2: date(2026, 1, 31), 3: date(2026, 9, 9)}),
])
def test_explicit_due_wins_under_every_terms(terms: Terms, expected: dict[int, date]) -> None:
    invoices = [inv(1, date(2026, 1, 5)), inv(2, date(2026, 1, 20)),
                inv(3, date(2026, 1, 31), due=date(2026, 9, 9))]
    assert due_dates(invoices, terms, 30) == expected


def test_net_terms_ignore_the_next_delivery() -> None:
    invoices = [inv(1, date(2026, 1, 5)), inv(2, date(2026, 1, 6))]
    assert due_dates(invoices, NET30, 30) == {1: date(2026, 2, 4), 2: date(2026, 2, 5)}


# A small customer under net:30, as of TODAY (2026-11-23).
INVOICES = [
    inv(1, date(2026, 9, 1), 100000),  # due 2026-10-01
    inv(2, date(2026, 10, 15), 50000),  # due 2026-11-14
    inv(3, date(2026, 11, 10), 30000),  # due 2026-12-10
    inv(4, date(2026, 10, 24), 20000),  # due 2026-11-23: today, not yet overdue
]


@pytest.mark.parametrize(("payments", "open_by_key", "overdue", "credit"), [
    ([], {1: 100000, 2: 50000, 3: 30000, 4: 20000}, 150000, 0),
    ([Remittance(1, date(2026, 11, 1), 120000)], {1: 0, 2: 30000, 3: 30000, 4: 20000}, 30000, 0),
    ([Remittance(1, date(2026, 11, 1), 150000)], {1: 0, 2: 0, 3: 30000, 4: 20000}, 0, 0),
    ([Remittance(1, date(2026, 11, 1), 30000, "D-003")], {1: 100000, 2: 50000, 3: 0, 4: 20000}, 150000, 0),
    ([Remittance(1, None, 100000), Remittance(2, date(2026, 11, 20), 10000)],
     {1: 0, 2: 40000, 3: 30000, 4: 20000}, 40000, 0),
    ([Remittance(1, date(2026, 11, 1), 250000)], {1: 0, 2: 0, 3: 0, 4: 0}, 0, 50000),
])
def test_position_open_overdue_credit(payments: list[Remittance], open_by_key: dict[int, int], overdue: int,
                                      credit: int) -> None:
    result = position(INVOICES, payments, NET30, FALLBACK)
    assert {i.key: i.open for i in result.items} == open_by_key
    assert result.open == sum(open_by_key.values())
    assert result.overdue(TODAY) == overdue
    assert result.credit == credit


def test_position_items() -> None:
    result = position(INVOICES, [Remittance(1, date(2026, 11, 1), 120000)], NET30, FALLBACK)
    assert result.items == (
        OpenItem(1, "D-001", date(2026, 9, 1), date(2026, 10, 1), 100000, 0, date(2026, 11, 1)),
        OpenItem(2, "D-002", date(2026, 10, 15), date(2026, 11, 14), 50000, 30000, None),
        OpenItem(4, "D-004", date(2026, 10, 24), date(2026, 11, 23), 20000, 20000, None),
        OpenItem(3, "D-003", date(2026, 11, 10), date(2026, 12, 10), 30000, 30000, None),
    )
    assert [i.days_overdue(TODAY) for i in result.items] == [53, 9, 0, -17]


def test_overdue_on_later_days() -> None:
    result = position(INVOICES, [], NET30, FALLBACK)
    assert result.overdue(date(2026, 11, 24)) == 170000  # D-004 one day late
    assert result.overdue(date(2026, 12, 11)) == 200000
    assert result.overdue(date(2026, 10, 1)) == 0
    assert result.overdue(date(2026, 10, 2)) == 100000


def test_position_under_batch_terms() -> None:
    invoices = [inv(1, date(2026, 10, 1), 40000), inv(2, date(2026, 11, 1), 30000),
                inv(3, date(2026, 11, 20), 20000)]
    result = position(invoices, [Remittance(1, date(2026, 11, 2), 25000)], BATCH, 15)
    dues = {i.key: i.due for i in result.items}
    assert dues == {1: date(2026, 11, 1), 2: date(2026, 11, 20), 3: date(2026, 12, 5)}
    assert {i.key: i.open for i in result.items} == {1: 15000, 2: 30000, 3: 20000}
    assert result.overdue(TODAY) == 45000
    assert result.open == 65000


def test_allocation_uses_the_explicit_due_date() -> None:
    # D-002 carries an explicit due date before D-001's: it is the oldest due, so paid first.
    invoices = [inv(1, date(2026, 9, 1), 10000), inv(2, date(2026, 9, 10), 10000, due=date(2026, 9, 15))]
    result = position(invoices, [Remittance(1, date(2026, 10, 1), 10000)], NET30, FALLBACK)
    assert {i.key: i.open for i in result.items} == {1: 10000, 2: 0}
    assert [i.key for i in result.items] == [2, 1]


def test_empty_position() -> None:
    result = position([], [], NET30, FALLBACK)
    assert result == Position((), 0, ())
    assert result.open == 0
    assert result.overdue(TODAY) == 0


def test_payments_without_invoices_are_credit() -> None:
    result = position([], [Remittance(1, TODAY, 5000)], NET30, FALLBACK)
    assert result.items == ()
    assert result.credit == 5000
    assert result.open == 0
