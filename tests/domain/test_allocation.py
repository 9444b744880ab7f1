"""Payment allocation: the named invoice first, then oldest due first; overpayment becomes credit."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dunner.domain.allocation import Allocation, Charge, Remittance, allocate

JAN = Charge(1, "A-001", date(2026, 1, 31), 10000)
FEB = Charge(2, "A-002", date(2026, 2, 28), 20000)
MAR = Charge(3, "A-003", date(2026, 3, 31), 30000)
THREE = (MAR, JAN, FEB)  # given out of order on purpose


def pay(key: int, amount: int, on: date | None = date(2026, 4, 1), invoice: str | None = None) -> Remittance:
    return Remittance(key, on, amount, invoice)


@pytest.mark.parametrize(("payments", "open_", "credit"), [
    ([], {1: 10000, 2: 20000, 3: 30000}, 0),
    ([pay(1, 5000)], {1: 5000, 2: 20000, 3: 30000}, 0),  # oldest due first
    ([pay(1, 10000)], {1: 0, 2: 20000, 3: 30000}, 0),
    ([pay(1, 25000)], {1: 0, 2: 5000, 3: 30000}, 0),
    ([pay(1, 60000)], {1: 0, 2: 0, 3: 0}, 0),
    ([pay(1, 60001)], {1: 0, 2: 0, 3: 0}, 1),  # overpayment becomes credit
    ([pay(1, 100000)], {1: 0, 2: 0, 3: 0}, 40000),
    ([pay(1, 30000, invoice="A-003")], {1: 10000, 2: 20000, 3: 0}, 0),  # the named invoice
    ([pay(1, 35000, invoice="A-003")], {1: 5000, 2: 20000, 3: 0}, 0),  # then oldest due first
    ([pay(1, 15000, invoice="A-002")], {1: 10000, 2: 5000, 3: 30000}, 0),
    ([pay(1, 5000, invoice="X-999")], {1: 5000, 2: 20000, 3: 30000}, 0),  # unknown: oldest first
    ([pay(1, 5000, invoice="")], {1: 5000, 2: 20000, 3: 30000}, 0),
    ([pay(1, 30000, invoice="A-003"), pay(2, 5000, invoice="A-003")],  # named one already paid
     {1: 5000, 2: 20000, 3: 0}, 0),
    ([pay(1, 70000, invoice="A-002")], {1: 0, 2: 0, 3: 0}, 10000),
    ([pay(1, 4000), pay(2, 4000), pay(3, 4000)], {1: 0, 2: 18000, 3: 30000}, 0),
])
def test_open_amounts_and_credit(payments: list[Remittance], open_: dict[int, int], credit: int) -> None:
    result = allocate(THREE, payments)
    assert result.open == open_
    assert result.credit == credit
    assert result.balance == sum(open_.values()) - credit


def test_named_invoice_is_paid_before_the_oldest() -> None:
    result = allocate(THREE, [pay(7, 35000, invoice="A-002")])
    assert result.allocations == (Allocation(7, 2, 20000), Allocation(7, 1, 10000), Allocation(7, 3, 5000))


def test_unknown_invoice_falls_back_to_oldest_due_first() -> None:
    named = allocate(THREE, [pay(7, 35000, invoice="NOPE")])
    unnamed = allocate(THREE, [pay(7, 35000)])
    assert named.allocations == unnamed.allocations == (
        Allocation(7, 1, 10000), Allocation(7, 2, 20000), Allocation(7, 3, 5000))
    assert named.open == unnamed.open


def test_oldest_due_is_by_due_date_not_by_number() -> None:
    late_number_early_due = Charge(9, "Z-999", date(2025, 12, 1), 1000)
    result = allocate([JAN, late_number_early_due], [pay(1, 1500)])
    assert result.allocations == (Allocation(1, 9, 1000), Allocation(1, 1, 500))


def test_same_due_date_goes_by_number() -> None:
    b = Charge(1, "B", date(2026, 1, 31), 100)
    a = Charge(2, "A", date(2026, 1, 31), 100)
    result = allocate([b, a], [pay(1, 150)])
    assert result.open == {1: 50, 2: 0}


def test_payments_are_applied_in_date_order_whatever_the_input_order() -> None:
    later = pay(1, 10000, on=date(2026, 3, 10))
    earlier = pay(2, 10000, on=date(2026, 2, 10))
    result = allocate([JAN, FEB], [later, earlier])
    assert result.allocations == (Allocation(2, 1, 10000), Allocation(1, 2, 10000))
    assert result.settled_on == {1: date(2026, 2, 10)}


def test_undated_payments_are_applied_before_dated_ones() -> None:
    dated = pay(1, 10000, on=date(2025, 1, 1))
    undated = pay(2, 10000, on=None)
    result = allocate([JAN, FEB], [dated, undated])
    assert result.allocations == (Allocation(2, 1, 10000), Allocation(1, 2, 10000))
    assert result.settled_on == {1: None}
    assert result.open == {1: 0, 2: 10000}


def test_settled_on_is_the_date_of_the_payment_that_closed_the_invoice() -> None:
    payments = [
        pay(1, 6000, on=date(2026, 2, 1)),
        pay(2, 6000, on=date(2026, 2, 15)),  # closes JAN, 2000 onto FEB
        pay(3, 18000, on=date(2026, 3, 1)),  # closes FEB exactly
        pay(4, 100, on=date(2026, 3, 5)),  # MAR stays open
    ]
    result = allocate(THREE, payments)
    assert result.settled_on == {1: date(2026, 2, 15), 2: date(2026, 3, 1)}
    assert result.open == {1: 0, 2: 0, 3: 29900}
    assert 3 not in result.settled_on


def test_settled_on_for_a_named_payment() -> None:
    result = allocate(THREE, [pay(1, 30000, on=date(2026, 4, 2), invoice="A-003")])
    assert result.settled_on == {3: date(2026, 4, 2)}


def test_no_invoices_makes_everything_credit() -> None:
    result = allocate([], [pay(1, 500), pay(2, 700, invoice="A-001")])
    assert result.open == {}
    assert result.allocations == ()
    assert result.credit == 1200
    assert result.balance == -1200


def test_same_day_payments_go_by_key() -> None:
    result = allocate([JAN, FEB], [pay(5, 10000), pay(3, 10000)])
    assert result.allocations == (Allocation(3, 1, 10000), Allocation(5, 2, 10000))


# --- properties over random ledgers -------------------------------------------------------------

BASE = date(2024, 1, 1)
AMOUNT = st.integers(min_value=1, max_value=10**9)
DAY = st.integers(min_value=0, max_value=3 * 365).map(lambda n: BASE + timedelta(days=n))


@st.composite
def ledgers(draw: st.DrawFn, named: bool = True) -> tuple[list[Charge], list[Remittance]]:
    numbers = draw(st.lists(st.text("ABCDEFGHJK0123456789-", min_size=1, max_size=6),
                            max_size=12, unique=True))
    charges = [Charge(key, number, draw(DAY), draw(AMOUNT)) for key, number in enumerate(numbers, 1)]
    targets = st.sampled_from([*numbers, "UNKNOWN"]) if named else st.nothing()
    payments = [
        Remittance(key, draw(st.none() | DAY), draw(AMOUNT), draw(st.none() | targets))
        for key in range(1, draw(st.integers(0, 12)) + 1)
    ]
    return charges, payments


@settings(max_examples=300)
@given(ledgers())
def test_nothing_is_created_or_lost(ledger: tuple[list[Charge], list[Remittance]]) -> None:
    charges, payments = ledger
    result = allocate(charges, payments)
    invoiced = sum(c.amount for c in charges)
    paid = sum(p.amount for p in payments)
    assert invoiced - paid == sum(result.open.values()) - result.credit
    assert result.balance == invoiced - paid
    allocated = sum(a.amount for a in result.allocations)
    assert result.credit == paid - allocated
    assert sum(result.open.values()) == invoiced - allocated


@settings(max_examples=300)
@given(ledgers())
def test_no_invoice_or_payment_is_overdrawn(ledger: tuple[list[Charge], list[Remittance]]) -> None:
    charges, payments = ledger
    result = allocate(charges, payments)
    to_invoice: dict[int, int] = defaultdict(int)
    from_payment: dict[int, int] = defaultdict(int)
    for a in result.allocations:
        assert a.amount > 0
        to_invoice[a.invoice] += a.amount
        from_payment[a.payment] += a.amount
    amounts = {c.key: c.amount for c in charges}
    for key, total in to_invoice.items():
        assert total <= amounts[key]
        assert result.open[key] == amounts[key] - total
    paid = {p.key: p.amount for p in payments}
    for key, total in from_payment.items():
        assert total <= paid[key]


@settings(max_examples=300)
@given(ledgers())
def test_open_amounts_are_never_negative(ledger: tuple[list[Charge], list[Remittance]]) -> None:
    charges, payments = ledger
    result = allocate(charges, payments)
    assert set(result.open) == {c.key for c in charges}
    assert all(0 <= result.open[c.key] <= c.amount for c in charges)
    assert result.credit >= 0


@settings(max_examples=300)
@given(ledgers())
def test_credit_only_when_everything_is_paid(ledger: tuple[list[Charge], list[Remittance]]) -> None:
    charges, payments = ledger
    result = allocate(charges, payments)
    # what the payments exceed the invoices by, and nothing while any invoice is still open
    assert result.credit == max(0, sum(p.amount for p in payments) - sum(c.amount for c in charges))


@settings(max_examples=300)
@given(ledgers())
def test_settled_on_names_exactly_the_paid_invoices(ledger: tuple[list[Charge], list[Remittance]]) -> None:
    charges, payments = ledger
    result = allocate(charges, payments)
    assert set(result.settled_on) == {key for key, left in result.open.items() if left == 0}
    dates = {p.key: p.on for p in payments}
    last_payment: dict[int, int] = {}
    for a in result.allocations:
        last_payment[a.invoice] = a.payment
    for key, on in result.settled_on.items():
        assert on == dates[last_payment[key]]


@settings(max_examples=300)
@given(ledgers(named=False))
def test_unnamed_payments_pay_oldest_due_first(ledger: tuple[list[Charge], list[Remittance]]) -> None:
    charges, payments = ledger
    result = allocate(charges, payments)
    ordered = sorted(charges, key=lambda c: (c.due, c.number, c.key))
    # Paid in full, then at most one partly paid, then untouched.
    states = [0 if result.open[c.key] == 0 else 1 if result.open[c.key] < c.amount else 2 for c in ordered]
    assert states == sorted(states)
    assert states.count(1) <= 1
