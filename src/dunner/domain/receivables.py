"""A customer's receivables as of a day: due dates from terms, payments allocated, what is open."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from dunner.domain.allocation import (
    Allocation,
    Claim,
    Remittance,
    Settlement,
    reconcile,
    settle,
)
from dunner.domain.fapiao import UNTRACKED, Fapiao
from dunner.domain.terms import Terms, due_date


class InvoiceFact(NamedTuple):
    key: int
    number: str
    issued: date
    amount: int  # fen
    due: date | None = None  # explicit due date, which always wins
    fapiao: Fapiao = UNTRACKED
    approximate: bool = False  # an export's estimate (an opening balance, an aging bucket)


class OpenItem(NamedTuple):
    key: int
    number: str
    issued: date
    due: date
    amount: int
    open: int
    settled_on: date | None  # when fully paid (None while open or paid on an unknown date)
    fapiao: Fapiao = UNTRACKED
    # fapiao terms and no fapiao yet: not due, ``due`` is the day it would fall due were the
    # fapiao issued on the day assessed
    due_pending: bool = False
    approximate: bool = False  # an export's estimate: reports mark its amounts

    def days_overdue(self, today: date) -> int:
        return (today - self.due).days


@dataclass(frozen=True)
class Position:
    """Every invoice of one customer with its due date and open amount, plus credit."""

    items: tuple[OpenItem, ...]
    credit: int
    allocations: tuple[Allocation, ...] = ()
    explained: dict[int, int] = field(default_factory=dict)  # claim key → fen already recorded

    @property
    def open(self) -> int:
        return sum(i.open for i in self.items)

    def overdue(self, today: date) -> int:
        return sum(i.open for i in self.items if i.open and i.due < today)


def due_dates(invoices: Sequence[InvoiceFact], terms: Terms, batch_fallback_days: int,
              today: date | None = None) -> dict[int, date]:
    """Due date per invoice key; under 送二结一 an invoice falls due with the next delivery;
    under fapiao terms N days after its fapiao, and one without a fapiao is not due: it falls
    due N days after ``today`` (or after its issue when no day is given)."""
    # Only 送二结一 needs the next delivery: the first issue day after the invoice's own.
    deliveries = sorted({i.issued for i in invoices}) if terms.kind == "batch" else []
    out: dict[int, date] = {}
    memo: dict[date, date] = {}  # a ledger repeats issue days; the rule depends only on the day
    fapiao_terms = terms.kind == "fapiao"
    for inv in invoices:
        if inv.due is not None:
            out[inv.key] = inv.due
        elif fapiao_terms:
            start = inv.fapiao.dated_on or max(inv.issued, today or inv.issued)
            out[inv.key] = start + timedelta(days=terms.days)
        else:
            due = memo.get(inv.issued)
            if due is None:
                at = bisect_right(deliveries, inv.issued)
                nxt = deliveries[at] if at < len(deliveries) else None
                due = memo[inv.issued] = due_date(terms, inv.issued, nxt, batch_fallback_days)
            out[inv.key] = due
    return out


def position(invoices: Sequence[InvoiceFact], payments: Sequence[Remittance], terms: Terms,
             batch_fallback_days: int, claims: Sequence[Claim] = (),
             today: date | None = None) -> Position:
    """Due dates, open amounts and credit; ``claims`` (rises of a workbook's paid column) count
    only for what the recorded ``payments`` do not explain; ``today`` dates what fapiao terms
    leave pending (see ``due_dates``)."""
    dues = due_dates(invoices, terms, batch_fallback_days, today)
    counted = reconcile(payments, claims)
    # the items are listed in the order allocation pays them: the oldest due first
    ordered = sorted(invoices, key=lambda i: (dues[i.key], i.number, i.key))
    settlement: Settlement = settle(ordered, counted.payments)
    left, settled = settlement.open, settlement.settled_on
    fapiao_terms = terms.kind == "fapiao"  # only these leave an invoice pending
    items = tuple(
        OpenItem(i.key, i.number, i.issued, dues[i.key], i.amount, left[i.key], settled.get(i.key),
                 i.fapiao, fapiao_terms and _pending(i, terms), i.approximate)
        for i in ordered)
    return Position(items, settlement.credit, settlement.allocations, counted.explained)


def _pending(invoice: InvoiceFact, terms: Terms) -> bool:
    return terms.kind == "fapiao" and invoice.due is None and invoice.fapiao.dated_on is None
