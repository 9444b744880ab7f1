"""An action the planner moves to another day (carried past a contact logged today, sent early
with a trade of days, routed to join its city's visits) names the overdue invoices, amount,
class and days overdue of the day it is placed on; and no routine collection contact is moved
onto a day where a promise covers all the money."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dunner.domain import grading
from dunner.domain.assessment import Assessment, ContactFact, CustomerFile, PromiseRow, assess
from dunner.domain.calendar import china_calendar
from dunner.domain.people import Person
from dunner.domain.planner import Action, Plan, plan
from dunner.domain.receivables import InvoiceFact
from dunner.domain.terms import Terms
from dunner.domain.vocab import Purpose
from tests.policies import capacity, plan_policy, policy

CAL = china_calendar()
POLICY = policy(CAL)
PLAN_POLICY = plan_policy(CAL)
PHONE = (Person("刘会计", "payer", "13800000000"),)
DEC_31 = date(2026, 12, 31)


def customer(cid: int, invoices: list[tuple[str, date, int]], city: str = "杭州",
             promises: tuple[PromiseRow, ...] = (),
             contacts: tuple[ContactFact, ...] = (), issued: date | None = None) -> CustomerFile:
    """Invoices issued on their due day, or all on ``issued`` (an invoice not yet issued on the
    plan's day is not known to it)."""
    return CustomerFile(cid, f"客户{cid}", "张三", Terms("net", 0),
                        invoices=tuple(InvoiceFact(cid * 10 + k, number, issued or due, amount, due)
                                       for k, (number, due, amount) in enumerate(invoices)),
                        promises=promises, contacts=contacts, city=city, people=PHONE)


def expected(f: CustomerFile, day: date) -> tuple[tuple[str, ...], int, int]:
    """The invoices overdue on ``day``, the money no open promise covers (the oldest invoices
    covered first) and the days the oldest is overdue — worked out from the file alone."""
    overdue = sorted((i.due, i.number, i.amount) for i in f.invoices
                     if i.due is not None and i.due < day)
    covered = sum(p.amount for p in f.promises if p.made_on <= day <= p.due_on)
    named, total = [], 0
    for _, number, amount in overdue:
        part, covered = max(amount - covered, 0), max(covered - amount, 0)
        if part:
            named.append(number)
            total += part
    if total < PLAN_POLICY.min_amount:
        named, total = [], 0
    return tuple(named), total, (day - overdue[0][0]).days if overdue else 0


def routine(result: Plan) -> list[Action]:
    """The month's routine collection contacts (numbered slots of its quota)."""
    return [a for a in result.actions
            if a.candidate.purpose in (Purpose.COLLECT, Purpose.DEMAND_LETTER)
            and "n" in a.candidate.detail]


def facts(a: Action) -> tuple[tuple[str, ...], int, object]:
    c = a.candidate
    return c.invoices, c.amount, c.detail["days"]


def assert_days_facts(result: Plan, assessments: list[Assessment]) -> None:
    files = {x.file.id: x for x in assessments}
    for a in routine(result):
        x = files[a.candidate.customer_id]
        numbers, total, days = expected(x.file, a.day)
        assert total > 0, (a.day, a.customer, a.candidate.channel, a.moves)
        assert facts(a) == (numbers, total, days), (a.day, a.candidate.channel, a.moves)
        cls = grading.receivable_class(days, PLAN_POLICY.thresholds, status=x.file.status,
                                       escalate=x.escalated)
        assert a.candidate.detail["cls"] == cls, (a.day, a.moves)


def moved(result: Plan) -> list[Action]:
    return [a for a in routine(result) if a.moves and a.moves[0][0] != a.day]


def test_an_action_carried_past_todays_contact_names_the_day_it_is_done() -> None:
    """A WeChat logged today carries today's call to a later day: by then the oldest invoice is
    older, and one more invoice (due today) is overdue."""
    today = date(2026, 11, 23)
    f = customer(1, [("A", date(2026, 7, 26), 1_000_000), ("B", today, 500_000)],
                 contacts=(ContactFact(datetime.combine(today, time(9, 40)), "wechat"),))
    assessments = [assess(f, POLICY, today)]
    result = plan(assessments, PLAN_POLICY, capacity(), today, DEC_31)
    carried = [a for a in moved(result) if a.moves[0] == (today, "contacted_today")]
    assert carried, [(a.day, a.moves) for a in result.actions]
    a = carried[0]
    assert a.day > today and facts(a) == (("A", "B"), 1_500_000, (a.day - date(2026, 7, 26)).days)
    assert_days_facts(result, assessments)


def test_an_action_carried_waits_out_a_promise_that_covers_everything() -> None:
    """The promise was recorded the day after the plan's day (a plan made for a day gone by):
    today's letter, carried past today's contact, skips the days it covers all the money."""
    today, promised = date(2026, 12, 7), date(2026, 12, 11)
    f = customer(1, [("A", date(2026, 7, 26), 1_000_000), ("B", today, 500_000)],
                 promises=(PromiseRow(today + timedelta(days=1), promised, 1_500_000),),
                 contacts=(ContactFact(datetime.combine(today, time(9, 40)), "wechat"),))
    assessments = [assess(f, POLICY, today)]
    result = plan(assessments, PLAN_POLICY, capacity(), today, DEC_31)
    carried = [a for a in routine(result) if a.moves and a.moves[0] == (today, "contacted_today")]
    assert carried and all(a.day > promised for a in carried), \
        [(a.day, a.candidate.channel, a.moves) for a in result.actions]
    assert_days_facts(result, assessments)


def test_a_trade_across_a_promises_end_swaps_the_facts_too() -> None:
    """A promise of ¥5,000 until 12-04 covers the oldest invoice and part of the next: the visit
    sent early to 12-04 chases only the rest, and the call it traded days with (now 12-11, the
    promise over) chases all of it, each with its own day's age."""
    today, promised = date(2026, 11, 23), date(2026, 12, 4)
    f = customer(1, [("A", date(2026, 8, 31), 400_000), ("B", date(2026, 9, 30), 629_042)],
                 city="上海", promises=(PromiseRow(today, promised, 500_000),),
                 contacts=(ContactFact(datetime.combine(today, time(15, 50)), "call",
                                       "promised"),))
    assessments = [assess(f, POLICY, today)]
    result = plan(assessments, PLAN_POLICY, capacity(), today, DEC_31)
    early = [a for a in moved(result) if a.moves[0][1] == "early"]
    traded = [a for a in moved(result) if a.moves[0][1] == "trade"]
    assert [a.day for a in early] == [promised] and traded, \
        [(a.day, a.candidate.channel, a.moves) for a in result.actions]
    assert facts(early[0]) == (("B",), 529_042, 95)  # A is covered in full, B in part
    assert facts(traded[0]) == (("A", "B"), 1_029_042, (traded[0].day - date(2026, 8, 31)).days)
    assert_days_facts(result, assessments)


def test_no_visit_is_routed_into_a_promise_that_covers_everything() -> None:
    """Five customers in one city: the route gathers their visits on a few days, but the one
    whose promise covers all it owes until 12-18 is not visited (nor contacted) by then."""
    today, promised = date(2026, 11, 26), date(2026, 12, 18)
    files = [customer(6, [("X1", date(2026, 11, 25), 310_000)],
                      promises=(PromiseRow(today, promised, 310_000),))]
    files += [customer(c, [(f"N{c}", date(2026, 10, 20 - c), 1_000_000)]) for c in range(2, 6)]
    assessments = [assess(f, POLICY, today) for f in files]
    result = plan(assessments, PLAN_POLICY, capacity(), today, DEC_31)
    ours = [a for a in routine(result) if a.candidate.customer_id == 6]
    assert ours and all(a.day > promised for a in ours), \
        [(a.day, a.candidate.channel, a.moves) for a in ours]
    assert any(a.candidate.channel == "visit" for a in ours)
    assert_days_facts(result, assessments)


CITIES = ("杭州", "上海", "广州")


@st.composite
def ledgers(draw: st.DrawFn) -> tuple[date, list[Assessment]]:
    today = draw(st.dates(date(2026, 1, 5), date(2026, 12, 10)))
    files = []
    for cid in range(1, draw(st.integers(2, 8)) + 1):
        dues = sorted(draw(st.lists(st.integers(-150, 25), min_size=1, max_size=3)))
        invoices = [(f"N{cid}-{k}", today + timedelta(days=d), draw(st.integers(20_000, 900_000)))
                    for k, d in enumerate(dues)]
        owed = sum(amount for _, due, amount in invoices if due < today)
        promises: tuple[PromiseRow, ...] = ()
        if owed and draw(st.booleans()):
            share = draw(st.sampled_from((0.3, 0.7, 1.0, 1.5)))
            # made today, or (a plan made for a day before it was recorded) a few days later
            made = today + timedelta(days=draw(st.sampled_from((0, 0, 0, 1, 3))))
            promises = (PromiseRow(made, made + timedelta(days=draw(st.integers(1, 25))),
                                   int(owed * share)),)
        contacts = (ContactFact(datetime.combine(today, time(9, 0)), "wechat"),) \
            if draw(st.booleans()) else ()
        files.append(customer(cid, invoices, draw(st.sampled_from(CITIES)), promises, contacts,
                              today - timedelta(days=160)))
    return today, [assess(f, POLICY, today) for f in files]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ledgers())
def test_every_routine_contact_names_its_own_days_overdue_money(data) -> None:
    """Wherever the planner puts a routine collection contact, it names that day's overdue
    invoices, the money no promise covers then, its class and age, and never nothing."""
    today, assessments = data
    result = plan(assessments, PLAN_POLICY, capacity(), today, today + timedelta(days=40))
    assert_days_facts(result, assessments)
