"""The last contact's excuse shapes the plan: table tests per excuse (the next action's day,
channel, person and message words), through the real planner and wording."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from dunner.domain.assessment import ContactFact, CustomerFile, assess
from dunner.domain.calendar import china_calendar
from dunner.domain.people import Person
from dunner.domain.planner import plan
from dunner.domain.receivables import InvoiceFact
from dunner.domain.terms import Terms
from dunner.domain.timing import Prefs
from dunner.domain.wording import message, reason, use_templates
from dunner.i18n import set_language
from tests.policies import capacity, plan_policy, policy

CAL = china_calendar()
PAYER = Person("刘会计", "payer", "0571-87654321")
BOSS = Person("王总", "decision", "13812345678")
GOODS = Person("赵仓管", "acceptance", "13900001111")
SAID = date(2026, 12, 7)  # a Monday
TODAY = date(2026, 12, 8)


def _plan(excuse: str, pay_days: tuple[int, ...] = ()) -> list:
    from dunner.adapters.message_templates import packaged

    set_language("en")
    use_templates({"en": packaged("en")})
    said = ContactFact(datetime.combine(SAID, datetime.min.time().replace(hour=15, minute=30)),
                       "call", "refused", excuse)
    f = CustomerFile(7, "杭州恒通五金有限公司", "张三", Terms("net", 30),
                     invoices=(InvoiceFact(1, "A-1", date(2026, 9, 1), 800_000),),
                     contacts=(said,), prefs=Prefs(pay_days=pay_days),
                     people=(PAYER, BOSS, GOODS), since=date(2026, 6, 1))
    a = assess(f, policy(CAL), TODAY)
    result = plan([a], plan_policy(CAL), capacity(), TODAY, date(2026, 12, 31))
    return sorted(result.actions, key=lambda x: x.day)


def test_boss_absent_a_call_to_the_decision_maker_within_two_working_days() -> None:
    first = _plan("boss_absent")[0]
    assert first.candidate.channel == "call" and first.day <= date(2026, 12, 9)
    assert first.contact == BOSS
    assert "when will you be back" in message(first) or "which day are you back" in message(first)
    assert "excuse" in first.candidate.reason


def test_no_cash_waits_for_the_pay_day_and_offers_instalments() -> None:
    actions = _plan("no_cash", pay_days=(20,))
    first = actions[0]
    assert (first.day, first.candidate.channel) == (date(2026, 12, 18), "wechat")  # 12-20 is a Sunday
    assert first.contact == PAYER and "instalment" in message(first)
    assert not [a for a in actions if a.day < first.day and a.candidate.contact]


def test_not_pay_day_nothing_until_the_eve_then_a_call_and_the_visit_on_the_day() -> None:
    actions = _plan("not_pay_day", pay_days=(25,))
    contacts = [a for a in actions if a.candidate.contact]
    assert (contacts[0].day, contacts[0].candidate.channel) == (date(2026, 12, 24), "call")
    assert "2026-12-25" in message(contacts[0])
    visit = next(a for a in contacts if a.candidate.channel == "visit")
    assert visit.day == date(2026, 12, 25) and visit.contact == BOSS


@pytest.mark.parametrize(("excuse", "purpose", "person"), [
    ("unsold_goods", "help_sell", BOSS),
    ("quality", "resolve_dispute", GOODS),
    ("installments", "instalment_reminder", BOSS),
])
def test_excuses_answered_by_a_task(excuse: str, purpose: str, person: Person) -> None:
    first = _plan(excuse)[0]
    assert (first.candidate.purpose, first.candidate.channel) == (purpose, "task")
    assert first.contact == person
    assert reason(first)  # the rule is worded


def test_a_contact_after_the_excuse_ends_its_answer() -> None:
    plain = [a for a in _plan("other") if a.candidate.contact]
    assert all(a.contact == PAYER for a in plain if a.candidate.channel != "visit")
