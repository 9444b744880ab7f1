"""Acceptance bills: the payment-method words, held until maturity plus grace, then honoured."""

from __future__ import annotations

from datetime import date

import pytest

from dunner.domain.bills import (
    CASH,
    Bill,
    BillKind,
    BillState,
    commercial_outstanding,
    maturing_within,
    method_kind,
    outstanding,
    state_of,
)

MATURES = date(2026, 12, 10)


def _bill(kind: BillKind = BillKind.BANK, state: BillState = BillState.HELD, number: str = "B1",
          amount: int = 100_000, matures: date = MATURES) -> Bill:
    return Bill(1, "恒通", number, kind, amount, date(2026, 6, 10), matures, "工商银行", state)


@pytest.mark.parametrize(("word", "kind"), [
    ("银承", BillKind.BANK), ("银行承兑汇票", BillKind.BANK), ("商承", BillKind.COMMERCIAL),
    ("商业承兑汇票", BillKind.COMMERCIAL), ("电汇", CASH), ("转账", CASH), ("现金", CASH),
    ("支票", CASH), ("承兑汇票", None), ("微信", None),
])
def test_payment_method_words(word: str, kind: str | None) -> None:
    assert method_kind(word) == kind


@pytest.mark.parametrize(("today", "state"), [
    (date(2026, 12, 10), BillState.HELD),  # maturity day
    (date(2026, 12, 13), BillState.HELD),  # the last day of grace
    (date(2026, 12, 14), BillState.HONOURED),
])
def test_a_bill_is_honoured_after_maturity_and_grace(today: date, state: BillState) -> None:
    assert state_of(_bill(), today, 3) is state


def test_recorded_states_win() -> None:
    assert state_of(_bill(state=BillState.DISHONOURED), date(2027, 1, 1), 3) is BillState.DISHONOURED
    assert state_of(_bill(state=BillState.ENDORSED), date(2026, 7, 1), 3) is BillState.ENDORSED
    assert not outstanding(_bill(state=BillState.ENDORSED), date(2026, 7, 1), 3)


def test_commercial_bills_outstanding_count_toward_credit() -> None:
    bills = [_bill(BillKind.COMMERCIAL, amount=300_000), _bill(BillKind.BANK, amount=500_000),
             _bill(BillKind.COMMERCIAL, BillState.DISHONOURED, amount=700_000),
             _bill(BillKind.COMMERCIAL, amount=900_000, matures=date(2026, 11, 1))]
    assert commercial_outstanding(bills, date(2026, 11, 23), 3) == 300_000


def test_maturing_within_thirty_days() -> None:
    soon, late = _bill(number="S", matures=date(2026, 12, 10)), _bill(number="L", matures=date(2027, 1, 30))
    assert maturing_within([late, soon], date(2026, 11, 23), 30, 3) == [soon]
