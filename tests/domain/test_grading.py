"""Grading rules: receivable classes, escalation, promise states, approach and expected recovery."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from dunner.domain import grading
from dunner.domain.grading import (
    CLASSES,
    Escalation,
    PromiseFact,
    Thresholds,
    approach,
    base_class,
    keep_rate,
    promise_state,
    receivable_class,
    recovery_at,
    worst,
)
from dunner.domain.vocab import Class
from tests.conftest import TODAY
from tests.policies import settings

T = settings().grading.thresholds
ESCALATION = settings().grading.escalation
DEFAULT_CURVE = settings().grading.recovery_curve


def escalates(broken: list[date], signals: list[str], today: date,
              rule: Escalation = ESCALATION) -> bool:
    return grading.escalates(broken, signals, today, rule)


def recovery_rate(days: int) -> Decimal:
    return grading.recovery_rate(days, DEFAULT_CURVE)


def expected_recovery(open_fen: int, days: int) -> int:
    return grading.expected_recovery(open_fen, days, DEFAULT_CURVE)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


# --- classes --------------------------------------------------------------------------------

AGE_TABLE = [
    (-30, "current"),
    (0, "current"),
    (1, "collecting"),
    (90, "collecting"),
    (91, "doubtful"),
    (180, "doubtful"),
    (181, "bad"),
    (730, "bad"),
    (731, "dead"),
    (5000, "dead"),
]


@pytest.mark.parametrize(("days", "expected"), AGE_TABLE)
def test_base_class_by_days_overdue(days: int, expected: str) -> None:
    assert base_class(days, T) == expected


@pytest.mark.parametrize(("days", "expected"), AGE_TABLE)
def test_receivable_class_of_an_active_customer(days: int, expected: str) -> None:
    assert receivable_class(days, T) == expected


@pytest.mark.parametrize("status", ["closed", "bankrupt"])
@pytest.mark.parametrize("days", [-10, 0, 1, 91, 181])
def test_closed_or_bankrupt_customer_is_dead(status: str, days: int) -> None:
    assert receivable_class(days, T, status=status) == "dead"


@pytest.mark.parametrize("days", [-10, 0, 1, 91, 181])
def test_expired_limitation_is_dead(days: int) -> None:
    assert receivable_class(days, T, limitation_expired=True) == "dead"


@pytest.mark.parametrize(("days", "expected"), [
    (-5, "current"),
    (0, "current"),
    (1, "doubtful"),
    (90, "doubtful"),
    (91, "bad"),
    (180, "bad"),
    (181, "bad"),  # bad stays bad: escalation never makes an invoice dead
    (730, "bad"),
    (731, "dead"),  # dead by age stays dead
])
def test_escalation_moves_an_overdue_invoice_one_class_up(days: int, expected: str) -> None:
    assert receivable_class(days, T, escalate=True) == expected


def test_escalation_does_not_override_final_status() -> None:
    assert receivable_class(10, T, status="closed", escalate=True) == "dead"


def test_thresholds_come_from_configuration() -> None:
    tight = Thresholds(collecting_max_days=30, doubtful_max_days=60, bad_max_days=365)
    assert [base_class(d, tight) for d in (30, 31, 60, 61, 365, 366)] == [
        "collecting", "doubtful", "doubtful", "bad", "bad", "dead"]


def test_class_names_in_order() -> None:
    assert CLASSES == ("current", "collecting", "doubtful", "bad", "dead")


@pytest.mark.parametrize(("classes", "expected"), [
    ([], None),
    (["current"], "current"),
    (["collecting", "dead", "doubtful"], "dead"),
    (["bad", "current", "doubtful"], "bad"),
])
def test_worst_class(classes: list[str], expected: str | None) -> None:
    assert worst(Class(c) for c in classes) == expected


def test_default_thresholds_and_escalation() -> None:
    assert T == Thresholds(90, 180, 730)
    assert ESCALATION == Escalation(broken_promises=2, days=180)


# --- escalation -----------------------------------------------------------------------------

@pytest.mark.parametrize(("broken", "signals", "expected"), [
    ([ago(10), ago(100)], [], True),
    ([ago(0), ago(180)], [], True),  # 180 days back still counts
    ([ago(10), ago(181)], [], False),  # one of the two is older than 180 days
    ([ago(10)], [], False),
    ([], [], False),
    ([ago(10), ago(20), ago(400)], [], True),
    ([], ["bankruptcy_risk"], True),
    ([], ["relocation"], True),
    ([], ["key_person_change"], False),
    ([], ["payment_pattern_change", "dumping", "other"], False),
    ([ago(10)], ["business_change"], False),
])
def test_escalates(broken: list[date], signals: list[str], expected: bool) -> None:
    assert escalates(broken, signals, TODAY) is expected


def test_broken_promise_dated_after_today_does_not_count() -> None:
    assert escalates([ago(10), TODAY + timedelta(days=1)], [], TODAY) is False


def test_escalation_rule_is_a_setting() -> None:
    three_in_90 = Escalation(broken_promises=3, days=90)
    assert escalates([ago(10), ago(50), ago(90)], [], TODAY, three_in_90) is True
    assert escalates([ago(10), ago(50), ago(91)], [], TODAY, three_in_90) is False
    assert escalates([ago(10), ago(50)], [], TODAY, three_in_90) is False


# --- promises -------------------------------------------------------------------------------

PROMISE = PromiseFact(made_on=date(2026, 11, 1), due_on=date(2026, 11, 20), amount=100_000)


@pytest.mark.parametrize(("payments", "today", "expected"), [
    ([], date(2026, 11, 10), "open"),
    ([], date(2026, 11, 20), "open"),  # due today: still open
    ([(date(2026, 11, 5), 40_000)], date(2026, 11, 20), "open"),
    ([(date(2026, 11, 5), 100_000)], date(2026, 11, 10), "kept"),  # paid in full early
    ([(date(2026, 11, 20), 100_000)], TODAY, "kept"),
    ([(date(2026, 11, 1), 60_000), (date(2026, 11, 20), 40_000)], TODAY, "kept"),
    ([(date(2026, 11, 5), 120_000)], TODAY, "kept"),
    ([(date(2026, 11, 5), 40_000)], TODAY, "partly_kept"),
    ([], TODAY, "broken"),
    ([], date(2026, 11, 21), "broken"),  # the day after it fell due
    # payments outside [made on, due on] do not count toward the promise
    ([(date(2026, 10, 31), 100_000)], TODAY, "broken"),
    ([(date(2026, 11, 21), 100_000)], TODAY, "broken"),
    ([(date(2026, 10, 31), 100_000), (date(2026, 11, 10), 1)], TODAY, "partly_kept"),
])
def test_promise_state(payments: list[tuple[date, int]], today: date, expected: str) -> None:
    assert promise_state(PROMISE, payments, today) == expected


@pytest.mark.parametrize(("states", "expected"), [
    ([], None),
    (["open"], None),
    (["open", "open"], None),
    (["kept"], Decimal(1)),
    (["broken"], Decimal(0)),
    (["kept", "broken"], Decimal("0.5")),
    (["kept", "partly_kept", "broken", "open"], Decimal(1) / 3),
    (["kept", "kept", "kept", "broken"], Decimal("0.75")),
])
def test_keep_rate(states: list[str], expected: Decimal | None) -> None:
    assert keep_rate(states) == expected


# --- approach -------------------------------------------------------------------------------

@pytest.mark.parametrize(("broken", "outcomes", "expected"), [
    (2, [], "hard"),
    (3, ["reached", "paid"], "hard"),
    (1, [], "soft"),
    (0, [], "soft"),
    (0, ["refused"], "hard"),
    (0, ["reached", "refused"], "hard"),
    (0, ["no_answer", "unreachable", "no_answer"], "hard"),
    (0, ["unreachable", "unreachable", "unreachable", "reached"], "hard"),
    (0, ["reached", "no_answer", "unreachable", "no_answer"], "soft"),  # newest was answered
    (0, ["no_answer", "unreachable"], "soft"),  # only two attempts
    (0, ["no_answer", None, "unreachable"], "soft"),
    (1, ["promised", "reached", "in_payment_pipe"], "soft"),
    (0, ["disputed", "invoice_not_received", "awaiting_approval"], "soft"),
])
def test_approach(broken: int, outcomes: list[str | None], expected: str) -> None:
    assert approach(broken, outcomes) == expected


# --- expected recovery ----------------------------------------------------------------------

@pytest.mark.parametrize(("days", "percent"), [
    (0, "95"), (30, "90"), (60, "81"), (90, "70"), (180, "52"), (270, "39"), (365, "26.6"),
    (730, "13.6"), (1095, "3"), (1096, "3"), (5000, "3"), (-1, "95"), (-400, "95"),
])
def test_recovery_rate_at_curve_points(days: int, percent: str) -> None:
    assert recovery_rate(days) == Decimal(percent)


@pytest.mark.parametrize(("days", "percent"), [
    (15, "92.5"), (45, "85.5"), (75, "75.5"), (135, "61"), (225, "45.5"),
])
def test_recovery_rate_is_linear_between_points(days: int, percent: str) -> None:
    assert recovery_rate(days) == Decimal(percent)


def test_recovery_rate_falls_with_age() -> None:
    rates = [recovery_rate(d) for d in range(-5, 1200)]
    assert all(a >= b for a, b in zip(rates, rates[1:], strict=False))
    assert rates[0] == Decimal(95) and rates[-1] == Decimal(3)


def test_recovery_rate_between_points_off_the_grid() -> None:
    # 1 day: 95 − 5 × 1/30
    assert abs(recovery_rate(1) - (Decimal(95) - Decimal(5) / 30)) < Decimal("1e-20")
    # 500 days: 26.6 − 13 × 135/365
    assert abs(recovery_rate(500) - (Decimal("26.6") - Decimal(13) * 135 / 365)) < Decimal("1e-20")


def test_default_curve_points() -> None:
    assert [(d, str(p)) for d, p in DEFAULT_CURVE] == [
        (0, "95"), (30, "90"), (60, "81"), (90, "70"), (180, "52"), (270, "39"), (365, "26.6"),
        (730, "13.6"), (1095, "3")]


@pytest.mark.parametrize(("open_fen", "days", "expected"), [
    (0, 50, 0),
    (100_000, 0, 95_000),
    (100_000, 90, 70_000),
    (100_000, 365, 26_600),
    (30, 0, 29),  # 28.5 fen rounds half up, not to even
    (50, 0, 48),  # 47.5 → 48
    (10, 45, 9),  # 8.55 → 9
    (1, 90, 1),  # 0.70 → 1
    (1, 1095, 0),  # 0.03 → 0
    (50_050, 45, 42_793),  # 42 792.75 → 42 793
    (1_000_001, 45, 855_001),  # 855 000.855 → 855 001
    (12_345, 1, 11_707),  # 12 345 × 94.8333…% = 11 707.1…
    (333, 500, 73),  # 333 × 21.79178…% = 72.56…
])
def test_expected_recovery_rounds_to_the_fen(open_fen: int, days: int, expected: int) -> None:
    got = expected_recovery(open_fen, days)
    assert isinstance(got, int)
    assert got == expected


@pytest.mark.parametrize(("open_fen", "percent", "expected"), [
    (100_000, Decimal(0), 0), (100_000, Decimal("12.5"), 12_500), (333, Decimal(10), 33),
    (5, Decimal(10), 1),  # 0.5 fen rounds half up
])
def test_recovery_at_a_fixed_percent(open_fen: int, percent: Decimal, expected: int) -> None:
    assert recovery_at(open_fen, percent) == expected
