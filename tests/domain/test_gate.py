"""The credit gate, one case per rule: which rule holds a delivery, and the figures it names."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from dunner.domain.gate import GateFacts, GateItem, GateRules, Rule, check
from dunner.domain.terms import Terms

TODAY = date(2026, 11, 23)
RULES = GateRules(hold_grace_days=0, unsold_goods_times=2, unsold_goods_days=60)
NET30 = Terms("net", 30)
NOT_DUE = GateItem("N-1", date(2026, 11, 10), date(2026, 12, 10), 30_000)
LATE = GateItem("L-1", date(2026, 9, 1), date(2026, 10, 1), 50_000)  # 53 days overdue
CLEAN = GateFacts(NET30, "active", "B", (NOT_DUE,))


def rules(facts: GateFacts, amount: int = 0, gate: GateRules = RULES) -> list[Rule]:
    return [r.rule for r in check(facts, gate, TODAY, amount).reasons]


@pytest.mark.parametrize(("facts", "amount", "expected"), [
    (CLEAN, 0, []),
    # 现款现货: any unpaid delivery holds, even one not overdue yet
    (replace(CLEAN, terms=Terms("cash"), items=(GateItem("C-1", TODAY, TODAY, 1_000),)), 0,
     [Rule.CASH_UNPAID]),
    (replace(CLEAN, terms=Terms("cash"), items=()), 0, []),
    # 送二结一: only the latest delivery may be open
    (replace(CLEAN, terms=Terms("batch"),
             items=(GateItem("B-2", date(2026, 11, 20), date(2026, 12, 20), 8_000),)), 0, []),
    (replace(CLEAN, terms=Terms("batch"),
             items=(GateItem("B-1", date(2026, 11, 10), date(2026, 11, 20), 5_000),
                    GateItem("B-2", date(2026, 11, 20), date(2026, 12, 20), 8_000))), 0,
     [Rule.BATCH_UNPAID, Rule.OVERDUE]),
    # 前款不结，后货不送
    (replace(CLEAN, items=(NOT_DUE, LATE)), 0, [Rule.OVERDUE]),
    # the credit limit: the open balance, and with the new delivery
    (replace(CLEAN, credit_limit=25_000), 0, [Rule.CREDIT_LIMIT]),
    (replace(CLEAN, credit_limit=40_000), 0, []),
    (replace(CLEAN, credit_limit=40_000), 10_000, []),
    (replace(CLEAN, credit_limit=40_000), 10_001, [Rule.CREDIT_LIMIT]),
    (replace(CLEAN, credit_limit=0), 10**9, []),  # no limit agreed
    (replace(CLEAN, credit_limit=None), 10**9, []),
    (replace(CLEAN, grade="D"), 0, [Rule.GRADE]),
    (replace(CLEAN, grade="C"), 0, []),
    (replace(CLEAN, status="closed"), 0, [Rule.STATUS]),
    (replace(CLEAN, status="bankrupt", grade="D"), 0, [Rule.STATUS, Rule.GRADE]),
])
def test_each_rule(facts: GateFacts, amount: int, expected: list[Rule]) -> None:
    assert rules(facts, amount) == expected


def test_an_overdue_invoice_within_the_grace_passes() -> None:
    facts = replace(CLEAN, items=(LATE,))
    assert rules(facts, gate=replace(RULES, hold_grace_days=53)) == []
    assert rules(facts, gate=replace(RULES, hold_grace_days=52)) == [Rule.OVERDUE]


def test_the_overdue_reason_names_the_invoices_days_and_amount() -> None:
    older = GateItem("L-0", date(2026, 7, 1), date(2026, 8, 1), 7_000)
    (reason,) = check(replace(CLEAN, items=(NOT_DUE, LATE, older)), RULES, TODAY).reasons
    assert reason.invoices == (("L-0", 7_000, 114), ("L-1", 50_000, 53))
    assert reason.amount == 57_000


def test_the_credit_limit_reason_names_the_limit_the_use_and_the_delivery() -> None:
    (reason,) = check(replace(CLEAN, credit_limit=35_000), RULES, TODAY, 6_000).reasons
    assert (reason.limit, reason.amount, reason.asked) == (35_000, 30_000, 6_000)


@pytest.mark.parametrize(("days_ago", "items", "held"), [
    ((3, 40), (NOT_DUE, LATE), True),  # twice in 60 days while owing overdue money
    ((3,), (NOT_DUE, LATE), False),  # once
    ((3, 61), (NOT_DUE, LATE), False),  # the second time is too long ago
    ((3, 40), (NOT_DUE,), False),  # nothing overdue
])
def test_unsold_goods_twice_in_sixty_days(days_ago: tuple[int, ...], items: tuple[GateItem, ...],
                                          held: bool) -> None:
    from datetime import timedelta

    excuses = tuple((TODAY - timedelta(days=d), "unsold_goods") for d in days_ago)
    excuses += ((TODAY, "no_cash"),)
    facts = replace(CLEAN, items=items, excuses=excuses)
    found = rules(facts, gate=replace(RULES, hold_grace_days=100))  # the overdue rule aside
    assert (Rule.UNSOLD_GOODS in found) is held
    if held:
        reason = check(facts, RULES, TODAY).reasons[-1]
        assert reason.dates == (TODAY - timedelta(days=40), TODAY - timedelta(days=3))


def test_an_invoice_issued_later_is_not_counted() -> None:
    future = GateItem("F-1", date(2026, 12, 1), date(2026, 12, 1), 1_000)
    assert rules(replace(CLEAN, terms=Terms("cash"), items=(future,))) == []


def test_commercial_bills_outstanding_count_as_credit_in_use() -> None:
    facts = replace(CLEAN, credit_limit=40_000, other_use=10_001)  # 30,000 open + bills
    (reason,) = check(facts, RULES, TODAY).reasons
    assert (reason.rule, reason.amount, reason.bills) == (Rule.CREDIT_LIMIT, 40_001, 10_001)
    assert rules(replace(facts, other_use=10_000)) == []
