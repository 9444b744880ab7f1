"""When the money comes: a predicted pay date and probability per open invoice, with reasons.

Every prediction is made from the facts as they stood on a day: ``as_of`` cuts the loaded facts
at that day, ``assess`` grades them, ``predict`` dates them. A backtest runs the very same three
steps on past days, so what it measures is the forecast shown today.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from types import MappingProxyType
from typing import Any, NamedTuple

from dunner.domain import grading
from dunner.domain.assessment import (
    Assessment,
    CustomerFile,
    InvoiceView,
    Policy,
    PromiseRow,
    assess,
)
from dunner.domain.calendar import WorkCalendar
from dunner.domain.dates import add_months
from dunner.domain.fapiao import FapiaoState
from dunner.domain.receivables import InvoiceFact, OpenItem, position
from dunner.domain.timing import Prefs, pay_dates
from dunner.domain.vocab import Class, PromiseState

CENT = Decimal("0.01")
HISTORY = 12  # the customer's own record: its last this many paid invoices
MIN_HISTORY = 3  # fewer paid invoices than this: the portfolio's median instead
TRUSTED_KEEP_RATE = Decimal("0.5")  # an open promise sets the date from this keep-rate up
SIGNAL_FACTOR = Decimal("0.8")  # an open warning signal lowers the probability by a fifth
ESCALATING_FACTOR = Decimal("0.5")  # a bankruptcy risk, relocation or dishonoured bill: by half
ESCALATING = grading.ESCALATING_SIGNALS | {"bill_dishonoured"}
UNDATED = (Class.BAD, Class.DEAD)  # written off in all but name: no date, a low probability


def as_of(files: Sequence[CustomerFile], day: date) -> list[CustomerFile]:
    """The customers' facts as they were known at the end of ``day``: invoices issued, payments
    made, paid-column rises seen, promises made, acknowledgements, contacts and signals dated
    after it are left out, and a signal resolved after it is still open. Undated paid amounts
    (a workbook's paid column without dates) stay: they are on the books from the start."""
    return [replace(
        f, invoices=tuple(_invoice_then(i, day) for i in f.invoices if i.issued <= day),
        payments=tuple(p for p in f.payments if p.on is None or p.on <= day),
        claims=tuple(c for c in f.claims if c.seen_on <= day),
        promises=tuple(p for p in f.promises if p.made_on <= day),
        acks=tuple(a for a in f.acks if a.on <= day),
        contacts=tuple(c for c in f.contacts if c.at.date() <= day),
        signals=tuple(s if s.resolved_on is None or s.resolved_on <= day else
                      replace(s, resolved_on=None) for s in f.signals if s.on <= day))
        for f in files]


def _invoice_then(inv: InvoiceFact, day: date) -> InvoiceFact:
    """The invoice without what its tax invoice (发票) became after ``day``."""
    fp = inv.fapiao
    if fp.received_on is not None and fp.received_on > day:
        fp = replace(fp, state=FapiaoState.ISSUED, received_on=None)
    if fp.issued_on is not None and fp.issued_on > day:
        fp = replace(fp, state=FapiaoState.NONE, issued_on=None, number="")
    return inv if fp is inv.fapiao else inv._replace(fapiao=fp)


class Reason(NamedTuple):
    """Why a prediction is what it is: a catalogue code and its values."""

    code: str
    values: Mapping[str, Any] = MappingProxyType({})


class Prediction(NamedTuple):
    customer: str
    owner: str
    key: int  # the invoice's key in the ledger
    number: str
    due: date
    open: int  # fen
    cls: Class
    pay_date: date | None  # None for bad and dead invoices
    probability: Decimal  # 0–1, two decimals
    reasons: tuple[Reason, ...]

    @property
    def expected(self) -> int:
        """The open amount × the probability, to the fen, half up."""
        return int((self.open * self.probability).quantize(Decimal(1), ROUND_HALF_UP))


def lateness_history(f: CustomerFile, batch_fallback_days: int) -> list[tuple[date, int]]:
    """(paid on, days late) of each invoice the customer has paid in full on a known day,
    oldest first; early payments count as negative days late."""
    pos = position(f.invoices, f.payments, f.terms, batch_fallback_days, f.claims)
    return sorted((i.settled_on, (i.settled_on - i.due).days) for i in pos.items
                  if i.open == 0 and i.settled_on is not None)


def typical_lateness(history: Sequence[tuple[date, int]]) -> int | None:
    """The weighted median days late of the last ``HISTORY`` paid invoices, the most recent
    weighing most (weights 1, 2, … n from the oldest); None below ``MIN_HISTORY``."""
    recent = list(history[-HISTORY:])
    if len(recent) < MIN_HISTORY:
        return None
    weighted = sorted((late, weight) for weight, (_, late) in enumerate(recent, start=1))
    half, run = sum(w for _, w in weighted) / 2, 0
    for late, weight in weighted:
        run += weight
        if run >= half:
            return late
    return weighted[-1][0]  # pragma: no cover - the loop always returns


def portfolio_lateness(histories: Sequence[Sequence[tuple[date, int]]],
                       thresholds: grading.Thresholds) -> dict[Class, int]:
    """Per class of an open invoice, the median days late of the paid invoices that reached
    that class before they were paid (current: all of them; collecting: those paid at least a
    day late; doubtful: those paid more than the collecting span late)."""
    lates = [late for h in histories for _, late in h]
    floors = {Class.CURRENT: None, Class.COLLECTING: 1,
              Class.DOUBTFUL: thresholds.collecting_max_days + 1}
    out: dict[Class, int] = {}
    for cls, floor in floors.items():
        chosen = [x for x in lates if floor is None or x >= floor]
        if chosen:
            out[cls] = statistics.median_low(chosen)
    return out


def next_pay_day(day: date, prefs: Prefs, calendar: WorkCalendar) -> date | None:
    """The customer's first pay day on or after ``day`` (None without pay days)."""
    if not prefs.pay_days:
        return None
    for ahead in range(3):
        month = add_months(day.replace(day=1), ahead)
        later = [d for d in pay_dates(prefs, month.year, month.month, calendar) if d >= day]
        if later:
            return later[0]
    return None


def forecast(files: Sequence[CustomerFile], policy: Policy, day: date) -> list[Prediction]:
    """The forecast as it would have been made at the end of ``day``: the facts cut at that day
    (``as_of``), assessed and predicted — today's forecast and every backtest's alike."""
    return predict([assess(f, policy, day) for f in as_of(files, day)], policy, day)


def predict(assessments: Sequence[Assessment], rules: Policy, today: date,
            portfolio: Mapping[Class, int] | None = None) -> list[Prediction]:
    """Every open invoice's predicted pay date and probability as of ``today``. ``portfolio``
    (per class, the median days late) is computed from ``assessments`` when not given."""
    histories = {a.file.id: a.history for a in assessments}
    if portfolio is None:
        portfolio = portfolio_lateness(list(histories.values()), rules.thresholds)
    out: list[Prediction] = []
    new = tuple.__new__  # a record made from its tuple: half the cost of calling its class
    # written-off invoices whose age and class say it all (``_by_age``), each age worked out once
    by_age: dict[tuple[int, Class, bool], tuple[Decimal, tuple[Reason, ...]]] = {}
    for a in assessments:
        promised = _promised(a, today, rules.calendar)
        history = histories[a.file.id]
        own, seen = typical_lateness(history), len(history[-HISTORY:])
        # without a promise, a dated prediction depends on the invoice's due day and class
        # alone (and the customer's facts): worked out once per due day and class
        dated: dict[tuple[date, Class], tuple[date, Decimal, tuple[Reason, ...]]] = {}
        name = a.file.name
        for view in a.invoices:
            item = view.item
            if item.open <= 0:
                continue
            promise = promised.get(item.key) if promised else None
            if view.cls in UNDATED:
                pay = None
                age = _by_age(view, rules)
                if age is None:
                    probability, reasons = _written_off(view, rules)
                else:
                    known_off = by_age.get(age)
                    if known_off is None:
                        known_off = by_age[age] = _written_off(view, rules)
                    probability, reasons = known_off
            elif promise is None:
                known = dated.get((item.due, view.cls))
                if known is None:
                    known = dated[item.due, view.cls] = _dated(a, view, own, seen, portfolio,
                                                               None, rules, today)
                pay, probability, reasons = known
            else:
                pay, probability, reasons = _dated(a, view, own, seen, portfolio, promise, rules,
                                                   today)
            out.append(new(Prediction, (name, view.owner, item.key, item.number, item.due,
                                        item.open, view.cls, pay, probability, reasons)))
    return out


def _promised(a: Assessment, today: date, calendar: WorkCalendar) -> dict[int, Reason]:
    """The invoices an open promise covers (the oldest due first, up to what is still to pay),
    each with the promise's date, when the customer keeps its promises often enough."""
    rate = a.keep_rate
    open_promises = sorted((p for p, s in a.promise_states if s == PromiseState.OPEN),
                           key=lambda p: p.due_on)
    if not open_promises:
        return {}
    if rate is None or rate < TRUSTED_KEEP_RATE:
        code = "promise_untrusted"
        return {v.item.key: Reason(code, {"date": open_promises[0].due_on, "rate": _pct(rate)})
                for v in a.invoices}
    items = [v.item for v in sorted(a.invoices, key=lambda v: (v.item.due, v.item.number))]
    out: dict[int, Reason] = {}
    for p in open_promises:
        left = p.amount - _paid_towards(a, p)
        for item in items:
            if left <= 0:
                break
            if item.key not in out:
                out[item.key] = Reason("promise", {"date": calendar.next_working_day(p.due_on),
                                                   "rate": _pct(rate)})
                left -= item.open
    return out


def _paid_towards(a: Assessment, p: PromiseRow) -> int:
    dated = [(x.on, x.amount) for x in a.file.payments if x.on is not None]
    return grading.promise_paid(grading.PromiseFact(p.made_on, p.due_on, p.amount), dated)


def _by_age(view: InvoiceView, rules: Policy) -> tuple[int, Class, bool] | None:
    """When a written-off invoice's probability (``_written_off``) depends on its age and class
    alone, the key they make: nothing expected back (the probability is none), or a share
    expected back at least the curve's rate a year later (the probability is that rate: the
    rate's exact ratio compared, so the decimal quotient need not be made); else None."""
    if not view.expected:
        return view.days_overdue, view.cls, False
    rule = rules.ages[view.days_overdue + 365]
    if view.expected * rule.den >= rule.num * view.item.open:
        return view.days_overdue, view.cls, True
    return None


def _written_off(view: InvoiceView, rules: Policy) -> tuple[Decimal, tuple[Reason, ...]]:
    """A bad or dead invoice: no date, and at most the share the curve expects back a year
    later (or what the grading expects back, if less)."""
    rate = rules.ages[view.days_overdue + 365].share
    share = Decimal(view.expected) / Decimal(view.item.open)
    probability = min(rate, share)
    return probability.quantize(CENT, ROUND_HALF_UP), _written_off_reasons(view.cls,
                                                                          _pct(probability))


@lru_cache(maxsize=4096)
def _written_off_reasons(cls: Class, pct: str) -> tuple[Reason, ...]:
    return (Reason("written_off", {"cls": cls, "pct": pct}),)


def _dated(a: Assessment, view: InvoiceView, own: int | None, seen: int,
           portfolio: Mapping[Class, int], promise: Reason | None, rules: Policy,
           today: date) -> tuple[date, Decimal, tuple[Reason, ...]]:
    """The pay date, probability and reasons of an invoice neither bad nor dead."""
    item: OpenItem = view.item
    reasons: list[Reason] = []
    if promise is not None and promise.code == "promise":
        pay = max(promise.values["date"], today)
        reasons.append(promise)
    else:
        if promise is not None:
            reasons.append(promise)
        pay = _from_lateness(a, view, own, seen, portfolio, rules, today, reasons)
    overdue_then = (pay - item.due).days
    probability = rules.ages[overdue_then].share
    reasons.append(Reason("curve", {"days": max(overdue_then, 0), "pct": _pct(probability)}))
    probability = _adjusted(a, probability, reasons)
    return pay, probability.quantize(CENT, ROUND_HALF_UP), tuple(reasons)


def _from_lateness(a: Assessment, view: InvoiceView, own: int | None, seen: int,
                   portfolio: Mapping[Class, int], rules: Policy, today: date,
                   reasons: list[Reason]) -> date:
    item = view.item
    if own is not None:
        late = own
        reasons.append(Reason("own_history", {"days": late, "count": seen}))
    elif view.cls in portfolio:
        late = portfolio[view.cls]
        reasons.append(Reason("portfolio", {"days": late, "cls": view.cls, "count": seen}))
    else:
        late = 0
        reasons.append(Reason("no_history", {}))
    raw = item.due + timedelta(days=late)
    if raw < today:
        raw = today
        reasons.append(Reason("later_than_usual", {"date": today}))
    pay_day = next_pay_day(raw, a.file.prefs, rules.calendar)
    if pay_day is not None:
        reasons.append(Reason("pay_day", {"date": pay_day}))
        raw = pay_day
    working = rules.calendar.next_working_day(raw)
    if working != raw:
        reasons.append(Reason("working_day", {"date": working}))
    return working


def _adjusted(a: Assessment, probability: Decimal, reasons: list[Reason]) -> Decimal:
    rate = a.keep_rate
    if rate is not None and rate < 1:
        probability *= (1 + rate) / 2
        reasons.append(Reason("keep_rate", {"rate": _pct(rate)}))
    escalating = sorted(k for k in a.signals if k in ESCALATING)
    if escalating:
        probability *= ESCALATING_FACTOR
        reasons.append(Reason("signals", {"kinds": escalating}))
    elif a.signals:
        probability *= SIGNAL_FACTOR
        reasons.append(Reason("signals", {"kinds": sorted(a.signals)}))
    return probability


@lru_cache(maxsize=4096)
def _pct(rate: Decimal | None) -> str:
    return "—" if rate is None else f"{rate * 100:.0f}%"
