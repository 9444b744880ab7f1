"""Timing rules: month windows, blocked days with their reasons, pay days and time slots."""

from __future__ import annotations

from datetime import date, time

import pytest

from dunner.domain.calendar import china_calendar
from dunner.domain.timing import (
    MINUTES,
    Hours,
    Prefs,
    Windows,
    allowed_time,
    blocked,
    pay_dates,
    slot,
    window,
)
from dunner.domain.vocab import Channel
from tests.policies import hours as make_hours
from tests.policies import windows

CN = china_calendar()
HOURS = make_hours()
PLAIN = Prefs()
WINDOWS = windows()


# --- windows --------------------------------------------------------------------------------

@pytest.mark.parametrize(("day", "expected"), [
    (date(2026, 11, 1), "month_start"),  # day 1
    (date(2026, 11, 2), "month_start"),  # day 2
    (date(2026, 11, 3), None),  # day 3: the window is over
    (date(2026, 11, 27), None),  # 30-day month: the 4th day from the end
    (date(2026, 11, 28), "month_end"),  # the last 3 days of November
    (date(2026, 11, 29), "month_end"),
    (date(2026, 11, 30), "month_end"),
    (date(2026, 10, 28), None),  # 31-day month: the 4th day from the end
    (date(2026, 10, 29), "month_end"),
    (date(2026, 10, 31), "month_end"),
    (date(2026, 2, 25), None),  # February 2026 has 28 days
    (date(2026, 2, 26), "month_end"),
    (date(2026, 2, 28), "month_end"),
    (date(2026, 3, 26), None),  # quarter end: the last 5 days of March are 27–31
    (date(2026, 3, 27), "quarter_end"),
    (date(2026, 3, 31), "quarter_end"),
    (date(2026, 6, 25), None),  # June: 26–30
    (date(2026, 6, 26), "quarter_end"),
    (date(2026, 9, 25), None),  # September: 26–30
    (date(2026, 9, 26), "quarter_end"),
    (date(2026, 9, 30), "quarter_end"),
    (date(2026, 12, 26), None),  # year end: December 27–31
    (date(2026, 12, 27), "year_end"),
    (date(2026, 12, 31), "year_end"),
    (date(2026, 12, 1), "month_start"),
    (date(2027, 1, 1), "month_start"),
    (date(2026, 11, 23), None),  # an ordinary Monday
    (date(2026, 11, 15), None),
])
def test_window(day: date, expected: str | None) -> None:
    assert window(day, WINDOWS) == expected


@pytest.mark.parametrize(("day", "expected"), [
    (date(2026, 11, 1), "month_start"), (date(2026, 11, 2), None),
    (date(2026, 11, 25), None), (date(2026, 11, 26), "month_end"),
    (date(2026, 12, 24), None), (date(2026, 12, 25), "year_end"),
])
def test_windows_are_settings(day: date, expected: str | None) -> None:
    assert window(day, Windows(month_start=1, month_end=5, quarter_end=7)) == expected


# --- blocked days ---------------------------------------------------------------------------

@pytest.mark.parametrize(("day", "prefs", "overdue", "contact", "expected"), [
    # the calendar
    (date(2026, 11, 23), PLAIN, True, True, None),  # an ordinary Monday
    (date(2026, 11, 22), PLAIN, False, True, "rest_day"),  # a Sunday
    (date(2026, 11, 21), PLAIN, False, False, "rest_day"),  # a Saturday, even for a task
    (date(2026, 10, 5), PLAIN, False, True, "rest_day"),  # National Day holiday, a Monday
    (date(2026, 10, 7), PLAIN, False, False, "rest_day"),  # National Day holiday, a Wednesday
    (date(2026, 6, 19), PLAIN, False, True, "rest_day"),  # Dragon Boat Festival, a Friday
    (date(2026, 10, 10), PLAIN, True, True, None),  # 调休: a Saturday worked
    (date(2026, 9, 20), PLAIN, True, True, None),  # 调休: a Sunday worked
    (date(2026, 2, 14), PLAIN, False, True, None),  # 调休 before the Spring Festival
    # no Monday
    (date(2026, 11, 23), Prefs(no_monday=True), False, True, "no_monday"),
    (date(2026, 11, 24), Prefs(no_monday=True), False, True, None),
    (date(2026, 11, 23), Prefs(no_monday=True), False, False, None),  # internal task
    # paused before the date; the first contact may be on it (tests/domain/test_pause.py)
    (date(2026, 11, 24), Prefs(paused_until=date(2026, 11, 25)), False, True, "paused"),
    (date(2026, 11, 24), Prefs(paused_until=date(2026, 11, 25)), False, False, "paused"),
    (date(2026, 11, 25), Prefs(paused_until=date(2026, 11, 25)), False, True, None),
    (date(2026, 11, 26), Prefs(paused_until=date(2026, 11, 25)), False, True, None),
    # do not contact: no contact at all, internal tasks allowed
    (date(2026, 11, 24), Prefs(do_not_contact=True), False, True, "do_not_contact"),
    (date(2026, 11, 24), Prefs(do_not_contact=True), True, False, None),
    # the customer's book-closing day (扎账日)
    (date(2026, 11, 20), Prefs(closing_day=20), False, True, "closing_day"),
    (date(2026, 11, 19), Prefs(closing_day=20), False, True, None),
    # month-end / month-start / quarter-end windows only for overdue money
    (date(2026, 11, 30), PLAIN, True, True, "month_end"),
    (date(2026, 11, 30), PLAIN, False, True, None),
    (date(2026, 12, 1), PLAIN, True, True, "month_start"),
    (date(2026, 12, 2), PLAIN, False, True, None),
    (date(2026, 9, 28), PLAIN, True, True, "quarter_end"),
    (date(2026, 9, 28), PLAIN, False, True, None),
    (date(2026, 12, 28), PLAIN, True, True, "year_end"),
    (date(2026, 12, 28), PLAIN, True, False, "year_end"),  # an internal task about overdue money
    # a pay day inside a window is exempt
    (date(2026, 11, 30), Prefs(pay_days=(30,)), True, True, None),
    (date(2026, 12, 1), Prefs(pay_days=(1, 15)), True, True, None),
    (date(2026, 12, 31), Prefs(pay_days=(31,)), True, True, None),
    (date(2026, 11, 30), Prefs(pay_days=(31,)), True, True, None),  # day 31 in a 30-day month
    (date(2026, 11, 30), Prefs(pay_days=(10, 25)), True, True, "month_end"),  # not a pay day
])
def test_blocked(day: date, prefs: Prefs, overdue: bool, contact: bool, expected: str | None) -> None:
    assert blocked(day, prefs, CN, WINDOWS, overdue, contact) == expected


def test_rest_day_wins_over_a_pay_day_in_the_window() -> None:
    # 2026-11-29 is a Sunday: a pay day does not make it a working day
    assert blocked(date(2026, 11, 29), Prefs(pay_days=(29,)), CN, WINDOWS, overdue=True) == "rest_day"


# --- pay days -------------------------------------------------------------------------------

@pytest.mark.parametrize(("pay_days", "year", "month", "expected"), [
    ((10, 25), 2026, 11, [date(2026, 11, 10), date(2026, 11, 25)]),  # both working days
    ((19,), 2026, 6, [date(2026, 6, 18)]),  # Dragon Boat Festival (Fri) → Thursday
    ((25,), 2026, 9, [date(2026, 9, 24)]),  # Mid-Autumn Festival (Fri) → Thursday
    ((27,), 2026, 9, [date(2026, 9, 24)]),  # a Sunday inside the holiday → the same Thursday
    ((25, 27), 2026, 9, [date(2026, 9, 24)]),  # two pay days moved to one working day
    ((22,), 2026, 11, [date(2026, 11, 20)]),  # an ordinary Sunday → Friday
    ((10,), 2026, 10, [date(2026, 10, 10)]),  # a 调休 Saturday is a working day
    ((31,), 2026, 2, [date(2026, 2, 28)]),  # day 31 in February → the 28th, a 调休 Saturday
    ((30,), 2026, 11, [date(2026, 11, 30)]),
    ((), 2026, 11, []),
])
def test_pay_dates(pay_days: tuple[int, ...], year: int, month: int, expected: list[date]) -> None:
    assert list(pay_dates(Prefs(pay_days=pay_days), year, month, CN)) == expected


def test_pay_day_on_a_holiday_at_the_start_of_a_month_moves_to_the_month_before() -> None:
    # 10-01 is National Day; the last working day before it is Wednesday 09-30, which is then
    # the customer's pay date, exempt from the quarter-end window like any pay day
    prefs = Prefs(pay_days=(1,))
    assert date(2026, 9, 30) in pay_dates(prefs, 2026, 9, CN)
    assert blocked(date(2026, 9, 30), prefs, CN, WINDOWS, overdue=True) is None


def test_pay_day_in_the_may_day_holiday_moves_back_to_april() -> None:
    # 05-01..05-05 is the Labour Day holiday; 04-30 (Thursday) is the last working day before
    prefs = Prefs(pay_days=(5,))
    assert date(2026, 4, 30) in pay_dates(prefs, 2026, 4, CN)
    assert blocked(date(2026, 4, 30), prefs, CN, WINDOWS, overdue=True) is None


# --- time slots -----------------------------------------------------------------------------

def day_of(*channels: str, prefs: Prefs = PLAIN, hours: Hours = HOURS) -> list[time | None]:
    """The times ``slot`` gives one owner's actions, in this order, each holding its minutes."""
    busy: list[tuple[int, int]] = []
    out = []
    for channel in channels:
        at = slot(Channel(channel), prefs, hours, busy)
        out.append(at)
        if at is not None:
            start = at.hour * 60 + at.minute
            busy.append((start, start + MINUTES[Channel(channel)]))
    return out


@pytest.mark.parametrize(("channel", "prefs", "expected"), [
    ("call", PLAIN, time(15, 30)),
    ("wechat", PLAIN, time(10, 0)),
    ("visit", PLAIN, time(9, 30)),
    ("task", PLAIN, time(10, 0)),
    ("letter", PLAIN, time(10, 0)),
    # a customer who wants no mornings moves to the afternoon
    ("wechat", Prefs(no_morning=True), time(14, 30)),
    ("visit", Prefs(no_morning=True), time(14, 30)),
    ("call", Prefs(no_morning=True), time(15, 30)),  # already in the afternoon
])
def test_slot_of_an_empty_day(channel: str, prefs: Prefs, expected: time) -> None:
    assert slot(Channel(channel), prefs, HOURS) == expected


@pytest.mark.parametrize(("channels", "expected"), [
    # successive actions step on by how long each takes
    (["call"] * 3, ["15:30", "15:45", "16:00"]),
    (["wechat"] * 3, ["10:00", "10:05", "10:10"]),
    # a visit that would run into lunch (11:30) starts after it
    (["visit"] * 4, ["09:30", "10:30", "14:00", "15:00"]),
    # the 22nd message would end in lunch (11:45–14:00)
    (["wechat"] * 22, [f"{10 + m // 60:02d}:{m % 60:02d}" for m in range(0, 105, 5)] + ["14:00"]),
    # the channels share the owner's time: a message waits for the visit to end
    (["visit", "wechat", "task"], ["09:30", "10:30", "10:35"]),
    (["visit", "visit", "visit", "call", "wechat"], ["09:30", "10:30", "14:00", "15:30", "11:30"]),
    # ten calls fill 15:30–18:00; the next ones take the latest free time before 15:30
    (["call"] * 12, [f"{15 + (30 + 15 * i) // 60}:{(30 + 15 * i) % 60:02d}" for i in range(10)]
     + ["15:15", "15:00"]),
])
def test_slots_of_one_owners_day(channels: list[str], expected: list[str]) -> None:
    assert [at.strftime("%H:%M") if at else None for at in day_of(*channels)] == expected


def test_a_full_day_has_no_slot_left() -> None:
    times = day_of(*["visit"] * 10)  # 09:00–11:45 and 14:00–18:00 hold six hour-long visits
    assert [at.strftime("%H:%M") if at else None for at in times] == [
        "09:30", "10:30", "14:00", "15:00", "16:00", "17:00", None, None, None, None]


def test_no_morning_never_falls_back_to_the_morning() -> None:
    times = day_of(*["call"] * 20, prefs=Prefs(no_morning=True))
    assert all(at is None or at >= time(14, 0) for at in times)
    assert times.count(None) == 20 - 16  # 14:00–18:00 holds sixteen quarter-hour calls


@pytest.mark.parametrize("channel", ["call", "wechat", "visit", "task"])
@pytest.mark.parametrize("no_morning", [False, True])
def test_every_slot_is_an_allowed_time_and_none_overlap(channel: str, no_morning: bool) -> None:
    prefs = Prefs(no_morning=no_morning)
    times = [at for at in day_of(*[channel] * 150, prefs=prefs) if at is not None]
    assert times and all(allowed_time(at, HOURS) for at in times), times
    starts = sorted(at.hour * 60 + at.minute for at in times)
    length = MINUTES[Channel(channel)]
    assert all(b - a >= length for a, b in zip(starts, starts[1:], strict=False))
    assert starts[-1] + length <= 18 * 60
    assert not any(a < 14 * 60 and a + length > 11 * 60 + 45 for a in starts)  # none runs into lunch


def test_slots_follow_configured_hours() -> None:
    hours = make_hours(end=time(17, 0), call=time(16, 0))
    assert [at.strftime("%H:%M") if at else None for at in day_of(*["call"] * 6, hours=hours)] == [
        "16:00", "16:15", "16:30", "16:45", "15:45", "15:30"]


def test_every_channel_has_a_duration() -> None:
    assert set(MINUTES) == set(Channel)
    assert (MINUTES[Channel.VISIT], MINUTES[Channel.CALL], MINUTES[Channel.WECHAT]) == (60, 15, 5)


# --- configured hours -----------------------------------------------------------------------

@pytest.mark.parametrize(("hours", "expected"), [
    (make_hours(), []),
    (make_hours(start=time(8, 0), end=time(21, 0)), []),  # the hard bounds themselves
    (make_hours(start=time(7, 59)), ["start"]),  # before 08:00
    (make_hours(end=time(21, 1)), ["end"]),  # after 21:00
    (make_hours(start=time(18, 0), end=time(9, 0)), ["start", "end", "call", "wechat", "visit", "task",
                                                "afternoon"]),
    (make_hours(call=time(12, 0)), ["call"]),  # over lunch
    (make_hours(call=time(11, 45)), ["call"]),  # lunch starts at 11:45
    (make_hours(call=time(14, 0)), []),  # and is over at 14:00
    (make_hours(wechat=time(13, 59)), ["wechat"]),
    (make_hours(afternoon=time(13, 0)), ["afternoon"]),
    (make_hours(visit=time(8, 30)), ["visit"]),  # before the start of the day
    (make_hours(call=time(18, 30)), ["call"]),  # after the end of the day
    (make_hours(start=time(8, 0), visit=time(8, 30)), []),
    (make_hours(end=time(20, 0), call=time(19, 30)), []),
])
def test_hours_problems(hours: Hours, expected: list[str]) -> None:
    assert hours.problems() == expected


@pytest.mark.parametrize(("at", "ok"), [
    (time(8, 59), False), (time(9, 0), True), (time(11, 44), True), (time(11, 45), False),
    (time(13, 59), False), (time(14, 0), True), (time(18, 0), True), (time(18, 1), False),
])
def test_allowed_time(at: time, ok: bool) -> None:
    assert allowed_time(at, HOURS) is ok
