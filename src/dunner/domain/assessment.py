"""One customer assessed as of a day: classes, score, approach, recovery and limitation."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from functools import cached_property
from typing import NamedTuple

from dunner.domain import grading
from dunner.domain.allocation import Claim, Remittance
from dunner.domain.calendar import WorkCalendar
from dunner.domain.credit import CreditFacts, credit_terms, grade, score
from dunner.domain.fapiao import NOT_RECEIVED_OUTCOME, FapiaoState, FapiaoWait, fapiao_wait
from dunner.domain.limitation import Restart, Unrestarted, expired, expiry
from dunner.domain.people import Person
from dunner.domain.receivables import InvoiceFact, OpenItem, Position, position
from dunner.domain.scoring import Term
from dunner.domain.signals import asked_installments_recently, payment_pattern_change
from dunner.domain.terms import Terms
from dunner.domain.timing import Prefs
from dunner.domain.vocab import Class, PromiseState, Status

YEAR = timedelta(days=365)


@dataclass(frozen=True)
class PromiseRow:
    made_on: date
    due_on: date
    amount: int
    plan: str | None = None


@dataclass(frozen=True)
class AckRow:
    """A balance the customer confirmed in writing (对账确认) on ``on``."""

    on: date
    balance: int | None = None  # fen confirmed; None: the whole balance


@dataclass(frozen=True)
class ContactFact:
    at: datetime
    channel: str
    outcome: str | None = None
    excuse: str | None = None
    evidence: bool = False


@dataclass(frozen=True)
class SignalFact:
    on: date
    kind: str
    resolved_on: date | None = None


@dataclass(frozen=True)
class CustomerFile:
    """Everything the rules need about one customer, as plain values."""

    id: int
    name: str
    owner: str
    terms: Terms
    status: str = Status.ACTIVE
    credit_limit: int | None = None
    invoices: tuple[InvoiceFact, ...] = ()
    payments: tuple[Remittance, ...] = ()  # recorded: by hand or from a payment sheet
    claims: tuple[Claim, ...] = ()  # rises of the workbook's paid column
    promises: tuple[PromiseRow, ...] = ()
    acks: tuple[AckRow, ...] = ()
    contacts: tuple[ContactFact, ...] = ()
    signals: tuple[SignalFact, ...] = ()
    # invoice key → its owner (rep), where that is not ``owner``: the others are the customer's
    invoice_owners: Mapping[int, str] = field(default_factory=dict)
    prefs: Prefs = Prefs()
    city: str = ""
    distance_km: float | None = None
    disputed: frozenset[int] = frozenset()  # invoice keys
    since: date | None = None  # the day the ledger first held the customer (None: unknown)
    people: tuple[Person, ...] = ()  # its contact persons, then the company's own line
    address: str = ""


@dataclass(frozen=True)
class Policy:
    """What the grading settings decide (values from ``[grading]`` and ``[terms]``)."""

    thresholds: grading.Thresholds
    escalation: grading.Escalation
    weights: Mapping[str, int]  # the credit score's points per term, adding up to 100
    grades: Sequence[tuple[str, int]]  # the lowest score of each grade, from A down
    curve: grading.Curve
    bankrupt_recovery: Decimal  # percent expected back from a closed or bankrupt customer
    calendar: WorkCalendar
    batch_fallback_days: int
    alert_days: int  # the limitation alert: this many days before a claim runs out

    @cached_property
    def ages(self) -> grading.AgeRules:
        """Class and share expected back per age in days overdue, each age worked out once."""
        return grading.AgeRules(self.thresholds, self.curve)

    @cached_property
    def unrestarted(self) -> Unrestarted:
        """The last day to sue per due date of a claim no act restarted, each worked out once."""
        return Unrestarted(self.calendar)


class InvoiceView(NamedTuple):
    item: OpenItem
    days_overdue: int
    cls: Class
    expected: int
    expires: date
    owner: str
    # the receivable waits on its tax invoice (not issued, or the customer says not received):
    # not chased for money until the fapiao is issued or resent
    fapiao_wait: FapiaoWait | None = None

    @property
    def waits_on_fapiao(self) -> bool:
        return self.fapiao_wait is not None


@dataclass(frozen=True)
class Assessment:
    file: CustomerFile
    invoices: tuple[InvoiceView, ...]  # open invoices only
    credit: int
    terms: tuple[Term, ...]
    score: int
    grade: str
    approach: str
    promise_states: tuple[tuple[PromiseRow, PromiseState], ...]
    signals: tuple[str, ...]  # open signal kinds, derived ones included
    limitation_expires: date | None  # see ``earliest_expiry``
    escalated: bool = False  # broken promises or a signal move overdue invoices one class up
    at_risk: tuple[InvoiceView, ...] = ()  # claims about to run out (``limitation.expiring``)
    settled: tuple[tuple[date, date], ...] = ()  # (due, paid in full on) of the last two months
    # (paid on, days late) of every invoice paid in full on a known day, oldest first
    history: tuple[tuple[date, int], ...] = ()

    @property
    def limitation_alert(self) -> tuple[date, int] | None:
        """The first day a claim at risk runs out and what those invoices still owe."""
        if not self.at_risk:
            return None
        return min(i.expires for i in self.at_risk), sum(i.item.open for i in self.at_risk)

    @cached_property
    def open(self) -> int:
        return sum(i.item.open for i in self.invoices)

    @cached_property
    def overdue(self) -> int:
        return sum(i.item.open for i in self.invoices if i.days_overdue > 0)

    @cached_property
    def expected_recovery(self) -> int:
        return sum(i.expected for i in self.invoices)

    @property
    def keep_rate(self) -> Decimal | None:
        """Share of the promises already due that were kept in full."""
        return grading.keep_rate([s for _, s in self.promise_states])

    def promise_short(self, p: PromiseRow) -> int:
        """What of promise ``p`` was not paid between the day it was made and its due date: all
        of it when broken, the rest when partly kept."""
        dated = [(r.on, r.amount) for r in self.file.payments if r.on is not None]
        return p.amount - grading.promise_paid(grading.PromiseFact(p.made_on, p.due_on, p.amount), dated)

    def broken_on(self, since: date) -> list[date]:
        return [p.due_on for p, s in self.promise_states
                if s == PromiseState.BROKEN and p.due_on >= since]


def assess(f: CustomerFile, policy: Policy, today: date) -> Assessment:
    """The customer as it stood on ``today``: later invoices and payments are left out."""
    pos = position([i for i in f.invoices if i.issued <= today],
                   [p for p in f.payments if p.on is None or p.on <= today], f.terms,
                   policy.batch_fallback_days, [c for c in f.claims if c.seen_on <= today], today)
    # (paid on, amount) of the dated payments: only promises look at them
    dated = [(p.on, p.amount) for p in f.payments
             if p.on is not None and p.on <= today] if f.promises else []
    states = tuple((p, grading.promise_state(_promise_fact(p), dated, today)) for p in f.promises)
    broken_dates = [p.due_on for p, s in states if s == PromiseState.BROKEN]
    paid = _paid(pos.items, today)
    signals = _open_signals(f, paid.record, today)
    escalate = grading.escalates(broken_dates, signals, today, policy.escalation)
    said = [(c.at, c.outcome) for c in f.contacts if c.outcome and c.at.date() <= today]
    latest = [max(said, key=lambda c: c[0])] if said else []  # all a fapiao's wait looks at
    views = _views(paid.open, f, policy, today, _restarts(f, pos, policy, today, paid.open),
                   escalate, latest)
    terms = credit_terms(_credit_facts(f, paid, views, broken_dates, signals, today),
                         policy.weights)
    points = score(terms)
    outcomes = [c.outcome for c in sorted(f.contacts, key=lambda c: c.at, reverse=True)
                if c.at.date() <= today]
    recent_broken = [d for d in broken_dates if d > today - YEAR]
    result = Assessment(f, views.views, pos.credit, terms, points, grade(points, policy.grades),
                        grading.approach(len(recent_broken), outcomes), states, tuple(signals),
                        views.earliest, escalate, views.at_risk, tuple(paid.settled),
                        tuple(sorted(paid.history)))
    # the sums the properties would add up again, already added up by ``_views``
    vars(result).update(open=views.open, overdue=views.overdue, expected_recovery=views.expected)
    return result


class _Paid(NamedTuple):
    """One pass over a position's items: the open ones, and what those paid in full tell."""

    open: list[OpenItem]
    record: list[tuple[date, date]]  # (due, paid on) of those due in the last 12 months
    settled: list[tuple[date, date]]  # (due, paid on) of those due in the last two months
    history: list[tuple[date, int]]  # (paid on, days late) of each, in the items' order
    on_time: int  # of ``record``, paid on or before the due day
    late_days: int  # of ``record``, the days paid late added up


def _paid(items: Sequence[OpenItem], today: date) -> _Paid:
    """The items still open, and what the invoices paid in full on a known day tell (an invoice
    paid in full, ``settled_on``, has nothing open)."""
    year_ago, since = today - YEAR, today - timedelta(days=62)
    still: list[OpenItem] = []
    record: list[tuple[date, date]] = []
    settled: list[tuple[date, date]] = []
    history: list[tuple[date, int]] = []
    on_time = late_days = 0
    for i in items:
        if i.open:
            still.append(i)
            continue
        on = i.settled_on
        if on is None:
            continue
        due = i.due
        late = (on - due).days
        history.append((on, late))
        if due <= today:
            if year_ago < due:
                record.append((due, on))
                if late > 0:
                    late_days += late
                else:
                    on_time += 1
            if since <= due:
                settled.append((due, on))
    return _Paid(still, record, settled, history, on_time, late_days)


def earliest_expiry(views: Sequence[InvoiceView], today: date) -> date | None:
    """The customer's limitation date: the earliest last day to sue that has not passed (an
    invoice already run out never hides one about to); when every open invoice has run out,
    the earliest of their (past) days; None without open invoices."""
    ahead = [v.expires for v in views if not expired(v.expires, today)]
    return min(ahead or [v.expires for v in views], default=None)


def _promise_fact(p: PromiseRow) -> grading.PromiseFact:
    return grading.PromiseFact(p.made_on, p.due_on, p.amount)


def _restarts(f: CustomerFile, pos: Position, policy: Policy, today: date,
              items: Sequence[OpenItem]) -> Restarts:
    """Per open invoice (key; none without any), the acts up to ``today`` that restart its
    period, conservatively: a payment restarts the invoices it was allocated to (a paid-column
    claim is undated and restarts nothing); an acknowledgement those whose balance it confirms
    (``confirmed_keys``); a promise, plan or evidenced demand names no invoice in the ledger, so
    it restarts every invoice open on its day. ``items`` are the open ones.

    A payment restarts the period even after it ran out, so when payments are a customer's only
    acts, an invoice's period runs from the later of its due day and its last payment: then only
    that day is kept (``Restarts.paid``), not every act."""
    dated = {p.key: p.on for p in f.payments if p.on is not None and p.on <= today}
    if not f.acks and not f.promises and not any(c.evidence for c in f.contacts):
        paid: dict[int, date] = {}  # the invoices that are not open are never looked up
        for a in pos.allocations:
            on = dated.get(a.payment)
            if on is not None:
                last = paid.get(a.invoice)
                if last is None or on > last:
                    paid[a.invoice] = on
        return Restarts(paid, {})
    open_keys = {i.key for i in items}
    out: defaultdict[int, list[Restart]] = defaultdict(list)  # only the invoices with an act
    for a in pos.allocations:
        on = dated.get(a.payment)
        if on is not None and a.invoice in open_keys:
            out[a.invoice].append(Restart(on, "payment"))
    for ack in f.acks:
        if ack.on <= today:
            for key in confirmed_keys(f, policy, ack):
                if key in open_keys:
                    out[key].append(Restart(ack.on, "acknowledgement"))
    plans: dict[str, date] = {}
    for p in f.promises:
        if p.plan:
            plans[p.plan] = max(plans.get(p.plan, p.due_on), p.due_on)
    acts = [Restart(p.made_on, "plan" if p.plan else "promise",
                    plan_end=plans.get(p.plan) if p.plan else None)
            for p in f.promises if p.made_on <= today]
    acts += [Restart(c.at.date(), "demand", evidence=True) for c in f.contacts
             if c.evidence and c.at.date() <= today]
    for r in acts:  # an invoice open today and issued by then was open on that day
        for i in items:
            if i.issued <= r.on:
                out[i.key].append(r)
    return Restarts({}, out)


class Restarts(NamedTuple):
    """What restarted each open invoice's period (``_restarts``): its last payment's day when
    payments were the customer's only acts, else every act."""

    paid: Mapping[int, date]
    acts: Mapping[int, Sequence[Restart]]


def confirmed_keys(f: CustomerFile, policy: Policy, ack: AckRow) -> list[int]:
    """The invoices an acknowledgement confirms, from the position on its day: every open one
    when it confirms the whole balance (or more); otherwise the oldest (by due date) that the
    confirmed amount covers in full — an invoice it covers only in part is not restarted (a
    missed deadline costs the claim, an early reminder only a statement)."""
    day = ack.on
    then = position([i for i in f.invoices if i.issued <= day],
                    [p for p in f.payments if p.on is None or p.on <= day], f.terms,
                    policy.batch_fallback_days, [c for c in f.claims if c.seen_on <= day], day)
    items = [i for i in then.items if i.open]
    if ack.balance is None or ack.balance >= then.open:
        return [i.key for i in items]
    keys, left = [], ack.balance
    for i in items:
        if i.open > left:
            break
        keys.append(i.key)
        left -= i.open
    return keys


class _Views(NamedTuple):
    views: tuple[InvoiceView, ...]
    open: int
    overdue: int  # of the views overdue
    expected: int
    earliest: date | None  # ``earliest_expiry``
    at_risk: tuple[InvoiceView, ...]  # open and about to run out (``limitation.expiring``)
    late: int  # how many are overdue
    late_days: int  # their days overdue added up


def _views(items: Sequence[OpenItem], f: CustomerFile, policy: Policy, today: date,
           restarts: Restarts, escalate: bool,
           said: Sequence[tuple[datetime, str | None]]) -> _Views:
    """The open invoices as of ``today``: days overdue, class, expected recovery, last day to
    sue, owner and fapiao wait, and their sums. What depends only on an invoice's age
    (``policy.ages``) or, for an invoice no act but payments restarted, on the day its period
    runs from (``policy.unrestarted``) is worked out once, not once per invoice."""
    final = f.status in grading.FINAL_STATUSES  # closed or bankrupt: dead, due or not
    ages, calendar, owners, owner = policy.ages, policy.calendar, f.invoice_owners, f.owner
    unrestarted, paid, acts, share = policy.unrestarted, restarts.paid, restarts.acts, grading.share
    # only the latest outcome counts: unless it says the fapiao did not arrive, only a fapiao not
    # issued (or pending) holds an invoice back
    heard = bool(said) and said[0][1] == NOT_RECEIVED_OUTCOME
    horizon = _alert_horizon(today, policy.alert_days)
    out: list[InvoiceView] = []
    at_risk: list[InvoiceView] = []
    total = overdue = expected_sum = late = late_days = 0
    ahead: date | None = None  # the earliest last day to sue not passed
    gone: date | None = None  # the earliest passed
    new = tuple.__new__  # a record made from its tuple: half the cost of calling its class
    not_issued = FapiaoState.NONE  # a member looked up once, not once per invoice
    for item in items:
        due, key, amount = item.due, item.key, item.open
        days = (today - due).days
        mine = acts.get(key) if acts else None
        if mine:
            expires = expiry(due, mine, calendar)
        else:
            last = paid.get(key)
            expires = unrestarted[due if last is None or last <= due else last]
        lost = today > expires  # ``limitation.expired``
        if lost or final:
            cls = grading.receivable_class(days, policy.thresholds, status=f.status,
                                           limitation_expired=lost, escalate=escalate)
            # run out and not revived: nothing can be sued for, whatever the customer's state
            expected = 0 if lost else grading.recovery_at(amount, policy.bankrupt_recovery)
        else:
            rule = ages[days]
            cls = rule.escalated if escalate else rule.cls
            expected = share(amount, rule.num, rule.den)
        fapiao = item.fapiao
        if fapiao.state is not_issued or item.due_pending:
            wait: FapiaoWait | None = FapiaoWait.NOT_ISSUED
        else:
            wait = fapiao_wait(fapiao, False, said, today) if heard else None
        view = new(InvoiceView, (item, days, cls, expected, expires,
                                 (owners.get(key) or owner) if owners else owner, wait))
        out.append(view)
        total += amount
        expected_sum += expected
        if days > 0:
            overdue += amount
            late += 1
            late_days += days
        if lost:
            if gone is None or expires < gone:
                gone = expires
        else:
            if ahead is None or expires < ahead:
                ahead = expires
            if amount > 0 and expires <= horizon:
                at_risk.append(view)
    return _Views(tuple(out), total, overdue, expected_sum, gone if ahead is None else ahead,
                  tuple(at_risk), late, late_days)


def _alert_horizon(today: date, within: int) -> date:
    """The last day a claim not run out is ``expiring`` on (``limitation.expiring``)."""
    try:
        return today + timedelta(days=within)
    except OverflowError:
        return date.max


def _open_signals(f: CustomerFile, record: Sequence[tuple[date, date]], today: date) -> list[str]:
    """``record``: (due, paid on) of the invoices due in the last 12 months and paid in full."""
    kinds = [s.kind for s in f.signals if s.on <= today and (s.resolved_on is None or
                                                             s.resolved_on > today)]
    excuses = [(c.at.date(), c.excuse) for c in f.contacts]
    if "payment_pattern_change" not in kinds and payment_pattern_change(
            record, asked_installments_recently(excuses, today)):
        kinds.append("payment_pattern_change")
    return kinds


def _credit_facts(f: CustomerFile, paid: _Paid, views: _Views, broken: Sequence[date],
                  signals: Sequence[str], today: date) -> CreditFacts:
    """Counted: the invoices due in the last 12 months and paid in full, and every one still
    unpaid after its due day, however old."""
    counted = views.late + len(paid.record)
    late_days = views.late_days + paid.late_days
    first = min((i.issued for i in f.invoices), default=None)
    return CreditFacts(
        counted, paid.on_time, Decimal(late_days) / counted if counted else None,
        views.open, views.overdue, f.credit_limit, len([d for d in broken if d > today - YEAR]),
        len(signals), (today - first).days if first else None)
