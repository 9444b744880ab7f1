"""What one customer had open at the end of each of several days, from a few settlements.

A position as of a day settles the payments made by then against the invoices issued by then.
Settling everything up to a later day once and reading an earlier day off it gives the same
open amounts as settling at that day, as long as

- both days saw the same paid-column claims (a claim is netted against the payments made up
  to its day, so once seen it splits them the same way whatever comes later),
- no payment made by the earlier day went to an invoice issued after it, and
- under 送二结一, where the invoices of the last delivery fall due ``batch_fallback_days``
  later while the next delivery is still to come, those invoices took nothing by then and no
  payment made by then went, as the oldest still open, past where they stand then.

``open_by_day`` settles once per set of claims seen, checks the rest for every day and marks
the days it cannot vouch for: their positions must be worked out the long way
(``receivables.position`` of the facts as they stood).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from dunner.domain.allocation import Claim, Remittance, applied_order, reconcile
from dunner.domain.receivables import InvoiceFact, OpenItem, position
from dunner.domain.terms import Terms, due_date


@dataclass(frozen=True)
class OpenByDay:
    """Per row, the open amount and the part of it not yet due (due on the day or later) at the
    end of each day; ``exact[i]`` is False where day ``i`` must be worked out the long way (its
    sums are then not to be used)."""

    days: tuple[date, ...]
    exact: tuple[bool, ...]
    open: dict[str, list[int]]
    current: dict[str, list[int]]


def open_by_day(invoices: Sequence[InvoiceFact], payments: Sequence[Remittance], terms: Terms,
                batch_fallback_days: int, claims: Sequence[Claim], days: Sequence[date],
                row: Callable[[int], str]) -> OpenByDay | None:
    """The open and current amounts per row (``row`` of an invoice key) at the end of each of
    ``days`` (one or more, ascending), as ``position`` of the facts dated up to each day gives them; None
    when no day can be read off a settlement: under fapiao terms (what is pending is dated by
    the day assessed) or when an invoice key or number is told twice."""
    issued = [i for i in invoices if i.issued <= days[-1]]
    if (terms.kind == "fapiao" or len({i.key for i in issued}) < len(issued)
            or len({i.number for i in issued}) < len(issued)):
        return None
    sums = _Sums(days, row)
    exact: list[bool] = []
    seen = sorted(c.seen_on for c in claims)
    first = 0
    for at, day in enumerate(days):  # the days that saw the same claims share one settlement
        if at + 1 == len(days) or bisect_right(seen, days[at + 1]) > bisect_right(seen, day):
            exact += _read_off(issued, payments, terms, batch_fallback_days, claims,
                               range(first, at + 1), sums)
            first = at + 1
    sums.done()
    return OpenByDay(tuple(days), tuple(exact), sums.open, sums.current)


def _read_off(invoices: Sequence[InvoiceFact], payments: Sequence[Remittance], terms: Terms,
              batch_fallback_days: int, claims: Sequence[Claim], span: range,
              sums: _Sums) -> list[bool]:
    """The days ``span`` (which saw the same claims) read off the settlement at the last of them
    into ``sums``; per day, whether what was read off holds."""
    days = sums.days[span.start:span.stop]
    last = days[-1]
    counted = reconcile([p for p in payments if p.on is None or p.on <= last],
                        [c for c in claims if c.seen_on <= last]).payments
    # numbered in the order they are applied in (which the numbers keep), so that the parts of
    # a payment the claims split are told apart
    paid = [Remittance(n, p.on, p.amount, p.invoice) for n, p in enumerate(applied_order(counted))]
    issued = [i for i in invoices if i.issued <= last]
    pos = position(issued, paid, terms, batch_fallback_days, today=last)
    timeline = _Timeline(pos.items, paid, pos.allocations, days)
    every, start, stop = sums.days, span.start, span.stop
    lists: dict[int, tuple[list[int], list[int], int]] = {}  # invoice key → its row's, its due
    for item in pos.items:
        open_, current = sums.lists(item.key)
        due = min(stop, bisect_right(every, item.due))
        lists[item.key] = (open_, current, due)
        _add(open_, current, max(start, bisect_left(every, item.issued)), due, stop, item.amount)
    for on, key, share in timeline.shares:
        open_, current, due = lists[key]
        _add(open_, current, max(start, bisect_left(every, on)), due, stop, -share)
    exact = [need <= day for need, day in zip(timeline.need, days, strict=True)]
    if terms.kind == "batch":
        _deliveries(timeline, issued, exact, terms, batch_fallback_days, span, sums)
    return exact


def _deliveries(timeline: _Timeline, issued: Sequence[InvoiceFact], exact: list[bool],
                terms: Terms, fallback_days: int, span: range, sums: _Sums) -> None:
    """Under 送二结一, the days of ``span`` that the last delivery by then keeps from being
    read off (``exact`` made False), and on the others its invoices that are not current then
    taken off the current amounts of ``sums``."""
    own_due = {i.key for i in issued if i.due is not None}
    for item in timeline.items:
        if item.key not in own_due and item.amount > 0:
            timeline.deliveries.setdefault(item.issued, []).append(item)
    timeline.issue_days = sorted({item.issued for item in timeline.items})
    for i, day in enumerate(timeline.days):
        if exact[i]:
            moved = _last_delivery(timeline, i, day, terms, fallback_days)
            exact[i] = moved is not None
            for item in moved or ():  # untouched by then: open in full, and overdue
                sums.not_current(item, span.start + i)


class _Sums:
    """Open and current amounts per row and day, added as ranges of days (as differences from
    the day before, summed up by ``done``)."""

    def __init__(self, days: Sequence[date], row: Callable[[int], str]) -> None:
        self.days, self.row = days, row
        self.open: dict[str, list[int]] = {}
        self.current: dict[str, list[int]] = {}
        self.rows: dict[int, tuple[list[int], list[int]]] = {}

    def lists(self, key: int) -> tuple[list[int], list[int]]:
        """The open and current amounts (as differences) of the invoice's row."""
        known = self.rows.get(key)
        if known is None:
            name = self.row(key)
            if name not in self.open:
                self.open[name] = [0] * (len(self.days) + 1)
                self.current[name] = [0] * (len(self.days) + 1)
            known = self.rows[key] = (self.open[name], self.current[name])
        return known

    def not_current(self, item: OpenItem, at: int) -> None:
        """The invoice's whole amount, counted current on day ``at``, is not."""
        current = self.lists(item.key)[1]
        current[at] -= item.amount
        current[at + 1] += item.amount

    def done(self) -> None:
        """The differences summed up: each list then holds one amount per day."""
        for table in (self.open, self.current):
            for name, diffs in table.items():
                run, sums = 0, []
                for d in diffs[:-1]:
                    run += d
                    sums.append(run)
                table[name] = sums
        self.rows.clear()


def _add(open_: list[int], current: list[int], first: int, due: int, stop: int,
         amount: int) -> None:
    """``amount`` open from day ``first`` to the day before ``stop``, current before ``due``
    (places in the days, as differences)."""
    if first < stop:
        open_[first] += amount
        open_[stop] -= amount
        current[first] += amount
        current[max(first, due)] -= amount


class _Timeline:
    """A settlement, payment by payment in date order: per day, the latest issue day a payment
    made by then reached (``need``), and the furthest invoice in the order of payment it reached
    by paying the oldest first (``reach``, a place in ``items``)."""

    def __init__(self, items: Sequence[OpenItem], paid: Sequence[Remittance],
                 allocations: Sequence[tuple[int, int, int]], days: Sequence[date]) -> None:
        self.items, self.days = items, days
        # under 送二结一: the issue days in order, and per day its invoices of something without
        # a due day of their own
        self.issue_days: list[date] = []
        self.deliveries: dict[date, list[OpenItem]] = {}
        place = {item.key: at for at, item in enumerate(items)}
        by_number = {item.number: item.key for item in items}
        self.shares: list[tuple[date, int, int]] = []  # paid on, invoice key, amount
        self.first_paid: dict[int, date] = {}  # invoice key → the day a payment first reached it
        reached: dict[int, tuple[date, int]] = {}  # payment key → (need, reach)
        for pay_key, invoice_key, share in allocations:
            pay, item = paid[pay_key], items[place[invoice_key]]
            on = pay.on or date.min
            self.shares.append((on, invoice_key, share))
            if on < self.first_paid.get(invoice_key, date.max):
                self.first_paid[invoice_key] = on
            need, reach = reached.get(pay_key, (date.min, -1))
            if not pay.invoice or by_number.get(pay.invoice) != invoice_key:  # the oldest open
                reach = max(reach, place[invoice_key])
            reached[pay_key] = (max(need, item.issued), reach)
        # A payment naming an invoice issued after a day, and reaching nothing issued after it,
        # found it paid in full (or an invoice of nothing): by then, the name meant nothing.
        steps = sorted((p.on or date.min, *reached.get(p.key, (date.min, -1))) for p in paid)
        self.need: list[date] = []
        self.reach: list[int] = []
        at, need, reach = 0, date.min, -1
        for day in days:
            while at < len(steps) and steps[at][0] <= day:
                need, reach = max(need, steps[at][1]), max(reach, steps[at][2])
                at += 1
            self.need.append(need)
            self.reach.append(reach)


def _last_delivery(timeline: _Timeline, i: int, day: date, terms: Terms,
                   fallback_days: int) -> list[OpenItem] | None:
    """Under 送二结一, the invoices of the last delivery by ``day`` without a due date of their
    own fall due ``fallback_days`` after it then, not with the next delivery: whether day ``i``
    can still be read off the settlement (None if not), and those that are not current then
    though the settlement has them so."""
    items, issue_days = timeline.items, timeline.issue_days
    at = bisect_right(issue_days, day) - 1
    if at < 0:
        return []
    latest = issue_days[at]
    then = due_date(terms, latest, None, fallback_days)
    moved = [item for item in timeline.deliveries.get(latest, ()) if item.due != then]
    if not moved:
        return []
    if any(timeline.first_paid.get(item.key, date.max) <= day for item in moved):
        return None
    reach = timeline.reach[i]
    if reach >= 0:
        furthest = items[reach]
        if (furthest.due, furthest.number, furthest.key) >= min(
                (then, item.number, item.key) for item in moved):
            return None
    return moved if then < day else []
