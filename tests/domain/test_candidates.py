"""Candidate actions: quotas per class, reconfirmation, promises, disputes and tasks."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, datetime, time, timedelta

import pytest

from dunner.domain.allocation import Remittance
from dunner.domain.assessment import ContactFact, CustomerFile, PromiseRow, assess
from dunner.domain.calendar import china_calendar
from dunner.domain.candidates import CONTACT_CHANNELS, Candidate, PlanPolicy, candidates
from dunner.domain.people import Person
from dunner.domain.planner import plan
from dunner.domain.receivables import InvoiceFact
from dunner.domain.terms import Terms
from dunner.domain.timing import Prefs, window
from dunner.domain.vocab import Purpose
from tests.conftest import TODAY
from tests.policies import capacity, plan_policy, policy, windows

CN = china_calendar()
POLICY = policy(CN)
PLAN = plan_policy(CN)
PAYER = Person("刘会计", "payer", "0571-87654321")
BOSS = Person("王总", "decision", "13812345678", "wang_boss")
DEC_1 = date(2026, 12, 1)
DEC_31 = date(2026, 12, 31)


def inv(key: int, due: date, amount: int = 500_000, number: str | None = None) -> InvoiceFact:
    issued = min(due - timedelta(days=30), date(2026, 9, 1))
    return InvoiceFact(key, number or f"A-{key}", issued, amount, due=due)


def customer(*invoices: InvoiceFact, **kw: object) -> CustomerFile:
    values: dict[str, object] = {"id": 7, "name": "杭州恒通五金有限公司", "owner": "张三",
                                 "terms": Terms("net", 30), "invoices": invoices,
                                 "people": (PAYER, BOSS)}
    values.update(kw)
    return CustomerFile(**values)  # type: ignore[arg-type]


def run(f: CustomerFile, today: date = TODAY, end: date = DEC_31,
        policy: PlanPolicy = PLAN) -> list[Candidate]:
    return sorted(candidates(assess(f, POLICY, today), policy, today, end), key=lambda c: (c.day, c.id))


def kinds(cands: list[Candidate]) -> Counter[tuple[str, str]]:
    return Counter((c.channel, c.purpose) for c in cands)


def overdue_by(days: int, today: date = DEC_1, key: int = 1, amount: int = 500_000) -> InvoiceFact:
    return inv(key, today - timedelta(days=days), amount)


# --- quotas per class -----------------------------------------------------------------------

@pytest.mark.parametrize(("days", "cls", "expected"), [
    (30, "collecting", {("wechat", "collect"): 5, ("call", "collect"): 3, ("visit", "collect"): 1}),
    (90, "collecting", {("wechat", "collect"): 5, ("call", "collect"): 3, ("visit", "collect"): 1}),
    (120, "doubtful", {("wechat", "collect"): 5, ("call", "collect"): 3, ("visit", "collect"): 1,
                       ("letter", "demand_letter"): 1}),
    (300, "bad", {("call", "collect"): 2, ("visit", "collect"): 1, ("letter", "demand_letter"): 1,
                  ("legal", "legal_review"): 1}),
    (800, "dead", {("legal", "legal_review"): 1}),
])
def test_a_month_of_each_class(days: int, cls: str, expected: dict[tuple[str, str], int]) -> None:
    f = customer(overdue_by(days))
    assert assess(f, POLICY, DEC_1).invoices[0].cls == cls
    cands = run(f, DEC_1, DEC_31)
    assert kinds(cands) == Counter(expected)
    days_used = [c.day for c in cands]
    assert len(days_used) == len(set(days_used))  # one a day at most
    for c in cands:
        assert CN.is_working_day(c.day) and window(c.day, windows()) is None, c
        assert c.invoices == ("A-1",) and c.amount == 500_000 and c.about_overdue


def test_the_worst_class_sets_the_cadence() -> None:
    f = customer(overdue_by(30, key=1), overdue_by(300, key=2))
    cands = run(f, DEC_1, DEC_31)
    assert kinds(cands)[("legal", "legal_review")] == 1
    assert kinds(cands)[("wechat", "collect")] == 0
    assert {c.invoices for c in cands} == {("A-2", "A-1")}  # oldest due first
    assert {c.amount for c in cands} == {1_000_000}


def test_dead_debt_gets_one_review_a_quarter_and_nothing_routine() -> None:
    f = customer(inv(1, date(2024, 6, 28)))  # over 730 days overdue on 2026-11-23
    cands = run(f, TODAY, date(2027, 3, 31))
    assert [(c.day, c.channel, c.purpose) for c in cands] == [
        (TODAY, "legal", "legal_review"),  # Q4 2026, from today
        (date(2027, 1, 4), "legal", "legal_review"),  # Q1 2027: 01-01 Fri, 01-02/03 weekend
    ]


def test_dead_debt_review_already_logged_this_quarter() -> None:
    f = customer(inv(1, date(2024, 6, 28)),
                 contacts=(ContactFact(datetime(2026, 10, 15, 10, 0), "legal"),))
    cands = run(f, TODAY, date(2027, 1, 31))
    assert [c.day for c in cands] == [date(2027, 1, 4)]


def test_closed_customer_is_dead() -> None:
    f = customer(overdue_by(30), status="closed")
    assert kinds(run(f, DEC_1, DEC_31)) == Counter({("legal", "legal_review"): 1})


# --- logged contacts count ------------------------------------------------------------------

def test_logged_contacts_this_month_reduce_the_quota() -> None:
    today = date(2026, 12, 3)
    logged = (ContactFact(datetime(2026, 12, 1, 10, 0), "wechat"),
              ContactFact(datetime(2026, 12, 2, 10, 5), "wechat"),
              ContactFact(datetime(2026, 12, 2, 15, 30), "call"),
              ContactFact(datetime(2026, 11, 20, 15, 30), "call"),  # last month: not counted
              ContactFact(datetime(2026, 11, 25, 9, 30), "visit"))
    f = customer(overdue_by(30, today), contacts=logged)
    cands = run(f, today, DEC_31)
    assert kinds(cands) == Counter({("wechat", "collect"): 3, ("call", "collect"): 2,
                                    ("visit", "collect"): 1})
    assert [c.detail["n"] for c in cands if c.channel == "wechat"] == [3, 4, 5]
    assert all(c.detail["of"] == 5 for c in cands if c.channel == "wechat")


def test_quota_used_up_leaves_nothing_routine() -> None:
    logged = tuple(ContactFact(datetime(2026, 12, 1 + i % 2, 10, i), ch)
                   for i, ch in enumerate(["wechat"] * 5 + ["call"] * 3 + ["visit"]))
    f = customer(overdue_by(30, date(2026, 12, 3)), contacts=logged)
    assert run(f, date(2026, 12, 3), DEC_31) == []


def test_remaining_actions_keep_their_ids_after_contacts_are_logged() -> None:
    month = run(customer(overdue_by(30)), DEC_1, DEC_31)
    logged = (ContactFact(datetime(2026, 12, 3, 10, 0), "wechat"),)
    later = run(customer(overdue_by(30), contacts=logged), date(2026, 12, 4), DEC_31)
    wechat = {c.detail["n"]: c.id for c in month if c.channel == "wechat"}
    assert [c.id for c in later if c.channel == "wechat"] == [wechat[n] for n in (2, 3, 4, 5)]


# --- pay days -------------------------------------------------------------------------------

def test_visit_on_the_pay_day_and_a_call_the_working_day_before() -> None:
    f = customer(overdue_by(30), prefs=Prefs(pay_days=(14, 25)))
    cands = run(f, DEC_1, DEC_31)
    visits = [c.day for c in cands if c.channel == "visit"]
    assert visits == [date(2026, 12, 14)]  # a Monday
    assert any(c.channel == "call" and c.day == date(2026, 12, 11) for c in cands)  # the Friday


def test_pay_day_in_the_month_end_window_is_used() -> None:
    f = customer(overdue_by(30, TODAY), prefs=Prefs(pay_days=(30,)))
    cands = run(f, TODAY, date(2026, 11, 30))
    assert [c.day for c in cands if c.channel == "visit"] == [date(2026, 11, 30)]


# --- before the due date --------------------------------------------------------------------

@pytest.mark.parametrize(("today", "due", "expected"), [
    (TODAY, date(2026, 12, 10), date(2026, 12, 7)),  # Thursday → the Monday, 3 days before
    (TODAY, date(2026, 12, 15), date(2026, 12, 11)),  # 3 days before is a Saturday → Friday
    (TODAY, date(2026, 12, 3), date(2026, 11, 30)),  # not about overdue money: month end is fine
    (TODAY, date(2026, 11, 26), TODAY),  # 3 days before is today
    (date(2026, 9, 21), date(2026, 10, 9), date(2026, 9, 30)),  # 10-06 is National Day
    (date(2026, 9, 21), date(2026, 10, 13), date(2026, 10, 10)),  # the 调休 Saturday
])
def test_reconfirm_no_later_than_three_days_before_the_due_date(today: date, due: date,
                                                                 expected: date) -> None:
    cands = [c for c in run(customer(inv(1, due)), today, DEC_31) if c.purpose == "reconfirm"]
    assert [(c.day, c.channel, c.purpose, c.invoices) for c in cands] == [
        (expected, "wechat", "reconfirm", ("A-1",))]
    assert cands[0].detail["due"] == due
    assert not cands[0].about_overdue


def test_reconfirm_days_are_a_setting() -> None:
    f = customer(inv(1, date(2026, 12, 10)))
    cands = run(f, TODAY, DEC_31, plan_policy(CN, reconfirm_days=7))
    assert [c.day for c in cands if c.purpose == "reconfirm"] == [date(2026, 12, 3)]


def test_a_week_is_the_week_of_the_month_plan_when_a_reconfirmation_falls_later() -> None:
    """The routine contacts keep off the reconfirmation's day even when it is past the span
    asked for, so the week's plan is the month's cut to the week."""
    today = date(2025, 1, 3)
    f = customer(inv(1, date(2025, 1, 7), 10_000, "N-0"), inv(2, date(2025, 2, 2), 5_000, "N-1"),
                 prefs=Prefs(no_monday=True, paused_until=date(2025, 1, 6)))
    a = assess(f, POLICY, today)
    week = plan([a], PLAN, capacity(), today, today + timedelta(days=6)).actions
    month = plan([a], PLAN, capacity(), today, today + timedelta(days=39)).actions
    assert week and [(x.candidate.id, x.day) for x in week] == [
        (x.candidate.id, x.day) for x in month if x.day <= today + timedelta(days=6)]


def test_reconfirm_too_late() -> None:
    assert [c for c in run(customer(inv(1, date(2026, 11, 25))), TODAY, DEC_31)
            if c.purpose == "reconfirm"] == []


def test_reconfirm_respects_no_monday() -> None:
    cands = run(customer(inv(1, date(2026, 12, 10)), prefs=Prefs(no_monday=True)), TODAY, DEC_31)
    assert [c.day for c in cands if c.purpose == "reconfirm"] == [date(2026, 12, 4)]


def test_reconfirm_groups_invoices_due_together() -> None:
    f = customer(inv(1, date(2026, 12, 10), 100_000), inv(2, date(2026, 12, 10), 20_050))
    cands = run(f, TODAY, DEC_31)
    assert [(c.day, c.invoices, c.amount) for c in cands if c.purpose == "reconfirm"] == [
        (date(2026, 12, 7), ("A-1", "A-2"), 120_050)]


# --- promises -------------------------------------------------------------------------------

@pytest.mark.parametrize(("today", "due_on", "expected"), [
    (TODAY, date(2026, 12, 8), date(2026, 12, 7)),
    (TODAY, date(2026, 11, 30), date(2026, 11, 27)),  # a Monday: the Friday before
    (date(2026, 9, 21), date(2026, 10, 8), date(2026, 9, 30)),  # after National Day
    (date(2026, 9, 21), date(2026, 10, 12), date(2026, 10, 10)),  # the 调休 Saturday
])
def test_promise_reminder_the_working_day_before(today: date, due_on: date, expected: date) -> None:
    f = customer(overdue_by(30, today), promises=(PromiseRow(today, due_on, 200_000),))
    cands = [c for c in run(f, today, DEC_31) if c.purpose == "promise_reminder"]
    assert [(c.day, c.channel, c.amount) for c in cands] == [(expected, "wechat", 200_000)]
    assert cands[0].detail["due"] == due_on
    # about the customer's own promise, so no overdue invoice is named (nor windowed)
    assert cands[0].invoices == ()
    assert cands[0].about_overdue is False


@pytest.mark.parametrize(("today", "due_on", "paid", "expected"), [
    (TODAY, date(2026, 11, 20), 0, TODAY),  # broken on a Friday → the Monday
    (TODAY, date(2026, 11, 20), 50_000, TODAY),  # partly kept counts as broken
    (date(2026, 10, 8), date(2026, 9, 30), 0, date(2026, 10, 8)),  # after National Day
    (date(2026, 10, 9), date(2026, 10, 8), 0, date(2026, 10, 9)),
])
def test_broken_promise_gets_a_call_the_working_day_after(today: date, due_on: date, paid: int,
                                                          expected: date) -> None:
    made = due_on - timedelta(days=10)
    payments = (Remittance(1, due_on - timedelta(days=1), paid),) if paid else ()
    f = customer(overdue_by(60, today), promises=(PromiseRow(made, due_on, 200_000),), payments=payments)
    cands = [c for c in run(f, today, DEC_31) if c.purpose == "promise_followup"]
    assert [(c.day, c.channel) for c in cands] == [(expected, "call")]
    assert cands[0].detail["due"] == due_on


def test_kept_promise_gets_nothing() -> None:
    f = customer(overdue_by(60, TODAY), promises=(PromiseRow(date(2026, 11, 10), date(2026, 11, 20),
                                                             200_000),),
                 payments=(Remittance(1, date(2026, 11, 19), 200_000),))
    assert not [c for c in run(f) if c.purpose.startswith("promise")]


# --- disputes -------------------------------------------------------------------------------

def test_disputed_invoice_gets_a_resolve_task_and_no_collection() -> None:
    f = customer(overdue_by(30, key=1, amount=300_000), overdue_by(40, key=2, amount=200_000),
                 disputed=frozenset({1}))
    cands = run(f, DEC_1, DEC_31)
    tasks = [c for c in cands if c.purpose == "resolve_dispute"]
    assert [(c.channel, c.invoices, c.amount) for c in tasks] == [("task", ("A-1",), 300_000)]
    collect = [c for c in cands if c.purpose == "collect"]
    assert collect and all(c.invoices == ("A-2",) and c.amount == 200_000 for c in collect)


def test_only_disputed_invoices_get_no_contacts() -> None:
    f = customer(overdue_by(30), inv(2, date(2026, 12, 15)), disputed=frozenset({1, 2}))
    cands = run(f, DEC_1, DEC_31)
    assert [(c.day, c.channel, c.purpose) for c in cands] == [
        (date(2026, 12, 3), "task", "resolve_dispute")]


# --- pause, do not contact, minimum amount --------------------------------------------------

def test_paused_customer_gets_nothing_before_the_pause_ends() -> None:
    pause = date(2026, 12, 10)
    f = customer(overdue_by(30, TODAY), inv(2, date(2026, 12, 18)), disputed=frozenset(),
                 prefs=Prefs(paused_until=pause))
    cands = run(f, TODAY, DEC_31)
    assert cands and min(c.day for c in cands) >= pause  # the first contact may be on the day
    assert {c.purpose for c in cands} >= {"collect", "reconfirm"}


def test_paused_customer_with_a_promise_gets_nothing_planned_before_the_pause_ends() -> None:
    pause = date(2026, 12, 10)
    f = customer(overdue_by(30, TODAY), prefs=Prefs(paused_until=pause),
                 promises=(PromiseRow(TODAY, date(2026, 12, 8), 100_000),))
    result = plan([assess(f, POLICY, TODAY)], PLAN, capacity(), TODAY, DEC_31)
    assert result.actions and all(a.day >= pause for a in result.actions)


def test_do_not_contact_customer_gets_only_tasks() -> None:
    f = customer(overdue_by(30, TODAY, key=1), overdue_by(20, TODAY, key=3),
                 inv(2, date(2026, 12, 18)), disputed=frozenset({3}),
                 prefs=Prefs(do_not_contact=True))
    cands = run(f)
    assert cands and {c.channel for c in cands} == {"task"}


def test_do_not_contact_customer_gets_no_promise_contacts() -> None:
    f = customer(overdue_by(30, TODAY), prefs=Prefs(do_not_contact=True),
                 promises=(PromiseRow(date(2026, 11, 10), date(2026, 11, 20), 100_000),
                           PromiseRow(TODAY, date(2026, 12, 8), 100_000)))
    assert [(c.day, c.channel, c.purpose) for c in run(f) if c.channel in CONTACT_CHANNELS] == []
    result = plan([assess(f, POLICY, TODAY)], PLAN, capacity(), TODAY, DEC_31)
    assert [a.candidate.channel for a in result.actions + result.deferred
            if a.candidate.channel in CONTACT_CHANNELS] == []


@pytest.mark.parametrize(("amount", "policy", "routine"), [
    (9_999, PLAN, False),  # ¥99.99: under the default ¥100
    (10_000, PLAN, True),  # ¥100.00
    (49_999, plan_policy(CN, min_amount=50_000), False),
    (50_000, plan_policy(CN, min_amount=50_000), True),
])
def test_min_amount(amount: int, policy: PlanPolicy, routine: bool) -> None:
    f = customer(overdue_by(30, amount=amount))
    cands = run(f, DEC_1, DEC_31, policy)
    assert bool([c for c in cands if c.purpose == "collect"]) is routine


def test_min_amount_counts_the_whole_overdue_balance() -> None:
    f = customer(overdue_by(30, key=1, amount=6_000), overdue_by(60, key=2, amount=6_000))
    assert [c for c in run(f, DEC_1, DEC_31) if c.purpose == "collect"]


# --- limitation -----------------------------------------------------------------------------

def test_limitation_within_90_days_gets_an_acknowledgement_task() -> None:
    f = customer(inv(1, date(2023, 12, 31), 800_000))  # expires 2026-12-31, 38 days away
    cands = [c for c in run(f) if c.purpose == "acknowledgement"]
    assert [(c.day, c.channel, c.invoices, c.amount) for c in cands] == [
        (TODAY, "task", ("A-1",), 800_000), (date(2026, 12, 3), "task", ("A-1",), 800_000)]
    assert cands[0].detail["expires"] == date(2026, 12, 31)


def test_limitation_further_away_gets_no_acknowledgement_task() -> None:
    f = customer(inv(1, date(2024, 3, 31)))  # expires 2027-03-31, 128 days away
    assert not [c for c in run(f) if c.purpose == "acknowledgement"]


def test_acknowledgement_task_names_the_invoices_at_risk_not_those_run_out() -> None:
    f = customer(inv(1, date(2023, 3, 31), 100_000),  # ran out 2026-03-31: dead, not at risk
                 inv(2, date(2023, 12, 31), 800_000),  # runs out 2026-12-31
                 inv(3, date(2024, 3, 31), 50_000))  # 2027-03-31: not yet
    cands = [c for c in run(f, TODAY, date(2026, 11, 30)) if c.purpose == "acknowledgement"]
    assert [(c.day, c.invoices, c.amount, c.detail["expires"]) for c in cands] == [
        (TODAY, ("A-2",), 800_000, date(2026, 12, 31))]


def test_only_run_out_claims_get_no_acknowledgement_task() -> None:
    f = customer(inv(1, date(2023, 3, 31), 100_000))
    assert not [c for c in run(f) if c.purpose == "acknowledgement"]


# --- stable ids -----------------------------------------------------------------------------

def test_action_ids_are_stable_across_runs_and_unique() -> None:
    f = customer(overdue_by(120, TODAY, key=1), inv(2, date(2026, 12, 15)), overdue_by(20, TODAY, key=3),
                 disputed=frozenset({3}), prefs=Prefs(pay_days=(10,)),
                 promises=(PromiseRow(TODAY, date(2026, 12, 8), 100_000),
                           PromiseRow(date(2026, 11, 10), date(2026, 11, 20), 50_000)))
    first = run(f, TODAY, date(2027, 1, 31))
    second = run(f, TODAY, date(2027, 1, 31))
    assert [c.id for c in first] == [c.id for c in second]
    assert len({c.id for c in first}) == len(first)
    assert {c.purpose for c in first} >= {"collect", "reconfirm", "promise_reminder", "promise_followup",
                                          "resolve_dispute", "demand_letter"}


def test_routine_contacts_keep_off_the_days_of_dated_ones() -> None:
    """A promise reminder and a reconfirmation have their own days; the month's visit and calls
    go to other days, so the one-a-day rule never pushes a visit out of the month."""
    f = customer(overdue_by(40, TODAY), inv(2, date(2026, 11, 30), 100_000),
                 promises=(PromiseRow(TODAY, date(2026, 11, 27), 200_000),))
    cands = run(f, TODAY, date(2026, 11, 30))
    fixed = {c.day for c in cands if c.purpose in ("reconfirm", "promise_reminder")}
    assert fixed == {date(2026, 11, 26), date(2026, 11, 27)}
    routine = [c for c in cands if c.purpose == "collect" and not c.deferred]
    assert routine and not fixed & {c.day for c in routine}
    assert [c.channel for c in routine].count("visit") == 1


# --- a promise is respected -------------------------------------------------------------

ROUTINE = ("collect", "demand_letter")


def test_a_promise_covering_all_overdue_money_stops_routine_collection_until_after_its_date() -> None:
    """鑫源 promised on 12-07 to pay by 12-15: no 催收 WeChat on 12-09, no call on 12-11, nothing
    for the whole balance on 12-15 itself; the reminder the working day before and the call
    the working day after a broken promise stay."""
    due_on = date(2026, 12, 15)
    f = customer(overdue_by(30, key=1, amount=20_000_00),
                 promises=(PromiseRow(date(2026, 12, 7), due_on, 20_000_00),))
    cands = run(f, date(2026, 12, 7), DEC_31)
    routine = [c for c in cands if c.purpose in ROUTINE]
    assert routine and all(c.day > due_on for c in routine if not c.deferred)
    assert [(c.day, c.purpose) for c in cands if c.purpose.startswith("promise")] == [
        (date(2026, 12, 14), "promise_reminder"), (date(2026, 12, 16), "promise_followup")]


def test_a_promise_made_at_a_visit_means_no_contacts_before_the_promised_date() -> None:
    visit = ContactFact(datetime(2026, 12, 3, 9, 30), "visit")
    f = customer(overdue_by(30, key=1), contacts=(visit,),
                 promises=(PromiseRow(date(2026, 12, 3), date(2026, 12, 21), 600_000),))
    cands = run(f, date(2026, 12, 4), DEC_31)
    before = [c for c in cands if c.contact and c.day <= date(2026, 12, 21)]
    assert [(c.day, c.purpose) for c in before] == [(date(2026, 12, 18), "promise_reminder")]


def test_a_part_promise_leaves_the_rest_chased_oldest_invoices_covered_first() -> None:
    f = customer(overdue_by(60, key=1, amount=200_000), overdue_by(30, key=2, amount=300_000),
                 promises=(PromiseRow(DEC_1, date(2026, 12, 18), 200_000),))
    cands = [c for c in run(f, DEC_1, DEC_31) if c.purpose in ROUTINE and not c.deferred]
    before = [c for c in cands if c.day <= date(2026, 12, 18)]
    after = [c for c in cands if c.day > date(2026, 12, 18)]
    assert before and {(c.invoices, c.amount) for c in before} == {(("A-2",), 300_000)}
    assert after and {(c.invoices, c.amount) for c in after} == {(("A-1", "A-2"), 500_000)}


def test_contacts_logged_before_a_promise_still_count_against_the_quota() -> None:
    logged = (ContactFact(datetime(2026, 12, 3, 10, 0), "wechat"),
              ContactFact(datetime(2026, 12, 4, 10, 0), "wechat"))
    f = customer(overdue_by(30, key=1), contacts=logged,
                 promises=(PromiseRow(date(2026, 12, 7), date(2026, 12, 18), 500_000),))
    cands = [c for c in run(f, date(2026, 12, 7), DEC_31) if c.purpose in ROUTINE]
    # five WeChats a month: the promise's reminder (12-17) is one of them, two are logged
    assert [c.detail["n"] for c in cands if c.channel == "wechat"] == [3, 4]
    assert [c.detail["of"] for c in cands if c.channel == "wechat"] == [5, 5]
    assert all(c.day > date(2026, 12, 18) for c in cands if not c.deferred)


def test_doing_a_dated_contact_changes_no_other_day() -> None:
    """The promise's reminder is part of the month's quota from the start: logging it on its
    day leaves every other routine action where it was."""
    promise = PromiseRow(date(2026, 12, 2), date(2026, 12, 11), 100_000)
    f = customer(overdue_by(40, key=1), promises=(promise,))
    today = date(2026, 12, 10)
    first = [c for c in run(f, today, DEC_31) if c.purpose in ROUTINE and not c.deferred]
    reminder = next(c for c in run(f, today, DEC_31) if c.purpose == Purpose.PROMISE_REMINDER)
    assert reminder.day == today
    done = replace(f, contacts=(ContactFact(datetime.combine(today, time(10)), "wechat"),))
    again = [c for c in run(done, today, DEC_31) if c.purpose in ROUTINE and not c.deferred]
    assert [(c.id, c.day) for c in again] == [(c.id, c.day) for c in first]


def test_a_broken_promise_is_followed_up_late_when_the_day_passed_without_a_contact() -> None:
    promise = PromiseRow(date(2026, 12, 2), date(2026, 12, 8), 100_000)
    f = customer(overdue_by(40, key=1), promises=(promise,))
    late = [c for c in run(f, date(2026, 12, 14), DEC_31) if c.purpose == Purpose.PROMISE_FOLLOWUP]
    assert [(c.day, c.detail["missed"]) for c in late] == [(date(2026, 12, 14), date(2026, 12, 9))]
    # any contact after the promised day was that follow-up
    talked = replace(f, contacts=(ContactFact(datetime(2026, 12, 10, 10), "visit"),))
    assert not [c for c in run(talked, date(2026, 12, 14), DEC_31)
                if c.purpose == Purpose.PROMISE_FOLLOWUP]


# --- stable plans and no pile-ups -------------------------------------------------------

def test_a_day_planned_the_day_before_is_the_day_planned_on_the_day() -> None:
    """Monday's printed worklist stays true on Tuesday when nothing was recorded but Monday's
    own actions."""
    files = [customer(overdue_by(20 + 7 * i, key=1), id=i, name=f"客户{i}") for i in range(1, 16)]
    monday, tuesday = date(2026, 12, 7), date(2026, 12, 8)
    first = plan([assess(f, POLICY, monday) for f in files], PLAN, capacity(), monday, DEC_31)
    done = {x.candidate.customer_id: x for x in first.actions if x.day == monday}
    logged = [f if f.id not in done else
              customer(*f.invoices, id=f.id, name=f.name,
                       contacts=(ContactFact(datetime(2026, 12, 7, 10, 0), done[f.id].candidate.channel),))
              for f in files]
    second = plan([assess(f, POLICY, tuesday) for f in logged], PLAN, capacity(), tuesday, DEC_31,
                  frozenset(x.candidate.id for x in done.values()))
    assert [(x.candidate.id, x.day) for x in first.actions if x.day > monday] == [
        (x.candidate.id, x.day) for x in second.actions]


def test_work_after_the_month_start_window_is_spread_not_piled_up() -> None:
    """12-01..02 are blocked: December's quota spreads over its usable days, not onto 12-03/04."""
    files = [customer(overdue_by(20 + 4 * i, key=1), id=i, name=f"客户{i}",
                      owner=("张三", "李四", "王芳")[i % 3]) for i in range(1, 16)]
    result = plan([assess(f, POLICY, DEC_1) for f in files], PLAN, capacity(), DEC_1, DEC_31)
    per_day = Counter(x.day for x in result.actions)
    usable = [d for d in (DEC_1 + timedelta(days=i) for i in range(31))
              if CN.is_working_day(d) and window(d, windows()) is None]
    share = -(-len(result.actions) // len(usable))
    assert len(result.actions) == 15 * 9 and not result.deferred
    assert max(per_day.values()) <= share  # nothing to catch up on the month's first day


def test_a_missed_pay_day_visit_waits_for_the_next_pay_day() -> None:
    f = customer(overdue_by(40, key=1), prefs=Prefs(pay_days=(10, 22)))
    first = [c for c in run(f, DEC_1, DEC_31) if c.channel == "visit" and not c.deferred]
    assert [c.day for c in first] == [date(2026, 12, 10)]
    # nobody went on 12-10: the visit comes back on the next pay day, not the next free day
    late = [c for c in run(f, date(2026, 12, 14), DEC_31) if c.channel == "visit" and not c.deferred]
    assert [(c.day, c.detail["missed"]) for c in late] == [(date(2026, 12, 22), date(2026, 12, 10))]


def test_a_receivable_without_its_fapiao_is_not_chased_its_owner_issues_it() -> None:
    from dunner.domain.fapiao import Fapiao, FapiaoState

    waiting = InvoiceFact(1, "F-1", date(2026, 9, 1), 500_000, due=date(2026, 10, 1),
                          fapiao=Fapiao(FapiaoState.NONE))
    cands = run(customer(waiting), DEC_1, DEC_31)
    assert not [c for c in cands if c.contact]  # no call, WeChat or visit about it
    task = next(c for c in cands if c.purpose == Purpose.FAPIAO)
    assert (task.channel, task.invoices, task.detail["variant"]) == ("task", ("F-1",), "issue")


def test_invoice_not_received_turns_the_chasing_into_a_resend_task() -> None:
    from dunner.domain.fapiao import Fapiao, FapiaoState

    issued = InvoiceFact(1, "F-1", date(2026, 9, 1), 500_000, due=date(2026, 10, 1),
                         fapiao=Fapiao(FapiaoState.ISSUED, "0001", date(2026, 9, 2)))
    chased = run(customer(issued), DEC_1, DEC_31)
    assert [c for c in chased if c.purpose == Purpose.COLLECT]
    said = ContactFact(datetime(2026, 11, 30, 15, 30), "call", "invoice_not_received")
    cands = run(customer(issued, contacts=(said,)), DEC_1, DEC_31)
    assert not [c for c in cands if c.purpose == Purpose.COLLECT]
    task = next(c for c in cands if c.purpose == Purpose.FAPIAO)
    assert task.detail["variant"] == "resend" and task.invoices == ("F-1",)


def test_a_customer_on_time_all_month_is_thanked_once_early_next_month() -> None:
    paid_on_time = customer(inv(1, date(2026, 11, 10), 300_000), inv(2, date(2026, 11, 20), 200_000),
                            payments=(Remittance(1, date(2026, 11, 10), 300_000),
                                      Remittance(2, date(2026, 11, 18), 200_000)))
    thanks = [c for c in run(paid_on_time, DEC_1, DEC_31) if c.purpose == Purpose.THANKS]
    assert [(c.day, c.channel, c.detail["month"]) for c in thanks] == \
        [(date(2026, 12, 1), "wechat", "2026-11")]
    # one paid a day late: no thanks the month after
    late = customer(inv(1, date(2026, 11, 10), 300_000), inv(2, date(2026, 11, 20), 200_000),
                    payments=(Remittance(1, date(2026, 11, 10), 300_000),
                              Remittance(2, date(2026, 11, 21), 200_000)))
    assert not [c for c in run(late, DEC_1, DEC_31) if c.purpose == Purpose.THANKS]
    # and once a month: the thanks is planned for the month's first days only
    assert not [c for c in run(paid_on_time, date(2026, 12, 14), DEC_31)
                if c.purpose == Purpose.THANKS]
