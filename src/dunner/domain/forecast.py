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
from dunner.domain.receivables import InvoiceFact, position
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
    shared = _Shared(rules, today, portfolio)
    for a in assessments:
        promised = _promised(a, today, rules.calendar)
        history = histories[a.file.id]
        dating = _Dating(a, typical_lateness(history), len(history[-HISTORY:]), shared)
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
                    known = dated[item.due, view.cls] = dating.dated(view, None)
                pay, probability, reasons = known
            else:
                pay, probability, reasons = dating.dated(view, promise)
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


_NO_REASONS: tuple[Reason, ...] = ()


class _Shared:
    """What the dated predictions of one run share, each worked out once: the curve's share and
    reason at each age, and the day a payment comes under each customer's preferences."""

    def __init__(self, rules: Policy, today: date, portfolio: Mapping[Class, int]) -> None:
        self.rules, self.today, self.portfolio = rules, today, portfolio
        self.later = (Reason("later_than_usual", {"date": today}),)
        self.curve: dict[int, tuple[Decimal, Reason]] = {}
        self.pay_days: dict[Prefs, dict[date, tuple[date, tuple[Reason, ...]]]] = {}

    def at(self, overdue: int) -> tuple[Decimal, Reason]:
        """The curve's share at ``overdue`` days overdue, and the reason that says so."""
        known = self.curve.get(overdue)
        if known is None:
            share = self.rules.ages[overdue].share
            known = self.curve[overdue] = (share, Reason("curve", {"days": max(overdue, 0),
                                                                   "pct": _pct(share)}))
        return known


class _Dating:
    """One customer's invoices neither bad nor dead, dated: how late it pays, what its record
    does to a probability (``_adjustment``) and its pay days are worked out once, not per
    invoice."""

    def __init__(self, a: Assessment, own: int | None, seen: int, shared: _Shared) -> None:
        self.own, self.seen, self.shared, self.prefs = own, seen, shared, a.file.prefs
        self.factors, self.adjusted = _adjustment(a)
        self.lateness: dict[Class, tuple[timedelta, Reason]] = {}
        self.pay_days = shared.pay_days.setdefault(a.file.prefs, {})

    def dated(self, view: InvoiceView, promise: Reason | None
              ) -> tuple[date, Decimal, tuple[Reason, ...]]:
        """The pay date, probability and reasons of an invoice neither bad nor dead: a trusted
        promise's date, else the due day moved by the customer's lateness (not before today),
        to its next pay day and working day; the probability the curve's at that age."""
        due, shared = view.item.due, self.shared
        lead: tuple[Reason, ...]
        if promise is not None and promise.code == "promise":
            pay, lead = max(promise.values["date"], shared.today), (promise,)
        else:
            late, why = self._late(view.cls)
            raw, later = due + late, _NO_REASONS
            if raw < shared.today:
                raw, later = shared.today, shared.later
            pay, moved = self._pay_day(raw)
            lead = (why, *later, *moved) if promise is None else (promise, why, *later, *moved)
        probability, curve = shared.at((pay - due).days)
        for factor in self.factors:
            probability *= factor
        return pay, probability.quantize(CENT, ROUND_HALF_UP), (*lead, curve, *self.adjusted)

    def _late(self, cls: Class) -> tuple[timedelta, Reason]:
        """How late the customer pays: its own record's typical lateness, else the portfolio's
        for the invoice's class, else not late; and the reason."""
        known = self.lateness.get(cls)
        if known is None:
            portfolio = self.shared.portfolio
            if self.own is not None:
                late, why = self.own, Reason("own_history", {"days": self.own, "count": self.seen})
            elif cls in portfolio:
                late = portfolio[cls]
                why = Reason("portfolio", {"days": late, "cls": cls, "count": self.seen})
            else:
                late, why = 0, Reason("no_history", {})
            known = self.lateness[cls] = (timedelta(days=late), why)
        return known

    def _pay_day(self, raw: date) -> tuple[date, tuple[Reason, ...]]:
        """The customer's next pay day from ``raw``, then the next working day, with a reason
        for each move."""
        known = self.pay_days.get(raw)
        if known is None:
            calendar, day = self.shared.rules.calendar, raw
            reasons: list[Reason] = []
            pay_day = next_pay_day(raw, self.prefs, calendar)
            if pay_day is not None:
                reasons.append(Reason("pay_day", {"date": pay_day}))
                day = pay_day
            working = calendar.next_working_day(day)
            if working != day:
                reasons.append(Reason("working_day", {"date": working}))
            known = self.pay_days[raw] = (working, tuple(reasons))
        return known


def _adjustment(a: Assessment) -> tuple[tuple[Decimal, ...], tuple[Reason, ...]]:
    """What the customer's record does to a dated invoice's probability: the factors it is
    multiplied by, in order (a keep-rate below one, open signals), and their reasons."""
    factors: list[Decimal] = []
    reasons: list[Reason] = []
    rate = a.keep_rate
    if rate is not None and rate < 1:
        factors.append((1 + rate) / 2)
        reasons.append(Reason("keep_rate", {"rate": _pct(rate)}))
    escalating = sorted(k for k in a.signals if k in ESCALATING)
    if escalating:
        factors.append(ESCALATING_FACTOR)
        reasons.append(Reason("signals", {"kinds": escalating}))
    elif a.signals:
        factors.append(SIGNAL_FACTOR)
        reasons.append(Reason("signals", {"kinds": sorted(a.signals)}))
    return tuple(factors), tuple(reasons)


@lru_cache(maxsize=4096)
def _pct(rate: Decimal | None) -> str:
    return "—" if rate is None else f"{rate * 100:.0f}%"
