"""Limitation (诉讼时效): three years, month-end rule, rest days, and what restarts it."""

from __future__ import annotations

from datetime import date

import pytest

from dunner.domain.calendar import WorkCalendar, china_calendar
from dunner.domain.limitation import Restart, expired, expiring, expiry

CN = china_calendar()
WEEKENDS = WorkCalendar()


@pytest.mark.parametrize(("due", "expected"), [
    (date(2023, 3, 31), date(2026, 3, 31)),  # three years on, a Tuesday
    (date(2024, 2, 29), date(2027, 3, 1)),  # → 2027-02-28, a Sunday → Monday
    (date(2021, 2, 28), date(2024, 2, 28)),
    (date(2022, 10, 1), date(2025, 10, 9)),  # 2025-10-01 falls in the National Day holiday
    (date(2023, 1, 1), date(2026, 1, 4)),  # 2026-01-01 holiday, 01-03 Sat, 01-04 a 调休 working Sunday
])
def test_three_years_from_due(due: date, expected: date) -> None:
    assert expiry(due, [], CN) == expected


@pytest.mark.parametrize("kind", ["payment", "acknowledgement", "promise", "plan"])
def test_each_kind_of_restart(kind: str) -> None:
    restart = Restart(date(2024, 6, 3), kind)
    assert expiry(date(2023, 3, 31), [restart], CN) == date(2027, 6, 3)


def test_demand_with_evidence_restarts() -> None:
    assert expiry(date(2023, 3, 31), [Restart(date(2024, 6, 3), "demand", evidence=True)],
                  CN) == date(2027, 6, 3)


def test_demand_without_evidence_does_not_restart() -> None:
    assert expiry(date(2023, 3, 31), [Restart(date(2024, 6, 3), "demand", evidence=False)],
                  CN) == date(2026, 3, 31)


def test_restart_before_the_due_date_changes_nothing() -> None:
    assert expiry(date(2023, 3, 31), [Restart(date(2023, 1, 5), "payment")], CN) == date(2026, 3, 31)


def test_latest_restart_wins() -> None:
    restarts = [Restart(date(2024, 6, 3), "payment"), Restart(date(2025, 6, 3), "acknowledgement")]
    assert expiry(date(2023, 3, 31), restarts, CN) == date(2028, 6, 5)  # 2028-06-03 is a Saturday


@pytest.mark.parametrize(("kind", "expires"), [
    ("payment", date(2029, 6, 1)),  # the customer's own act revives a claim run out
    ("acknowledgement", date(2029, 6, 1)),
    ("promise", date(2026, 3, 31)),  # a promise or demand after the last day does not
    ("demand", date(2026, 3, 31)),
])
def test_after_expiry_only_a_payment_or_acknowledgement_revives(kind: str, expires: date) -> None:
    assert expiry(date(2023, 3, 31), [Restart(date(2026, 6, 1), kind)], CN) == expires


def test_instalment_plan_runs_from_the_last_instalment() -> None:
    plan = Restart(date(2024, 1, 10), "plan", plan_end=date(2024, 12, 31))
    assert expiry(date(2023, 3, 31), [plan], CN) == date(2027, 12, 31)


def test_last_day_on_a_holiday_moves_to_the_next_working_day() -> None:
    # due 2023-10-01 → 2026-10-01, National Day (holiday through 10-07; 10-08 is a Thursday)
    assert CN.is_rest_day(date(2026, 10, 1))
    assert expiry(date(2023, 10, 1), [], CN) == date(2026, 10, 8)


def test_past_the_known_years_only_weekends_count() -> None:
    assert 2029 not in CN.known_years
    assert CN.unknown_years(date(2026, 1, 1), date(2029, 1, 1)) == [2027, 2028, 2029]
    assert expiry(date(2026, 5, 5), [], WEEKENDS) == date(2029, 5, 7)  # 2029-05-05 is a Saturday


@pytest.mark.parametrize(("expires", "is_expired", "is_expiring"), [
    (date(2026, 12, 31), False, True),  # 38 days left
    (date(2027, 2, 21), False, True),  # 90 days left: the last day of the alert
    (date(2027, 2, 22), False, False),  # 91 days left
    (date(2027, 6, 1), False, False),
    (date(2026, 11, 23), False, True),  # the last day to sue is today
    (date(2026, 11, 22), True, False),  # run out yesterday: dead, not "expiring"
    (date(2020, 1, 2), True, False),
])
def test_expired_and_expiring(expires: date, is_expired: bool, is_expiring: bool) -> None:
    today = date(2026, 11, 23)
    assert expired(expires, today) is is_expired
    assert expiring(expires, today, 90) is is_expiring
