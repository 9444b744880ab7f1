"""What each customer needs this month and next: the actions the cadence and the rules ask for."""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import cached_property
from itertools import accumulate

from dunner.domain import cadence, grading
from dunner.domain.assessment import Assessment, InvoiceView
from dunner.domain.calendar import ONE_DAY, WorkCalendar
from dunner.domain.dates import days_in_month
from dunner.domain.excuses import answer, last_said
from dunner.domain.fapiao import FapiaoWait
from dunner.domain.instalments import broken_plans
from dunner.domain.limitation import expired
from dunner.domain.people import reachable
from dunner.domain.timing import Windows, blocked, pay_dates
from dunner.domain.vocab import Channel, Class, PromiseState, Purpose

# Legal reviews and tasks are the owner's own work: a do-not-contact customer still gets them.
CONTACT_CHANNELS = frozenset({Channel.WECHAT, Channel.CALL, Channel.VISIT, Channel.LETTER,
                              Channel.EMAIL, Channel.SMS})
PURPOSE_RANK: Mapping[Purpose, int] = {
    Purpose.FIND_CONTACT: 0, Purpose.PROMISE_FOLLOWUP: 1, Purpose.PROMISE_REMINDER: 2,
    Purpose.INSTALMENT_REMINDER: 2, Purpose.ACKNOWLEDGEMENT: 3, Purpose.FAPIAO: 3,
    Purpose.RESOLVE_DISPUTE: 4, Purpose.RECONFIRM: 5, Purpose.HELP_SELL: 6,
    Purpose.DEMAND_LETTER: 6, Purpose.COLLECT: 7, Purpose.LEGAL_REVIEW: 8, Purpose.THANKS: 9}


@dataclass(frozen=True)
class PlanPolicy:
    """What the planning settings decide about which actions a customer needs (values from
    ``[planning]`` and the class thresholds of ``[grading]``)."""

    calendar: WorkCalendar
    quotas: Mapping[Class, Mapping[Channel, int]]  # per calendar month
    min_amount: int  # fen: less overdue gets no routine contacts
    thresholds: grading.Thresholds
    windows: Windows
    reconfirm_days: int  # the reconfirmation is due no later than this many days before due


@dataclass(frozen=True)
class Candidate:
    """An action a rule wants on ``day``; the planner may move it for capacity."""

    id: str
    customer_id: int
    day: date
    channel: Channel
    purpose: Purpose
    invoices: tuple[str, ...]
    amount: int
    about_overdue: bool  # subject to the month-end windows
    reason: str  # a catalogue key
    detail: Mapping[str, object] = field(default_factory=dict)
    deferred: str | None = None  # why the month has no day for it (the planner lists it so)
    # a routine collection contact: its invoices, amount, class and days overdue are those of
    # the day it is placed on (``DayFacts.on``), wherever the planner moves it
    of_day: bool = False

    @property
    def contact(self) -> bool:
        return self.channel in CONTACT_CHANNELS


def action_id(customer_id: int, purpose: Purpose, channel: Channel, key: str) -> str:
    """Stable across runs: the same customer, purpose, channel and slot give the same id."""
    return hashlib.sha1(f"{customer_id}:{purpose}:{channel}:{key}".encode()).hexdigest()[:8]


def months(start: date, end: date) -> Iterator[tuple[int, int]]:
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _usable(a: Assessment, policy: PlanPolicy, first: date, last: date, overdue: bool,
            contact: bool, backwards: bool = False) -> Iterator[date]:
    """The days from ``first`` to ``last`` (or back from ``last``) an action may sit on."""
    step = timedelta(days=-1 if backwards else 1)
    day = last if backwards else first
    while first <= day <= last:
        if blocked(day, a.file.prefs, policy.calendar, policy.windows, overdue, contact) is None:
            yield day
        day += step


def usable_days(a: Assessment, policy: PlanPolicy, first: date, last: date, overdue: bool,
                contact: bool = True) -> list[date]:
    return list(_usable(a, policy, first, last, overdue, contact))


def first_usable(a: Assessment, policy: PlanPolicy, first: date, last: date, overdue: bool,
                 contact: bool = True) -> date | None:
    """``usable_days(…)[0]`` without looking past the first usable day."""
    return next(_usable(a, policy, first, last, overdue, contact), None)


def last_usable(a: Assessment, policy: PlanPolicy, first: date, last: date, overdue: bool,
                contact: bool = True) -> date | None:
    """``usable_days(…)[-1]``, looking back from ``last``."""
    return next(_usable(a, policy, first, last, overdue, contact, backwards=True), None)


def logged_by_month(a: Assessment) -> dict[tuple[int, int], Counter[str]]:
    out: dict[tuple[int, int], Counter[str]] = {}
    for c in a.file.contacts:
        out.setdefault((c.at.year, c.at.month), Counter())[c.channel] += 1
    return out


def cadence_class(a: Assessment) -> Class | None:
    """The worst class among the customer's overdue, undisputed invoices (None: nothing overdue)."""
    return grading.worst(i.cls for i in _collectable(a) if i.days_overdue > 0)


def _collectable(a: Assessment) -> list[InvoiceView]:
    """What may be chased: not disputed, not waiting on its fapiao (issue or resend it first)."""
    disputed = a.file.disputed
    if not disputed:
        return [i for i in a.invoices if i.fapiao_wait is None]
    return [i for i in a.invoices if i.fapiao_wait is None and i.item.key not in disputed]


def _fapiao_holds(a: Assessment) -> bool:
    """A receivable overdue without its fapiao, or one the customer said it never received: the
    customer's routine chasing waits until the owner has issued or resent it."""
    return any(i.fapiao_wait is not None and (i.days_overdue > 0
                                              or i.fapiao_wait == FapiaoWait.NOT_RECEIVED)
               for i in a.invoices)


def candidates(a: Assessment, policy: PlanPolicy, today: date, end: date,
               phase: float | None = None) -> list[Candidate]:
    """Every action the rules ask for this customer from ``today`` to ``end``; ``phase`` (in
    [0, 1)) sets where in the month the customer's routine contacts fall, so customers
    planned together spread over the days (default: from the customer's id)."""
    if a.file.status in grading.FINAL_STATUSES and not a.invoices:
        return []
    # the routine contacts keep off the days a dated contact already holds (one a day) — all
    # month long, so a week's plan is that week cut from the month's
    month_end = date(end.year, end.month, days_in_month(end.year, end.month))
    excused, quiet = _excuse(a, policy, today)
    fixed = [*_reconfirm(a, policy, today, month_end), *_promises(a, policy, today), *excused]
    out = list(_routine(a, policy, today, end, frozenset(c.day for c in fixed),
                        cadence.phase(a.file.id) if phase is None else phase))
    if quiet is not None:  # the excuse's answer comes first: no routine contact before it
        out = [c for c in out if c.day >= quiet]
    answered = {c.day for c in excused if c.contact}
    out = [c for c in out if c.day not in answered]  # the answer is that day's contact
    out += fixed
    out += _tasks(a, policy, today, end)
    out += _thanks(a, policy, today, end)
    if not reachable(a.file.people) and a.invoices and not a.file.prefs.do_not_contact:
        out += _find_contact(a, policy, today, end)
    if a.file.prefs.do_not_contact:
        return [c for c in out if not c.contact]  # internal tasks only, never a contact
    return out


@dataclass(frozen=True)
class _Due:
    """What is overdue on one day: the invoices (as known today), their total, the worst class."""

    invoices: tuple[InvoiceView, ...]
    total: int
    cls: Class | None
    days: int


def _due_on(items: Sequence[InvoiceView], a: Assessment, policy: PlanPolicy, day: date) -> _Due:
    """The customer's overdue money as it will stand on ``day`` (payments after today unknown):
    each day's action names that day's invoices, amount and class."""
    due: list[InvoiceView] = []
    total, oldest, lost = 0, day, False
    for i in items:
        item = i.item
        if item.due < day:
            due.append(i)
            total += item.open
            if item.due < oldest:
                oldest = item.due
            if not lost and expired(i.expires, day):
                lost = True
    if not due:
        return _Due((), 0, None, 0)
    days = (day - oldest).days
    # the oldest invoice has the worst class by age; an expired one makes the claim dead
    cls = grading.receivable_class(days, policy.thresholds, status=a.file.status,
                                   limitation_expired=lost, escalate=a.escalated)
    return _Due(tuple(due), total, cls, days)


class _Overdue:
    """``_due_on`` of one customer's invoices, day after day. Listed oldest due first (as an
    assessment lists them), those overdue on a day are the first few: found by bisection, with
    their total and earliest last day to sue added up once, not again for each day."""

    def __init__(self, items: Sequence[InvoiceView], a: Assessment, policy: PlanPolicy) -> None:
        self.items, self.a, self.policy = items, a, policy
        self.dues = [i.item.due for i in items]
        self.ordered = self.dues == sorted(self.dues)
        # the total of the first k invoices; the earliest last day to sue of the first k + 1
        self.totals = [0, *accumulate([i.item.open for i in items])] if self.ordered else []
        self.earliest = list(accumulate([i.expires for i in items], min)) if self.ordered else []

    def on(self, day: date) -> _Due:
        if not self.ordered:
            return _due_on(self.items, self.a, self.policy, day)
        k = bisect_left(self.dues, day)  # those due before ``day``
        if not k:
            return _Due((), 0, None, 0)
        days = (day - self.dues[0]).days
        # the oldest invoice has the worst class by age; an expired one makes the claim dead
        cls = grading.receivable_class(days, self.policy.thresholds, status=self.a.file.status,
                                       limitation_expired=expired(self.earliest[k - 1], day),
                                       escalate=self.a.escalated)
        return _Due(tuple(self.items[:k]), self.totals[k], cls, days)


def _routine(a: Assessment, policy: PlanPolicy, today: date, end: date,
             taken: frozenset[date] = frozenset(), phase: float = 0.5) -> Iterator[Candidate]:
    """The month's quota, spread over the month's usable days from the day its collection
    started (not from today, so a plan made a day later gives each day the same actions);
    logged contacts use up its slots, and the slots whose day passed unlogged are caught up on
    the next free usable days."""
    items = _collectable(a)
    if not any(i.item.due < end for i in items) or _fapiao_holds(a):
        return
    logged = logged_by_month(a)
    contacted_today = any(c.at.date() == today and c.channel in CONTACT_CHANNELS
                          for c in a.file.contacts)
    cal = policy.calendar
    overdue = _Overdue(items, a, policy)
    cover = _Cover(a, overdue, policy, today)
    for year, month in months(today, end):
        first = max(today, date(year, month, 1))
        last = date(year, month, days_in_month(year, month))
        start = _collecting_from(overdue, policy, date(year, month, 1), last)
        if start is None:
            continue
        since = a.file.since
        if since is not None and since > start:  # nothing is owed from before the ledger knew it
            if since > last:
                continue
            start = since
        due = overdue.on(start)
        assert due.cls is not None
        if due.cls == Class.DEAD:
            yield from _dead_review(a, policy, today, first, last, list(due.invoices), logged)
            continue
        # the day the claim turns dead (age or limitation) ends the month's routine: a review then
        dead = next((d for d in _dates(start, last) if overdue.on(d).cls == Class.DEAD),
                    None) if overdue.on(last).cls == Class.DEAD else None
        base = policy.quotas.get(due.cls, {})
        full = _share(base, a, policy, date(year, month, 1), start, last)
        if dead is not None and not base.get(Channel.LEGAL):  # the month's review covers it
            yield from _dead_review(a, policy, today, max(first, dead), last,
                                    list(overdue.on(dead).invoices), logged,
                                    turned=True)
        dated, followups = _dated(a, policy, date(year, month, 1), last)
        # the month's dated contacts (reconfirmations, a promise's reminder and follow-up) are
        # part of its quota from the start, so doing them changes no other day
        uses: Counter[str] = Counter()
        for held_day in dated.values():
            uses.update(held_day)
        quota = {ch: max(n - uses[ch], 0) for ch, n in full.items()}
        usable = [d for d in usable_days(a, policy, start, last, overdue=True)
                  if d not in dated and (dead is None or d < dead)]
        days = [d for d in usable if cover.uncovered(d).total]
        if usable and not days:
            continue  # promises or a plan kept cover all of it: nothing to chase this month
        ahead = [d for d in days if d >= today]
        paused = a.file.prefs.paused_until
        if not ahead and paused is not None and paused >= last:
            continue  # paused on purpose for the rest of the month: nothing is owed to it
        paydays = [d for d in pay_dates(a.file.prefs, year, month, cal) if d >= start]
        eves = {d: cal.previous_working_day(d - timedelta(days=1)) for d in paydays}
        schedule, dropped = cadence.month_schedule(quota, days, paydays, eves, phase)
        slots = _numbered(schedule, dropped)
        _, unused = _unlogged(slots, a, (year, month), dated, followups)
        slots = sorted([*slots, *_released(full, quota, dated, unused, slots, today)],
                       key=lambda x: (x.day is None, x.day or start))
        left, _ = _unlogged(slots, a, (year, month), dated, followups)
        # what passed unlogged is caught up on the free usable days from today, oldest first;
        # what the month cannot hold is listed with its last usable day (deferred), never lost
        held = {d for d, _ in schedule}
        # not today when a contact is logged today: the planner would move it anyway, and the
        # next day's plan must give the catch-up the same days
        free = [d for d in ahead if d not in held and d not in taken
                and not (d == today and contacted_today)]
        missed = _fitting([x for x in left if x.day is not None and x.day < today], len(free))
        # a missed visit waits for the customer's next pay day when the month has one ahead
        paying = [d for d in paydays if d in free]
        moved = {x: paying.pop(0) for x in missed if x.channel == Channel.VISIT and paying}
        moved.update(zip([x for x in missed if x not in moved],
                         [d for d in free if d not in moved.values()], strict=False))
        for x in left:
            day = moved.get(x) or x.day
            late = day is None or day < today
            if late:
                day = ahead[-1] if ahead else max(start, today)
            assert day is not None
            purpose = cadence.PURPOSE[x.channel]
            now = cover.uncovered(day)
            yield Candidate(action_id(a.file.id, purpose, x.channel, f"{year}-{month:02d}#{x.n}"),
                            a.file.id, day, x.channel, purpose, now.numbers, now.total, True,
                            f"reason.{purpose}", {"n": x.n, "of": full[x.channel], "cls": now.cls,
                                                  "days": now.days,
                                                  # the letter's note names the command writing it
                                                  **({"variant": "command"}
                                                     if purpose == Purpose.DEMAND_LETTER else {}),
                                                  **({"missed": x.day} if x in moved else {})},
                            deferred="month_full" if late else None, of_day=True)


def _share(quota: Mapping[Channel, int], a: Assessment, policy: PlanPolicy, first: date,
           start: date, last: date) -> dict[Channel, int]:
    """The part of a month's quota owed from ``start`` (an invoice falling due mid-month, a
    customer new to the ledger): in proportion to the month's usable days left, rounded half
    up — not the whole month's contacts crammed into its last days."""
    if start <= first:
        return dict(quota)
    month = usable_days(a, policy, first, last, overdue=True)
    if not month or start <= month[0]:
        return dict(quota)
    left = sum(1 for d in month if d >= start)
    out = {ch: (2 * n * left + len(month)) // (2 * len(month)) for ch, n in quota.items()}
    if left and not any(out.values()):  # a few days left still hold one contact
        cheapest = next((ch for ch in (Channel.WECHAT, Channel.CALL) if quota.get(ch)), None)
        if cheapest is not None:
            out[cheapest] = 1
    return out


@dataclass(frozen=True)
class _Slot:
    """One of the month's quota: its channel, its number in the month, its day (None: the month
    had no day for it)."""

    day: date | None
    channel: Channel
    n: int


def _numbered(schedule: Sequence[tuple[date, Channel]], dropped: Sequence[Channel]) -> list[_Slot]:
    seen: Counter[Channel] = Counter()
    out = []
    for day, channel in [*schedule, *((None, ch) for ch in dropped)]:
        seen[channel] += 1
        out.append(_Slot(day, channel, seen[channel]))
    return out


def _unlogged(slots: Sequence[_Slot], a: Assessment, month: tuple[int, int],
              dated: Mapping[date, Counter[str]], followups: Sequence[date] = ()
              ) -> tuple[list[_Slot], dict[date, Counter[str]]]:
    """The slots the month's logged contacts leave open. A contact uses the slot of its own day,
    else the oldest one missed before it, else its day's slot of another channel (they traded
    days: its channel's next slot takes that channel), else the next one; a contact on the day
    of a dated action (a reconfirmation, a promise's reminder or follow-up) of its channel is
    that action, which the month's quota counted from the start, so the days ahead keep their
    actions. A promise's follow-up call may come late (it is caught up): a call on a day without
    a call slot of its own, on or after a follow-up's day, is that follow-up. Also returned: the
    dated contacts (follow-ups aside) no logged contact did."""
    left = list(slots)
    spare = {d: Counter(c) for d, c in dated.items()}
    for d in followups:
        spare[d][Channel.CALL] -= 1
    pending = sorted(followups)
    for c in sorted(a.file.contacts, key=lambda c: c.at):
        day = c.at.date()
        if (day.year, day.month) != month:
            continue
        mine = [x for x in left if x.channel == c.channel]
        if spare.get(day, Counter())[c.channel] > 0:
            spare[day][c.channel] -= 1  # the dated action done: the quota counted it already
            continue
        own = next((x for x in mine if x.day == day), None)
        if own is None and c.channel == Channel.CALL and pending and pending[0] <= day:
            pending.pop(0)
            continue
        if not mine:
            continue
        pick = own or next((x for x in mine if x.day is not None and x.day < day), None)
        other = next((x for x in left if x.day == day), None) if pick is None else None
        if other is not None:
            # done on another channel's day: they traded days (the planner sends a visit or a
            # letter early so), so that day's slot is done and the next of this channel takes
            # the other channel, keeping that action's number (its id)
            left[left.index(mine[0])] = _Slot(mine[0].day, other.channel, other.n)
            pick = other
        left.remove(pick or mine[0])
    return left, spare


def _released(full: Mapping[Channel, int], quota: Mapping[Channel, int],
              dated: Mapping[date, Counter[str]], unused: Mapping[date, Counter[str]],
              slots: Sequence[_Slot], today: date) -> list[_Slot]:
    """A dated contact whose day passed undone gives its share of the quota back, as a missed
    routine slot of its day (caught up like any other)."""
    out: list[_Slot] = []
    for channel, total in full.items():
        reserved = total - quota.get(channel, 0)
        done = sum(c[channel] for c in dated.values()) - sum(max(c[channel], 0)
                                                             for c in unused.values())
        ahead = sum(max(c[channel], 0) for d, c in unused.items() if d >= today)
        room = max(reserved - done - ahead, 0)
        n = max((x.n for x in slots if x.channel == channel), default=0)
        for day in sorted(d for d, c in unused.items() if d < today for _ in range(max(c[channel], 0))):
            if room <= 0:
                break
            n += 1
            room -= 1
            out.append(_Slot(day, channel, n))
    return out


def _fitting(missed: list[_Slot], room: int) -> list[_Slot]:
    """The missed slots the free days can take: all when they fit, else the scarce ones first
    (a visit before a call before a WeChat), each channel's oldest first."""
    if len(missed) <= room:
        return missed
    kept, _ = cadence.fit(Counter(x.channel for x in missed), room)
    out = []
    for x in missed:
        if kept.get(x.channel, 0) > 0:
            kept[x.channel] -= 1
            out.append(x)
    return out


def _dates(first: date, last: date) -> Iterator[date]:
    day = first
    while day <= last:
        yield day
        day += timedelta(days=1)


def _dated(a: Assessment, policy: PlanPolicy, first: date, last: date
           ) -> tuple[dict[date, Counter[str]], list[date]]:
    """The days of the month the dated contacts hold — each reconfirmation, each promise's
    reminder and follow-up — worked out from the records alone (not from today), so the routine
    keeps off the same days in every plan of the month; and the follow-ups' days among them."""
    out: dict[date, Counter[str]] = {}
    followups: list[date] = []

    def last_usable(lo: date, hi: date) -> date | None:
        days = usable_days(a, policy, max(lo, hi - timedelta(days=40)), hi, overdue=False)
        return days[-1] if days else None

    for inv in _collectable(a):
        day = last_usable(first, inv.item.due - timedelta(days=policy.reconfirm_days))
        if day is not None and first <= day <= last:
            out.setdefault(day, Counter())[Channel.WECHAT] = 1  # invoices due together: one
    for p, state in a.promise_states:
        if state == PromiseState.KEPT:
            continue
        reminder = last_usable(p.made_on, p.due_on - timedelta(days=1))
        followup = _followup_day(a, policy, p.due_on, True)
        for day, channel in ((reminder, Channel.WECHAT), (followup, Channel.CALL)):
            if day is not None and first <= day <= last:
                out.setdefault(day, Counter())[channel] += 1
        if first <= followup <= last:
            followups.append(followup)
    return out, followups


class _Cover:
    """What the open promises cover on a day: while a promise is open, the overdue money it
    covers (the oldest invoices first) is not chased; the rest is."""

    def __init__(self, a: Assessment, overdue: _Overdue, policy: PlanPolicy, today: date) -> None:
        dated = [(r.on, r.amount) for r in a.file.payments if r.on is not None and r.on <= today
                 ] if a.promise_states else []
        self.overdue, self.policy = overdue, policy
        # an instalment plan kept so far covers what is left of it until its last instalment;
        # one with an instalment missed covers nothing (chasing resumes in full)
        broken = broken_plans(a.promise_states)
        ends: dict[str, date] = {}
        for p, _ in a.promise_states:
            if p.plan:
                ends[p.plan] = max(ends.get(p.plan, p.due_on), p.due_on)
        self.promises = [(p.made_on, ends[p.plan] if p.plan else p.due_on,
                          p.amount - grading.promise_paid(
                              grading.PromiseFact(p.made_on, p.due_on, p.amount), dated))
                         for p, state in a.promise_states
                         if state != PromiseState.KEPT and not (p.plan and p.plan in broken)]

    def uncovered(self, day: date) -> _Left:
        due = self.overdue.on(day)
        covered = sum(left for made, until, left in self.promises if made <= day <= until)
        named, total = [], 0
        for inv in sorted(due.invoices, key=lambda i: (i.item.due, i.item.number)):
            part = max(inv.item.open - covered, 0)
            covered = max(covered - inv.item.open, 0)
            if part:
                named.append(inv.item.number)
                total += part
        if total < self.policy.min_amount:
            total, named = 0, []
        return _Left(tuple(named), total, due.cls, due.days)


@dataclass(frozen=True)
class _Left:
    numbers: tuple[str, ...]
    total: int
    cls: Class | None
    days: int


class DayFacts:
    """One customer's routine collection facts on any day — the overdue money no open promise
    covers, its invoices, class and days overdue (``_Cover.uncovered``) — for the planner, which
    may place a routine contact on another day than the one it was made for. Worked out when
    first asked, each day once."""

    def __init__(self, a: Assessment, policy: PlanPolicy, today: date) -> None:
        self.a, self.policy, self.today = a, policy, today
        self.promised = bool(a.promise_states)  # an open promise may cover a day's money
        self._days: dict[date, _Left] = {}

    @cached_property
    def _cover(self) -> _Cover:
        items = _collectable(self.a)
        return _Cover(self.a, _Overdue(items, self.a, self.policy), self.policy, self.today)

    def left(self, day: date) -> _Left:
        if day not in self._days:
            self._days[day] = self._cover.uncovered(day)
        return self._days[day]

    def chases(self, day: date) -> bool:
        """Whether a routine contact on ``day`` has money to chase (not all of it covered by a
        promise, at least the minimum overdue)."""
        return bool(self.left(day).total)

    def on(self, c: Candidate, day: date) -> Candidate:
        """The routine contact ``c`` with the facts of ``day``; any other action as it is."""
        if not c.of_day:
            return c
        now = self.left(day)
        return replace(c, invoices=now.numbers, amount=now.total,
                       detail={**c.detail, "cls": now.cls, "days": now.days})


def _collecting_from(overdue: _Overdue, policy: PlanPolicy, first: date, last: date) -> date | None:
    """The first day from ``first`` to ``last`` on which the customer owes at least the minimum
    overdue (an invoice falling due mid-month starts its collection then)."""
    # the day after each due day that falls after ``first`` and by ``last``
    turns = sorted({first, *(due + ONE_DAY for due in overdue.dues if first <= due < last)})
    for day in turns:
        if overdue.on(day).total >= policy.min_amount:
            return day
    return None


def _dead_review(a: Assessment, policy: PlanPolicy, today: date, first: date, last: date,
                 overdue: list[InvoiceView], logged: Mapping[tuple[int, int], Counter[str]],
                 turned: bool = False) -> Iterator[Candidate]:
    """A dead debt: one legal / write-off review a quarter, in the quarter's first usable month
    (or from the day it ``turned`` dead)."""
    quarter = (first.month - 1) // 3
    quarter_months = [(first.year, 3 * quarter + m) for m in (1, 2, 3)]
    if any(logged.get(m, Counter())[Channel.LEGAL] for m in quarter_months):
        return
    if first.month != 3 * quarter + 1 and first != today and not turned:
        return
    day = first_usable(a, policy, first, last, overdue=True, contact=False)
    if day is not None:
        key = f"{first.year}-Q{quarter + 1}"
        yield Candidate(action_id(a.file.id, Purpose.LEGAL_REVIEW, Channel.LEGAL, key), a.file.id,
                        day, Channel.LEGAL, Purpose.LEGAL_REVIEW, _numbers(overdue),
                        sum(i.item.open for i in overdue), True, "reason.write_off_review")


def _reconfirm(a: Assessment, policy: PlanPolicy, today: date, end: date) -> list[Candidate]:
    """One WeChat no later than ``reconfirm_days`` before each due date, invoices due together
    grouped."""
    by_day: dict[date, list[InvoiceView]] = {}
    last_of: dict[date, date | None] = {}  # invoices due together share their day
    ahead = timedelta(days=policy.reconfirm_days)
    for inv in _collectable(a):
        if inv.days_overdue >= 0:
            continue
        latest = inv.item.due - ahead
        if latest < today:
            continue
        if latest not in last_of:
            last_of[latest] = last_usable(a, policy, today, latest, overdue=False)
        day = last_of[latest]
        if day is not None and day <= end:
            by_day.setdefault(day, []).append(inv)
    return [Candidate(action_id(a.file.id, Purpose.RECONFIRM, Channel.WECHAT, "|".join(_numbers(items))),
                      a.file.id, day, Channel.WECHAT, Purpose.RECONFIRM, _numbers(items),
                      sum(i.item.open for i in items), False, "reason.reconfirm",
                      {"due": min(i.item.due for i in items)})
            for day, items in sorted(by_day.items())]


def _followup_day(a: Assessment, policy: PlanPolicy, due_on: date, overdue: bool) -> date:
    """The call after a promise is broken: the next working day after it, or the first day after
    that the customer may be called (a month-start window, a day the customer keeps free)."""
    first = policy.calendar.next_working_day(due_on + timedelta(days=1))
    return first_usable(a, policy, first, first + timedelta(days=20), overdue=overdue) or first


def _promises(a: Assessment, policy: PlanPolicy, today: date) -> list[Candidate]:
    if not a.promise_states:  # nothing promised: nothing to remind of or follow up
        return []
    out = []
    invoices = _numbers([i for i in _collectable(a) if i.days_overdue > 0])
    dated = [(r.on, r.amount) for r in a.file.payments if r.on is not None and r.on <= today]
    for p, state in a.promise_states:
        if state == PromiseState.KEPT:
            continue
        steps = []
        if state == PromiseState.OPEN:
            # the working day before it falls due (or the last usable one before): the date is
            # the customer's own, so like a pay day it is exempt from the month-end windows
            days = usable_days(a, policy, today, p.due_on - timedelta(days=1), overdue=False) \
                or usable_days(a, policy, today, p.due_on, overdue=False)  # too late: on the day
            if days:
                steps.append((days[-1], Purpose.INSTALMENT_REMINDER if p.plan
                              else Purpose.PROMISE_REMINDER, Channel.WECHAT))
        # the call after it is broken is planned ahead (a payment in time takes it away), so the
        # plan made the day before shows it too; any contact after the promised day is that
        # follow-up, and one that has not happened yet is caught up
        followup = _followup_day(a, policy, p.due_on, bool(invoices))
        late = followup < today
        if not any(c.at.date() > p.due_on and c.channel in CONTACT_CHANNELS
                   for c in a.file.contacts):
            steps.append((_followup_day(a, policy, today - timedelta(days=1), bool(invoices))
                          if late else followup, Purpose.PROMISE_FOLLOWUP, Channel.CALL))
        key = f"{p.made_on}|{p.due_on}|{p.amount}"
        paid = grading.promise_paid(grading.PromiseFact(p.made_on, p.due_on, p.amount), dated)
        for day, purpose, channel in steps:
            if day < today:
                continue
            # the reminder is about the customer's own promise, not the overdue invoices
            named = invoices if purpose == Purpose.PROMISE_FOLLOWUP else ()
            detail: dict[str, object] = {"due": p.due_on}
            if p.plan:  # which instalment of how many
                mates = sorted(q.due_on for q, _ in a.promise_states if q.plan == p.plan)
                detail.update(instalment=mates.index(p.due_on) + 1, instalments=len(mates))
            amount = p.amount
            if paid and purpose == Purpose.PROMISE_FOLLOWUP:  # what is still missing, not the sum
                amount = p.amount - paid
                detail.update(variant="part", promised=p.amount, paid=paid)
            if late and purpose == Purpose.PROMISE_FOLLOWUP:
                detail["missed"] = followup
            out.append(Candidate(action_id(a.file.id, purpose, channel, key), a.file.id, day,
                                 channel, purpose, named, amount, bool(named), f"reason.{purpose}",
                                 detail))
    return out


def _tasks(a: Assessment, policy: PlanPolicy, today: date, end: date) -> list[Candidate]:
    """A disputed invoice gets a resolve task; the invoices whose claim is about to run out
    (``Assessment.at_risk``) a statement to stamp, naming them and what they still owe."""
    out: list[Candidate] = []
    disputed = [i for i in a.invoices if i.item.key in a.file.disputed] if a.file.disputed else []
    waiting = [i for i in a.invoices
               if i.fapiao_wait is not None and i.item.key not in a.file.disputed]
    if not (disputed or waiting or a.at_risk):
        return out  # no task: the month's usable days need not be looked for
    for year, month in months(today, end):
        first = max(today, date(year, month, 1))
        last = date(year, month, days_in_month(year, month))
        days = usable_days(a, policy, first, last, overdue=True, contact=False)
        if not days:
            continue
        if disputed:
            out.append(Candidate(action_id(a.file.id, Purpose.RESOLVE_DISPUTE, Channel.TASK,
                                           f"{year}-{month}"),
                                 a.file.id, days[0], Channel.TASK, Purpose.RESOLVE_DISPUTE,
                                 _numbers(disputed), sum(i.item.open for i in disputed), True,
                                 "reason.resolve_dispute"))
        if waiting:
            resend = any(i.fapiao_wait == FapiaoWait.NOT_RECEIVED for i in waiting)
            out.append(Candidate(action_id(a.file.id, Purpose.FAPIAO, Channel.TASK, f"{year}-{month}"),
                                 a.file.id, days[0], Channel.TASK, Purpose.FAPIAO,
                                 _numbers(waiting), sum(i.item.open for i in waiting), False,
                                 "reason.fapiao", {"variant": "resend" if resend else "issue"}))
        if a.at_risk:
            out.append(Candidate(action_id(a.file.id, Purpose.ACKNOWLEDGEMENT, Channel.TASK,
                                           f"{year}-{month}"),
                                 a.file.id, days[0], Channel.TASK, Purpose.ACKNOWLEDGEMENT,
                                 _numbers(a.at_risk), sum(i.item.open for i in a.at_risk), True,
                                 "reason.acknowledgement",
                                 {"expires": min(i.expires for i in a.at_risk)}))
    return out


def _excuse(a: Assessment, policy: PlanPolicy, today: date) -> tuple[list[Candidate], date | None]:
    """The answer to the excuse the last contact gave (借口 → 对策): its steps, each with the
    person it is for and the reason, and the day before which no routine contact is made. A
    contact logged after it (without an excuse) ends it."""
    talks = sorted((c for c in a.file.contacts if c.channel in CONTACT_CHANNELS and c.at.date() <= today),
                   key=lambda c: c.at)
    if not talks or talks[-1].excuse in (None, "other"):
        return [], None
    said = last_said([(c.at.date(), c.excuse) for c in talks], today)
    if said is None:
        return [], None
    reply = answer(said, today, a.file.prefs, policy.calendar)
    overdue = [i for i in _collectable(a) if i.days_overdue > 0]
    out = []
    for i, step in enumerate(reply.steps):
        if step.purpose == Purpose.RESOLVE_DISPUTE and a.file.disputed:
            continue  # the disputed invoices' own task covers it
        money = step.purpose == Purpose.COLLECT
        detail: dict[str, object] = {**step.detail, "role": step.role}
        if step.variant is not None:
            detail["excuse" if money else "variant"] = step.variant
        out.append(Candidate(
            action_id(a.file.id, step.purpose, step.channel, f"{said.excuse}|{said.on}|{i}"),
            a.file.id, step.day, step.channel, step.purpose, _numbers(overdue) if money else (),
            sum(x.item.open for x in overdue) if money else 0, False, step.reason, detail))
    return out, reply.quiet_until


def _thanks(a: Assessment, policy: PlanPolicy, today: date, end: date) -> list[Candidate]:
    """A customer that paid everything that fell due last month on time (and owes nothing
    overdue) gets a thank-you WeChat early in this month — once, on the month's first usable
    day, the lowest of priorities (it never pushes out collection work)."""
    out = []
    for year, month in months(today, end):
        first = date(year, month, 1)
        prev_last = first - timedelta(days=1)
        prev_first = prev_last.replace(day=1)
        due = [(d, paid) for d, paid in a.settled if prev_first <= d <= prev_last]
        if not due or any(prev_first <= i.item.due <= prev_last for i in a.invoices) or \
                any(paid > d for d, paid in due) or any(i.days_overdue > 0 for i in a.invoices):
            continue
        days = usable_days(a, policy, max(today, first), min(first + timedelta(days=9), end),
                           overdue=False)
        if days:
            out.append(Candidate(action_id(a.file.id, Purpose.THANKS, Channel.WECHAT,
                                           f"{year}-{month:02d}"),
                                 a.file.id, days[0], Channel.WECHAT, Purpose.THANKS, (), 0, False,
                                 "reason.thanks",
                                 {"month": f"{prev_first.year}-{prev_first.month:02d}"}))
    return out


def _find_contact(a: Assessment, policy: PlanPolicy, today: date, end: date) -> list[Candidate]:
    """Nobody at the customer can be called or messaged: the owner finds the payer's phone or
    WeChat first, on the first usable day of each month until someone is on file."""
    out = []
    for year, month in months(today, end):
        first = max(today, date(year, month, 1))
        last = date(year, month, days_in_month(year, month))
        days = usable_days(a, policy, first, last, overdue=False, contact=False)
        if days:
            out.append(Candidate(action_id(a.file.id, Purpose.FIND_CONTACT, Channel.TASK,
                                           f"{year}-{month}"),
                                 a.file.id, days[0], Channel.TASK, Purpose.FIND_CONTACT, (), 0,
                                 False, "reason.find_contact"))
    return out


def possible_ids(a: Assessment, policy: PlanPolicy, around: date) -> set[str]:
    """Every id a plan could have given this customer for actions in the month of ``around``
    and the months beside it (so ``log --action`` can tell a typo or another customer's id)."""
    first = date(around.year, around.month, 1) - timedelta(days=1)
    start = date(first.year, first.month, 1)
    end = date(around.year, around.month, days_in_month(around.year, around.month)) + \
        timedelta(days=31)
    out = {c.id for c in candidates(a, policy, start, end)}
    for year, month in months(start, end):
        for quota in policy.quotas.values():
            for channel, count in quota.items():
                purpose = cadence.PURPOSE[channel]
                out |= {action_id(a.file.id, purpose, channel, f"{year}-{month:02d}#{n}")
                        for n in range(1, count + 1)}
        out.add(action_id(a.file.id, Purpose.LEGAL_REVIEW, Channel.LEGAL,
                          f"{year}-Q{(month - 1) // 3 + 1}"))
    return out


def _numbers(items: Sequence[InvoiceView]) -> tuple[str, ...]:
    """The invoices' numbers, the oldest due first (then by number)."""
    return tuple([number for _, number in sorted([(i.item.due, i.item.number) for i in items])])
