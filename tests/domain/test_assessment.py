"""One customer assessed as of a day: amounts, limitation restarts, derived signals and escalation."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest

from dunner.domain.allocation import Claim, Remittance
from dunner.domain.assessment import (
    AckRow,
    Assessment,
    ContactFact,
    CustomerFile,
    InvoiceView,
    PromiseRow,
    SignalFact,
    assess,
)
from dunner.domain.calendar import china_calendar
from dunner.domain.receivables import InvoiceFact
from dunner.domain.terms import Terms
from tests.conftest import TODAY
from tests.policies import policy

NET30 = Terms("net", 30)
POLICY = policy()
CN_POLICY = policy(china_calendar())


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def customer(**kw: object) -> CustomerFile:
    values: dict[str, object] = {"id": 1, "name": "杭州恒通五金有限公司", "owner": "张三",
                                 "terms": NET30}
    values.update(kw)
    return CustomerFile(**values)  # type: ignore[arg-type]


def by_number(a: Assessment) -> dict[str, InvoiceView]:
    return {v.item.number: v for v in a.invoices}


# --- amounts --------------------------------------------------------------------------------

THREE = (
    InvoiceFact(1, "A-1", ago(150), 100_000, due=ago(90)),
    InvoiceFact(2, "A-2", ago(75), 50_050, due=ago(45)),
    InvoiceFact(3, "A-3", ago(13), 20_000, due=TODAY + timedelta(days=17)),
)


def test_open_overdue_and_expected_recovery_to_the_fen() -> None:
    f = customer(invoices=THREE, payments=(Remittance(1, ago(60), 30_000),))
    a = assess(f, POLICY, TODAY)
    views = by_number(a)
    assert [(v.item.number, v.item.open, v.days_overdue, v.cls, v.expected)
            for v in views.values()] == [
        ("A-1", 70_000, 90, "collecting", 49_000),  # 70 %
        ("A-2", 50_050, 45, "collecting", 42_793),  # 85.5 % of 500.50 = 427.9275 → 427.93
        ("A-3", 20_000, -17, "current", 19_000),  # not yet due: 95 %
    ]
    assert a.open == 140_050
    assert a.overdue == 120_050
    assert a.expected_recovery == 110_793
    assert a.credit == 0


def test_paid_invoices_are_not_listed_and_overpayment_is_credit() -> None:
    f = customer(invoices=THREE, payments=(Remittance(1, ago(5), 200_000),))
    a = assess(f, POLICY, TODAY)
    assert a.invoices == ()
    assert (a.open, a.overdue, a.expected_recovery, a.credit) == (0, 0, 0, 200_000 - 170_050)
    assert a.limitation_expires is None


def test_due_dates_come_from_terms() -> None:
    f = customer(invoices=(InvoiceFact(1, "A-1", date(2026, 9, 1), 10_000),))
    a = assess(f, POLICY, TODAY)
    assert a.invoices[0].item.due == date(2026, 10, 1)
    assert a.invoices[0].days_overdue == 53


# --- limitation -----------------------------------------------------------------------------

OLD = (InvoiceFact(1, "O-1", date(2023, 2, 28), 100_000, due=date(2023, 3, 31)),)


def test_limitation_without_restarts_is_three_years_after_due() -> None:
    a = assess(customer(invoices=OLD), CN_POLICY, TODAY)
    assert a.limitation_expires == date(2026, 3, 31)
    assert a.invoices[0].expires == date(2026, 3, 31)
    assert a.invoices[0].cls == "dead"
    assert a.invoices[0].expected == 0  # run out: nothing to recover (not the curve's 3 %)


@pytest.mark.parametrize(("paid_on", "expires"), [
    (date(2024, 6, 3), date(2027, 6, 3)),  # a Thursday
    (date(2024, 2, 29), date(2027, 3, 1)),  # → 2027-02-28, a Sunday → Monday
    (date(2023, 10, 1), date(2026, 10, 8)),  # 2026-10-01…07 is the National Day holiday
])
def test_payment_restarts_limitation(paid_on: date, expires: date) -> None:
    f = customer(invoices=OLD, payments=(Remittance(1, paid_on, 10_000),))
    a = assess(f, CN_POLICY, TODAY)
    assert a.limitation_expires == expires
    assert a.invoices[0].expires == expires
    assert a.invoices[0].item.open == 90_000


def test_payment_restarts_the_invoice_it_pays_and_customer_takes_earliest() -> None:
    invoices = (*OLD, InvoiceFact(2, "O-2", date(2024, 5, 1), 50_000, due=date(2025, 1, 6)))
    f = customer(invoices=invoices, payments=(Remittance(1, date(2024, 6, 3), 10_000),))
    a = assess(f, CN_POLICY, TODAY)
    assert {v.item.number: v.expires for v in a.invoices} == {
        "O-1": date(2027, 6, 3), "O-2": date(2028, 1, 6)}  # O-2's own due date is later
    assert a.limitation_expires == date(2027, 6, 3)


B1 = InvoiceFact(1, "B1", date(2023, 11, 30), 50_000, due=date(2023, 12, 31))  # runs out 2026-12-31
B2 = InvoiceFact(2, "B2", date(2024, 1, 31), 80_000, due=date(2024, 2, 29))  # 2027-03-01
B3 = InvoiceFact(3, "B3", date(2024, 2, 29), 40_000, due=date(2024, 3, 31))  # 2027-03-31


def test_a_payment_named_on_one_invoice_leaves_anothers_expiry_and_alert() -> None:
    # ¥600 named on B2 (of ¥800): B1 keeps its date and its alert
    f = customer(invoices=(B1, B2), payments=(Remittance(1, date(2026, 11, 2), 60_000, "B2"),))
    a = assess(f, CN_POLICY, TODAY)
    assert {v.item.number: v.expires for v in a.invoices} == {
        "B1": date(2026, 12, 31), "B2": date(2029, 11, 2)}
    assert [v.item.number for v in a.at_risk] == ["B1"]
    assert a.limitation_alert == (date(2026, 12, 31), 50_000)


def test_a_payment_restarts_only_the_invoices_it_was_allocated_to() -> None:
    # 600.00 unnamed: oldest first, B1 paid off, B2 in part; B3 untouched
    f = customer(invoices=(B1, B2, B3), payments=(Remittance(1, date(2024, 6, 3), 60_000),))
    views = by_number(assess(f, CN_POLICY, TODAY))
    assert {n: v.expires for n, v in views.items()} == {"B2": date(2027, 6, 3), "B3": date(2027, 3, 31)}


def test_an_undated_paid_column_claim_restarts_nothing() -> None:
    f = customer(invoices=(B1,), claims=(Claim(9, date(2026, 11, 20), 10_000, "B1"),))
    a = assess(f, CN_POLICY, TODAY)
    assert a.invoices[0].item.open == 40_000
    assert a.invoices[0].expires == date(2026, 12, 31)


def test_a_full_acknowledgement_restarts_every_invoice_open_on_its_day() -> None:
    later = InvoiceFact(4, "B4", date(2024, 7, 1), 10_000, due=date(2024, 7, 31))
    f = customer(invoices=(B1, B2, B3, later), acks=(AckRow(date(2024, 6, 3), 170_000),))
    views = by_number(assess(f, CN_POLICY, TODAY))
    assert {n: v.expires for n, v in views.items()} == {
        "B1": date(2027, 6, 3), "B2": date(2027, 6, 3), "B3": date(2027, 6, 3),
        "B4": date(2027, 8, 2)}  # issued after the statement: its own three years (07-31 a Saturday)


def test_a_partial_acknowledgement_restarts_the_oldest_it_covers_in_full() -> None:
    # 1,000.00 of 1,700.00: B1 (500.00) in full, B2 (800.00) only in part — B2 and B3 keep theirs
    f = customer(invoices=(B1, B2, B3), acks=(AckRow(date(2026, 11, 2), 100_000),))
    a = assess(f, CN_POLICY, TODAY)
    assert {v.item.number: v.expires for v in a.invoices} == {
        "B1": date(2029, 11, 2), "B2": date(2027, 3, 1), "B3": date(2027, 3, 31)}
    assert a.at_risk == ()


def test_promise_and_evidenced_demand_restart_every_invoice_open_on_that_day() -> None:
    letter = ContactFact(datetime(2024, 3, 1, 10, 0), "letter", evidence=True)
    a = assess(customer(invoices=(B1, B2, B3), contacts=(letter,)), CN_POLICY, TODAY)
    assert {v.item.number: v.expires for v in a.invoices} == {
        "B1": date(2027, 3, 1), "B2": date(2027, 3, 1), "B3": date(2027, 3, 31)}  # B3 issued 02-29


def test_after_expiry_a_demand_does_not_revive_but_a_payment_does() -> None:
    letter = ContactFact(datetime(2026, 6, 1, 10, 0), "letter", evidence=True)
    dead = assess(customer(invoices=OLD, contacts=(letter,)), CN_POLICY, TODAY)
    assert (dead.invoices[0].expires, dead.invoices[0].cls, dead.invoices[0].expected) == (
        date(2026, 3, 31), "dead", 0)
    paid = assess(customer(invoices=OLD, payments=(Remittance(1, date(2026, 6, 1), 10_000),)),
                  CN_POLICY, TODAY)
    assert paid.invoices[0].expires == date(2029, 6, 1)
    assert paid.invoices[0].expected == 2_700  # the curve's 3 % at over three years, not 0


def test_demand_with_evidence_restarts_limitation() -> None:
    letter = ContactFact(datetime(2024, 6, 3, 10, 0), "letter", evidence=True)
    a = assess(customer(invoices=OLD, contacts=(letter,)), CN_POLICY, TODAY)
    assert a.limitation_expires == date(2027, 6, 3)


def test_demand_without_evidence_does_not_restart_limitation() -> None:
    letter = ContactFact(datetime(2024, 6, 3, 10, 0), "letter", evidence=False)
    a = assess(customer(invoices=OLD, contacts=(letter,)), CN_POLICY, TODAY)
    assert a.limitation_expires == date(2026, 3, 31)


def test_acknowledgement_and_promise_restart_limitation() -> None:
    acked = assess(customer(invoices=OLD, acks=(AckRow(date(2024, 6, 3)),)), CN_POLICY, TODAY)
    assert acked.limitation_expires == date(2027, 6, 3)
    promised = assess(customer(invoices=OLD, promises=(
        PromiseRow(date(2024, 6, 3), date(2024, 6, 30), 10_000),)), CN_POLICY, TODAY)
    assert promised.limitation_expires == date(2027, 6, 3)


def test_payment_after_today_does_not_restart_limitation() -> None:
    f = customer(invoices=OLD, payments=(Remittance(1, TODAY + timedelta(days=3), 10_000),))
    a = assess(f, CN_POLICY, TODAY)
    assert a.limitation_expires == date(2026, 3, 31)


# --- as of a day ----------------------------------------------------------------------------

def test_invoices_issued_after_today_are_left_out() -> None:
    later = InvoiceFact(9, "A-9", TODAY + timedelta(days=1), 99_900, due=TODAY + timedelta(days=31))
    a = assess(customer(invoices=(*THREE, later)), POLICY, TODAY)
    assert "A-9" not in by_number(a)
    assert a.open == 170_050


def test_payments_after_today_are_left_out() -> None:
    later = Remittance(1, TODAY + timedelta(days=1), 100_000)
    a = assess(customer(invoices=THREE, payments=(later,)), POLICY, TODAY)
    assert a.open == 170_050
    assert a.credit == 0


def test_assess_as_of_an_earlier_day() -> None:
    f = customer(invoices=THREE, payments=(Remittance(1, ago(60), 30_000),))
    earlier = ago(70)  # A-3 not issued yet, the payment not made yet
    a = assess(f, POLICY, earlier)
    assert {v.item.number: (v.item.open, v.days_overdue) for v in a.invoices} == {
        "A-1": (100_000, 20), "A-2": (50_050, -25)}


def test_undated_paid_amount_always_counts() -> None:
    a = assess(customer(invoices=THREE, payments=(Remittance(1, None, 100_000),)), POLICY, TODAY)
    assert "A-1" not in by_number(a)


def test_contacts_after_today_do_not_set_the_approach() -> None:
    later = tuple(ContactFact(datetime(2026, 12, d, 15, 30), "call", outcome="refused")
                  for d in (1, 2, 3))
    a = assess(customer(invoices=THREE, contacts=later), POLICY, TODAY)
    assert a.approach == "soft"


# --- derived signals ------------------------------------------------------------------------

def record(late_days: list[int]) -> tuple[tuple[InvoiceFact, ...], tuple[Remittance, ...]]:
    """One invoice a month in the last year, each paid ``late_days[i]`` days after its due date."""
    invoices, payments = [], []
    for index, late in enumerate(late_days):
        due = date(2026, 3, 10) + timedelta(days=30 * index)
        number = f"P-{index + 1}"
        invoices.append(InvoiceFact(index + 1, number, due - timedelta(days=30), 10_000, due=due))
        payments.append(Remittance(index + 1, due + timedelta(days=late), 10_000, number))
    return tuple(invoices), tuple(payments)


@pytest.mark.parametrize(("late_days", "expected"), [
    ([0, 0, 0, 0, 0, 12, 20], True),  # good payer, last two late
    ([-3, 0, 0, 5, 9], True),
    ([0, 0, 0, 0, 0, 0, 20], False),  # only the last one late
    ([0, 0, 0, 0, 0, 20, 0], False),
    ([0, 0, 0, 0, 0, 0, 0], False),
    ([10, 10, 0, 0, 0, 12, 20], False),  # not a good payer before
    ([5, 9], False),  # too little history
])
def test_payment_pattern_change_from_lateness(late_days: list[int], expected: bool) -> None:
    invoices, payments = record(late_days)
    a = assess(customer(invoices=invoices, payments=payments), POLICY, TODAY)
    assert a.invoices == ()
    assert ("payment_pattern_change" in a.signals) is expected


def test_payment_pattern_change_from_a_recent_installments_excuse() -> None:
    ask = ContactFact(datetime(2026, 11, 2, 15, 30), "call", outcome="reached",
                      excuse="installments")
    a = assess(customer(invoices=THREE, contacts=(ask,)), POLICY, TODAY)
    assert "payment_pattern_change" in a.signals


def test_old_installments_excuse_is_not_a_new_signal() -> None:
    ask = ContactFact(datetime(2026, 5, 2, 15, 30), "call", outcome="reached",
                      excuse="installments")
    a = assess(customer(invoices=THREE, contacts=(ask,)), POLICY, TODAY)
    assert "payment_pattern_change" not in a.signals


def test_other_excuse_is_no_signal() -> None:
    ask = ContactFact(datetime(2026, 11, 2, 15, 30), "call", outcome="reached", excuse="no_cash")
    a = assess(customer(invoices=THREE, contacts=(ask,)), POLICY, TODAY)
    assert a.signals == ()


def test_recorded_signals_open_until_resolved() -> None:
    signals = (SignalFact(ago(30), "key_person_change"),
               SignalFact(ago(60), "dumping", resolved_on=ago(10)),
               SignalFact(TODAY + timedelta(days=2), "relocation"))
    a = assess(customer(invoices=THREE, signals=signals), POLICY, TODAY)
    assert a.signals == ("key_person_change",)


# --- escalation -----------------------------------------------------------------------------

def broken_promises(count: int) -> tuple[PromiseRow, ...]:
    return tuple(PromiseRow(ago(40 + 20 * i), ago(30 + 20 * i), 5_000) for i in range(count))


def test_two_broken_promises_move_a_collecting_invoice_to_doubtful() -> None:
    a = assess(customer(invoices=THREE, promises=broken_promises(2)), POLICY, TODAY)
    assert [s for _, s in a.promise_states] == ["broken", "broken"]
    assert {v.item.number: v.cls for v in a.invoices} == {
        "A-1": "doubtful", "A-2": "doubtful", "A-3": "current"}
    assert a.approach == "hard"


def test_one_broken_promise_does_not_escalate() -> None:
    a = assess(customer(invoices=THREE, promises=broken_promises(1)), POLICY, TODAY)
    assert {v.item.number: v.cls for v in a.invoices} == {
        "A-1": "collecting", "A-2": "collecting", "A-3": "current"}
    assert a.approach == "soft"


def test_kept_promise_is_not_broken() -> None:
    promises = broken_promises(2)
    pays = (Remittance(1, promises[0].due_on, 5_000),)
    a = assess(customer(invoices=THREE, promises=promises, payments=pays), POLICY, TODAY)
    assert sorted(s for _, s in a.promise_states) == ["broken", "kept"]
    assert by_number(a)["A-1"].cls == "collecting"


@pytest.mark.parametrize("kind", ["bankruptcy_risk", "relocation"])
def test_escalating_signal_moves_overdue_invoices_up(kind: str) -> None:
    a = assess(customer(invoices=THREE, signals=(SignalFact(ago(3), kind),)), POLICY, TODAY)
    assert {v.item.number: v.cls for v in a.invoices} == {
        "A-1": "doubtful", "A-2": "doubtful", "A-3": "current"}


def test_closed_customer_is_dead() -> None:
    a = assess(customer(invoices=THREE, status="closed"), POLICY, TODAY)
    assert {v.cls for v in a.invoices} == {"dead"}


def test_score_is_the_rounded_sum_of_the_terms() -> None:
    a = assess(customer(invoices=THREE, credit_limit=1_000_000), POLICY, TODAY)
    shown = sum((t.points for t in a.terms), Decimal(0))
    assert a.score == int(shown.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    assert [t.name for t in a.terms] == ["on_time", "days_late", "overdue_share", "credit_use",
                                         "broken_promises", "signals", "relationship"]


def test_customer_without_invoices_is_not_d() -> None:
    a = assess(customer(), POLICY, TODAY)
    assert a.invoices == ()
    assert a.grade in ("A", "B", "C")


@pytest.mark.parametrize("days", [200, 365, 800])
def test_a_debt_growing_older_never_improves_the_score(days: int) -> None:
    """The same unpaid invoice, one day older, may not earn the customer a better grade."""
    def scored(overdue_days: int) -> Assessment:
        due = ago(overdue_days)
        inv = InvoiceFact(1, "A-1", due - timedelta(days=30), 100_000, due=due)
        return assess(customer(invoices=(inv,)), POLICY, TODAY)

    younger, older = scored(days - 1), scored(days)
    assert older.score <= younger.score, (
        [(t.name, t.points) for t in younger.terms], [(t.name, t.points) for t in older.terms])
    assert older.grade >= younger.grade  # "A" < "B" < "C" < "D"


# --- the limitation alert and a final status -------------------------------------------------

EXPIRED = InvoiceFact(1, "E-1", date(2023, 2, 28), 100_000, due=date(2023, 3, 31))  # ran out 2026-03-31
AT_RISK = InvoiceFact(2, "R-1", date(2023, 11, 30), 30_000, due=date(2023, 12, 31))  # runs out 12-31
LATER = InvoiceFact(3, "L-1", date(2024, 2, 29), 20_000, due=date(2024, 3, 31))  # 2027-03-31
TOMORROW = InvoiceFact(4, "T-1", date(2023, 10, 24), 10_000, due=date(2023, 11, 24))  # 2026-11-24


@pytest.mark.parametrize(("invoices", "at_risk", "alert"), [
    ((AT_RISK,), ["R-1"], (date(2026, 12, 31), 30_000)),
    # an invoice already run out never hides another that is about to
    ((EXPIRED, AT_RISK, LATER), ["R-1"], (date(2026, 12, 31), 30_000)),
    ((EXPIRED, TOMORROW), ["T-1"], (date(2026, 11, 24), 10_000)),
    ((EXPIRED,), [], None),  # run out: dead, not "expiring"
    ((LATER,), [], None),  # 128 days away
])
def test_limitation_alert_is_per_invoice(invoices: tuple[InvoiceFact, ...], at_risk: list[str],
                                         alert: tuple[date, int] | None) -> None:
    a = assess(customer(invoices=invoices), CN_POLICY, TODAY)
    assert [v.item.number for v in a.at_risk] == at_risk
    assert a.limitation_alert == alert


def test_limitation_alert_days_are_a_setting() -> None:
    a = assess(customer(invoices=(LATER,)), replace(CN_POLICY, alert_days=130), TODAY)
    assert a.limitation_alert == (date(2027, 3, 31), 20_000)


@pytest.mark.parametrize("status", ["closed", "bankrupt"])
def test_closed_or_bankrupt_customer_recovers_the_configured_percent(status: str) -> None:
    f = customer(invoices=THREE, status=status)
    assert assess(f, POLICY, TODAY).expected_recovery == 0  # the default: nothing
    assert [v.expected for v in assess(f, replace(POLICY, bankrupt_recovery=Decimal(10)),
                                       TODAY).invoices] == [10_000, 5_005, 2_000]
    assert {v.cls for v in assess(f, POLICY, TODAY).invoices} == {"dead"}


def test_limitation_expires_is_the_earliest_claim_not_yet_run_out() -> None:
    assert assess(customer(invoices=(EXPIRED, LATER)), CN_POLICY, TODAY).limitation_expires == date(
        2027, 3, 31)
    assert assess(customer(invoices=(EXPIRED, TOMORROW)), CN_POLICY,
                  TODAY).limitation_expires == date(2026, 11, 24)
    assert assess(customer(invoices=(EXPIRED,)), CN_POLICY, TODAY).limitation_expires == date(
        2026, 3, 31)  # every claim run out: the earliest of their days


def test_a_bankrupt_customers_invoice_not_yet_due_recovers_nothing_by_default() -> None:
    not_due = InvoiceFact(1, "N-1", TODAY, 100_000, due=TODAY + timedelta(days=30))
    a = assess(customer(invoices=(not_due,), status="bankrupt"), POLICY, TODAY)
    assert (a.invoices[0].cls, a.invoices[0].expected) == ("dead", 0)


def test_a_claim_run_out_recovers_nothing_even_from_a_bankrupt_customer() -> None:
    f = customer(invoices=(EXPIRED, LATER), status="bankrupt")
    a = assess(f, replace(CN_POLICY, bankrupt_recovery=Decimal(10)), TODAY)
    assert [v.expected for v in a.invoices] == [0, 2_000]
