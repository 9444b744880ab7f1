"""A statement of account (对账单): opening balance, invoices and payments in date order with a
running balance, the closing balance, and the aging of what is still open."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

from dunner.domain.aging import age
from dunner.domain.allocation import Claim, Remittance, reconcile
from dunner.domain.receivables import InvoiceFact, OpenItem, position
from dunner.domain.terms import Terms

LineKind = Literal["invoice", "payment"]


@dataclass(frozen=True)
class Line:
    """One movement: an invoice raises the balance (debit), a payment lowers it (credit)."""

    on: date | None  # None: a paid amount of unknown date (it predates every dated record)
    kind: LineKind
    reference: str  # the invoice's number, or the invoice a payment names ("" if none)
    debit: int  # fen
    credit: int  # fen
    balance: int  # the running balance after this line
    due: date | None = None  # an invoice's due date
    note: str = ""  # an invoice's description, a payment's method and reference


@dataclass(frozen=True)
class Statement:
    start: date | None  # None: from the customer's first record (the opening balance is 0)
    as_of: date
    opening: int
    lines: tuple[Line, ...]
    open_items: tuple[OpenItem, ...]  # invoices still open on ``as_of``, by due date
    credit: int  # paid ahead, held for the customer
    aging: Mapping[str, int]  # bucket name → open fen on ``as_of``

    @property
    def closing(self) -> int:
        """What the customer owes on ``as_of``: the opening balance plus invoices less payments
        (negative when the customer has paid ahead)."""
        return self.opening + self.invoiced - self.paid

    @property
    def invoiced(self) -> int:
        return sum(line.debit for line in self.lines)

    @property
    def paid(self) -> int:
        return sum(line.credit for line in self.lines)


def build_statement(invoices: Sequence[InvoiceFact], payments: Sequence[Remittance],
                    claims: Sequence[Claim], terms: Terms, batch_fallback_days: int,
                    as_of: date, start: date | None = None,
                    notes: Mapping[tuple[LineKind, int], str] | None = None) -> Statement:
    """The statement from ``start`` (inclusive) to ``as_of``, counting what the grading counts
    on ``as_of``: the invoices issued by then, the payments dated by then (and those of unknown
    date), and the rises of a workbook's paid column seen by then that no recorded payment
    explains (dated the day they were seen). ``notes`` adds a text to an invoice's or a
    payment's line, by its key."""
    notes = notes or {}
    issued = [i for i in invoices if i.issued <= as_of]
    paid = [p for p in payments if p.on is None or p.on <= as_of]
    seen = [c for c in claims if c.seen_on <= as_of]
    claim_days = {c.key: c.seen_on for c in seen}
    moves: list[tuple[date | None, int, str, LineKind, int, date | None, str]] = []
    pos = position(issued, paid, terms, batch_fallback_days, seen)
    dues = {i.key: i.due for i in pos.items}
    for inv in issued:
        moves.append((inv.issued, 0, inv.number, "invoice", inv.amount, dues[inv.key],
                      notes.get(("invoice", inv.key), "")))
    merged: dict[tuple[int, date | None], tuple[list[str], int]] = {}
    for p in reconcile(paid, seen).payments:  # a payment split over invoices is one line
        on = p.on if p.on is not None else claim_days.get(p.key)
        names, total = merged.get((p.key, on), ([], 0))
        merged[(p.key, on)] = ([*names, p.invoice] if p.invoice and p.invoice not in names
                               else names, total + p.amount)
    for (key, on), (names, total) in merged.items():
        moves.append((on, 1, "、".join(names), "payment", total, None,
                      notes.get(("payment", key), "")))
    moves.sort(key=lambda m: (m[0] or date.min, m[1], m[2]))
    opening = 0
    lines: list[Line] = []
    for on, _, ref, kind, amount, due, note in moves:
        signed = amount if kind == "invoice" else -amount
        if start is not None and (on is None or on < start):
            opening += signed
            continue
        balance = (lines[-1].balance if lines else opening) + signed
        lines.append(Line(on, kind, ref, amount if kind == "invoice" else 0,
                          amount if kind == "payment" else 0, balance, due, note))
    open_items = tuple(i for i in pos.items if i.open)
    return Statement(start, as_of, opening, tuple(lines), open_items, pos.credit,
                     age(((i.due, i.open) for i in open_items), as_of))
