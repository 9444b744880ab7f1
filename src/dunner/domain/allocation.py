"""Payment allocation: to the invoice a payment names, else oldest due first; the rest is credit."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Charge:
    """An invoice as allocation sees it: amounts in fen."""

    key: int
    number: str
    due: date
    amount: int


@dataclass(frozen=True)
class Remittance:
    """A payment as allocation sees it; ``on`` is None for a paid amount of unknown date."""

    key: int
    on: date | None
    amount: int
    invoice: str | None = None


@dataclass(frozen=True)
class Allocation:
    payment: int
    invoice: int
    amount: int


@dataclass(frozen=True)
class Settlement:
    """What is left open per invoice, how it got there, and the customer's credit."""

    open: dict[int, int]
    allocations: tuple[Allocation, ...]
    credit: int
    # invoice key → the date of the payment that settled it (None: settled by an undated one)
    settled_on: dict[int, date | None] = field(default_factory=dict)

    @property
    def balance(self) -> int:
        return sum(self.open.values()) - self.credit


def _payment_order(p: Remittance) -> tuple[int, date, int]:
    # Undated paid amounts come from the ledger's own "paid" column: they predate the rest.
    return (0, date.min, p.key) if p.on is None else (1, p.on, p.key)


def allocate(charges: Iterable[Charge], payments: Iterable[Remittance]) -> Settlement:
    """Allocate one customer's payments to its invoices (all amounts positive fen)."""
    ordered = sorted(charges, key=lambda c: (c.due, c.number, c.key))
    remaining = {c.key: c.amount for c in ordered}
    by_number = {c.number: c.key for c in ordered}
    allocations: list[Allocation] = []
    settled: dict[int, date | None] = {}
    credit = 0
    cursor = 0
    for pay in sorted(payments, key=_payment_order):
        left = pay.amount
        named = by_number.get(pay.invoice) if pay.invoice else None
        if named is not None:
            left = _apply(pay, named, left, remaining, allocations, settled)
        while left > 0 and cursor < len(ordered):
            key = ordered[cursor].key
            if remaining[key] == 0:
                cursor += 1
                continue
            left = _apply(pay, key, left, remaining, allocations, settled)
        credit += left
    return Settlement(remaining, tuple(allocations), credit, settled)


def _apply(
    pay: Remittance,
    key: int,
    left: int,
    remaining: dict[int, int],
    allocations: list[Allocation],
    settled: dict[int, date | None],
) -> int:
    share = min(left, remaining[key])
    if share <= 0:
        return left
    remaining[key] -= share
    allocations.append(Allocation(pay.key, key, share))
    if remaining[key] == 0:
        settled[key] = pay.on
    return left - share
