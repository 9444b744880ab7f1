"""Collection KPIs per calendar month, from the ledger's own history.

AR is what is open at the end of a day (as the ledger stood then), sales the invoices issued.
For a month M ending on day E (today, for the month still running):

- **DSO (countback)**: walk back from M through earlier months, adding a month's days while the
  AR still left covers its sales, and days × left / sales for the month where it runs out.
- **BPDSO** (best possible DSO): current AR (not yet due on E) / sales in M × days in M.
- **ADD** (average days delinquent): DSO − BPDSO.
- **CEI** (collection effectiveness index): (AR at the start + sales − AR at the end) /
  (AR at the start + sales − current AR at the end) × 100.
- **overdue share**: overdue AR / AR at E; **collected**: payments dated in M; **keep-rate**:
  promises falling due in M that were kept in full, among them; **contacts**: logged in M,
  per channel.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from dunner.domain import grading
from dunner.domain.assessment import CustomerFile, Policy
from dunner.domain.dates import add_months, days_in_month
from dunner.domain.forecast import as_of
from dunner.domain.open_by_day import open_by_day
from dunner.domain.receivables import Position, position
from dunner.domain.vocab import PromiseState

CENT = Decimal("0.01")
Month = tuple[int, int]
# Which row a fact belongs to: (customer file, invoice key or None for a customer's own fact).
KeyOf = Callable[[CustomerFile, int | None], str]


@dataclass(frozen=True)
class MonthKpi:
    month: Month
    end: date
    ar: int
    current: int
    sales: int
    dso: Decimal | None
    bpdso: Decimal | None
    add: Decimal | None
    cei: Decimal | None
    overdue_share: Decimal | None
    collected: int
    keep_rate: Decimal | None
    contacts: dict[str, int] = field(default_factory=dict)


@dataclass
class _Book:
    """One row's sums: AR and current AR per month end, sales, collections, promises, contacts."""

    ar: Counter[date] = field(default_factory=Counter)
    current: Counter[date] = field(default_factory=Counter)
    sales: Counter[Month] = field(default_factory=Counter)
    collected: Counter[Month] = field(default_factory=Counter)
    promises: defaultdict[Month, list[int]] = field(default_factory=lambda: defaultdict(
        lambda: [0, 0]))  # kept, due
    contacts: defaultdict[Month, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, other: _Book) -> None:
        """Count ``other``'s sums in too (the whole ledger's book is the sum of its rows')."""
        # update adds, keeping zeros (Counter's + would drop them)
        self.ar.update(other.ar)
        self.current.update(other.current)
        self.sales.update(other.sales)
        self.collected.update(other.collected)
        for month, (kept, due) in other.promises.items():
            counts = self.promises[month]
            counts[0] += kept
            counts[1] += due
        for month, channels in other.contacts.items():
            self.contacts[month].update(channels)


def month_ends(today: date, months: int) -> list[date]:
    """The last ``months`` month ends up to ``today``, the month still running ending today."""
    first = add_months(today.replace(day=1), -(months - 1))
    ends = [_end(add_months(first, n)) for n in range(months)]
    return [*ends[:-1], today]


def _end(day: date) -> date:
    return day.replace(day=days_in_month(day.year, day.month))


def everyone(_f: CustomerFile, _key: int | None) -> str:
    return ""


def by_owner(f: CustomerFile, key: int | None) -> str:
    return (f.invoice_owners.get(key) if key is not None else None) or f.owner or "—"


def kpis(files: Sequence[CustomerFile], policy: Policy, today: date, months: int,
         key: KeyOf = everyone) -> dict[str, list[MonthKpi]]:
    """Per row (one row "" for the whole ledger), the KPIs of the last ``months`` months."""
    ends, books = _books(files, policy, today, months, key)
    return {k: [_month(b, end) for end in ends] for k, b in sorted(books.items())}


def kpis_with_total(files: Sequence[CustomerFile], policy: Policy, today: date, months: int,
                    key: KeyOf) -> tuple[list[MonthKpi], dict[str, list[MonthKpi]]]:
    """The whole ledger's KPIs and those per row of ``key``, from one pass over the ledger:
    every sum of the whole ledger is the sum of its rows'."""
    ends, books = _books(files, policy, today, months, key)
    whole = _Book()
    for book in books.values():
        whole.add(book)
    return ([_month(whole, end) for end in ends],
            {k: [_month(b, end) for end in ends] for k, b in sorted(books.items())})


def _books(files: Sequence[CustomerFile], policy: Policy, today: date, months: int,
           key: KeyOf) -> tuple[list[date], defaultdict[str, _Book]]:
    """The month ends of the last ``months`` months, and each row's sums."""
    ends = month_ends(today, months)
    before = add_months(ends[0].replace(day=1), -1)
    books: defaultdict[str, _Book] = defaultdict(_Book)
    if key is everyone:  # the whole ledger has its row, empty or not
        books[""] = _Book()
    days = [_end(before), *ends]
    for f in files:
        _positions(f, policy, days, key, books)
        _history(f, key, books, today)
    return ends, books


def _positions(f: CustomerFile, policy: Policy, days: Sequence[date], key: KeyOf,
               books: defaultdict[str, _Book]) -> None:
    """The customer's AR and current AR at the end of each of ``days``: read off its settlements
    (``open_by_day``) where they give the position of the day, else the position of the facts as
    they stood then."""
    fast = open_by_day(f.invoices, f.payments, f.terms, policy.batch_fallback_days, f.claims,
                       days, lambda k: key(f, k))
    for at, end in enumerate(days):
        if fast is not None and fast.exact[at]:
            for row, amounts in fast.open.items():
                book = books[row]
                book.ar[end] += amounts[at]
                book.current[end] += fast.current[row][at]
            continue
        for item in position_then(f, policy, end).items:
            if item.open:
                book = books[key(f, item.key)]
                book.ar[end] += item.open
                if item.due >= end:
                    book.current[end] += item.open


def position_then(f: CustomerFile, policy: Policy, day: date) -> Position:
    """The customer's position at the end of ``day``, from its facts as they stood then."""
    then = as_of([f], day)[0]
    return position(then.invoices, then.payments, f.terms, policy.batch_fallback_days,
                    then.claims, today=day)


def _history(f: CustomerFile, key: KeyOf, books: defaultdict[str, _Book], today: date) -> None:
    for inv in f.invoices:
        books[key(f, inv.key)].sales[(inv.issued.year, inv.issued.month)] += inv.amount
    own = books[key(f, None)]
    dated = [(p.on, p.amount) for p in f.payments if p.on is not None and p.on <= today]
    for on, amount in dated:
        own.collected[(on.year, on.month)] += amount
    for p in f.promises:
        end = min(_end(p.due_on), today)
        if p.due_on > today or p.made_on > end:
            continue
        state = grading.promise_state(grading.PromiseFact(p.made_on, p.due_on, p.amount),
                                      [(on, a) for on, a in dated if on <= end], end)
        if state != PromiseState.OPEN:
            counts = own.promises[(p.due_on.year, p.due_on.month)]
            counts[0] += state == PromiseState.KEPT
            counts[1] += 1
    for c in f.contacts:
        if c.at.date() <= today:
            own.contacts[(c.at.year, c.at.month)][c.channel] += 1


def _month(b: _Book, end: date) -> MonthKpi:
    month = (end.year, end.month)
    start = _end(add_months(end.replace(day=1), -1))
    ar, current, sales = b.ar[end], b.current[end], b.sales[month]
    dso = countback(ar, _months_back(b, end))
    bpdso = Fraction(current * end.day, sales) if sales else None
    add = dso - bpdso if dso is not None and bpdso is not None else None
    collectable = b.ar[start] + sales - current
    cei = Fraction(100 * (b.ar[start] + sales - ar), collectable) if collectable > 0 else None
    kept, due = b.promises[month]
    return MonthKpi(month, end, ar, current, sales, _dec(dso), _dec(bpdso), _dec(add), _dec(cei),
                    _dec(Fraction(ar - current, ar)) if ar else None, b.collected[month],
                    _dec(Fraction(kept, due)) if due else None, dict(sorted(b.contacts[month].items())))


def _months_back(b: _Book, end: date) -> list[tuple[int, int]]:
    """(days, sales) of M and each earlier month down to the first month with sales; M counts
    only its days up to ``end``."""
    first = min(b.sales, default=(end.year, end.month))
    out, day = [], end.replace(day=1)
    while (day.year, day.month) >= first:
        days = end.day if (day.year, day.month) == (end.year, end.month) else days_in_month(
            day.year, day.month)
        out.append((days, b.sales[(day.year, day.month)]))
        day = add_months(day, -1)
    return out


def countback(ar: int, months_back: Sequence[tuple[int, int]]) -> Fraction | None:
    """DSO by the countback method: ``months_back`` is (days, sales) from the month itself
    backwards; None when there were no sales at all."""
    if not any(s for _, s in months_back):
        return None
    left, days = ar, Fraction(0)
    for month_days, sales in months_back:
        if left <= 0:
            break
        if left >= sales:
            days += month_days
            left -= sales
        else:
            days += Fraction(month_days * left, sales)
            left = 0
    return days


def _dec(value: Fraction | None) -> Decimal | None:
    if value is None:
        return None
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(CENT, ROUND_HALF_UP)
