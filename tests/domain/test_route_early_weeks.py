"""Visits and demand letters in the month's early weeks: they take longest to work, so the rest of
the month is left for the follow-up. They get there by trading days with the customer's own call
or WeChat, within a rep's day capacity and a week's share of the month's visits, so no day gets
busier; a pay-day visit stays on the pay day."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from hypothesis import given

from dunner.domain.assessment import ContactFact, CustomerFile, assess
from dunner.domain.candidates import candidates
from dunner.domain.people import Person
from dunner.domain.planner import Capacity, Plan, plan, spread_phases
from dunner.domain.receivables import InvoiceFact
from dunner.domain.terms import Terms
from dunner.domain.timing import Prefs, pay_dates
from tests.domain.test_routes import CAL, PLAN_POLICY, POLICY, ROUTES, ledger
from tests.policies import capacity

PHONE = (Person("刘会计", "payer", "13800000000"),)
DEC_1, DEC_31 = date(2026, 12, 1), date(2026, 12, 31)


def week(day: date) -> int:
    return day.isocalendar()[1]


def customer(cid: int, overdue: int, city: str = "杭州", pay_days: tuple[int, ...] = (),
             contacts: tuple[ContactFact, ...] = ()) -> CustomerFile:
    return CustomerFile(cid, f"客户{cid}", "张三", Terms("net", 30),
                        invoices=(InvoiceFact(cid, f"N{cid}", DEC_1 - timedelta(days=overdue + 30),
                                              1_000_000),),
                        prefs=Prefs(pay_days=pay_days), city=city, people=PHONE, contacts=contacts)


def december(files: list[CustomerFile], cap: Capacity | None = None, today: date = DEC_1,
             done: frozenset[str] = frozenset()) -> Plan:
    return plan([assess(f, POLICY, today) for f in files], PLAN_POLICY, cap or capacity(), today,
                DEC_31, done)


def strong(result: Plan, channel: str) -> list:
    return [a for a in result.actions if a.candidate.channel == channel]


# three cities, one visit each; the customer in 上海 is doubtful (a demand letter too)
THREE = [customer(1, 40, "杭州"), customer(2, 45, "广州"), customer(3, 100, "上海")]


def test_visits_and_letters_land_in_the_early_weeks_when_they_have_room() -> None:
    result = december(THREE)
    visits, letters = strong(result, "visit"), strong(result, "letter")
    assert len(visits) == 3 and len(letters) == 1 and not result.deferred
    # December's usable weeks start with 12-03/04 (the month-start window) and 12-07..11
    assert all(week(a.day) <= week(date(2026, 12, 7)) for a in visits + letters), \
        [(a.customer, a.candidate.channel, a.day) for a in visits + letters]
    moved = [a for a in visits + letters if a.moves]
    assert moved and all(why == "early" and old > a.day for a in moved for old, why in a.moves)
    # each traded days with its customer's own call or WeChat, which now has the later day
    for a in moved:
        (old, _), = a.moves
        partner = [x for x in result.actions if x.candidate.customer_id == a.candidate.customer_id
                   and x.day == old]
        assert [(x.candidate.channel in ("call", "wechat"), x.moves) for x in partner] == \
            [(True, ((a.day, "trade"),))]


def test_trading_days_makes_no_day_busier() -> None:
    """The customers' days are those of their cadence: only what is done on them changes."""
    result = december(THREE)
    phases = spread_phases([f.id for f in THREE])
    cadence = Counter(c.day for f in THREE
                      for c in candidates(assess(f, POLICY, DEC_1), PLAN_POLICY, DEC_1, DEC_31,
                                          phases[f.id]))
    assert Counter(a.day for a in result.actions) == cadence
    assert max(Counter((a.candidate.customer_id, a.day) for a in result.actions).values()) == 1


def test_when_the_early_weeks_are_full_the_visits_spill_later_within_capacity() -> None:
    """Twelve customers without a city (a trip each), one visit a day: a week holds at most its
    share of the month's visits plus one (ceil(12 / 5) + 1 = 4), the first weeks fill up first."""
    files = [customer(i, 30 + i, "") for i in range(1, 13)]
    one_a_day = replace(capacity(), per_day={**capacity().per_day, "visit": 1})
    result = december(files, one_a_day)
    visits = strong(result, "visit")
    assert len(visits) == 12 and not result.deferred
    assert max(Counter(a.day for a in visits).values()) == 1
    per_week = Counter(week(a.day) for a in visits)
    assert max(per_week.values()) <= 4
    # 12-03 and 12-04 are the first week's only usable days: both hold a visit; the second
    # week holds its share; what does not fit comes after
    assert per_week[week(DEC_1)] == 2 and per_week[week(date(2026, 12, 7))] == 4
    assert sum(n for w, n in per_week.items() if w > week(date(2026, 12, 7))) == 6


def test_a_pay_day_visit_stays_on_the_pay_day() -> None:
    result = december([customer(1, 40, pay_days=(22,)), customer(2, 40)])
    on_pay_day, other = sorted(strong(result, "visit"), key=lambda a: a.candidate.customer_id)
    assert (on_pay_day.day, on_pay_day.moves) == (date(2026, 12, 22), ())
    assert week(other.day) == week(DEC_1) and other.moves[0][1] == "early"


def test_a_visit_done_on_a_wechat_day_leaves_that_wechat_the_visit_day() -> None:
    """The cadence knows the trade: the day's slot is done, and the WeChat it stood for keeps
    its id and takes the visit's day, instead of being caught up as missed."""
    month = [c for c in candidates(assess(customer(1, 40), POLICY, DEC_1), PLAN_POLICY, DEC_1,
                                   DEC_31) if c.channel in ("visit", "wechat")]
    visit = next(c for c in month if c.channel == "visit")
    wechat = next(c for c in month if c.channel == "wechat" and week(c.day) < week(visit.day))
    logged = (ContactFact(datetime.combine(wechat.day, time(10)), "visit"),)
    later = wechat.day + timedelta(days=1)
    after = candidates(assess(customer(1, 40, contacts=logged), POLICY, later), PLAN_POLICY,
                       later, DEC_31)
    assert not [c for c in after if c.channel == "visit"]
    assert [(c.day, c.detail.get("missed")) for c in after if c.id == wechat.id] == \
        [(visit.day, None)]


def test_the_day_after_an_early_visit_its_plan_stands() -> None:
    """Plan on the day an early visit or letter is due, do that day's actions, plan the next
    day: every later day keeps its actions."""
    first = december(THREE)
    day = min(a.day for a in first.actions if any(why == "early" for _, why in a.moves))
    before = december(THREE, today=day)
    done = [a for a in before.actions if a.day == day]
    assert any(why == "early" for a in done for _, why in a.moves)
    logged = [replace(f, contacts=tuple(ContactFact(datetime.combine(day, a.at), a.candidate.channel)
                                        for a in done if a.candidate.customer_id == f.id))
              for f in THREE]
    after = december(logged, today=day + timedelta(days=1),
                     done=frozenset(a.candidate.id for a in done))
    assert [(a.candidate.id, a.day) for a in before.actions if a.day > day] == \
        [(a.candidate.id, a.day) for a in after.actions]


@ROUTES
@given(ledger())
def test_no_visit_waits_while_an_earlier_week_had_room_for_it(data) -> None:
    """A month planned from its first day: no day's visits of one area sit in a later week
    while a day of an earlier week had room for them all — its rep's visits that day in the same
    area (or none), within the day's capacity and the week's share of the month's visits plus
    one, and each customer's only action that day a call or WeChat of its cadence to trade with
    (taking the visit's own day, where the customer has nothing else). Left out: a month where
    a rep's actions moved for other reasons (capacity, one a day), a pay-day visit, and a visit
    moved to join its city's day from the customer's pay day."""
    today, assessments, cap = data
    month_end = (today.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    result = plan(assessments, PLAN_POLICY, cap, today, month_end)
    by_id = {a.file.id: a for a in assessments}
    weeks = {week(today + timedelta(days=i)) for i in range((month_end - today).days + 1)
             if CAL.is_working_day(today + timedelta(days=i))}
    per_day = cap.per_day["visit"]
    for owner in {a.file.owner for a in assessments}:
        mine = [a for a in result.actions if a.owner == owner]
        if any(why not in ("route", "early", "trade", "route_swap", "month_full")
               for a in mine + [x for x in result.deferred if x.owner == owner]
               for _, why in a.moves):
            continue
        visits = [a for a in mine if a.candidate.channel == "visit"]
        counted = len(visits) + sum(1 for a in result.deferred if a.owner == owner
                                    and a.candidate.channel == "visit"
                                    and all(why != "month_full" for _, why in a.moves))
        share = -(-counted // len(weeks)) + 1
        area = {a.candidate.id: cap.area(a.city, a.candidate.customer_id) for a in visits}
        on_day: dict[date, list] = {}
        for a in visits:
            on_day.setdefault(a.day, []).append(a)
        for day, group in on_day.items():
            if any(_pay_day(by_id[a.candidate.customer_id].file.prefs, a.day)
                   or any(_pay_day(by_id[a.candidate.customer_id].file.prefs, old)
                          for old, _ in a.moves) for a in group):
                continue
            where = {area[a.candidate.id] for a in group}
            for d in sorted(on_day.keys() | {x.day for x in mine}):
                if week(d) >= week(day):
                    continue
                there = on_day.get(d, [])
                room = {area[a.candidate.id] for a in there} <= where \
                    and len(there) + len(group) <= per_day \
                    and sum(1 for a in visits if week(a.day) == week(d)) + len(group) <= share
                tradable = all(
                    [(x.candidate.channel in ("call", "wechat"), x.candidate.purpose, x.moves)
                     for x in mine if x.candidate.customer_id == a.candidate.customer_id
                     and x.day == d] == [(True, "collect", ())]
                    and not [x for x in mine if x.candidate.customer_id == a.candidate.customer_id
                             and x is not a and x.day == (a.moves[0][0] if a.moves else a.day)]
                    for a in group)
                assert not (room and tradable), (owner, day, d, [a.customer for a in group])


def _pay_day(prefs: Prefs, day: date) -> bool:
    """One of the customer's pay days, as the plan keeps them: moved back to the working day
    before one that falls on a rest day."""
    return day in pay_dates(prefs, day.year, day.month, CAL)
