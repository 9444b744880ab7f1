"""Cadence: what is left of a month's quota and how it is spread over the usable days."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dunner.domain.cadence import interleave, month_schedule, remaining, spread
from dunner.domain.calendar import china_calendar
from dunner.domain.timing import Prefs, blocked
from tests.policies import settings, windows

CN = china_calendar()
QUOTAS = settings().planning.quotas


def usable(first: date, last: date) -> list[date]:
    """Days on which an overdue customer without preferences may be contacted."""
    out, day = [], first
    while day <= last:
        if blocked(day, Prefs(), CN, windows(), overdue=True) is None:
            out.append(day)
        day += timedelta(days=1)
    return out


def week(day: date) -> tuple[int, int]:
    iso = day.isocalendar()
    return iso[0], iso[1]


# December 2026: 12-01/02 month start, 12-27..31 year end; working days 12-03..12-25, four weeks
DECEMBER = usable(date(2026, 12, 1), date(2026, 12, 31))
# October 2026: National Day 10-01..07, the 调休 Saturday 10-10, month end 10-29..31
OCTOBER = usable(date(2026, 10, 1), date(2026, 10, 31))


def test_the_usable_days_used_below() -> None:
    assert DECEMBER[0] == date(2026, 12, 3) and DECEMBER[-1] == date(2026, 12, 25)
    assert len(DECEMBER) == 17
    assert OCTOBER[0] == date(2026, 10, 8) and OCTOBER[-1] == date(2026, 10, 28)
    assert date(2026, 10, 10) in OCTOBER


# --- quotas ---------------------------------------------------------------------------------

def test_default_quotas() -> None:
    assert QUOTAS["collecting"] == {"wechat": 5, "call": 3, "visit": 1}
    assert QUOTAS["doubtful"] == {"wechat": 5, "call": 3, "visit": 1, "letter": 1}
    assert QUOTAS["bad"] == {"call": 2, "visit": 1, "letter": 1, "legal": 1}
    assert "dead" not in QUOTAS  # a dead debt gets a quarterly review, nothing routine


@pytest.mark.parametrize(("logged", "expected"), [
    ({}, {"wechat": 5, "call": 3, "visit": 1}),
    ({"wechat": 2}, {"wechat": 3, "call": 3, "visit": 1}),
    ({"wechat": 2, "call": 1, "visit": 1}, {"wechat": 3, "call": 2, "visit": 0}),
    ({"call": 4}, {"wechat": 5, "call": 0, "visit": 1}),  # more than the quota: never negative
    ({"email": 3, "legal": 1}, {"wechat": 5, "call": 3, "visit": 1}),  # not in the quota
])
def test_remaining(logged: dict[str, int], expected: dict[str, int]) -> None:
    assert remaining(QUOTAS["collecting"], logged) == expected


# --- spread ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("count", "days"), [
    (0, DECEMBER), (-1, DECEMBER), (3, []),
])
def test_spread_nothing(count: int, days: list[date]) -> None:
    assert spread(count, days) == []


@pytest.mark.parametrize("days", [DECEMBER, OCTOBER], ids=["december", "october"])
@pytest.mark.parametrize("count", [1, 2, 3, 4, 5, 8, 9, 17, 30])
def test_spread(count: int, days: list[date]) -> None:
    out = spread(count, days)
    assert out == sorted(set(out))  # distinct (one a day at most) and in order
    assert set(out) <= set(days)
    assert len(out) == min(count, len(days))
    weeks = {week(d) for d in days}
    if count >= len(weeks):
        assert {week(d) for d in out} == weeks  # every week with a usable day gets one
    else:
        assert len({week(d) for d in out}) == count  # never two in a week while weeks go without


@pytest.mark.parametrize("count", [4, 8, 12, 17])
def test_spread_evenly(count: int) -> None:
    # each week gets its share of the count by its usable days, to within one action
    out = Counter(week(d) for d in spread(count, DECEMBER))
    per_week = Counter(week(d) for d in DECEMBER)
    for key, n in per_week.items():
        assert abs(out[key] - count * n / len(DECEMBER)) < 1, (key, out)


@given(st.sets(st.integers(min_value=0, max_value=60), max_size=61), st.integers(0, 70))
def test_spread_properties(offsets: set[int], count: int) -> None:
    days = sorted(date(2026, 11, 1) + timedelta(days=o) for o in offsets)
    out = spread(count, days)
    assert out == sorted(set(out))
    assert set(out) <= set(days)
    assert len(out) == min(max(count, 0), len(days))
    weeks = {week(d) for d in days}
    if count >= len(weeks):
        assert {week(d) for d in out} == weeks
    else:
        assert len({week(d) for d in out}) == max(count, 0)


# --- interleave -----------------------------------------------------------------------------

@pytest.mark.parametrize("left", [
    {"wechat": 5, "call": 3},
    {"wechat": 3, "call": 2, "letter": 1},
    {"call": 2, "letter": 1, "legal": 1},
    {"wechat": 1},
    {},
    {"wechat": 0, "call": 0},
])
def test_interleave_keeps_every_channel(left: dict[str, int]) -> None:
    assert Counter(interleave(left)) == Counter({k: v for k, v in left.items() if v})


def test_interleave_alternates() -> None:
    order = interleave({"wechat": 5, "call": 3})
    assert all(not (a == b == "call") for a, b in zip(order, order[1:], strict=False))
    assert interleave({"wechat": 2, "call": 2}) in (["call", "wechat", "call", "wechat"],
                                                    ["wechat", "call", "wechat", "call"])


# --- a customer's month ---------------------------------------------------------------------

def eves(pay_days: list[date]) -> dict[date, date]:
    return {d: CN.previous_working_day(d - timedelta(days=1)) for d in pay_days}


@pytest.mark.parametrize(("days", "pay_day", "eve"), [
    (DECEMBER, date(2026, 12, 10), date(2026, 12, 9)),
    (DECEMBER, date(2026, 12, 14), date(2026, 12, 11)),  # a Monday: the call on Friday
    (OCTOBER, date(2026, 10, 12), date(2026, 10, 10)),  # the day before is the 调休 Saturday
    (OCTOBER, date(2026, 10, 9), date(2026, 10, 8)),
])
def test_month_schedule_visit_on_the_pay_day_and_a_call_the_working_day_before(
        days: list[date], pay_day: date, eve: date) -> None:
    schedule, _ = month_schedule({"wechat": 5, "call": 3, "visit": 1}, days, [pay_day], eves([pay_day]))
    by_day = dict(schedule)
    assert by_day[pay_day] == "visit"
    assert by_day[eve] == "call"
    assert Counter(ch for _, ch in schedule) == Counter({"wechat": 5, "call": 3, "visit": 1})


def test_month_schedule_uses_the_first_pay_day_left_in_the_month() -> None:
    pays = [date(2026, 12, 10), date(2026, 12, 25)]
    schedule, _ = month_schedule({"wechat": 5, "call": 3, "visit": 1}, DECEMBER, pays, eves(pays))
    assert [d for d, ch in schedule if ch == "visit"] == [date(2026, 12, 10)]


def test_month_schedule_pay_day_outside_the_usable_days() -> None:
    # a pay day before the plan starts (or otherwise unusable) gives way to an ordinary visit
    pays = [date(2026, 12, 2)]
    schedule, _ = month_schedule({"wechat": 5, "call": 3, "visit": 1}, DECEMBER, pays, eves(pays))
    assert Counter(ch for _, ch in schedule)["visit"] == 1
    assert all(d in DECEMBER for d, _ in schedule)


def test_month_schedule_no_call_left_for_the_eve() -> None:
    pays = [date(2026, 12, 10)]
    schedule = dict(month_schedule({"wechat": 2, "call": 0, "visit": 1}, DECEMBER, pays, eves(pays))[0])
    assert schedule[date(2026, 12, 10)] == "visit"
    assert "call" not in schedule.values()


@pytest.mark.parametrize("cls", ["collecting", "doubtful", "bad"])
@pytest.mark.parametrize("pay_days", [[], [date(2026, 12, 17)]], ids=["no_pay_day", "pay_day"])
def test_month_schedule_fills_the_quota_one_a_day_and_every_week(cls: str, pay_days: list[date]
                                                                   ) -> None:
    quota = QUOTAS[cls]
    schedule, dropped = month_schedule(quota, DECEMBER, pay_days, eves(pay_days))
    assert dropped == []
    days = [d for d, _ in schedule]
    assert days == sorted(set(days))
    assert set(days) <= set(DECEMBER)
    assert Counter(ch for _, ch in schedule) == Counter({k: v for k, v in quota.items() if v})
    assert {week(d) for d in days} == {week(d) for d in DECEMBER}


def test_month_schedule_with_fewer_days_than_the_quota() -> None:
    days = usable(date(2026, 11, 23), date(2026, 11, 30))  # 11-23..27: five days
    assert len(days) == 5
    schedule, dropped = month_schedule(QUOTAS["collecting"], days, [], {})
    assert [d for d, _ in schedule] == days  # one a day, every day
    # the scarce visit is kept first; what the month cannot hold is handed back, not lost
    assert Counter(ch for _, ch in schedule) == Counter({"visit": 1, "call": 2, "wechat": 2})
    assert Counter(dropped) == Counter({"call": 1, "wechat": 3})


@pytest.mark.parametrize(("slots", "kept"), [
    (1, {"visit": 1}),  # a doubtful customer with one day left: the visit
    (2, {"visit": 1, "letter": 1}),
    (3, {"visit": 1, "letter": 1, "call": 1}),
    (5, {"visit": 1, "letter": 1, "call": 2, "wechat": 1}),
])
def test_a_short_month_keeps_visits_and_letters_first(slots: int, kept: dict[str, int]) -> None:
    quota = QUOTAS["doubtful"]
    schedule, dropped = month_schedule(quota, usable(date(2026, 12, 1), date(2026, 12, 31))[:slots],
                                       [], {})
    assert Counter(ch for _, ch in schedule) == Counter(kept)
    assert Counter(ch for _, ch in schedule) + Counter(dropped) == Counter(quota)


def test_month_schedule_after_logged_contacts() -> None:
    left = remaining(QUOTAS["collecting"], {"wechat": 4, "call": 3, "visit": 1})
    assert month_schedule(left, DECEMBER, [], {})[0] != []
    assert Counter(ch for _, ch in month_schedule(left, DECEMBER, [], {})[0]) == Counter({"wechat": 1})
    assert month_schedule(remaining(QUOTAS["bad"], {"call": 2, "visit": 1, "letter": 1,
                                                            "legal": 1}), DECEMBER, [], {}) == ([], [])
