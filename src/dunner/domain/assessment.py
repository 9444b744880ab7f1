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
from dunner.domain.fapiao import FapiaoWait, fapiao_wait
from dunner.domain.limitation import Restart, Unrestarted, expired, expiring, expiry
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

    def broken_on(self, since: date) -> list[date]:
        return [p.due_on for p, s in self.promise_states
                if s == PromiseState.BROKEN and p.due_on >= since]


def assess(f: CustomerFile, policy: Policy, today: date) -> Assessment:
    """The customer as it stood on ``today``: later invoices and payments are left out."""
    pos = position([i for i in f.invoices if i.issued <= today],
                   [p for p in f.payments if p.on is None or p.on <= today], f.terms,
                   policy.batch_fallback_days, [c for c in f.claims if c.seen_on <= today], today)
    dated = [(p.on, p.amount) for p in f.payments if p.on is not None and p.on <= today]
    states = tuple((p, grading.promise_state(_promise_fact(p), dated, today)) for p in f.promises)
    broken_dates = [p.due_on for p, s in states if s == PromiseState.BROKEN]
    signals = _open_signals(f, pos.items, today)
    escalate = grading.escalates(broken_dates, signals, today, policy.escalation)
    restarts = _restarts(f, pos, policy, today)
    said = [(c.at, c.outcome) for c in f.contacts if c.outcome and c.at.date() <= today]
    latest = [max(said, key=lambda c: c[0])] if said else []  # all a fapiao's wait looks at
    views = _views(pos.items, f, policy, today, restarts, escalate, latest)
    terms = credit_terms(_credit_facts(f, pos.items, views, broken_dates, signals, today),
                         policy.weights)
    points = score(terms)
    outcomes = [c.outcome for c in sorted(f.contacts, key=lambda c: c.at, reverse=True)
                if c.at.date() <= today]
    recent_broken = [d for d in broken_dates if d > today - YEAR]
    at_risk = tuple(v for v in views if v.item.open > 0 and expiring(v.expires, today, policy.alert_days))
    since = today - timedelta(days=62)
    settled = tuple((i.due, i.settled_on) for i in pos.items if i.settled_on is not None
                    and i.open == 0 and since <= i.due <= today)
    history = tuple(sorted((i.settled_on, (i.settled_on - i.due).days) for i in pos.items
                           if i.open == 0 and i.settled_on is not None))
    return Assessment(f, views, pos.credit, terms, points, grade(points, policy.grades),
                      grading.approach(len(recent_broken), outcomes), states, tuple(signals),
                      earliest_expiry(views, today), escalate, at_risk, settled, history)


def earliest_expiry(views: Sequence[InvoiceView], today: date) -> date | None:
    """The customer's limitation date: the earliest last day to sue that has not passed (an
    invoice already run out never hides one about to); when every open invoice has run out,
    the earliest of their (past) days; None without open invoices."""
    ahead = [v.expires for v in views if not expired(v.expires, today)]
    return min(ahead or [v.expires for v in views], default=None)


def _promise_fact(p: PromiseRow) -> grading.PromiseFact:
    return grading.PromiseFact(p.made_on, p.due_on, p.amount)


def _restarts(f: CustomerFile, pos: Position, policy: Policy,
              today: date) -> dict[int, list[Restart]]:
    """Per open invoice (key; none without any), the acts up to ``today`` that restart its
    period, conservatively: a payment restarts the invoices it was allocated to (a paid-column
    claim is undated and restarts nothing); an acknowledgement those whose balance it confirms
    (``confirmed_keys``); a promise, plan or evidenced demand names no invoice in the ledger, so
    it restarts every invoice open on its day."""
    items = [i for i in pos.items if i.open]
    open_keys = {i.key for i in items}
    out: defaultdict[int, list[Restart]] = defaultdict(list)  # only the invoices with an act
    dated = {p.key: p.on for p in f.payments if p.on is not None and p.on <= today}
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
    return out


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


def _views(items: Sequence[OpenItem], f: CustomerFile, policy: Policy, today: date,
           restarts: Mapping[int, Sequence[Restart]], escalate: bool,
           said: Sequence[tuple[datetime, str | None]]) -> tuple[InvoiceView, ...]:
    """The open invoices as of ``today``: days overdue, class, expected recovery, last day to
    sue, owner and fapiao wait. What depends only on an invoice's age (``policy.ages``) or, for
    an invoice no act restarted, on its due date (``policy.unrestarted``) is worked out once,
    not once per invoice."""
    final = f.status in grading.FINAL_STATUSES  # closed or bankrupt: dead, due or not
    ages, calendar, owners, owner = policy.ages, policy.calendar, f.invoice_owners, f.owner
    unrestarted = policy.unrestarted
    out: list[InvoiceView] = []
    for item in items:
        if not item.open:
            continue
        due = item.due
        days = (today - due).days
        acts = restarts.get(item.key)
        expires = expiry(due, acts, calendar) if acts else unrestarted[due]
        lost = expired(expires, today)
        if lost or final:
            cls = grading.receivable_class(days, policy.thresholds, status=f.status,
                                           limitation_expired=lost, escalate=escalate)
            # run out and not revived: nothing can be sued for, whatever the customer's state
            expected = 0 if lost else grading.recovery_at(item.open, policy.bankrupt_recovery)
        else:
            rule = ages[days]
            cls = rule.escalated if escalate else rule.cls
            expected = grading.share(item.open, rule.num, rule.den)
        out.append(InvoiceView(item, days, cls, expected, expires, owners.get(item.key) or owner,
                               fapiao_wait(item.fapiao, item.due_pending, said, today)))
    return tuple(out)


def _open_signals(f: CustomerFile, items: Sequence[OpenItem], today: date) -> list[str]:
    kinds = [s.kind for s in f.signals if s.on <= today and (s.resolved_on is None or
                                                             s.resolved_on > today)]
    year_ago = today - YEAR
    record = [(i.due, i.settled_on) for i in items
              if i.settled_on is not None and year_ago < i.due <= today]
    excuses = [(c.at.date(), c.excuse) for c in f.contacts]
    if "payment_pattern_change" not in kinds and payment_pattern_change(
            record, asked_installments_recently(excuses, today)):
        kinds.append("payment_pattern_change")
    return kinds


def _credit_facts(f: CustomerFile, items: Sequence[OpenItem], views: Sequence[InvoiceView],
                  broken: Sequence[date], signals: Sequence[str], today: date) -> CreditFacts:
    counted, on_time, late_days = 0, 0, 0
    year_ago = today - YEAR
    for i in items:
        if i.open and i.due < today:  # still unpaid: it counts, however old
            counted += 1
            late_days += (today - i.due).days
        elif i.open == 0 and i.settled_on is not None and year_ago < i.due <= today:
            counted += 1
            on_time += i.settled_on <= i.due
            late_days += max((i.settled_on - i.due).days, 0)
    first = min((i.issued for i in f.invoices), default=None)
    return CreditFacts(
        counted, on_time, Decimal(late_days) / counted if counted else None,
        sum(v.item.open for v in views), sum(v.item.open for v in views if v.days_overdue > 0),
        f.credit_limit, len([d for d in broken if d > today - YEAR]), len(signals),
        (today - first).days if first else None)
