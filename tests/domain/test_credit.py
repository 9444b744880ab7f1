"""The credit score: each weighted term, a total equal to the points shown, and the grade bands."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dunner.domain import credit
from dunner.domain.credit import CreditFacts, score
from dunner.domain.scoring import Term, total
from tests.policies import settings

WEIGHTS = settings().grading.weights
GRADES = settings().grading.grades


def credit_terms(facts: CreditFacts, weights: Mapping[str, int] = WEIGHTS) -> tuple[Term, ...]:
    return credit.credit_terms(facts, weights)


def grade(points: int) -> str:
    return credit.grade(points, GRADES)


# A customer with a bit of everything: 8 of 10 on time, 18 days late on average, a quarter of
# the balance overdue, half the limit used, one broken promise, one open signal, one year old.
BASE = CreditFacts(
    due_last_year=10, on_time_last_year=8, avg_days_late=Decimal(18), open=100_000,
    overdue=25_000, credit_limit=200_000, broken_promises=1, open_signals=1,
    relationship_days=365,
)
BASE_POINTS = {
    "on_time": Decimal("20.0"), "days_late": Decimal("12.0"), "overdue_share": Decimal("15.0"),
    "credit_use": Decimal("5.0"), "broken_promises": Decimal("10.0"), "signals": Decimal("5.0"),
    "relationship": Decimal("1.7"),
}
TERM_NAMES = ("on_time", "days_late", "overdue_share", "credit_use", "broken_promises", "signals",
              "relationship")


def points(facts: CreditFacts) -> dict[str, Decimal]:
    return {term.name: term.points for term in credit_terms(facts)}


def check_only_term_changes(name: str, changes: dict[str, Any], expected: str) -> None:
    """Changing the inputs of one term moves that term, and the total by exactly as much."""
    before = credit_terms(BASE)
    after = credit_terms(replace(BASE, **changes))
    old = {t.name: t.points for t in before}
    new = {t.name: t.points for t in after}
    assert new[name] == Decimal(expected)
    assert {k: v for k, v in new.items() if k != name} == {k: v for k, v in old.items() if k != name}
    assert total(after) - total(before) == new[name] - old[name]


def test_base_points() -> None:
    terms = credit_terms(BASE)
    assert tuple(t.name for t in terms) == TERM_NAMES
    assert points(BASE) == BASE_POINTS
    assert total(terms) == Decimal("68.7")
    assert score(terms) == 69
    assert grade(score(terms)) == "B"


def test_weights_of_the_terms_are_the_defaults() -> None:
    assert {t.name: t.weight for t in credit_terms(BASE)} == {
        k: Decimal(v) for k, v in WEIGHTS.items()}


@pytest.mark.parametrize(("changes", "expected"), [
    ({"on_time_last_year": 10}, "25.0"),
    ({"on_time_last_year": 0}, "0.0"),
    ({"on_time_last_year": 5}, "12.5"),
    ({"on_time_last_year": 0, "due_last_year": 0}, "15.0"),  # no history: 60 %
])
def test_on_time_term(changes: dict[str, Any], expected: str) -> None:
    check_only_term_changes("on_time", changes, expected)


@pytest.mark.parametrize(("changes", "expected"), [
    ({"avg_days_late": Decimal(0)}, "15.0"),
    ({"avg_days_late": Decimal(45)}, "7.5"),
    ({"avg_days_late": Decimal(90)}, "0.0"),
    ({"avg_days_late": Decimal(400)}, "0.0"),
    ({"avg_days_late": None}, "15.0"),
])
def test_days_late_term(changes: dict[str, Any], expected: str) -> None:
    check_only_term_changes("days_late", changes, expected)


@pytest.mark.parametrize(("changes", "expected"), [
    ({"overdue": 0}, "20.0"),
    ({"overdue": 50_000}, "10.0"),
    ({"overdue": 100_000}, "0.0"),
    ({"overdue": 1}, "20.0"),
])
def test_overdue_share_term(changes: dict[str, Any], expected: str) -> None:
    check_only_term_changes("overdue_share", changes, expected)


@pytest.mark.parametrize(("changes", "expected"), [
    ({"credit_limit": None}, "5.0"),  # no limit agreed: half
    ({"credit_limit": 1_000_000}, "9.0"),
    ({"credit_limit": 100_000}, "0.0"),
    ({"credit_limit": 50_000}, "0.0"),  # over the limit does not go below zero
])
def test_credit_use_term(changes: dict[str, Any], expected: str) -> None:
    check_only_term_changes("credit_use", changes, expected)


@pytest.mark.parametrize(("changes", "expected"), [
    ({"broken_promises": 0}, "15.0"),
    ({"broken_promises": 2}, "5.0"),
    ({"broken_promises": 3}, "0.0"),
    ({"broken_promises": 7}, "0.0"),
])
def test_broken_promises_term(changes: dict[str, Any], expected: str) -> None:
    check_only_term_changes("broken_promises", changes, expected)


@pytest.mark.parametrize(("changes", "expected"), [
    ({"open_signals": 0}, "10.0"),
    ({"open_signals": 2}, "0.0"),
    ({"open_signals": 5}, "0.0"),
])
def test_signals_term(changes: dict[str, Any], expected: str) -> None:
    check_only_term_changes("signals", changes, expected)


@pytest.mark.parametrize(("changes", "expected"), [
    ({"relationship_days": None}, "0.0"),
    ({"relationship_days": 0}, "0.0"),
    ({"relationship_days": 730}, "3.3"),
    ({"relationship_days": 1095}, "5.0"),
    ({"relationship_days": 4000}, "5.0"),
])
def test_relationship_term(changes: dict[str, Any], expected: str) -> None:
    check_only_term_changes("relationship", changes, expected)


@st.composite
def facts_strategy(draw: st.DrawFn) -> CreditFacts:
    due = draw(st.integers(0, 60))
    open_fen = draw(st.integers(0, 10**10))
    return CreditFacts(
        due_last_year=due, on_time_last_year=draw(st.integers(0, due)),
        avg_days_late=draw(st.none() | st.decimals(0, 2000, places=2)),
        open=open_fen, overdue=draw(st.integers(0, open_fen)),
        credit_limit=draw(st.none() | st.integers(1, 10**10)),
        broken_promises=draw(st.integers(0, 20)), open_signals=draw(st.integers(0, 10)),
        relationship_days=draw(st.none() | st.integers(0, 10_000)),
    )


@given(facts_strategy())
def test_score_is_the_rounded_sum_of_the_points_shown(facts: CreditFacts) -> None:
    terms = credit_terms(facts)
    shown = sum((t.points for t in terms), Decimal(0))
    assert score(terms) == int(shown.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    assert 0 <= score(terms) <= 100
    for t in terms:
        assert 0 <= t.points <= t.weight


def test_score_rounds_half_up() -> None:
    # 20 + 7.5 + 15 + 5 + 10 + 5 + 0 = 62.5 → 63
    facts = replace(BASE, avg_days_late=Decimal(45), relationship_days=None)
    assert total(credit_terms(facts)) == Decimal("62.5")
    assert score(credit_terms(facts)) == 63


@pytest.mark.parametrize(("points", "expected"), [
    (100, "A"), (80, "A"), (79, "B"), (60, "B"), (59, "C"), (40, "C"), (39, "D"), (0, "D"),
])
def test_grade_boundaries(points: int, expected: str) -> None:
    assert grade(points) == expected


def test_default_weights_add_up_to_100() -> None:
    assert sum(WEIGHTS.values()) == 100
    assert set(WEIGHTS) == set(TERM_NAMES)


def test_grade_floors_are_settings() -> None:
    floors = (("A", 90), ("B", 70), ("C", 50))
    assert [credit.grade(p, floors) for p in (90, 89, 70, 69, 50, 49)] == ["A", "B", "B", "C", "C", "D"]


@pytest.mark.parametrize("name", TERM_NAMES)
def test_no_single_weight_outweighs_all_the_others(name: str) -> None:
    others = sum(v for k, v in WEIGHTS.items() if k != name)
    assert WEIGHTS[name] < others


def test_new_customer_with_a_clean_record_is_not_d() -> None:
    new = CreditFacts(due_last_year=0, on_time_last_year=0, avg_days_late=None, open=0, overdue=0,
                      credit_limit=None, broken_promises=0, open_signals=0, relationship_days=None)
    terms = credit_terms(new)
    assert grade(score(terms)) in ("A", "B", "C")
    # 15 (no history, 60 %) + 15 + 20 + 5 (no limit, half) + 15 + 10 + 0 (no relationship) = 80
    assert points(new) == {
        "on_time": Decimal("15.0"), "days_late": Decimal("15.0"), "overdue_share": Decimal("20.0"),
        "credit_use": Decimal("5.0"), "broken_promises": Decimal("15.0"),
        "signals": Decimal("10.0"), "relationship": Decimal("0.0")}
    assert score(terms) == 80
    assert grade(score(terms)) == "A"


def test_worst_customer_scores_zero() -> None:
    worst = CreditFacts(due_last_year=5, on_time_last_year=0, avg_days_late=Decimal(300),
                        open=100_000, overdue=100_000, credit_limit=10_000, broken_promises=4,
                        open_signals=3, relationship_days=0)
    assert score(credit_terms(worst)) == 0
    assert grade(0) == "D"


def test_custom_weights_are_used() -> None:
    weights = {**WEIGHTS, "on_time": 35, "relationship": 0, "signals": 5}
    terms = credit_terms(BASE, weights)
    by_name = {t.name: t.points for t in terms}
    assert by_name["on_time"] == Decimal("28.0")
    assert by_name["relationship"] == Decimal("0.0")
    assert by_name["signals"] == Decimal("2.5")
