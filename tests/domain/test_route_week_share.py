"""A rep's December visits when the year's last days are closed: the week share counts only the
weeks a rep can visit in.

One rep (张三) has 15 overdue customers in 广州, one visit each this month, and may make one visit a
day; another rep (李四) has one customer in 广州 whose pay day is the 28th. December 2026 starts on
a Tuesday:

- 12-01 and 12-02 are closed by the month-start window, so the first week (ISO 49) has only
  12-03 and 12-04: at one visit a day it holds 2 visits;
- 12-27..12-31 are closed by the year-end window (the last 5 days of a quarter or year), so the
  last week (ISO 53, 12-28..12-31) has no day 张三's customers may be chased on;
- 12-28 is still used: a customer's own pay day is exempt from the window, so 李四 visits 客户16
  there.

The remaining 13 visits go to the three full weeks (12-07..12-25): one of them holds 5 whatever
the plan does. Counting ISO 53 as a week 张三 can use (the plan has an action in it, but only on
another rep's customer's pay day) makes the share ceil(15 / 5) = 3 and the bound 4; over the
4 weeks that have a usable day the share is ceil(15 / 4) = 4 and the bound 5, which the plan
keeps."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

from dunner.domain.assessment import CustomerFile, assess
from dunner.domain.planner import Plan, plan
from dunner.domain.receivables import InvoiceFact
from dunner.domain.terms import Terms
from dunner.domain.timing import Prefs, blocked
from tests.domain.test_routes import CAL, NEARBY, PHONE, PLAN_POLICY, POLICY
from tests.policies import capacity

DEC_1, DEC_31 = date(2026, 12, 1), date(2026, 12, 31)


def week(day: date) -> int:
    return day.isocalendar()[1]


def customer(cid: int, owner: str, pay_days: tuple[int, ...] = ()) -> CustomerFile:
    """20 days overdue in 广州, as the route property's ledgers draw them."""
    return CustomerFile(cid, f"客户{cid}", owner, Terms("net", 30),
                        invoices=(InvoiceFact(cid, f"N{cid}", DEC_1 - timedelta(days=50), 50_000),),
                        prefs=Prefs(pay_days=pay_days), city="广州", people=PHONE)


def december() -> Plan:
    files = [customer(cid, "张三") for cid in range(1, 16)] + [customer(16, "李四", (28,))]
    cap = replace(capacity(), per_day={**capacity().per_day, "visit": 1}, visit_minutes=30,
                  travel_minutes=0, nearby=NEARBY)
    return plan([assess(f, POLICY, DEC_1) for f in files], PLAN_POLICY, cap, DEC_1, DEC_31)


def usable_days() -> list[date]:
    """The days an overdue customer without a pay day may be chased on."""
    return [d for d in (DEC_1 + timedelta(days=i) for i in range(31))
            if blocked(d, Prefs(), CAL, PLAN_POLICY.windows, True) is None]


def test_the_year_end_week_has_no_day_for_an_overdue_customer() -> None:
    usable = usable_days()
    assert usable[0] == date(2026, 12, 3) and usable[-1] == date(2026, 12, 25)
    assert sorted(Counter(week(d) for d in usable).items()) == [(49, 2), (50, 5), (51, 5), (52, 5)]
    # the customer's own pay day is exempt from the year-end window
    assert blocked(date(2026, 12, 28), Prefs(pay_days=(28,)), CAL, PLAN_POLICY.windows,
                   True) is None


def test_the_only_action_in_the_last_week_is_the_other_reps_pay_day_visit() -> None:
    last = [(a.owner, a.customer, a.candidate.channel, a.day)
            for a in december().actions if week(a.day) == 53]
    assert last == [("李四", "客户16", "visit", date(2026, 12, 28))]


def test_fifteen_visits_spread_as_evenly_as_the_usable_days_allow() -> None:
    result = december()
    visits = [a for a in result.actions if a.owner == "张三" and a.candidate.channel == "visit"]
    days = [a.day for a in visits]
    assert len(visits) == 15 and not result.deferred
    assert len(set(days)) == 15  # one visit a day
    assert all(date(2026, 12, 3) <= d <= date(2026, 12, 25) for d in days), days
    per_week = Counter(week(d) for d in days)
    # the short first week is full, the 13 others are spread 5/4/4 over the full weeks
    assert per_week[49] == 2 and sorted(per_week[w] for w in (50, 51, 52)) == [4, 4, 5], per_week
    # within the share over the weeks 张三 can use (plus one), not over those the plan touches
    weeks_used = {week(d) for d in usable_days()}
    weeks_touched = {week(a.day) for a in result.actions}
    assert len(weeks_touched) == 5 and len(weeks_used) == 4
    assert max(per_week.values()) <= -(-15 // len(weeks_used)) + 1
    assert max(per_week.values()) > -(-15 // len(weeks_touched)) + 1


MAR_1, MAR_31 = date(2025, 3, 1), date(2025, 3, 31)
# (owner, city, days overdue, fen): 16 visits of 张三 in 广州 and 佛山 (one with no city, an area
# of its own), two of 李四's; three visits a day allowed
MARCH = ([("张三", "广州", 20, 50_000)] * 7 + [("张三", "", 20, 50_138), ("李四", "", 30, 50_004),
          ("张三", "广州", 22, 50_000), ("张三", "广州", 20, 50_000), ("张三", "广州", 21, 50_000),
          ("张三", "广州", 20, 50_000), ("张三", "广州", 20, 50_000), ("张三", "佛山", 20, 50_000),
          ("李四", "佛山", 20, 50_000), ("张三", "佛山", 20, 50_000), ("张三", "广州", 20, 50_000)])


def test_a_group_no_week_has_room_for_is_split_rather_than_crowd_a_week() -> None:
    """March 2025, three visits a day: 张三's visits in 广州 came in groups of three (a day's
    worth, the week's share being 4); once each of the four weeks held one group, the last
    group fitted no week and all three went to the last one (3/3/3/6 against a bound of 5)
    although a week before it had four free days. Now a group no day takes within its week's
    share is split, and each part placed on the area's days."""
    files = [CustomerFile(cid, f"客户{cid}", owner, Terms("net", 30),
                          invoices=(InvoiceFact(cid, f"N{cid}", MAR_1 - timedelta(days=late + 30),
                                                fen),),
                          prefs=Prefs(), city=city, people=PHONE)
             for cid, (owner, city, late, fen) in enumerate(MARCH, 1)]
    cap = replace(capacity(), per_day={**capacity().per_day, "visit": 3}, visit_minutes=30,
                  travel_minutes=0, nearby=NEARBY)
    result = plan([assess(f, POLICY, MAR_1) for f in files], PLAN_POLICY, cap, MAR_1, MAR_31)
    visits = [a for a in result.actions if a.owner == "张三" and a.candidate.channel == "visit"]
    assert len(visits) == 16 and not result.deferred
    per_week = Counter(week(a.day) for a in visits)
    weeks = {week(a.day) for a in result.actions}
    assert len(weeks) == 4
    assert max(per_week.values()) <= -(-16 // len(weeks)) + 1, sorted(per_week.items())
    per_day = Counter(a.day for a in visits)
    assert max(per_day.values()) <= 3
