"""An owner's day with no room for an action has none once more of it is busy (the planner
stops looking for the rest of the day's such actions)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from dunner.domain.timing import MINUTES, Prefs, slot
from dunner.domain.vocab import Channel
from tests.policies import hours

HOURS = hours()
SPANS = st.lists(st.tuples(st.integers(8 * 60, 19 * 60), st.integers(5, 240))
                 .map(lambda s: (s[0], s[0] + s[1])), max_size=8)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(list(MINUTES)), st.booleans(), SPANS, SPANS, st.integers(5, 300))
def test_no_room_stays_no_room(channel: Channel, no_morning: bool, busy: list[tuple[int, int]],
                               more: list[tuple[int, int]], length: int) -> None:
    prefs = replace(Prefs(), no_morning=no_morning)
    if slot(channel, prefs, HOURS, busy, length) is None:
        assert slot(channel, prefs, HOURS, [*busy, *more], length) is None


def test_a_full_day_is_found_full() -> None:
    whole_day = [(8 * 60, 20 * 60)]
    assert slot(Channel.CALL, Prefs(), HOURS, whole_day, 10) is None
    assert slot(Channel.CALL, Prefs(), HOURS, [], 10) is not None
