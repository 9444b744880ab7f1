"""Property tests: over random ledgers and random days, no plan ever breaks a planning rule."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dunner.domain.allocation import Remittance
from dunner.domain.assessment import (
    ContactFact,
    CustomerFile,
    PromiseRow,
    assess,
)
from dunner.domain.calendar import china_calendar
from dunner.domain.candidates import cadence_class
from dunner.domain.fapiao import UNTRACKED, Fapiao, FapiaoState
from dunner.domain.people import Person
from dunner.domain.planner import plan
from dunner.domain.receivables import InvoiceFact
from dunner.domain.terms import Terms
from dunner.domain.timing import Prefs, allowed_time, blocked, pay_dates, window
from dunner.domain.vocab import EXCUSES
from tests.policies import capacity, plan_policy, policy, windows

CAL = china_calendar()
POLICY = policy(CAL)
PLAN_POLICY = plan_policy(CAL)
CAPACITY = capacity()
WINDOWS = windows()
OWNERS = ("张三", "李四")


@st.composite
def customer(draw: st.DrawFn, cid: int, today: date) -> CustomerFile:
    n = draw(st.integers(1, 5))
    invoices = tuple(
        InvoiceFact(cid * 100 + i, f"N{cid}-{i}", today - timedelta(days=draw(st.integers(0, 900))),
                    draw(st.integers(5_000, 5_000_000)),
                    fapiao=draw(st.sampled_from((UNTRACKED, UNTRACKED, UNTRACKED,
                                                 Fapiao(FapiaoState.NONE)))))
        for i in range(n))
    payments = tuple(Remittance(cid * 100 + i, today - timedelta(days=draw(st.integers(1, 400))),
                                draw(st.integers(100, 500_000)))
                     for i in range(draw(st.integers(0, 2))))
    month_start = today.replace(day=1)
    # logged contacts, some with an excuse (the last one's answer shapes the plan)
    contacts = tuple(
        ContactFact(datetime.combine(month_start + timedelta(days=draw(st.integers(0, today.day - 1))),
                                     time(10)), draw(st.sampled_from(("wechat", "call", "visit"))),
                    None, draw(st.sampled_from((None, None, *EXCUSES))))
        for _ in range(draw(st.integers(0, 4))))
    promises = tuple(PromiseRow(today - timedelta(days=draw(st.integers(1, 20))),
                                today + timedelta(days=draw(st.integers(-5, 10))),
                                draw(st.integers(1_000, 100_000)))
                     for _ in range(draw(st.integers(0, 1))))
    prefs = Prefs(no_monday=draw(st.booleans()), no_morning=draw(st.booleans()),
                  do_not_contact=draw(st.integers(0, 9)) == 0,
                  paused_until=today + timedelta(days=3) if draw(st.integers(0, 9)) == 0 else None,
                  pay_days=tuple(sorted(draw(st.sets(st.integers(1, 31), max_size=2)))))
    terms = draw(st.sampled_from((Terms("net", 30), Terms("monthly", 25), Terms("cash"),
                                  Terms("batch"), Terms("net", 60))))
    people = draw(st.sampled_from(((), (Person("", "other", "0571-1234567"),),
                                   (Person("刘会计", "payer", "13800000000"),
                                    Person("王总", "decision", "", "wang")))))
    return CustomerFile(cid, f"客户{cid}", draw(st.sampled_from(OWNERS)), terms, people=people,
                        invoices=invoices, payments=payments, promises=promises, contacts=contacts,
                        prefs=prefs, city=draw(st.sampled_from(("杭州", "广州", ""))))


@st.composite
def ledger(draw: st.DrawFn) -> tuple[date, list]:
    today = draw(st.dates(date(2025, 1, 1), date(2026, 12, 20)))
    files = [draw(customer(cid, today)) for cid in range(1, draw(st.integers(1, 8)) + 1)]
    return today, [assess(f, POLICY, today) for f in files]


def _plan(today: date, assessments: list, days: int):
    return plan(assessments, PLAN_POLICY, CAPACITY, today, today + timedelta(days=days - 1))


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(ledger())
def test_no_plan_breaks_a_rule(data) -> None:
    today, assessments = data
    result = _plan(today, assessments, 21)
    by_id = {a.file.id: a for a in assessments}
    per_day: Counter[tuple[int, date]] = Counter()
    load: Counter[tuple[str, date, str]] = Counter()
    for action in result.actions:
        c = action.candidate
        a = by_id[c.customer_id]
        assert CAL.is_working_day(action.day), action
        assert today <= action.day
        assert allowed_time(action.at, CAPACITY.hours), action
        if c.about_overdue and window(action.day, WINDOWS):
            assert action.day in pay_dates(a.file.prefs, action.day.year, action.day.month, CAL)
        assert blocked(action.day, a.file.prefs, CAL, WINDOWS, c.about_overdue, c.contact) is None
        if c.contact:
            assert not a.file.prefs.do_not_contact
        if c.purpose == "find_contact":  # the owner's desk work, beside the customer's action
            assert not any(p.reachable for p in a.file.people)
        else:
            per_day[c.customer_id, action.day] += 1
        if c.contact and action.contact is not None and c.channel != "visit":
            assert action.contact.reachable
        bucket = "wechat" if c.channel in ("wechat", "sms", "email") else c.channel
        load[action.owner, action.day, bucket] += 1
    assert max(per_day.values(), default=0) <= 1
    for (_owner, _day, bucket), n in load.items():
        assert n <= CAPACITY.per_day.get(bucket, 10**9)


@FAST
@given(ledger())
def test_quotas_are_never_exceeded_logged_contacts_included(data) -> None:
    """A month's quota comes from the customer's class when its collection starts that month
    (``of`` on each action); logged contacts count against it."""
    today, assessments = data
    result = _plan(today, assessments, 45)
    for a in assessments:
        used: Counter[tuple[int, int, str]] = Counter()
        quota: dict[tuple[int, int, str], int] = {}
        for c in a.file.contacts:
            used[c.at.year, c.at.month, c.channel] += 1
        for action in result.actions:
            cand = action.candidate
            # an answer to an excuse is that rule's own contact, not one of the month's quota
            if cand.customer_id == a.file.id and cand.purpose in ("collect", "demand_letter",
                                                                   "legal_review") \
                    and not cand.reason.startswith("reason.excuse"):
                month = (action.day.year, action.day.month, cand.channel)
                used[month] += 1
                if cand.reason != "reason.write_off_review":
                    assert quota.setdefault(month, int(cand.detail["of"])) == cand.detail["of"]
                    assert cand.detail["of"] >= 1
        for key, n in used.items():
            logged = sum(1 for c in a.file.contacts if (c.at.year, c.at.month, c.channel) == key)
            if key in quota:
                assert n <= max(quota[key], logged), (a.file.name, key)


@FAST
@given(ledger())
def test_a_week_is_that_week_cut_from_a_longer_plan(data) -> None:
    today, assessments = data
    week = _plan(today, assessments, 7)
    month = _plan(today, assessments, 40)
    cut = [a for a in month.actions if a.day < today + timedelta(days=7)]
    assert [(a.candidate.id, a.day, a.at) for a in week.actions] == \
        [(a.candidate.id, a.day, a.at) for a in cut]


@FAST
@given(ledger())
def test_every_live_overdue_customer_is_contacted_every_week(data) -> None:
    """Each calendar week inside the plan with a usable day for the customer has an action,
    for customers whose month quota is untouched (a spent quota legitimately leaves gaps)."""
    today, assessments = data
    end = today + timedelta(days=27)
    result = _plan(today, assessments, 28)
    for a in assessments:
        cls = cadence_class(a)
        overdue = sum(i.item.open for i in a.invoices if i.days_overdue > 0)
        prefs = a.file.prefs
        if cls in (None, "dead") or overdue < PLAN_POLICY.min_amount or prefs.do_not_contact \
                or a.file.contacts or prefs.paused_until \
                or any(i.fapiao_wait is not None for i in a.invoices):  # waits on its fapiao
            continue
        oldest = max(i.days_overdue for i in a.invoices if i.days_overdue > 0)
        if oldest + 28 > PLAN_POLICY.thresholds.bad_max_days or (a.limitation_expires or end) < end:
            continue  # it turns dead within the plan: a quarterly review only from then on
        days = {x.day for x in result.actions if x.candidate.customer_id == a.file.id}
        monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
        while monday + timedelta(days=6) <= end:
            week = [monday + timedelta(days=i) for i in range(7)]
            usable = [d for d in week if blocked(d, prefs, CAL, WINDOWS, True) is None]
            if usable and all(d.month == usable[0].month for d in week):
                assert days & set(week), (a.file.name, monday)
            monday += timedelta(days=7)


@FAST
@given(ledger())
def test_no_two_actions_of_one_owner_overlap(data) -> None:
    """Each action holds its owner's time for as long as it takes (the calendar export's
    event length), so a rep's day never has two things at once."""
    today, assessments = data
    spans: dict[tuple[str, date], list[tuple[time, time]]] = {}
    for action in _plan(today, assessments, 21).actions:
        start = datetime.combine(action.day, action.at)
        end = (start + timedelta(minutes=action.minutes)).time()
        assert end <= CAPACITY.hours.end, action
        spans.setdefault((action.owner, action.day), []).append((action.at, end))
    for held in spans.values():
        held.sort()
        assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(held, held[1:], strict=False))


@FAST
@given(ledger())
def test_a_day_planned_the_day_before_is_the_day_planned_on_the_day(data) -> None:
    """Stable plans: plan on D-1, log every action of D-1 as done, plan on D — day D has the
    same actions (ids, channels, customers) in both plans. Only what the rules allow to differ
    is left out: the catch-up of actions missed earlier (marked ``missed``), the customers
    whose action D-1 could not hold (already contacted, capacity) was carried to D, and those
    whose excuse the logged contacts of D-1 answered."""
    yesterday, assessments = data
    today = yesterday + timedelta(days=1)
    before = plan(assessments, PLAN_POLICY, CAPACITY, yesterday, yesterday + timedelta(days=7))
    logged = [x for x in before.actions if x.day == yesterday]
    files = []
    for a in assessments:
        mine = tuple(ContactFact(datetime.combine(yesterday, x.at), x.candidate.channel)
                     for x in logged if x.candidate.customer_id == a.file.id)
        files.append(replace(a.file, contacts=a.file.contacts + mine))
    after = plan([assess(f, POLICY, today) for f in files], PLAN_POLICY, CAPACITY, today,
                 today + timedelta(days=6), frozenset(x.candidate.id for x in logged))

    caught = {x.candidate.id for p in (before, after) for x in p.actions + p.deferred
              if "missed" in x.candidate.detail}
    carried = {x.candidate.customer_id for x in before.actions
               if x.day == today and any(day < today for day, _ in x.moves)}
    # a contact logged on D-1 ends the answer to the excuse its last contact gave (a record
    # that changed): that customer's D may differ
    carried |= {a.file.id for a in assessments if a.file.contacts
                and max(a.file.contacts, key=lambda c: c.at).excuse not in (None, "other")}

    def on_the_day(p) -> list[tuple[str, str, int]]:
        return sorted((x.candidate.id, x.candidate.channel, x.candidate.customer_id)
                      for x in p.actions if x.day == today and x.candidate.id not in caught
                      and x.candidate.customer_id not in carried)

    assert on_the_day(before) == on_the_day(after)


@FAST
@given(ledger())
def test_no_plan_chases_a_receivable_whose_fapiao_is_not_issued(data) -> None:
    """A receivable without its fapiao is never named in a contact; its owner gets a task."""
    today, assessments = data
    result = _plan(today, assessments, 35)
    waiting = {(a.file.id, i.item.number) for a in assessments for i in a.invoices
               if i.fapiao_wait is not None}
    for action in result.actions:
        c = action.candidate
        if c.contact:
            assert not {(c.customer_id, n) for n in c.invoices} & waiting, action
    for a in assessments:
        if any(i.fapiao_wait is not None for i in a.invoices if i.item.key not in a.file.disputed):
            tasks = [x for x in result.actions + result.deferred
                     if x.candidate.customer_id == a.file.id and x.candidate.purpose == "fapiao"]
            assert tasks or a.file.status != "active" or not result.actions, a.file.name
