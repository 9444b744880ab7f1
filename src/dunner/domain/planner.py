"""The planner: candidates placed day by day in priority order within each owner's capacity."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field
from datetime import date, time, timedelta

from dunner.domain.assessment import Assessment
from dunner.domain.candidates import CONTACT_CHANNELS, PURPOSE_RANK, Candidate, PlanPolicy, candidates
from dunner.domain.priority import PriorityFacts, priority_terms
from dunner.domain.scoring import Term, total
from dunner.domain.timing import MINUTES, Hours, blocked, slot
from dunner.domain.vocab import Channel, Purpose

MESSAGE_CHANNELS = (Channel.WECHAT, Channel.SMS, Channel.EMAIL)  # share the message capacity
# counted against a monthly quota, so never carried into the next month
QUOTA_PURPOSES = frozenset({Purpose.COLLECT, Purpose.DEMAND_LETTER, Purpose.LEGAL_REVIEW})


@dataclass(frozen=True)
class Action:
    candidate: Candidate
    day: date
    at: time
    customer: str
    owner: str
    city: str
    priority: int
    terms: tuple[Term, ...]
    moves: tuple[tuple[date, str], ...] = ()  # (day it left, why)

    @property
    def minutes(self) -> int:
        """How long it takes: its calendar event is this long, and the owner's next action
        starts no earlier than its end."""
        return MINUTES[self.candidate.channel]


@dataclass(frozen=True)
class Plan:
    actions: tuple[Action, ...]
    deferred: tuple[Action, ...]
    unknown_years: tuple[int, ...] = ()


@dataclass(frozen=True)
class Capacity:
    """Per owner per day, by bucket (visit, call, wechat for all messages); the hours; and the
    priority weights that decide who gets the room (settings: ``[planning]``)."""

    per_day: Mapping[Channel, int]
    hours: Hours
    weights: Mapping[str, int]


@dataclass
class _Pending:
    cand: Candidate
    a: Assessment
    priority: int
    terms: tuple[Term, ...]
    moves: list[tuple[date, str]] = field(default_factory=list)


def plan(assessments: Sequence[Assessment], policy: PlanPolicy, capacity: Capacity, today: date,
         end: date, done: frozenset[str] = frozenset(),
         customers: Sequence[int] | None = None) -> Plan:
    """Actions from ``today`` to ``end``; the same day's plan cut to any span is the same plan.
    ``customers`` (the ledger's customer ids, default: those planned) spread the customers'
    routine contacts over the month's days, each its own share (no pile-ups)."""
    phases = spread_phases(customers if customers is not None else [a.file.id for a in assessments])
    pending: dict[date, list[_Pending]] = {}
    deferred: list[Action] = []
    contacted: set[int] = set()  # customers already contacted today: one action a day, logged too
    for a in assessments:
        terms = _priority(a, capacity, today)
        points = int(total(terms))
        if any(c.at.date() == today and c.channel in CONTACT_CHANNELS for c in a.file.contacts):
            contacted.add(a.file.id)
        for cand in candidates(a, policy, today, end, phases.get(a.file.id)):
            if cand.id in done or not today <= cand.day <= end:
                continue
            if cand.deferred:  # the month has no day left for it: listed, never lost
                deferred.append(_action(_Pending(cand, a, points, terms, [(cand.day, cand.deferred)]),
                                        cand.day, time(0, 0)))
            else:
                pending.setdefault(cand.day, []).append(_Pending(cand, a, points, terms))
    placed: list[Action] = []
    day = today
    while day <= end:
        todays = sorted(pending.pop(day, []), key=_order)
        carried = _place_day(day, todays, policy, capacity, placed,
                             contacted if day == today else frozenset())
        for p in carried:
            nxt = _next_day(p, day, policy, end)
            if nxt is None:
                deferred.append(_action(p, p.cand.day, time(0, 0)))
            else:
                pending.setdefault(nxt, []).append(p)
        day += timedelta(days=1)
    for left in pending.values():
        deferred += [_action(p, p.cand.day, time(0, 0)) for p in left]
    unknown = policy.calendar.unknown_years(today, end)
    return Plan(tuple(sorted(placed, key=_shown)), tuple(sorted(deferred, key=_listed)),
                tuple(unknown))


def spread_phases(ids: Sequence[int]) -> dict[int, float]:
    """Each customer's place in the month, evenly apart in id order: with n customers their
    routine contacts start 1/n of a spacing apart, so no day gets more than its share."""
    ordered = sorted(set(ids))
    return {cid: (rank + 0.5) / len(ordered) for rank, cid in enumerate(ordered)}


def _order(p: _Pending) -> tuple[int, int, str, str]:
    """Priority first, then the more urgent purpose, then a stable tie-break."""
    return (-p.priority, PURPOSE_RANK[p.cand.purpose], p.a.file.name, p.cand.id)


def _shown(a: Action) -> tuple[date, str, time, str, str]:
    return (a.day, a.owner, a.at, a.customer, a.candidate.id)


def _listed(a: Action) -> tuple[date, str, str, int, str, int, str]:
    """Deferred actions by day, owner and customer, then purpose and the quota's count."""
    c = a.candidate
    n = c.detail.get("n", 0)
    return (a.day, a.owner, a.customer, PURPOSE_RANK[c.purpose], c.channel,
            n if isinstance(n, int) else 0, c.id)


def _place_day(day: date, todays: list[_Pending], policy: PlanPolicy, capacity: Capacity,
               placed: list[Action], contacted: Set[int]) -> list[_Pending]:
    """Fill the day in priority order: one action per customer (a contact already logged that
    day included), each owner within capacity."""
    used: Counter[tuple[str, str]] = Counter()
    busy: set[int] = set()
    carried: list[_Pending] = []
    chosen: list[_Pending] = []
    for p in todays:
        owner, channel = p.a.file.owner, _bucket(p.cand.channel)
        if blocked(day, p.a.file.prefs, policy.calendar, policy.windows, p.cand.about_overdue,
                   p.cand.contact):
            p.moves.append((day, "blocked"))
            carried.append(p)
        elif p.a.file.id in contacted:
            p.moves.append((day, "contacted_today"))
            carried.append(p)
        elif p.a.file.id in busy:
            p.moves.append((day, "one_a_day"))
            carried.append(p)
        elif channel in capacity.per_day and used[owner, channel] >= capacity.per_day[channel]:
            p.moves.append((day, f"capacity_{channel}"))
            carried.append(p)
        else:
            used[owner, channel] += 1
            busy.add(p.a.file.id)
            chosen.append(p)
    timed, full = _timed(day, chosen, capacity)
    placed += timed
    return carried + full


def _timed(day: date, chosen: list[_Pending], capacity: Capacity
           ) -> tuple[list[Action], list[_Pending]]:
    """Times on each owner's day, no two actions overlapping (``timing.slot``): the visits
    first, grouped by city, then everything else in priority order; and what the owner's day
    has no room left for (it moves on, like anything over capacity)."""
    out, full = [], []
    busy: dict[str, list[tuple[int, int]]] = {}
    for p in sorted(chosen, key=_claim):
        held = busy.setdefault(p.a.file.owner, [])
        at = slot(p.cand.channel, p.a.file.prefs, capacity.hours, held)
        if at is None:
            p.moves.append((day, "day_full"))
            full.append(p)
            continue
        start = at.hour * 60 + at.minute
        held.append((start, start + MINUTES[p.cand.channel]))
        out.append(_action(p, day, at))
    return out, full


def _claim(p: _Pending) -> tuple[str, bool, str, tuple[int, int, str, str]]:
    """Who takes an owner's time first: visits (a rep's trip, city by city), then priority."""
    visit = p.cand.channel == Channel.VISIT
    return (p.a.file.owner, not visit, p.a.file.city if visit else "", _order(p))


def _next_day(p: _Pending, day: date, policy: PlanPolicy, end: date) -> date | None:
    """The next day the action may move to: routine contacts stay inside their own month."""
    nxt = day + timedelta(days=1)
    while nxt <= end:
        if p.cand.purpose in QUOTA_PURPOSES and nxt.month != p.cand.day.month:
            return None
        if blocked(nxt, p.a.file.prefs, policy.calendar, policy.windows, p.cand.about_overdue,
                   p.cand.contact) is None:
            return nxt
        nxt += timedelta(days=1)
    return None


def _bucket(channel: Channel) -> Channel:
    return Channel.WECHAT if channel in MESSAGE_CHANNELS else channel


def _action(p: _Pending, day: date, at: time) -> Action:
    return Action(p.cand, day, at, p.a.file.name, p.a.file.owner, p.a.file.city, p.priority, p.terms,
                  tuple(p.moves))


def _priority(a: Assessment, capacity: Capacity, today: date) -> tuple[Term, ...]:
    overdue = [i for i in a.invoices if i.days_overdue > 0]
    broken = len(a.broken_on(today - timedelta(days=365)))
    facts = PriorityFacts(sum(i.item.open for i in overdue), max((i.days_overdue for i in overdue),
                                                                 default=0),
                          a.grade, broken, len(a.signals), a.file.distance_km)
    return priority_terms(facts, capacity.weights)
