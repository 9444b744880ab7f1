"""The ledger's own invariants as pure checks on loaded facts: what allocation hands out never
exceeds an invoice or a payment, and the money balances (Σ invoices − Σ counted payments =
Σ open − credit) against the database's own sums."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from dunner.domain.allocation import Claim, Remittance
from dunner.domain.receivables import InvoiceFact, position
from dunner.domain.terms import Terms


@dataclass(frozen=True)
class Flaw:
    """One thing wrong with the ledger: a code (its text is ``dbcheck.<code>``) and the values
    that text names (ids, amounts in fen)."""

    code: str
    values: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Totals:
    """One customer's sums as the database adds them up (undone payments left out): invoices,
    recorded payments, and the paid column's claims."""

    invoiced: int = 0
    recorded: int = 0
    claimed: int = 0


@dataclass(frozen=True)
class MoneyFacts:
    """What the rules load for one customer: invoices, recorded payments, claims and terms."""

    customer: int
    name: str
    terms: Terms
    invoices: Sequence[InvoiceFact] = ()
    payments: Sequence[Remittance] = ()
    claims: Sequence[Claim] = ()


def money_flaws(facts: MoneyFacts, totals: Totals, batch_fallback_days: int) -> list[Flaw]:
    """Allocate the customer's payments as every report does and check the result: no invoice
    receives more than its amount, no payment (or claim) gives more than it holds, and what is
    open less the credit is exactly what was invoiced less what counts as paid."""
    pos = position(facts.invoices, facts.payments, facts.terms, batch_fallback_days, facts.claims)
    who = {"customer": facts.name, "id": facts.customer}
    flaws: list[Flaw] = []
    received: defaultdict[int, int] = defaultdict(int)
    given: defaultdict[int, int] = defaultdict(int)
    for a in pos.allocations:
        received[a.invoice] += a.amount
        given[a.payment] += a.amount
    for inv in facts.invoices:
        if received[inv.key] > max(inv.amount, 0):
            flaws.append(Flaw("over_invoice", {**who, "invoice": inv.number,
                                               "allocated": received[inv.key], "amount": inv.amount}))
    held = {p.key: p.amount for p in facts.payments} | {c.key: c.amount for c in facts.claims}
    for key, amount in sorted(given.items()):
        if amount > held.get(key, 0):
            flaws.append(Flaw("over_payment", {**who, "payment": key, "allocated": amount,
                                               "amount": held.get(key, 0)}))
    counted = totals.recorded + totals.claimed - sum(pos.explained.values())
    expected = totals.invoiced - counted
    if expected != pos.open - pos.credit:
        flaws.append(Flaw("balance", {**who, "expected": expected, "open": pos.open,
                                      "credit": pos.credit}))
    return flaws

