"""A customer's receivables as of a day: due dates from terms, payments allocated, what is open."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from operator import itemgetter
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
    return dict(zip([i.key for i in invoices], _dues(invoices, terms, batch_fallback_days, today),
                    strict=True))


class _ByIssue(dict[date, date]):
    """The due date of an invoice without one of its own, per issue day, each worked out once:
    ``deliveries`` are the issue days in order (only 送二结一 looks at the next one)."""

    def __init__(self, terms: Terms, batch_fallback_days: int,
                 deliveries: Sequence[date] = ()) -> None:
        super().__init__()
        self.terms, self.fallback, self.deliveries = terms, batch_fallback_days, deliveries

    def __missing__(self, issued: date) -> date:
        at = bisect_right(self.deliveries, issued)
        nxt = self.deliveries[at] if at < len(self.deliveries) else None
        due = self[issued] = due_date(self.terms, issued, nxt, self.fallback)
        return due


# Under terms that look at nothing but the issue day (every kind but 送二结一 and fapiao terms),
# customers on the same terms share their due dates: each is worked out once a run.
_BY_ISSUE: dict[tuple[Terms, int], _ByIssue] = {}


def _dues(invoices: Sequence[InvoiceFact], terms: Terms, batch_fallback_days: int,
          today: date | None) -> list[date]:
    """``due_dates`` in the order of ``invoices`` (a date is never false: ``due or …`` is the
    invoice's own due date when it has one)."""
    if terms.kind == "fapiao":
        after = timedelta(days=terms.days)
        return [i.due or (i.fapiao.dated_on or max(i.issued, today or i.issued)) + after
                for i in invoices]
    if terms.kind == "batch":  # only 送二结一 needs the next delivery: the next issue day
        memo = _ByIssue(terms, batch_fallback_days, sorted({i.issued for i in invoices}))
    else:
        shared = _BY_ISSUE.get((terms, batch_fallback_days))
        if shared is None:
            shared = _BY_ISSUE[terms, batch_fallback_days] = _ByIssue(terms, batch_fallback_days)
        memo = shared
    return [i.due or memo[i.issued] for i in invoices]


_KEY, _NUMBER = itemgetter(0), itemgetter(1)  # ``InvoiceFact.key`` and ``.number``


def position(invoices: Sequence[InvoiceFact], payments: Sequence[Remittance], terms: Terms,
             batch_fallback_days: int, claims: Sequence[Claim] = (),
             today: date | None = None) -> Position:
    """Due dates, open amounts and credit; ``claims`` (rises of a workbook's paid column) count
    only for what the recorded ``payments`` do not explain; ``today`` dates what fapiao terms
    leave pending (see ``due_dates``)."""
    dues = _dues(invoices, terms, batch_fallback_days, today)
    counted = reconcile(payments, claims)
    # the items are listed in the order allocation pays them: the oldest due first, then by
    # number and key (the position in the input only keeps equal ones from being compared)
    ranked = sorted(zip(dues, map(_NUMBER, invoices), map(_KEY, invoices), range(len(invoices)),
                        invoices, strict=True))
    new = tuple.__new__  # a record made from its tuple: half the cost of calling its class
    fapiao_terms = terms.kind == "fapiao"  # only these leave an invoice pending
    if not counted.payments:
        items = tuple([new(OpenItem, (key, number, issued, due, amount, amount, None, fapiao,
                                      fapiao_terms and own_due is None and fapiao.dated_on is None,
                                      rough))
                       for due, _, _, _, (key, number, issued, amount, own_due, fapiao, rough)
                       in ranked])
        return Position(items, 0, (), counted.explained)
    settlement: Settlement = settle([r[4] for r in ranked], counted.payments)
    settled = settlement.settled_on
    items = tuple([new(OpenItem, (key, number, issued, due, amount, left, settled.get(key),
                                  fapiao,
                                  fapiao_terms and own_due is None and fapiao.dated_on is None,
                                  rough))
                   for (due, _, _, _, (key, number, issued, amount, own_due, fapiao, rough)), left
                   in zip(ranked, settlement.left, strict=True)])
    return Position(items, settlement.credit, settlement.allocations, counted.explained)
