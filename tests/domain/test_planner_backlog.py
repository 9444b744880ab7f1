"""A backlog carried day after day: the answers the planner works out once for actions alike
(the next day an action may move to, whether a day is blocked) are each action's own answers."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dunner.domain import planner
from dunner.domain.assessment import Assessment, CustomerFile, assess
from dunner.domain.calendar import china_calendar
from dunner.domain.candidates import Candidate, PlanPolicy
from dunner.domain.planner import Capacity, _next_day, _Pending, plan
from dunner.domain.receivables import InvoiceFact
from dunner.domain.terms import Terms
from dunner.domain.timing import Prefs
from dunner.domain.vocab import Channel, Purpose
from tests.domain.test_planner_properties import ledger
from tests.policies import capacity, plan_policy, policy

CAL = china_calendar()
PLAN_POLICY = plan_policy(CAL)
TODAY = date(2026, 11, 23)  # a Monday; the month ends on Monday 30 November


def _customer(cid: int, prefs: Prefs) -> Assessment:
    invoice = InvoiceFact(cid, f"N{cid}", TODAY - timedelta(days=120), 500_000)
    return assess(CustomerFile(cid, f"客户{cid}", "张三", Terms("net", 30), invoices=(invoice,),
                               prefs=prefs), policy(CAL), TODAY)


def _pending(a: Assessment, day: date, channel: Channel, purpose: Purpose,
             overdue: bool = True) -> _Pending:
    cand = Candidate(f"{a.file.id}-{purpose}-{day}", a.file.id, day, channel, purpose, (), 0,
                     overdue, f"reason.{purpose}")
    return _Pending(cand, a, 0, ())


def test_the_next_day_kept_for_actions_alike_is_each_actions_own() -> None:
    """Shared answers never cross customers with other preferences, actions that talk about
    overdue money and those that do not, or a quota's month and an action free of quotas."""
    plain = _customer(1, Prefs())
    no_monday = _customer(2, Prefs(no_monday=True))
    paused = _customer(3, Prefs(paused_until=TODAY + timedelta(days=9)))
    end = TODAY + timedelta(days=20)
    actions = [_pending(a, day, channel, purpose, overdue)
               for a in (plain, no_monday, paused)
               for day in (TODAY, TODAY + timedelta(days=4))
               for channel, purpose, overdue in ((Channel.CALL, Purpose.COLLECT, True),
                                                 (Channel.CALL, Purpose.PROMISE_FOLLOWUP, True),
                                                 (Channel.WECHAT, Purpose.RECONFIRM, False),
                                                 (Channel.TASK, Purpose.FIND_CONTACT, False))]
    known: dict[tuple[date, int, bool, bool, int], date | None] = {}
    answers = {}
    for day in (TODAY + timedelta(days=n) for n in range(12)):
        for p in actions:
            shared = _next_day(p, day, PLAN_POLICY, end, {}, capacity(), known)
            assert shared == _next_day(p, day, PLAN_POLICY, end, {}, capacity())
            answers[p.cand.id, day] = shared
    assert known  # the answers were kept, and each one asked again is the same
    # Friday 27 November: the month's last days are closed to talk of overdue money, so the
    # month's routine call has no day left, while a promise's follow-up goes on to December
    friday = TODAY + timedelta(days=4)
    assert answers[f"1-{Purpose.COLLECT}-{TODAY}", friday] is None
    follow_up = answers[f"1-{Purpose.PROMISE_FOLLOWUP}-{TODAY}", friday]
    assert follow_up is not None and follow_up.month == 12
    # a reconfirmation is no talk of overdue money: Monday 30 November is open to it, unless
    # the customer keeps Mondays free
    assert answers[f"1-{Purpose.RECONFIRM}-{TODAY}", friday] == date(2026, 11, 30)
    assert answers[f"2-{Purpose.RECONFIRM}-{TODAY}", friday] == date(2026, 12, 1)
    # the owner's own desk work keeps no customer's free Mondays; a pause holds back both
    assert answers[f"2-{Purpose.FIND_CONTACT}-{TODAY}", friday] == date(2026, 11, 30)
    assert answers[f"3-{Purpose.RECONFIRM}-{TODAY}", TODAY] == TODAY + timedelta(days=9)
    assert answers[f"3-{Purpose.FIND_CONTACT}-{TODAY}", TODAY] == TODAY + timedelta(days=9)


def test_a_day_blocked_for_one_customer_is_not_blocked_for_another() -> None:
    """On a Monday, of two customers' WeChats only the one of the customer who keeps Mondays
    free is moved (as blocked); the other is placed, each customer's own rules asked."""
    a, b = _customer(1, Prefs(no_monday=True)), _customer(2, Prefs())
    placed: list[planner.Action] = []
    todays = [_pending(x, TODAY, Channel.WECHAT, Purpose.RECONFIRM, False) for x in (a, b)]
    carried = planner._place_day(TODAY, todays, PLAN_POLICY, capacity(), placed, frozenset())
    assert [p.a.file.id for p in carried] == [1]
    assert carried[0].moves == [(TODAY, "blocked")]
    assert [x.candidate.customer_id for x in placed] == [2]


_next_free = planner._next_free


def _without_shared_answers(p: _Pending, day: date, policy_: PlanPolicy, end: date,
                            trips: Mapping[tuple[str, date], str], capacity_: Capacity,
                            known: object = None) -> date | None:
    """``_next_day`` as if nothing were kept: each carried action looks for itself."""
    return _next_free(p, day, policy_, end, trips, capacity_)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(ledger(), st.integers(1, 3), st.integers(1, 3), st.integers(1, 2), st.integers(3, 20))
def test_a_backlog_is_planned_as_each_action_alone_would_be(data: tuple[date, list[Assessment]],
                                                            calls: int, wechats: int,
                                                            visits: int, span: int) -> None:
    """With room for only a few actions a day, most are carried on: the plan is the one made
    when every carried action looks for its next day itself."""
    today, assessments = data
    tight: Capacity = capacity(per_day={Channel.CALL: calls, Channel.WECHAT: wechats,
                                        Channel.VISIT: visits})
    end = today + timedelta(days=span)
    shared = plan(assessments, PLAN_POLICY, tight, today, end)
    with mock.patch.object(planner, "_next_day", _without_shared_answers):
        alone = plan(assessments, PLAN_POLICY, tight, today, end)
    assert shared == alone
