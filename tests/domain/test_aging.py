"""Aging buckets: boundaries by days overdue, and an exact partition of the open balance."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dunner.domain.aging import BUCKET_NAMES, age, bucket
from tests.conftest import TODAY


def test_bucket_names_in_order() -> None:
    assert BUCKET_NAMES == ("not_due", "1-30", "31-60", "61-90", "91-180", "181-365", "1-2y", ">2y")


@pytest.mark.parametrize(("days", "expected"), [
    (-400, "not_due"),
    (-1, "not_due"),
    (0, "not_due"),
    (1, "1-30"),
    (30, "1-30"),
    (31, "31-60"),
    (60, "31-60"),
    (61, "61-90"),
    (90, "61-90"),
    (91, "91-180"),
    (180, "91-180"),
    (181, "181-365"),
    (365, "181-365"),
    (366, "1-2y"),
    (730, "1-2y"),
    (731, ">2y"),
    (10_000, ">2y"),
])
def test_bucket_boundaries(days: int, expected: str) -> None:
    assert bucket(days) == expected


def test_age_as_of_a_day() -> None:
    items = [
        (TODAY, 100),  # due today: not yet overdue
        (TODAY + timedelta(days=10), 200),
        (TODAY - timedelta(days=1), 300),
        (TODAY - timedelta(days=31), 400),
        (TODAY - timedelta(days=366), 500),
        (TODAY - timedelta(days=731), 600),
        (TODAY - timedelta(days=31), 7),
        (TODAY - timedelta(days=45), 0),
    ]
    assert age(items, TODAY) == {
        "not_due": 300, "1-30": 300, "31-60": 407, "61-90": 0, "91-180": 0, "181-365": 0,
        "1-2y": 500, ">2y": 600,
    }


def test_age_of_nothing_is_all_zero() -> None:
    assert age([], TODAY) == dict.fromkeys(BUCKET_NAMES, 0)


dates = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))
items = st.lists(st.tuples(dates, st.integers(min_value=0, max_value=10**12)), max_size=60)


@given(items, dates)
def test_buckets_partition_the_open_balance(pairs: list[tuple[date, int]], as_of: date) -> None:
    out = age(pairs, as_of)
    assert tuple(out) == BUCKET_NAMES
    assert sum(out.values()) == sum(fen for _, fen in pairs)
    assert all(isinstance(v, int) and v >= 0 for v in out.values())


@given(dates, st.integers(min_value=1, max_value=10**12), dates)
def test_one_item_lands_in_its_own_bucket(due: date, fen: int, as_of: date) -> None:
    out = age([(due, fen)], as_of)
    name = bucket((as_of - due).days)
    assert out[name] == fen
    assert all(v == 0 for k, v in out.items() if k != name)
