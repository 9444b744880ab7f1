"""The ledger's invariants: allocation within invoices and payments, and money that balances."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from dunner.domain import ledger_health
from dunner.domain.allocation import Allocation, Claim, Remittance
from dunner.domain.ledger_health import MoneyFacts, Totals, money_flaws
from dunner.domain.receivables import InvoiceFact, Position
from dunner.domain.terms import parse_terms

TERMS = parse_terms("net:30")
DAY = date(2026, 3, 1)


def _facts(seed: int) -> MoneyFacts:
    rng = random.Random(seed)
    invoices = [InvoiceFact(i, f"N{i}", DAY + timedelta(days=rng.randrange(90)),
                            rng.randrange(1, 50_000)) for i in range(1, rng.randrange(2, 12))]
    numbers = [i.number for i in invoices]
    payments = [Remittance(100 + k, rng.choice([None, DAY + timedelta(days=rng.randrange(120))]),
                           rng.randrange(1, 60_000), rng.choice([None, *numbers]))
                for k in range(rng.randrange(0, 8))]
    claims = [Claim(200 + k, DAY + timedelta(days=rng.randrange(120)), rng.randrange(1, 20_000),
                    rng.choice(numbers)) for k in range(rng.randrange(0, 4))]
    return MoneyFacts(1, "恒通", TERMS, invoices, payments, claims)


def _totals(facts: MoneyFacts) -> Totals:
    return Totals(sum(i.amount for i in facts.invoices), sum(p.amount for p in facts.payments),
                  sum(c.amount for c in facts.claims))


@pytest.mark.parametrize("seed", range(40))
def test_a_consistent_ledger_has_no_flaws(seed: int) -> None:
    facts = _facts(seed)
    assert money_flaws(facts, _totals(facts), 30) == []


def test_sums_that_disagree_with_the_loaded_rows_are_a_balance_flaw() -> None:
    """A payment the database holds but the loaders dropped: open less credit no longer equals
    invoices less payments."""
    facts = MoneyFacts(7, "恒通", TERMS, [InvoiceFact(1, "A", DAY, 10_000)],
                       [Remittance(5, DAY, 4_000)])
    [flaw] = money_flaws(facts, Totals(10_000, 4_000 + 2_500, 0), 30)
    assert flaw.code == "balance"
    assert flaw.values == {"customer": "恒通", "id": 7, "expected": 3_500, "open": 6_000,
                           "credit": 0}


def test_over_allocation_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    """An allocation giving an invoice more than its amount, from a payment more than it holds."""
    facts = MoneyFacts(7, "恒通", TERMS, [InvoiceFact(1, "A", DAY, 10_000)],
                       [Remittance(5, DAY, 4_000)])
    broken = Position((), 0, (Allocation(5, 1, 6_000), Allocation(5, 1, 5_000)))
    monkeypatch.setattr(ledger_health, "position", lambda *a, **k: broken)
    codes = {f.code: f.values for f in money_flaws(facts, Totals(10_000, 4_000, 0), 30)}
    assert codes["over_invoice"]["allocated"] == 11_000
    assert codes["over_payment"] == {"customer": "恒通", "id": 7, "payment": 5,
                                     "allocated": 11_000, "amount": 4_000}
    assert "balance" in codes  # nothing open, no credit, yet ¥60 still owed by the sums
