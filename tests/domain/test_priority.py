"""Priority (轻重缓急): each weighted term follows its input and the terms add up to the priority."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from dunner.domain.assessment import CustomerFile, PromiseRow, SignalFact, assess
from dunner.domain.calendar import china_calendar
from dunner.domain.planner import plan
from dunner.domain.priority import PriorityFacts, priority_terms
from dunner.domain.receivables import InvoiceFact
from dunner.domain.scoring import total
from dunner.domain.terms import Terms
from tests.conftest import TODAY
from tests.policies import capacity, plan_policy, policy, settings

DEFAULT_WEIGHTS = dict(settings().planning.weights)

BASE = PriorityFacts(overdue=5_000_000, max_days_overdue=73, grade="C", broken_promises=1, signals=1,
                     distance_km=20.0)
NAMES = ("amount", "age", "grade", "broken_promises", "signals", "distance")


def points(facts: PriorityFacts, weights: dict[str, int] = DEFAULT_WEIGHTS) -> dict[str, Decimal]:
    return {t.name: t.points for t in priority_terms(facts, weights)}


def test_terms_and_their_points() -> None:
    assert points(BASE) == {"amount": Decimal("15.0"),  # ¥50,000 of ¥100,000 × 30
                            "age": Decimal("5.0"),  # 73 of 365 days × 25
                            "grade": Decimal("13.4"),  # C: 0.67 × 20
                            "broken_promises": Decimal("5.0"),  # 1 of 2 × 10
                            "signals": Decimal("5.0"),
                            "distance": Decimal("4.0")}  # 20 km of 100 → 0.8 × 5


def test_terms_add_up_to_the_priority() -> None:
    terms = priority_terms(BASE, DEFAULT_WEIGHTS)
    assert [t.name for t in terms] == list(NAMES)
    assert total(terms) == sum(t.points for t in terms) == Decimal("47.4")


# Each row: the field changed, a lower and a higher value, the term that must rise with it.
@pytest.mark.parametrize(("field", "low", "high", "term"), [
    ("overdue", 1_000_000, 2_000_000, "amount"),
    ("overdue", 0, 100_000, "amount"),  # ¥1,000
    ("max_days_overdue", 10, 200, "age"),
    ("max_days_overdue", -5, 1, "age"),  # not yet due counts as nothing
    ("grade", "A", "B", "grade"),
    ("grade", "B", "C", "grade"),
    ("grade", "C", "D", "grade"),
    ("broken_promises", 0, 1, "broken_promises"),
    ("broken_promises", 1, 2, "broken_promises"),
    ("signals", 0, 1, "signals"),
    ("signals", 1, 2, "signals"),
    ("distance_km", 80.0, 5.0, "distance"),  # nearer comes first
    ("distance_km", 100.0, 50.0, "distance"),
])
def test_each_term_moves_with_its_input(field: str, low: object, high: object, term: str) -> None:
    lo = points(replace(BASE, **{field: low}))
    hi = points(replace(BASE, **{field: high}))
    assert hi[term] > lo[term]
    assert {k: v for k, v in hi.items() if k != term} == {k: v for k, v in lo.items() if k != term}
    assert total(priority_terms(replace(BASE, **{field: high}), DEFAULT_WEIGHTS)) > \
        total(priority_terms(replace(BASE, **{field: low}), DEFAULT_WEIGHTS))


@pytest.mark.parametrize(("facts", "term", "expected"), [
    (replace(BASE, overdue=50_000_000), "amount", Decimal("30.0")),  # capped at the weight
    (replace(BASE, overdue=0), "amount", Decimal("0.0")),
    (replace(BASE, max_days_overdue=1_000), "age", Decimal("25.0")),
    (replace(BASE, max_days_overdue=-30), "age", Decimal("0.0")),
    (replace(BASE, grade="A"), "grade", Decimal("0.0")),
    (replace(BASE, grade="D"), "grade", Decimal("20.0")),
    (replace(BASE, broken_promises=5), "broken_promises", Decimal("10.0")),
    (replace(BASE, signals=0), "signals", Decimal("0.0")),
    (replace(BASE, distance_km=0.0), "distance", Decimal("5.0")),
    (replace(BASE, distance_km=250.0), "distance", Decimal("0.0")),
    (replace(BASE, distance_km=None), "distance", Decimal("2.5")),  # unknown: half
])
def test_terms_stay_within_their_weights(facts: PriorityFacts, term: str, expected: Decimal) -> None:
    assert points(facts)[term] == expected


def test_weights_from_the_config() -> None:
    weights = {"amount": 60, "age": 0, "grade": 20, "broken_promises": 10, "signals": 10, "distance": 0}
    p = points(BASE, weights)
    assert p["amount"] == Decimal("30.0") and p["age"] == Decimal("0.0") and p["distance"] == Decimal("0.0")


def test_the_plan_shows_the_terms_that_make_its_priority() -> None:
    cn = china_calendar()
    f = CustomerFile(7, "杭州恒通五金有限公司", "张三", Terms("net", 30), distance_km=12.5,
                     invoices=(InvoiceFact(1, "A-1", date(2026, 8, 1), 3_000_000, due=date(2026, 9, 1)),),
                     promises=(PromiseRow(date(2026, 10, 1), date(2026, 10, 20), 500_000),),
                     signals=(SignalFact(date(2026, 11, 1), "key_person_change"),))
    a = assess(f, policy(cn), TODAY)
    result = plan([a], plan_policy(cn), capacity(), TODAY, TODAY + timedelta(days=6))
    assert result.actions
    for action in result.actions:
        assert action.priority == int(total(action.terms))
        detail = {t.name: t.detail for t in action.terms}
        assert detail["age"] == "83d"  # 2026-09-01 → 2026-11-23
        assert detail["grade"] == a.grade
        assert detail["broken_promises"] == "1"
        assert detail["signals"] == "1"
        assert detail["distance"] == "12.5 km"
