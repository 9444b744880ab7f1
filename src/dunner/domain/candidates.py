"""What each customer needs this month and next: the actions the cadence and the rules ask for."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from dunner.domain import cadence
from dunner.domain.assessment import Assessment, InvoiceView
from dunner.domain.calendar import WorkCalendar
from dunner.domain.dates import days_in_month
from dunner.domain.timing import blocked, pay_dates

CONTACT_CHANNELS = frozenset({"wechat", "call", "visit", "letter", "email", "sms"})
PURPOSE_RANK = {"promise_followup": 0, "promise_reminder": 1, "acknowledgement": 2,
                "resolve_dispute": 3, "reconfirm": 4, "demand_letter": 5, "collect": 6,
                "legal_review": 7}
RECONFIRM_DAYS = 3


@dataclass(frozen=True)
class PlanPolicy:
    calendar: WorkCalendar
    quotas: Mapping[str, Mapping[str, int]] = field(
        default_factory=lambda: {k: dict(v) for k, v in cadence.DEFAULT_QUOTAS.items()})
    min_amount: int = 10_000  # fen: ¥100
    alert_days: int = 90


@dataclass(frozen=True)
class Candidate:
    """An action a rule wants on ``day``; the planner may move it for capacity."""

    id: str
    customer_id: int
    day: date
    channel: str
    purpose: str
    invoices: tuple[str, ...]
    amount: int
    about_overdue: bool  # subject to the month-end windows
    reason: str  # a catalogue key
    detail: Mapping[str, object] = field(default_factory=dict)

    @property
    def contact(self) -> bool:
        return self.channel in CONTACT_CHANNELS


def action_id(customer_id: int, purpose: str, channel: str, key: str) -> str:
    """Stable across runs: the same customer, purpose, channel and slot give the same id."""
    return hashlib.sha1(f"{customer_id}:{purpose}:{channel}:{key}".encode()).hexdigest()[:8]


def months(start: date, end: date) -> Iterator[tuple[int, int]]:
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def usable_days(a: Assessment, cal: WorkCalendar, first: date, last: date, overdue: bool,
                contact: bool = True) -> list[date]:
    out, day = [], first
    while day <= last:
        if blocked(day, a.file.prefs, cal, overdue, contact) is None:
            out.append(day)
        day += timedelta(days=1)
    return out


def logged_by_month(a: Assessment) -> dict[tuple[int, int], Counter[str]]:
    out: dict[tuple[int, int], Counter[str]] = {}
    for c in a.file.contacts:
        out.setdefault((c.at.year, c.at.month), Counter())[c.channel] += 1
    return out


def cadence_class(a: Assessment) -> str | None:
    """The worst class among the customer's overdue, undisputed invoices (None: nothing overdue)."""
    classes = [i.cls for i in _collectable(a) if i.days_overdue > 0]
    return max(classes, key=("current", "collecting", "doubtful", "bad", "dead").index) \
        if classes else None


def _collectable(a: Assessment) -> list[InvoiceView]:
    return [i for i in a.invoices if i.item.key not in a.file.disputed]


def candidates(a: Assessment, policy: PlanPolicy, today: date, end: date) -> list[Candidate]:
    """Every action the rules ask for this customer from ``today`` to ``end``."""
    if a.file.status in ("closed", "bankrupt") and not a.invoices:
        return []
    out = list(_routine(a, policy, today, end))
    out += _reconfirm(a, policy, today, end)
    out += _promises(a, policy, today)
    out += _tasks(a, policy, today, end)
    if a.file.prefs.do_not_contact:
        return [c for c in out if not c.contact]  # internal tasks only, never a contact
    return out


def _routine(a: Assessment, policy: PlanPolicy, today: date, end: date) -> Iterator[Candidate]:
    cls = cadence_class(a)
    overdue = [i for i in _collectable(a) if i.days_overdue > 0]
    total = sum(i.item.open for i in overdue)
    if cls is None or total < policy.min_amount:
        return
    logged = logged_by_month(a)
    cal = policy.calendar
    for year, month in months(today, end):
        first = max(today, date(year, month, 1))
        last = date(year, month, days_in_month(year, month))
        if cls == "dead":
            yield from _dead_review(a, policy, today, first, last, overdue, logged)
            continue
        done = logged.get((year, month), Counter())
        left = cadence.remaining(policy.quotas.get(cls, {}), done)
        days = usable_days(a, cal, first, last, overdue=True)
        paydays = [d for d in pay_dates(a.file.prefs, year, month, cal) if d >= first]
        eves = {d: cal.previous_working_day(d - timedelta(days=1)) for d in paydays}
        seen: Counter[str] = Counter()
        for day, channel in cadence.month_schedule(left, days, paydays, eves):
            seen[channel] += 1
            n = done[channel] + seen[channel]
            purpose = cadence.PURPOSE[channel]
            yield Candidate(action_id(a.file.id, purpose, channel, f"{year}-{month:02d}#{n}"),
                            a.file.id, day, channel, purpose, _numbers(overdue), total, True,
                            f"reason.{purpose}", {"n": n, "of": policy.quotas[cls][channel],
                                                  "cls": cls, "days": max(i.days_overdue for i in overdue)})


def _dead_review(a: Assessment, policy: PlanPolicy, today: date, first: date, last: date,
                 overdue: list[InvoiceView], logged: Mapping[tuple[int, int], Counter[str]]
                 ) -> Iterator[Candidate]:
    """A dead debt: one legal / write-off review a quarter, in the quarter's first usable month."""
    quarter = (first.month - 1) // 3
    quarter_months = [(first.year, 3 * quarter + m) for m in (1, 2, 3)]
    if any(logged.get(m, Counter())["legal"] for m in quarter_months):
        return
    if first.month != 3 * quarter + 1 and first != today:
        return
    days = usable_days(a, policy.calendar, first, last, overdue=True, contact=False)
    if days:
        key = f"{first.year}-Q{quarter + 1}"
        yield Candidate(action_id(a.file.id, "legal_review", "legal", key), a.file.id, days[0],
                        "legal", "legal_review", _numbers(overdue),
                        sum(i.item.open for i in overdue), True, "reason.write_off_review")


def _reconfirm(a: Assessment, policy: PlanPolicy, today: date, end: date) -> list[Candidate]:
    """One WeChat no later than three days before each due date, invoices due together grouped."""
    by_day: dict[date, list[InvoiceView]] = {}
    for inv in _collectable(a):
        if inv.days_overdue >= 0 or inv.item.due - timedelta(days=RECONFIRM_DAYS) < today:
            continue
        latest = inv.item.due - timedelta(days=RECONFIRM_DAYS)
        days = usable_days(a, policy.calendar, today, latest, overdue=False)
        if days and days[-1] <= end:
            by_day.setdefault(days[-1], []).append(inv)
    return [Candidate(action_id(a.file.id, "reconfirm", "wechat", "|".join(_numbers(items))),
                      a.file.id, day, "wechat", "reconfirm", _numbers(items),
                      sum(i.item.open for i in items), False, "reason.reconfirm",
                      {"due": min(i.item.due for i in items)})
            for day, items in sorted(by_day.items())]


def _promises(a: Assessment, policy: PlanPolicy, today: date) -> list[Candidate]:
    out = []
    cal = policy.calendar
    invoices = _numbers([i for i in _collectable(a) if i.days_overdue > 0])
    for p, state in a.promise_states:
        if state == "open":
            # the working day before it falls due (or the last usable one before): the date is
            # the customer's own, so like a pay day it is exempt from the month-end windows
            days = usable_days(a, policy.calendar, today, p.due_on - timedelta(days=1),
                               overdue=False)
            if not days:
                continue
            day = days[-1]
            purpose, channel = "promise_reminder", "wechat"
        elif state in ("broken", "partly_kept"):
            day = cal.next_working_day(p.due_on + timedelta(days=1))
            purpose, channel = "promise_followup", "call"
        else:
            continue
        if day < today:
            continue
        key = f"{p.made_on}|{p.due_on}|{p.amount}"
        # the reminder is about the customer's own promise, not the overdue invoices
        named = invoices if purpose == "promise_followup" else ()
        out.append(Candidate(action_id(a.file.id, purpose, channel, key), a.file.id, day, channel,
                             purpose, named, p.amount, bool(named), f"reason.{purpose}",
                             {"due": p.due_on}))
    return out


def _tasks(a: Assessment, policy: PlanPolicy, today: date, end: date) -> list[Candidate]:
    """A disputed invoice gets a resolve task; a claim near its limitation a statement to stamp."""
    out = []
    disputed = [i for i in a.invoices if i.item.key in a.file.disputed]
    expiring = a.limitation_expires is not None and a.open and \
        (a.limitation_expires - today).days <= policy.alert_days
    for year, month in months(today, end):
        first = max(today, date(year, month, 1))
        last = date(year, month, days_in_month(year, month))
        days = usable_days(a, policy.calendar, first, last, overdue=True, contact=False)
        if not days:
            continue
        if disputed:
            out.append(Candidate(action_id(a.file.id, "resolve_dispute", "task", f"{year}-{month}"),
                                 a.file.id, days[0], "task", "resolve_dispute", _numbers(disputed),
                                 sum(i.item.open for i in disputed), True, "reason.resolve_dispute"))
        if expiring:
            out.append(Candidate(action_id(a.file.id, "acknowledgement", "task", f"{year}-{month}"),
                                 a.file.id, days[0], "task", "acknowledgement", _numbers(a.invoices),
                                 a.open, True, "reason.acknowledgement",
                                 {"expires": a.limitation_expires}))
    return out


def _numbers(items: Sequence[InvoiceView]) -> tuple[str, ...]:
    return tuple(i.item.number for i in sorted(items, key=lambda i: (i.item.due, i.item.number)))
