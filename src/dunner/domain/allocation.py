"""Payment allocation: to the invoice a payment names, else oldest due first; the rest is credit.

A workbook's paid column (已收金额) is not a payment of its own: a rise in it is a *claim* that
some payment reached that invoice. Payments recorded by hand or from a payment sheet, dated
on or before the day the workbook showed the rise, explain it; only what they do not explain
counts as a payment (``reconcile``). So ``pay`` and the workbook never count one payment twice,
in whichever order they reach the ledger.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from operator import attrgetter
from typing import NamedTuple, Protocol

# Two payments of one amount this many days apart or less are one payment told twice (by hand
# and in a workbook, or twice by hand): an import links the sheet row to the recorded payment,
# ``pay`` refuses the second.
SAME_PAYMENT_DAYS = 3


class Charge(NamedTuple):
    """An invoice as allocation sees it: amounts in fen."""

    key: int
    number: str
    due: date
    amount: int


class Remittance(NamedTuple):
    """A payment as allocation sees it; ``on`` is None for a paid amount of unknown date."""

    key: int
    on: date | None
    amount: int
    invoice: str | None = None


class Claim(NamedTuple):
    """A rise of a workbook's paid column on one invoice, first seen on ``seen_on``."""

    key: int
    seen_on: date
    amount: int
    invoice: str


@dataclass(frozen=True)
class Reconciled:
    """The payments that count, and how much of each claim recorded payments explained."""

    payments: tuple[Remittance, ...]
    explained: dict[int, int]  # claim key → fen explained by recorded payments


def reconcile(payments: Sequence[Remittance], claims: Sequence[Claim]) -> Reconciled:
    """Net the paid column's claims against recorded payments, oldest first.

    A recorded payment dated on or before a claim's day may be the money the workbook shows;
    the part of it that explains a claim goes to the claim's invoice (unless the payment names
    one itself). A claim's unexplained rest counts as an undated payment on its invoice."""
    if not claims:
        return Reconciled(tuple(payments), {})
    dated = sorted(((p.on, p) for p in payments if p.on is not None), key=lambda x: (x[0], x[1].key))
    pool = {p.key: p.amount for _, p in dated}
    to_invoice: dict[int, list[tuple[str, int]]] = {}
    explained: dict[int, int] = {}
    out: list[Remittance] = [p for p in payments if p.on is None]
    for claim in sorted(claims, key=lambda c: (c.seen_on, c.key)):
        need = claim.amount
        for on, p in dated:
            if need == 0 or on > claim.seen_on:
                break
            share = min(need, pool[p.key])
            if share:
                pool[p.key] -= share
                need -= share
                to_invoice.setdefault(p.key, []).append((claim.invoice, share))
        explained[claim.key] = claim.amount - need
        if need:
            out.append(Remittance(claim.key, None, need, claim.invoice))
    for _, p in dated:
        if p.invoice:  # a payment that names its invoice keeps it
            out.append(p)
            continue
        for invoice, share in to_invoice.get(p.key, []):
            out.append(Remittance(p.key, p.on, share, invoice))
        if pool[p.key]:
            out.append(Remittance(p.key, p.on, pool[p.key], None))
    return Reconciled(tuple(out), explained)


class Allocation(NamedTuple):
    payment: int
    invoice: int
    amount: int


@dataclass(frozen=True)
class Settlement:
    """What is left open of each invoice, how it got there, and the customer's credit."""

    invoices: Sequence[Owed]  # in the order they were settled in
    left: Sequence[int]  # what is left open of each, in that order
    allocations: tuple[Allocation, ...]
    credit: int
    # invoice key → the date of the payment that settled it (None: settled by an undated one)
    settled_on: dict[int, date | None] = field(default_factory=dict)

    @cached_property
    def open(self) -> dict[int, int]:
        """What is left open per invoice key."""
        return {c.key: left for c, left in zip(self.invoices, self.left, strict=True)}

    @property
    def balance(self) -> int:
        return sum(self.left) - self.credit


class Owed(Protocol):
    """What allocation reads of an invoice once it is in order."""

    @property
    def key(self) -> int: ...

    @property
    def number(self) -> str: ...

    @property
    def amount(self) -> int: ...


def allocate(charges: Iterable[Charge], payments: Iterable[Remittance]) -> Settlement:
    """Allocate one customer's payments to its invoices (all amounts positive fen)."""
    ordered: list[Charge] = sorted(charges, key=lambda c: (c.due, c.number, c.key))
    return settle(ordered, payments)


def settle(ordered: Sequence[Owed], payments: Iterable[Remittance]) -> Settlement:
    """``allocate`` of invoices already in its order: the oldest due first, then by number and
    key (a caller that has sorted them so need not build a ``Charge`` of each). Each payment
    goes to the invoice it names (as far as that is open), then to the oldest still open; an
    invoice paid in full is settled on that payment's day. Invoices are told apart by their
    place in ``ordered`` (each key is there once)."""
    remaining = [c.amount for c in ordered]  # what is open of each, by its place
    by_number: dict[str, int] | None = None  # made when a payment first names an invoice
    allocations: list[Allocation] = []
    settled: dict[int, date | None] = {}
    credit = 0
    cursor = 0
    size = len(ordered)

    def take(pay: Remittance, at: int, left: int) -> int:
        """Up to ``left`` of ``pay`` to the invoice at ``at``; what is left of the payment."""
        rest = remaining[at]
        share = min(left, rest)
        if share > 0:
            remaining[at] = rest - share
            key = ordered[at].key
            allocations.append(tuple.__new__(Allocation, (pay.key, key, share)))  # no __init__ call
            if rest == share:
                settled[key] = pay.on
        return left - share

    for pay in _in_order(payments):
        left = pay.amount
        if pay.invoice:
            if by_number is None:
                by_number = {c.number: at for at, c in enumerate(ordered)}
            named = by_number.get(pay.invoice)
            if named is not None:
                left = take(pay, named, left)
        while left > 0 and cursor < size:
            if remaining[cursor] == 0:
                cursor += 1
            else:
                left = take(pay, cursor, left)
        credit += left
    return Settlement(ordered, remaining, tuple(allocations), credit, settled)


_KEY = attrgetter("key")
_DATED_ORDER = attrgetter("on", "key")


def _in_order(payments: Iterable[Remittance]) -> list[Remittance]:
    """The order payments are applied in: undated paid amounts first (they come from the
    ledger's own "paid" column: they predate the rest), by key; then by date and key."""
    listed = list(payments)
    dated = [p for p in listed if p.on is not None]
    if len(dated) == len(listed):
        return sorted(dated, key=_DATED_ORDER)
    return sorted([p for p in listed if p.on is None], key=_KEY) + sorted(dated, key=_DATED_ORDER)


def applied_order(payments: Iterable[Remittance]) -> list[Remittance]:
    """The payments in the order ``settle`` applies them."""
    return _in_order(payments)
