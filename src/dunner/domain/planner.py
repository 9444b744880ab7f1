"""The planner: candidates placed day by day in priority order within each owner's capacity."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field, replace
from datetime import date, time, timedelta
from functools import cached_property
from operator import attrgetter

from dunner.domain.assessment import Assessment
from dunner.domain.calendar import WorkCalendar
from dunner.domain.candidates import (
    CONTACT_CHANNELS,
    PURPOSE_RANK,
    Candidate,
    DayFacts,
    PlanPolicy,
    candidates,
)
from dunner.domain.dates import days_in_month
from dunner.domain.people import Person, whom
from dunner.domain.priority import PriorityFacts, priority_terms
from dunner.domain.scoring import Term, total
from dunner.domain.timing import MINUTES, Hours, Prefs, blocked, pay_dates, slot
from dunner.domain.vocab import Channel, Purpose

MESSAGE_CHANNELS = (Channel.WECHAT, Channel.SMS, Channel.EMAIL)  # share the message capacity
# counted against a monthly quota, so never carried into the next month
QUOTA_PURPOSES = frozenset({Purpose.COLLECT, Purpose.DEMAND_LETTER, Purpose.LEGAL_REVIEW})
# members the day-by-day placing compares with many thousand times, looked up once
_VISIT, _FIND_CONTACT = Channel.VISIT, Purpose.FIND_CONTACT


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
    contact: Person | None = None  # whom to reach (the right person for what it is about)
    length: int = 0  # minutes, when not the channel's (a visit: the configured visit length)

    @property
    def minutes(self) -> int:
        """How long it takes: its calendar event is this long, and the owner's next action
        starts no earlier than its end."""
        return self.length or MINUTES[self.candidate.channel]


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
    visit_minutes: int  # a visit's length
    travel_minutes: int  # and the way to the next: one rep's visits are this far apart
    nearby: tuple[tuple[str, ...], ...]  # cities a rep can visit on one day

    def area(self, city: str, customer_id: int) -> str:
        """Where a visit takes the rep: its city, or the first city of the group it is near; a
        customer without a city is a trip of its own."""
        city = _city(city)
        if not city:
            return f"#{customer_id}"
        return next((_city(group[0]) for group in self.nearby
                     if city in {_city(c) for c in group}), city)


@dataclass(eq=False)  # one action in the making: compared by identity, as a list holds it
class _Pending:
    cand: Candidate
    a: Assessment
    priority: int
    terms: tuple[Term, ...]
    moves: list[tuple[date, str]] = field(default_factory=list)
    facts: DayFacts | None = None  # its customer's, shared by all its actions
    # what the day-by-day placing asks of it again and again, kept on it (a move changes only
    # the candidate's day): its owner, customer, channel, purpose and the customer's preferences
    owner: str = field(init=False)
    customer: int = field(init=False)
    channel: Channel = field(init=False)
    purpose: Purpose = field(init=False)
    prefs: Prefs = field(init=False)
    made_for: date = field(init=False)  # the day the candidate's facts are of

    def __post_init__(self) -> None:
        f, c = self.a.file, self.cand
        self.owner, self.customer, self.prefs = f.owner, f.id, f.prefs
        self.channel, self.purpose, self.made_for = c.channel, c.purpose, c.day

    def chases(self, day: date) -> bool:
        """Whether ``day`` suits it as far as the money goes: a routine collection contact
        only on a day with overdue money left to chase (none while a promise covers all)."""
        return self.facts is None or not self.cand.of_day or self.facts.chases(day)

    @cached_property
    def rank(self) -> tuple[int, int, bool, str, str]:
        """``_order``, worked out once (an action carried to the next day is sorted again); a
        move changes only the candidate's day, which the order does not look at."""
        return _order(self)

    @cached_property
    def claim(self) -> tuple[str, bool, str, tuple[int, int, bool, str, str]]:
        """``_claim``, worked out once, like ``rank``."""
        return _claim(self)

    @cached_property
    def rules(self) -> tuple[int, bool, bool]:
        """What decides whether a day is ``blocked`` for it, besides the day and the policy:
        its customer's preferences (the record itself: customers share it), whether it talks
        about overdue money, whether it reaches the customer. A move changes none of them."""
        return id(self.prefs), self.cand.about_overdue, self.cand.contact


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
        facts = DayFacts(a, policy, today)
        if any(c.at.date() == today and c.channel in CONTACT_CHANNELS for c in a.file.contacts):
            contacted.add(a.file.id)
        for cand in candidates(a, policy, today, end, phases.get(a.file.id)):
            if cand.id in done or cand.day < today:
                continue
            if cand.deferred:  # the month has no day left for it: listed, never lost
                if cand.day <= end:
                    deferred.append(_action(_Pending(cand, a, points, terms,
                                                     [(cand.day, cand.deferred)], facts),
                                            cand.day, time(0, 0)))
            else:
                pending.setdefault(cand.day, []).append(_Pending(cand, a, points, terms, [], facts))
    # routes are made over whole months, so any span of the plan is a cut of the same plan
    mine = _by_customer(pending)
    trips = _route(pending, policy, capacity, today, _visited(assessments, today), mine)
    _early_letters(pending, mine, today)
    pending = {d: ps for d, ps in pending.items() if d <= end}
    placed: list[Action] = []
    # an action is carried day after day (a whole backlog when the reps' capacity is short):
    # the next day of those alike is worked out once a day, not once for each of them
    after: dict[tuple[date, int, bool, bool, int], date | None] = {}
    day = today
    while day <= end:
        todays = sorted(pending.pop(day, []), key=_RANK)
        carried = _place_day(day, todays, policy, capacity, placed,
                             contacted if day == today else frozenset(), trips)
        for p in carried:
            nxt = _next_day(p, day, policy, end, trips, capacity, after)
            # a promise may cover all the money on the next days (one made ahead of its start):
            # routine collection waits until there is something to chase
            while nxt is not None and p.facts is not None and p.facts.promised \
                    and not p.chases(nxt):
                nxt = _next_day(p, nxt, policy, end, trips, capacity, after)
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


def _route(pending: dict[date, list[_Pending]], policy: PlanPolicy, capacity: Capacity,
           today: date, visited: Mapping[tuple[str, date], int] | None = None,
           mine: Mapping[int, list[_Pending]] | None = None) -> dict[tuple[str, date], str]:
    """Visits by route (按片区拜访): each rep's visits of a month, area by area (a city, or
    cities near each other), go to the day where most of that area's visits fall — a day no
    other area of the rep holds, within a day's capacity and a week's share of the month's
    visits (plus one; the visits logged this month count where they were made). A visit on its
    customer's pay day stays there, and its area may join it. Then each day's visits of an area
    go to the month's earliest week with room, trading days with their customers' own calls or
    messages there (``_Route.pull``). Moves are noted on the visit. Returns the area each rep's
    day of visits is in."""
    mine = _by_customer(pending) if mine is None else mine
    visited = {} if visited is None else visited
    groups: dict[tuple[str, int, int], list[_Pending]] = {}
    for day, ps in pending.items():
        for p in ps:
            if p.cand.channel == _VISIT:
                groups.setdefault((p.a.file.owner, day.year, day.month), []).append(p)
    per_day = capacity.per_day.get(Channel.VISIT, 3)
    trips: dict[tuple[str, date], str] = {}
    for (owner, year, month), visits in sorted(groups.items()):
        month_days = _month_days(year, month)
        days = [d for d in month_days if d >= today]
        # the share is the whole month's, so a plan made a day later gives each week the same room
        made = {d: n for d in month_days if (n := visited.get((owner, d), 0))}
        weeks = {_week(d) for d in month_days if policy.calendar.is_working_day(d)} or {(0, 0)}
        route = _Route(capacity, policy, pending, mine, today, per_day,
                       -(-(len(visits) + sum(made.values())) // len(weeks)) + 1)
        for d, n in made.items():
            route.count(d, n)
        areas: dict[str, list[_Pending]] = {}
        for p in sorted(visits, key=lambda p: (p.cand.day, p.cand.id)):
            area = capacity.area(p.a.file.city, p.a.file.id)
            # a visit on its customer's pay day stays there, unless another city's pay-day
            # visit holds the day: then it is routed like any other, to a day near it
            if _on_pay_day(p, policy.calendar) and route.held.get(p.cand.day, area) == area:
                route.take(p.cand.day, area, 1, [p])
            else:
                areas.setdefault(area, []).append(p)
        size = max(1, min(per_day, route.share))
        for area, members in sorted(areas.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            for i in range(0, len(members), size):
                route.place(area, members[i:i + size], days)
        for day in sorted(route.visits):
            route.pull(day, days)
        trips.update({(owner, day): area for day, area in route.trips.items()})
    return trips


# A visit's note when its day was found only past the week's share of the month's visits:
# moved there, or kept on its own day.
CROWDED, CROWDED_HERE = "route_crowded", "week_crowded"


@dataclass
class _Route:
    """One rep's month of visit days: which area holds a day, how many visits a day and a week
    already have."""

    capacity: Capacity
    policy: PlanPolicy
    pending: dict[date, list[_Pending]]
    mine: Mapping[int, list[_Pending]]  # each customer's pending actions
    today: date
    per_day: int
    share: int
    held: dict[date, str] = field(default_factory=dict)
    on_day: Counter[date] = field(default_factory=Counter)  # visits planned and logged
    in_week: Counter[tuple[int, int]] = field(default_factory=Counter)
    trips: dict[date, str] = field(default_factory=dict)  # the area each day's visits are in
    visits: dict[date, list[_Pending]] = field(default_factory=dict)  # each day's, as placed

    def take(self, day: date, area: str, n: int, ps: Sequence[_Pending] = ()) -> None:
        self.held.setdefault(day, area)
        self.trips.setdefault(day, area)
        self.count(day, n)
        self.visits.setdefault(day, []).extend(ps)

    def count(self, day: date, n: int) -> None:
        self.on_day[day] += n
        self.in_week[_week(day)] += n

    def fits(self, day: date, area: str, chunk: list[_Pending], level: int = 2) -> bool:
        """Whether ``chunk`` may go to ``day``: no other area's day; within the day's capacity
        (``level`` ≥ 1) and the week's share (``level`` 2); every customer free that day."""
        if self.held.get(day, area) != area or \
                (level >= 1 and self.on_day[day] + len(chunk) > self.per_day) or \
                (level >= 2 and self.in_week[_week(day)] + len(chunk) > self.share):
            return False
        # a customer's routine contact that day gives way to the visit (one action a day); a
        # dated one (a promise's call, a reconfirmation, a task) does not
        return all(blocked(day, p.a.file.prefs, self.policy.calendar, self.policy.windows,
                           p.cand.about_overdue, True) is None
                   and p.chases(day)
                   and not any(x.cand.day == day and _firm(x) and all(x is not q for q in chunk)
                               for x in self.mine.get(p.a.file.id, ()))
                   and (_week(day) == _week(p.cand.day) or self._week_kept(p)
                        or self._swap(p, day) is not None)
                   for p in chunk)

    def _swap(self, p: _Pending, day: date) -> _Pending | None:
        """A routine call or WeChat of the visit's customer in ``day``'s week, to take the
        visit's old day, so the week the visit leaves keeps a contact."""
        week = _week(day)
        return next((x for x in sorted(self.mine.get(p.a.file.id, ()), key=lambda x: x.cand.day)
                     if x is not p and _week(x.cand.day) == week and x.cand.contact
                     and x.cand.channel != Channel.VISIT and x.cand.purpose == Purpose.COLLECT),
                    None)

    def _week_kept(self, p: _Pending) -> bool:
        """Whether the visit's customer has another contact in the visit's own week: a visit
        leaves its week only if the week keeps an action of that customer."""
        week = _week(p.cand.day)
        return any(x is not p and x.cand.contact and _week(x.cand.day) == week
                   for x in self.mine.get(p.a.file.id, ()))

    def place(self, area: str, chunk: list[_Pending], days: list[date]) -> None:
        """One day for up to a day's worth of one area's visits: where most of them fall, else
        the nearest day that fits (a group no day takes within its week's share is split in two
        first; then the week's share is given up before the day's capacity, that before the
        area's own day); when none does, each keeps its own day."""
        votes = Counter(p.cand.day for p in chunk)
        middle = sorted(p.cand.day for p in chunk)[len(chunk) // 2]
        options = sorted(days, key=lambda d: (-votes[d], self.held.get(d) != area,
                                              abs((d - middle).days), d))
        if len(chunk) > 1 and not any(self.fits(d, area, chunk) for d in options):
            # no day takes them all within its week's share: fewer of them a day rather than
            # one crowded week (each half again on the area's days)
            half = len(chunk) // 2
            self.place(area, chunk[:half], days)
            self.place(area, chunk[half:], days)
            return
        # past the weeks' shares, the least loaded week first
        loaded = sorted(options, key=lambda d: (self.in_week[_week(d)], abs((d - middle).days), d))
        chosen, level = next(((d, level) for level, order in ((2, options), (1, loaded), (0, loaded))
                              for d in order if self.fits(d, area, chunk, level)), (None, 0))
        if chosen is None:
            for p in chunk:
                self.take(p.cand.day, area, 1, [p])
            return
        self.take(chosen, area, len(chunk), chunk)
        # a day found only past its week's share (every day within a share was another area's,
        # full, or out of the customer's reach) is noted as such, moved or not
        why = "route" if level == 2 else CROWDED
        for p in chunk:
            if p.cand.day != chosen:
                old = p.cand.day
                swap = None if _week(chosen) == _week(old) or self._week_kept(p) \
                    else self._swap(p, chosen)
                self._move(p, chosen, why)
                if swap is not None:  # the week it left keeps a contact
                    self._move(swap, old, "route_swap")
            elif level < 2:
                p.moves.append((chosen, CROWDED_HERE))

    def pull(self, day: date, days: list[date]) -> None:
        """The day's visits of one area, together, to the earliest day of an earlier week with
        room for them (the area's own day in that week first): a visit takes longest to work, so
        the rest of the month is left for what follows it. Each trades days with its customer's
        routine call or message there, so no day gets busier and each week keeps its contact.
        A pay-day visit and one caught up stay."""
        group = self.visits.get(day, [])
        area = self.held.get(day)
        if day <= self.today or not group or area is None or any(
                p.cand.day != day or _on_pay_day(p, self.policy.calendar) or "missed" in p.cand.detail
                or any(why not in ("route", CROWDED, CROWDED_HERE) for _, why in p.moves)
                or self.capacity.area(p.a.file.city, p.a.file.id) != area for p in group):
            return
        options = sorted((d for d in days if _week(d) < _week(day)),
                         key=lambda d: (_week(d), self.held.get(d) != area, d))
        chosen = next((d for d in options if self._room(d, area, group)), None)
        if chosen is None:
            return
        del self.visits[day]
        self.count(day, -len(group))
        self.held.pop(day)
        self.trips.pop(day, None)
        self.take(chosen, area, len(group), group)
        for p in group:
            partner = _partner(self.mine.get(p.a.file.id, ()), p, chosen, self.today)
            assert partner is not None
            home = _home(p)
            self._move(p, chosen, "early")
            self._move(partner, home, "trade")

    def _room(self, day: date, area: str, group: list[_Pending]) -> bool:
        return self.held.get(day, area) == area and self.on_day[day] + len(group) <= self.per_day \
            and self.in_week[_week(day)] + len(group) <= self.share and all(
                _partner(self.mine.get(p.a.file.id, ()), p, day, self.today) is not None
                for p in group) and self.fits(day, area, group, 0)

    def _move(self, p: _Pending, day: date, why: str) -> None:
        self.pending[p.cand.day].remove(p)
        p.moves.append((p.cand.day, why))
        p.cand = replace(p.cand, day=day)
        self.pending.setdefault(day, []).append(p)


def _firm(x: _Pending) -> bool:
    """A dated action (a promise's call, a reconfirmation, a task): it keeps its day."""
    return PURPOSE_RANK[x.cand.purpose] < PURPOSE_RANK[Purpose.COLLECT] \
        and x.cand.purpose != Purpose.FIND_CONTACT


def _by_customer(pending: Mapping[date, list[_Pending]]) -> dict[int, list[_Pending]]:
    """Each customer's pending actions (the same objects: a move shows in both)."""
    out: dict[int, list[_Pending]] = {}
    for day in sorted(pending):
        for p in pending[day]:
            out.setdefault(p.a.file.id, []).append(p)
    return out


def _visited(assessments: Sequence[Assessment], today: date) -> dict[tuple[str, date], int]:
    """The visits logged this month and later, by owner and day: they count against the day's
    and the week's room."""
    first = today.replace(day=1)
    return dict(Counter((a.file.owner, c.at.date()) for a in assessments for c in a.file.contacts
                        if c.channel == Channel.VISIT and c.at.date() >= first))


def _early_letters(pending: dict[date, list[_Pending]], mine: Mapping[int, list[_Pending]],
                   today: date) -> None:
    """A demand letter takes longest to work, so it goes out early: it trades days with its
    customer's first routine call or message of the month in an earlier week, so no day gets
    busier and each week keeps its contact."""
    letters = [p for ps in pending.values() for p in ps
               if p.cand.purpose == Purpose.DEMAND_LETTER and p.cand.day > today and not p.moves
               and "missed" not in p.cand.detail]
    for p in sorted(letters, key=lambda p: (p.cand.day, p.cand.id)):
        old, ours = p.cand.day, mine.get(p.a.file.id, [])
        partner = next((x for x in sorted(ours, key=lambda x: (x.cand.day, x.cand.id))
                        if x.cand.day.year == old.year and x.cand.day.month == old.month
                        and _week(x.cand.day) < _week(old)
                        and _partner(ours, p, x.cand.day, today) is x), None)
        if partner is not None:
            day = partner.cand.day
            for x, to, why in ((p, day, "early"), (partner, old, "trade")):
                pending[x.cand.day].remove(x)
                x.moves.append((x.cand.day, why))
                x.cand = replace(x.cand, day=to)
                pending.setdefault(to, []).append(x)


def _partner(ours: Sequence[_Pending], p: _Pending, day: date, today: date) -> _Pending | None:
    """The routine call or message of ``p``'s customer on ``day`` that may trade days with
    ``p`` (a visit or a letter), taking ``p``'s own day of the month's cadence: one of the
    cadence on its own day itself (not caught up, not moved), and the customer's only action
    that day, as nothing else of the customer is on ``p``'s own day. ``p`` may come to today,
    but its own day is after today: today's actions are done as the cadence has them, so
    tomorrow's plan (which knows the trade from the logged contact) finds the same days."""
    home = _home(p)
    if day < today or home <= today:
        return None
    there = [x for x in ours if x.cand.day == day]
    if len(there) != 1 or any(x is not p and x.cand.day == home for x in ours):
        return None
    x = there[0]
    routine = x.cand.contact and x.cand.channel != Channel.VISIT and x.cand.purpose == Purpose.COLLECT
    return x if routine and not x.moves and "missed" not in x.cand.detail else None


def _home(p: _Pending) -> date:
    """The action's own day, before any move."""
    return p.moves[0][0] if p.moves else p.cand.day


def _on_pay_day(p: _Pending, calendar: WorkCalendar) -> bool:
    """Whether the action is on one of the customer's pay days (moved back to the working day
    before one that falls on a rest day)."""
    day = p.cand.day
    return day in pay_dates(p.prefs, day.year, day.month, calendar)


def _month_days(year: int, month: int) -> list[date]:
    first = date(year, month, 1)
    return [first + timedelta(days=i) for i in range(days_in_month(year, month))]


def _week(day: date) -> tuple[int, int]:
    iso = day.isocalendar()
    return iso[0], iso[1]


def spread_phases(ids: Sequence[int]) -> dict[int, float]:
    """Each customer's place in the month, evenly apart in id order: with n customers their
    routine contacts start 1/n of a spacing apart, so no day gets more than its share."""
    ordered = sorted(set(ids))
    return {cid: (rank + 0.5) / len(ordered) for rank, cid in enumerate(ordered)}


def _order(p: _Pending) -> tuple[int, int, bool, str, str]:
    """Priority first, then the more urgent purpose, a visit (the rep's trip is planned around
    it) before the customer's other contacts, then a stable tie-break."""
    return (-p.priority, PURPOSE_RANK[p.cand.purpose], p.cand.channel != _VISIT,
            p.a.file.name, p.cand.id)


_RANK = attrgetter("rank")
_CLAIM = attrgetter("claim")


def _shown(a: Action) -> tuple[date, str, time, str, str]:
    return (a.day, a.owner, a.at, a.customer, a.candidate.id)


def _listed(a: Action) -> tuple[date, str, str, int, str, int, str]:
    """Deferred actions by day, owner and customer, then purpose and the quota's count."""
    c = a.candidate
    n = c.detail.get("n", 0)
    return (a.day, a.owner, a.customer, PURPOSE_RANK[c.purpose], c.channel,
            n if isinstance(n, int) else 0, c.id)


def _place_day(day: date, todays: list[_Pending], policy: PlanPolicy, capacity: Capacity,
               placed: list[Action], contacted: Set[int],
               trips: dict[tuple[str, date], str] | None = None) -> list[_Pending]:
    """Fill the day in priority order: one action per customer (a contact already logged that
    day included), each owner within capacity."""
    used: Counter[tuple[str, str]] = Counter()
    busy: set[int] = set()
    carried: list[_Pending] = []
    chosen: list[_Pending] = []
    # a rep's visits of a day are in one area: the area of the day's first visits (by route,
    # then priority) holds the day
    trips = {} if trips is None else trips
    trip = {owner: area for (owner, d), area in trips.items() if d == day}
    # whether the day is blocked, asked once a day for each kind of action (``_Pending.rules``):
    # the day's actions are a whole backlog when the reps' capacity is short
    shut: dict[tuple[int, bool, bool], str | None] = {}

    def closed(p: _Pending) -> str | None:
        rules = p.rules
        if rules not in shut:
            shut[rules] = blocked(day, p.prefs, policy.calendar, policy.windows,
                                  p.cand.about_overdue, p.cand.contact)
        return shut[rules]

    for p in sorted((p for p in todays if p.cand.channel == _VISIT),
                    key=lambda p: (not any(d < day for d, _ in p.moves), p.rank)):
        if not closed(p):
            trip.setdefault(p.a.file.owner, capacity.area(p.a.file.city, p.a.file.id))
    per_day = capacity.per_day
    for p in todays:
        owner, channel, customer = p.owner, _bucket(p.channel), p.customer
        if closed(p):
            p.moves.append((day, "blocked"))
            carried.append(p)
        elif p.purpose == _FIND_CONTACT:  # the owner's own desk work: no one reached
            chosen.append(p)
        elif customer in contacted:
            p.moves.append((day, "contacted_today"))
            carried.append(p)
        elif customer in busy:
            p.moves.append((day, "one_a_day"))
            carried.append(p)
        elif p.channel == _VISIT and trip.get(owner) != capacity.area(p.a.file.city, customer):
            p.moves.append((day, "route_other_city"))
            carried.append(p)
        elif channel in per_day and used[owner, channel] >= per_day[channel]:
            p.moves.append((day, f"capacity_{channel}"))
            carried.append(p)
        else:
            used[owner, channel] += 1
            busy.add(customer)
            chosen.append(p)
    timed, full = _timed(day, chosen, capacity)
    placed += timed
    for a in timed:  # the day is now that area's: a visit carried later keeps off it
        if a.candidate.channel == _VISIT:
            trips.setdefault((a.owner, day), capacity.area(a.city, a.candidate.customer_id))
    return carried + full


def _timed(day: date, chosen: list[_Pending], capacity: Capacity
           ) -> tuple[list[Action], list[_Pending]]:
    """Times on each owner's day, no two actions overlapping (``timing.slot``): the visits
    first, grouped by city, then everything else in priority order; and what the owner's day
    has no room left for (it moves on, like anything over capacity)."""
    out, full = [], []
    busy: dict[str, list[tuple[int, int]]] = {}
    # (owner, channel, afternoons only, length) that found no room: more busy time never makes
    # room (``slot``), so the rest of the day's such actions move on without looking again
    no_room: set[tuple[str, Channel, bool, int]] = set()
    for p in sorted(chosen, key=_CLAIM):
        held = busy.setdefault(p.owner, [])
        visit = p.channel == _VISIT
        # a visit holds its length and the way to the next one
        span = capacity.visit_minutes + capacity.travel_minutes if visit else MINUTES[p.channel]
        asked = (p.owner, p.channel, p.prefs.no_morning, span)
        at = None if asked in no_room else slot(p.channel, p.prefs, capacity.hours, held, span)
        if at is None:
            no_room.add(asked)
            p.moves.append((day, "day_full"))
            full.append(p)
            continue
        start = at.hour * 60 + at.minute
        held.append((start, start + span))
        out.append(_action(p, day, at, capacity.visit_minutes if visit else 0))
    return out, full


def _city(name: str) -> str:
    """广州市 and 广州 are one city."""
    name = name.strip()
    return name[:-1] if len(name) > 2 and name.endswith("市") else name


_DISTRICT = re.compile(r"([\u4e00-\u9fff]{1,6}?[区县镇])")


def district(address: str, name: str = "") -> str:
    """The district (区/县) a customer is in, from its address (else its name): a rep's visits of
    a day are made in district order."""
    for text in (address, name):
        found = _DISTRICT.search(text.split("市", 1)[-1])
        if found:
            return found.group(1)
    return ""


def _claim(p: _Pending) -> tuple[str, bool, str, tuple[int, int, bool, str, str]]:
    """Who takes an owner's time first: visits (a rep's trip, city by city), then priority."""
    visit = p.cand.channel == _VISIT
    return (p.a.file.owner, not visit, district(p.a.file.address, p.a.file.name) if visit else "", p.rank)


def _next_day(p: _Pending, day: date, policy: PlanPolicy, end: date,
              trips: Mapping[tuple[str, date], str] = {},  # noqa: B006
              capacity: Capacity | None = None,
              known: dict[tuple[date, int, bool, bool, int], date | None] | None = None
              ) -> date | None:
    """The next day the action may move to: routine contacts stay inside their own month; a
    visit skips the days its rep visits another area. ``known``: the answers for actions
    other than visits, by day, the action's ``rules`` and (a quota's action) its month — the
    same for any action alike, so the caller keeps them for the rest of the plan."""
    if known is None or p.channel == _VISIT:
        return _next_free(p, day, policy, end, trips, capacity)
    key = (day, *p.rules, p.cand.day.month if p.purpose in QUOTA_PURPOSES else 0)
    if key not in known:
        known[key] = _next_free(p, day, policy, end, trips, capacity)
    return known[key]


def _next_free(p: _Pending, day: date, policy: PlanPolicy, end: date,
               trips: Mapping[tuple[str, date], str], capacity: Capacity | None) -> date | None:
    nxt = day + timedelta(days=1)
    area = capacity.area(p.a.file.city, p.a.file.id) \
        if capacity is not None and p.cand.channel == _VISIT else None
    while nxt <= end:
        if area is not None and trips.get((p.a.file.owner, nxt), area) != area:
            nxt += timedelta(days=1)
            continue
        if p.cand.purpose in QUOTA_PURPOSES and nxt.month != p.cand.day.month:
            return None
        if blocked(nxt, p.a.file.prefs, policy.calendar, policy.windows, p.cand.about_overdue,
                   p.cand.contact) is None:
            return nxt
        nxt += timedelta(days=1)
    return None


def _bucket(channel: Channel) -> Channel:
    return Channel.WECHAT if channel in MESSAGE_CHANNELS else channel


def _action(p: _Pending, day: date, at: time, length: int = 0) -> Action:
    """The action as placed on ``day``: a routine collection contact moved there (carried,
    routed, traded, caught up) names that day's overdue invoices, amount, class and days."""
    cand = p.cand
    if day != p.made_for and p.facts is not None:
        cand = p.facts.on(cand, day)
    wanted = cand.detail.get("role")
    person = whom(p.a.file.people, cand.purpose, cand.channel,
                  wanted if isinstance(wanted, str) else None)
    return Action(cand, day, at, p.a.file.name, p.a.file.owner, p.a.file.city, p.priority, p.terms,
                  tuple(p.moves), person, length)


def _priority(a: Assessment, capacity: Capacity, today: date) -> tuple[Term, ...]:
    """The overdue amount and the days the oldest overdue invoice is late (none: 0)."""
    broken = len(a.broken_on(today - timedelta(days=365)))
    oldest = max(max(map(_DAYS_OVERDUE, a.invoices), default=0), 0)
    facts = PriorityFacts(a.overdue, oldest, a.grade, broken, len(a.signals), a.file.distance_km)
    return priority_terms(facts, capacity.weights)


_DAYS_OVERDUE = attrgetter("days_overdue")
