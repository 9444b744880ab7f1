"""Answering the excuse (借口 → 对策): the last contact's excuse decides the next step — its day,
channel, purpose and person — with the reason; and the words a user may type for an excuse."""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from dunner.domain.calendar import WorkCalendar
from dunner.domain.timing import Prefs, pay_dates
from dunner.domain.vocab import Channel, Purpose

HOLD_WINDOW_DAYS = 60  # unsold goods twice in this many days: the credit gate holds
HOLD_TIMES = 2
BOSS_VISIT_TIMES = 3  # the third "boss away" in a month: a visit on the day named
BOSS_CALL_WORKING_DAYS = 2  # the call to the decision maker within this many working days
PAY_DAY_SEARCH_MONTHS = 3  # how far ahead the next pay day is looked for

# What a user may type for each excuse: the ledger's word, Chinese and English phrases.
WORDS: Mapping[str, tuple[str, ...]] = {
    "boss_absent": ("boss_absent", "负责人不在", "老板不在", "领导不在", "老板出差", "负责人出差",
                    "老板没回来", "boss absent", "boss away", "boss not in", "boss is away"),
    "no_cash": ("no_cash", "没钱", "资金紧张", "没有钱", "资金困难", "周转不开", "手头紧",
                "no cash", "no money", "cash tight", "short of cash"),
    "not_pay_day": ("not_pay_day", "没到付款日", "还没到付款时间", "没到付款时间", "还没到付款日",
                    "未到付款日", "不是付款日", "not pay day", "not our pay day", "not yet pay day"),
    "unsold_goods": ("unsold_goods", "货没卖完", "货还没卖完", "没卖完", "压货", "库存积压",
                     "unsold goods", "goods not sold", "stock not sold", "unsold"),
    "quality": ("quality", "质量问题", "质量不好", "有质量问题", "quality problem", "quality issue",
                "defective"),
    "installments": ("installments", "要分期", "分期", "分期付款", "分期还款", "instalments",
                     "instalment", "installment", "pay in instalments"),
    "other": ("other", "其他", "其它"),
}


def _key(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).strip().casefold()
    return " ".join(s.replace("_", " ").replace("-", " ").split())


_INDEX = {_key(word): excuse for excuse, words in WORDS.items() for word in words}
_SPELLING: dict[str, str] = {}  # each key's first spelling: the ledger's word before a phrase
for _words in WORDS.values():
    for _word in _words:
        _SPELLING.setdefault(_key(_word), _word)


def excuse_from_word(text: str) -> str | None:
    """The excuse a typed word means (``没钱``, ``no cash``, ``no_cash`` → ``no_cash``); None
    when it means none."""
    return _INDEX.get(_key(text))


def closest_words(text: str, n: int = 3) -> list[str]:
    """The excuse words most like ``text``, one per excuse, for a "did you mean" hint (may be
    empty)."""
    found = difflib.get_close_matches(_key(text), list(_INDEX), n=len(_INDEX), cutoff=0.5)
    out: dict[str, str] = {}
    for k in found:
        out.setdefault(_INDEX[k], _SPELLING[k])
    return list(out.values())[:n]


@dataclass(frozen=True)
class Said:
    """An excuse given on ``on``: how many times it came this month and in the last 60 days
    (this one included), and the day the customer named — when the money is expected, when
    the boss is back, when they pay."""

    excuse: str
    on: date
    times_this_month: int = 1
    times_in_60_days: int = 1
    named_day: date | None = None


@dataclass(frozen=True)
class NextStep:
    """One step the excuse asks for: on ``day`` (no later than ``by`` when given), by
    ``channel`` for ``purpose``, to the person of ``role``; ``variant`` picks the message for
    the excuse (catalogue ``msg.<purpose>.<variant>``, template ``excuse.<variant>``);
    ``reason`` is a catalogue key filled from ``detail``; ``early`` puts it first in the day."""

    day: date
    channel: Channel
    purpose: Purpose
    role: str
    variant: str | None
    reason: str
    detail: Mapping[str, object] = field(default_factory=dict)
    by: date | None = None
    early: bool = False


@dataclass(frozen=True)
class Answer:
    """The steps, the day before which no routine contact is made (``quiet_until``), whether
    the credit gate holds new deliveries, and whether the invoices named become disputed."""

    steps: tuple[NextStep, ...] = ()
    quiet_until: date | None = None
    hold: bool = False
    dispute: bool = False


def answer(said: Said, today: date, prefs: Prefs, calendar: WorkCalendar) -> Answer:
    """The next step after ``said``, from ``today`` on (never on the day it was said)."""
    rule = _RULES.get(said.excuse)
    if rule is None:
        return Answer()
    after = max(today, said.on + timedelta(days=1))
    return rule(said, after, prefs, calendar)


def _boss_absent(said: Said, after: date, prefs: Prefs, cal: WorkCalendar) -> Answer:
    first = cal.next_working_day(after)
    base = {"said": said.on, "times": said.times_this_month}
    if said.times_this_month >= BOSS_VISIT_TIMES:
        if said.named_day is not None:
            day = cal.next_working_day(max(said.named_day, after))
            return Answer((NextStep(day, Channel.VISIT, Purpose.COLLECT, "decision", "boss_absent",
                                    "reason.excuse.boss_absent.visit", {**base, "day": day},
                                    early=True),))
        return Answer((NextStep(first, Channel.VISIT, Purpose.COLLECT, "decision", "boss_absent",
                                "reason.excuse.boss_absent.visit_unnamed", base, early=True),))
    by = said.on
    for _ in range(BOSS_CALL_WORKING_DAYS):
        by = cal.next_working_day(by + timedelta(days=1))
    by = max(by, first)
    return Answer((NextStep(first, Channel.CALL, Purpose.COLLECT, "decision", "boss_absent",
                            "reason.excuse.boss_absent", {**base, "by": by}, by=by),))


def _no_cash(said: Said, after: date, prefs: Prefs, cal: WorkCalendar) -> Answer:
    base: dict[str, object] = {"said": said.on}
    if said.named_day is not None:
        day, reason = cal.next_working_day(max(said.named_day, after)), "reason.excuse.no_cash.expected"
    elif (pay := next_pay_day(prefs, cal, after)) is not None:
        day, reason = pay, "reason.excuse.no_cash.pay_day"
    else:
        day = cal.next_working_day(after)
        return Answer((NextStep(day, Channel.WECHAT, Purpose.COLLECT, "payer", "no_cash",
                                "reason.excuse.no_cash", {**base, "day": day}),))
    return Answer((NextStep(day, Channel.WECHAT, Purpose.COLLECT, "payer", "no_cash", reason,
                            {**base, "day": day}),), quiet_until=day)


def _not_pay_day(said: Said, after: date, prefs: Prefs, cal: WorkCalendar) -> Answer:
    pay = said.named_day if said.named_day is not None and said.named_day >= after else \
        next_pay_day(prefs, cal, after)
    if pay is None:
        day = cal.next_working_day(after)
        return Answer((NextStep(day, Channel.CALL, Purpose.COLLECT, "payer", None,
                                "reason.excuse.not_pay_day.unknown", {"said": said.on}),))
    pay = cal.previous_working_day(pay) if cal.previous_working_day(pay) >= after else \
        cal.next_working_day(pay)
    eve = cal.previous_working_day(pay - timedelta(days=1))
    detail = {"said": said.on, "pay_day": pay}
    visit = NextStep(pay, Channel.VISIT, Purpose.COLLECT, "decision", "not_pay_day",
                     "reason.excuse.not_pay_day.visit", detail, early=True)
    if eve < after:  # the pay day comes first: only the visit on it
        return Answer((visit,), quiet_until=pay)
    call = NextStep(eve, Channel.CALL, Purpose.COLLECT, "payer", "not_pay_day",
                    "reason.excuse.not_pay_day", {**detail, "day": eve})
    return Answer((call, visit), quiet_until=eve)


def _unsold_goods(said: Said, after: date, prefs: Prefs, cal: WorkCalendar) -> Answer:
    hold = said.times_in_60_days >= HOLD_TIMES
    reason = "reason.excuse.unsold_goods.hold" if hold else "reason.excuse.unsold_goods"
    return Answer((NextStep(cal.next_working_day(after), Channel.TASK, Purpose.HELP_SELL,
                            "decision", "unsold_goods", reason,
                            {"said": said.on, "times": said.times_in_60_days}),), hold=hold)


def _quality(said: Said, after: date, prefs: Prefs, cal: WorkCalendar) -> Answer:
    return Answer((NextStep(cal.next_working_day(after), Channel.TASK, Purpose.RESOLVE_DISPUTE,
                            "acceptance", "quality", "reason.excuse.quality",
                            {"said": said.on}),), dispute=True)


def _installments(said: Said, after: date, prefs: Prefs, cal: WorkCalendar) -> Answer:
    return Answer((NextStep(cal.next_working_day(after), Channel.TASK,
                            Purpose.INSTALMENT_REMINDER, "decision", "installments",
                            "reason.excuse.installments", {"said": said.on}),))


_RULES: Mapping[str, Callable[[Said, date, Prefs, WorkCalendar], Answer]] = {
    "boss_absent": _boss_absent, "no_cash": _no_cash, "not_pay_day": _not_pay_day,
    "unsold_goods": _unsold_goods, "quality": _quality, "installments": _installments}


def next_pay_day(prefs: Prefs, calendar: WorkCalendar, after: date) -> date | None:
    """The customer's first pay day on or after ``after`` (None: no pay days known)."""
    if not prefs.pay_days:
        return None
    year, month = after.year, after.month
    for _ in range(PAY_DAY_SEARCH_MONTHS):
        found = [d for d in pay_dates(prefs, year, month, calendar) if d >= after]
        if found:
            return found[0]
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def unsold_goods_hold(excuses: Sequence[tuple[date, str | None]], today: date) -> bool:
    """The customer said its goods had not sold twice or more in the last 60 days: new
    deliveries are held (the gate also asks that overdue money is owed)."""
    since = today - timedelta(days=HOLD_WINDOW_DAYS)
    return sum(1 for on, e in excuses if e == "unsold_goods" and since < on <= today) >= HOLD_TIMES


def last_said(excuses: Sequence[tuple[date, str | None]], today: date,
              named_day: date | None = None) -> Said | None:
    """The last excuse given up to ``today`` (None: none), counted this month and in 60 days."""
    given = sorted((on, e) for on, e in excuses if e is not None and on <= today)
    if not given:
        return None
    on, excuse = given[-1]
    since = on - timedelta(days=HOLD_WINDOW_DAYS)
    same = [d for d, e in given if e == excuse]
    return Said(excuse, on, sum(1 for d in same if (d.year, d.month) == (on.year, on.month)),
                sum(1 for d in same if since < d <= on), named_day)
