"""Reconciling a workbook's paid column (claims) with the payments recorded by hand or by sheet."""

from __future__ import annotations

from datetime import date

import pytest

from dunner.domain.allocation import Claim, Remittance, reconcile

D = date(2026, 11, 10)


def day(n: int) -> date:
    return date(2026, 11, n)


@pytest.mark.parametrize(("payments", "claims", "counted", "explained"), [
    # nothing recorded: the whole rise is a payment of unknown date on its invoice
    ([], [Claim(9, D, 10_000, "A")], [Remittance(9, None, 10_000, "A")], {9: 0}),
    # pay on the 9th, the workbook shows it on the 10th: one payment, moved to the claim's invoice
    ([Remittance(1, day(9), 10_000)], [Claim(9, D, 10_000, "A")],
     [Remittance(1, day(9), 10_000, "A")], {9: 10_000}),
    # the same day counts as explained (the workbook may hold the morning's receipt)
    ([Remittance(1, D, 10_000)], [Claim(9, D, 10_000, "A")], [Remittance(1, D, 10_000, "A")],
     {9: 10_000}),
    # a payment after the workbook was read is new money
    ([Remittance(1, day(11), 10_000)], [Claim(9, D, 10_000, "A")],
     [Remittance(9, None, 10_000, "A"), Remittance(1, day(11), 10_000)], {9: 0}),
    # part explained: the rest of the rise is counted
    ([Remittance(1, day(9), 4_000)], [Claim(9, D, 10_000, "A")],
     [Remittance(9, None, 6_000, "A"), Remittance(1, day(9), 4_000, "A")], {9: 4_000}),
    # a payment larger than the rise: the rest stays unnamed (allocated oldest first)
    ([Remittance(1, day(9), 15_000)], [Claim(9, D, 10_000, "A")],
     [Remittance(1, day(9), 10_000, "A"), Remittance(1, day(9), 5_000)], {9: 10_000}),
    # a payment that names its invoice keeps it even while explaining a claim on another
    ([Remittance(1, day(9), 10_000, "B")], [Claim(9, D, 10_000, "A")],
     [Remittance(1, day(9), 10_000, "B")], {9: 10_000}),
    # oldest claim first, oldest payment first
    ([Remittance(1, day(3), 5_000), Remittance(2, day(8), 5_000)],
     [Claim(8, day(5), 5_000, "A"), Claim(9, day(9), 8_000, "B")],
     [Remittance(9, None, 3_000, "B"), Remittance(1, day(3), 5_000, "A"),
      Remittance(2, day(8), 5_000, "B")], {8: 5_000, 9: 5_000}),
])
def test_reconcile(payments: list[Remittance], claims: list[Claim], counted: list[Remittance],
                   explained: dict[int, int]) -> None:
    result = reconcile(payments, claims)
    assert sorted(result.payments, key=repr) == sorted(counted, key=repr)
    assert result.explained == explained
    # money is never made or lost: recorded payments count whole, claims only for their rest
    assert sum(p.amount for p in result.payments) == \
        sum(p.amount for p in payments) + sum(c.amount - explained[c.key] for c in claims)


def test_without_claims_the_payments_are_untouched() -> None:
    payments = [Remittance(1, day(3), 5_000), Remittance(2, None, 700, "A")]
    assert reconcile(payments, []).payments == tuple(payments)
