"""Answering the excuse: each excuse's next step (day, channel, purpose, person, message
variant, reason) from the day it was said, the customer's pay days and China's working days."""

from __future__ import annotations

from datetime import date

import pytest

from dunner.domain.calendar import china_calendar
from dunner.domain.excuses import (
    Answer,
    Said,
    answer,
    closest_words,
    excuse_from_word,
    last_said,
    next_pay_day,
    unsold_goods_hold,
)
from dunner.domain.timing import Prefs
from dunner.domain.vocab import EXCUSES, Channel, Purpose

CN = china_calendar()
TODAY = date(2026, 11, 23)  # a Monday
MON, TUE, WED, THU, FRI = (date(2026, 11, d) for d in (23, 24, 25, 26, 27))
PAY_25 = Prefs(pay_days=(25,))

# (said, today, prefs) → [(day, channel, purpose, role, variant, reason, by, early)]
CASES = [
    ("boss_absent: a call to the decision maker within 2 working days",
     Said("boss_absent", MON), TODAY, Prefs(),
     [(TUE, Channel.CALL, Purpose.COLLECT, "decision", "boss_absent",
       "reason.excuse.boss_absent", WED, False)]),
    ("boss_absent said on Friday, planned on Monday: the window counts working days",
     Said("boss_absent", date(2026, 11, 20)), TODAY, Prefs(),
     [(MON, Channel.CALL, Purpose.COLLECT, "decision", "boss_absent",
       "reason.excuse.boss_absent", TUE, False)]),
    ("boss_absent before National Day: the holiday is skipped",
     Said("boss_absent", date(2026, 9, 30)), date(2026, 9, 30), Prefs(),
     [(date(2026, 10, 8), Channel.CALL, Purpose.COLLECT, "decision", "boss_absent",
       "reason.excuse.boss_absent", date(2026, 10, 9), False)]),
    ("boss_absent on the Friday before an adjusted working Saturday (调休)",
     Said("boss_absent", date(2026, 10, 9)), date(2026, 10, 9), Prefs(),
     [(date(2026, 10, 10), Channel.CALL, Purpose.COLLECT, "decision", "boss_absent",
       "reason.excuse.boss_absent", date(2026, 10, 12), False)]),
    ("boss_absent the third time in a month: a visit early on the day named",
     Said("boss_absent", MON, times_this_month=3, named_day=THU), TODAY, Prefs(),
     [(THU, Channel.VISIT, Purpose.COLLECT, "decision", "boss_absent",
       "reason.excuse.boss_absent.visit", None, True)]),
    ("boss_absent the third time, the day named a Sunday: the next working day",
     Said("boss_absent", MON, times_this_month=3, named_day=date(2026, 11, 29)), TODAY, Prefs(),
     [(date(2026, 11, 30), Channel.VISIT, Purpose.COLLECT, "decision", "boss_absent",
       "reason.excuse.boss_absent.visit", None, True)]),
    ("boss_absent the third time, no day named: a visit early the next working day",
     Said("boss_absent", MON, times_this_month=3), TODAY, Prefs(),
     [(TUE, Channel.VISIT, Purpose.COLLECT, "decision", "boss_absent",
       "reason.excuse.boss_absent.visit_unnamed", None, True)]),
    ("no_cash: the next contact on the customer's next pay day, offering instalments",
     Said("no_cash", MON), TODAY, PAY_25,
     [(WED, Channel.WECHAT, Purpose.COLLECT, "payer", "no_cash",
       "reason.excuse.no_cash.pay_day", None, False)]),
    ("no_cash with the day the money is expected: that day wins",
     Said("no_cash", MON, named_day=date(2026, 12, 3)), TODAY, PAY_25,
     [(date(2026, 12, 3), Channel.WECHAT, Purpose.COLLECT, "payer", "no_cash",
       "reason.excuse.no_cash.expected", None, False)]),
    ("no_cash with neither: the instalment offer the next working day",
     Said("no_cash", MON), TODAY, Prefs(),
     [(TUE, Channel.WECHAT, Purpose.COLLECT, "payer", "no_cash", "reason.excuse.no_cash",
       None, False)]),
    ("not_pay_day: a call the working day before the pay day, the visit early on it",
     Said("not_pay_day", MON), TODAY, PAY_25,
     [(TUE, Channel.CALL, Purpose.COLLECT, "payer", "not_pay_day", "reason.excuse.not_pay_day",
       None, False),
      (WED, Channel.VISIT, Purpose.COLLECT, "decision", "not_pay_day",
       "reason.excuse.not_pay_day.visit", None, True)]),
    ("not_pay_day, the pay day a Sunday: paid the Friday before",
     Said("not_pay_day", MON), TODAY, Prefs(pay_days=(29,)),
     [(THU, Channel.CALL, Purpose.COLLECT, "payer", "not_pay_day", "reason.excuse.not_pay_day",
       None, False),
      (FRI, Channel.VISIT, Purpose.COLLECT, "decision", "not_pay_day",
       "reason.excuse.not_pay_day.visit", None, True)]),
    ("not_pay_day, the pay day tomorrow: no day before it is left, only the visit",
     Said("not_pay_day", MON), TODAY, Prefs(pay_days=(24,)),
     [(TUE, Channel.VISIT, Purpose.COLLECT, "decision", "not_pay_day",
       "reason.excuse.not_pay_day.visit", None, True)]),
    ("not_pay_day, the pay day passed this month: next month's",
     Said("not_pay_day", MON), TODAY, Prefs(pay_days=(10,)),
     [(date(2026, 12, 9), Channel.CALL, Purpose.COLLECT, "payer", "not_pay_day",
       "reason.excuse.not_pay_day", None, False),
      (date(2026, 12, 10), Channel.VISIT, Purpose.COLLECT, "decision", "not_pay_day",
       "reason.excuse.not_pay_day.visit", None, True)]),
    ("not_pay_day and no pay day known: a call to ask for it",
     Said("not_pay_day", MON), TODAY, Prefs(),
     [(TUE, Channel.CALL, Purpose.COLLECT, "payer", None, "reason.excuse.not_pay_day.unknown",
       None, False)]),
    ("unsold_goods: a soft-approach task",
     Said("unsold_goods", MON), TODAY, Prefs(),
     [(TUE, Channel.TASK, Purpose.HELP_SELL, "decision", "unsold_goods",
       "reason.excuse.unsold_goods", None, False)]),
    ("unsold_goods twice in 60 days: the same task, the gate holds",
     Said("unsold_goods", MON, times_in_60_days=2), TODAY, Prefs(),
     [(TUE, Channel.TASK, Purpose.HELP_SELL, "decision", "unsold_goods",
       "reason.excuse.unsold_goods.hold", None, False)]),
    ("quality: a dispute task to the acceptance person",
     Said("quality", MON), TODAY, Prefs(),
     [(TUE, Channel.TASK, Purpose.RESOLVE_DISPUTE, "acceptance", "quality",
       "reason.excuse.quality", None, False)]),
    ("installments: the owner records the plan",
     Said("installments", MON), TODAY, Prefs(),
     [(TUE, Channel.TASK, Purpose.INSTALMENT_REMINDER, "decision", "installments",
       "reason.excuse.installments", None, False)]),
]


@pytest.mark.parametrize(("said", "today", "prefs", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_next_step(said: Said, today: date, prefs: Prefs, expected: list[tuple[object, ...]]) -> None:
    got = answer(said, today, prefs, CN)
    assert [(s.day, s.channel, s.purpose, s.role, s.variant, s.reason, s.by, s.early)
            for s in got.steps] == expected


@pytest.mark.parametrize(("said", "prefs", "quiet", "hold", "dispute"), [
    (Said("not_pay_day", MON), PAY_25, TUE, False, False),
    (Said("no_cash", MON), PAY_25, WED, False, False),
    (Said("no_cash", MON), Prefs(), None, False, False),
    (Said("boss_absent", MON), PAY_25, None, False, False),
    (Said("unsold_goods", MON, times_in_60_days=1), Prefs(), None, False, False),
    (Said("unsold_goods", MON, times_in_60_days=2), Prefs(), None, True, False),
    (Said("quality", MON), Prefs(), None, False, True),
])
def test_quiet_hold_and_dispute(said: Said, prefs: Prefs, quiet: date | None, hold: bool,
                                dispute: bool) -> None:
    got = answer(said, TODAY, prefs, CN)
    assert (got.quiet_until, got.hold, got.dispute) == (quiet, hold, dispute)


def test_other_excuse_leaves_the_routine_alone() -> None:
    assert answer(Said("other", MON), TODAY, PAY_25, CN) == Answer()


def test_reason_details_carry_the_figures() -> None:
    call, visit = answer(Said("not_pay_day", MON), TODAY, PAY_25, CN).steps
    assert call.detail == {"said": MON, "pay_day": WED, "day": TUE}
    assert visit.detail == {"said": MON, "pay_day": WED}
    (step,) = answer(Said("boss_absent", MON, times_this_month=3, named_day=THU), TODAY,
                     Prefs(), CN).steps
    assert step.detail == {"said": MON, "times": 3, "day": THU}
    (step,) = answer(Said("unsold_goods", MON, times_in_60_days=2), TODAY, Prefs(), CN).steps
    assert step.detail == {"said": MON, "times": 2}


def test_a_step_is_never_before_today_nor_on_the_day_said() -> None:
    for excuse in EXCUSES:
        for step in answer(Said(excuse, date(2026, 11, 2)), TODAY, PAY_25, CN).steps:
            assert step.day >= TODAY
        for step in answer(Said(excuse, TODAY), TODAY, PAY_25, CN).steps:
            assert step.day > TODAY


@pytest.mark.parametrize(("excuses", "hold"), [
    ([(date(2026, 10, 1), "unsold_goods"), (date(2026, 11, 20), "unsold_goods")], True),
    ([(date(2026, 9, 24), "unsold_goods"), (date(2026, 11, 20), "unsold_goods")], False),  # 60 days back
    ([(date(2026, 11, 20), "unsold_goods")], False),
    ([(date(2026, 11, 20), "unsold_goods"), (date(2026, 11, 21), "no_cash"),
      (date(2026, 11, 22), None)], False),
    ([(date(2026, 11, 20), "unsold_goods"), (date(2026, 11, 24), "unsold_goods")], False),  # after today
])
def test_unsold_goods_hold(excuses: list[tuple[date, str | None]], hold: bool) -> None:
    assert unsold_goods_hold(excuses, TODAY) is hold


def test_last_said_counts_the_month_and_sixty_days() -> None:
    excuses = [(date(2026, 10, 20), "boss_absent"), (date(2026, 11, 3), "boss_absent"),
               (date(2026, 11, 10), "no_cash"), (date(2026, 11, 16), "boss_absent"),
               (date(2026, 11, 20), None), (date(2026, 11, 30), "quality")]
    said = last_said(excuses, TODAY, named_day=THU)
    assert said == Said("boss_absent", date(2026, 11, 16), 2, 3, THU)
    assert last_said([(MON, None)], TODAY) is None


def test_next_pay_day() -> None:
    assert next_pay_day(Prefs(pay_days=(10, 25)), CN, WED) == WED
    assert next_pay_day(Prefs(pay_days=(10, 25)), CN, THU) == date(2026, 12, 10)
    assert next_pay_day(Prefs(), CN, THU) is None


@pytest.mark.parametrize(("word", "excuse"), [
    ("boss_absent", "boss_absent"), ("负责人不在", "boss_absent"), ("老板不在", "boss_absent"),
    ("Boss away", "boss_absent"), ("没钱", "no_cash"), ("资金紧张", "no_cash"),
    ("no cash", "no_cash"), ("NO-CASH", "no_cash"), ("没到付款日", "not_pay_day"),
    ("还没到付款时间", "not_pay_day"), ("not pay day", "not_pay_day"), ("货没卖完", "unsold_goods"),
    ("unsold goods", "unsold_goods"), ("质量问题", "quality"), ("quality", "quality"),
    ("要分期", "installments"), ("分期", "installments"), ("instalments", "installments"),
    (" 其他 ", "other"), ("ｎｏ＿ｃａｓｈ", "no_cash"), ("后天再说", None), ("", None),
])
def test_excuse_from_word(word: str, excuse: str | None) -> None:
    assert excuse_from_word(word) == excuse


def test_closest_words() -> None:
    assert closest_words("no_cahs")[0] == "no_cash"
    assert "没钱" in closest_words("没前")
    assert closest_words("xyzzy") == []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_reason_reads_with_its_own_figures(lang: str) -> None:
    from dunner.i18n import set_language, t

    set_language(lang)
    for _, said, today, prefs, _expected in CASES:
        for step in answer(said, today, prefs, CN).steps:
            text = t(step.reason, **step.detail)  # a placeholder without its figure raises
            assert text and "{" not in text
    set_language("en")
    (call, _visit) = answer(Said("not_pay_day", MON), TODAY, PAY_25, CN).steps
    assert t(call.reason, **call.detail) == ("said on 2026-11-23 it is not their pay day: nothing "
                                             "until 2026-11-24, the working day before their pay "
                                             "day 2026-11-25")
