"""A pause (``customer edit --pause-until D``): nothing before D, and D is the first usable day."""

from __future__ import annotations

from datetime import date

import pytest

from dunner.domain.calendar import china_calendar
from dunner.domain.timing import Prefs, blocked
from tests.policies import windows

CN = china_calendar()
UNTIL = date(2026, 11, 25)  # a Wednesday
PAUSED = Prefs(paused_until=UNTIL)


@pytest.mark.parametrize(("day", "overdue", "contact", "expected"), [
    (date(2026, 11, 23), True, True, "paused"),  # well before the date
    (date(2026, 11, 24), True, True, "paused"),  # the day before
    (date(2026, 11, 24), False, False, "paused"),  # internal tasks wait too
    (UNTIL, True, True, None),  # the date itself: the first contact, as the help says
    (UNTIL, False, False, None),
    (date(2026, 11, 26), True, True, None),  # after it
])
def test_pause_ends_on_its_date(day: date, overdue: bool, contact: bool,
                                expected: str | None) -> None:
    assert blocked(day, PAUSED, CN, windows(), overdue, contact) == expected

