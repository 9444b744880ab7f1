"""Messages that escalate: the step, the variant (never the same text twice running), the
greeting, the template checks and the composed text."""

from __future__ import annotations

from datetime import date

import pytest

from dunner.domain.messages import (
    TEMPLATE_IDS,
    Situation,
    Step,
    compose,
    greeting,
    render,
    situation,
    step_for,
    template_id,
    template_problems,
    variant_seed,
)
from dunner.domain.vocab import Channel, Purpose

TEMPLATES = {
    "first.message": ("A1 {greeting} {invoices} {days}", "A2 {greeting} {amount}", "A3 {owner}"),
    "first.call": ("C1 {greeting}", "C2 {greeting}"),
    "second.message": ("B1 {amount}", "B2 {amount}"),
    "firm.message": ("F1", "F2"),
    "broken_promise.message": ("P1 {promised} {promised_on}", "P2 {promised_on}"),
    "broken_promise.call": ("PC1 {promised} {promised_on}", "PC2 {promised}"),
    "before_letter.message": ("L1", "L2"),
    "thanks.message": ("T1 {month}", "T2 {month}"),
    "instalment_reminder.message": ("I1 {instalment}/{instalments} {amount} {due}", "I2"),
    "instalment_followup.call": ("IF1 {instalment}/{instalments}", "IF2"),
    "excuse.no_cash.message": ("N1 {amount}", "N2"),
}


@pytest.mark.parametrize(("so_far", "broken", "letter", "step"), [
    (0, False, False, Step.FIRST), (1, False, False, Step.FIRST),
    (2, False, False, Step.SECOND), (3, False, False, Step.SECOND),
    (4, False, False, Step.FIRM), (8, False, False, Step.FIRM),
    (0, True, False, Step.BROKEN_PROMISE), (5, True, True, Step.BROKEN_PROMISE),
    (1, False, True, Step.BEFORE_LETTER),
])
def test_step_for(so_far: int, broken: bool, letter: bool, step: Step) -> None:
    assert step_for(so_far, broken, letter) == step


@pytest.mark.parametrize("customer_id", [1, 2, 7, 1000])
@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_consecutive_messages_never_repeat(customer_id: int, template: str) -> None:
    texts = [render(TEMPLATES, template, variant_seed(customer_id, n), {}) for n in range(12)]
    assert all(a != b for a, b in zip(texts, texts[1:], strict=False))
    # and the same customer and number always read the same
    assert texts == [render(TEMPLATES, template, variant_seed(customer_id, n), {})
                     for n in range(12)]


def test_customers_start_their_cycle_in_different_places() -> None:
    firsts = {render(TEMPLATES, "first.message", variant_seed(cid, 0), {}) for cid in (1, 2, 3)}
    assert len(firsts) == 3


def test_render_fills_fields_dates_and_missing() -> None:
    text = render(TEMPLATES, "broken_promise.message", 0,
                  {"promised": "¥500.00", "promised_on": date(2026, 11, 20)})
    assert text == "P1 ¥500.00 2026-11-20"
    assert render(TEMPLATES, "first.message", 0, {"greeting": "王经理，您好"}) == "A1 王经理，您好 — —"


@pytest.mark.parametrize(("lang", "customer", "person", "role", "expected"), [
    ("zh", "杭州恒通五金有限公司", "王经理", "payer", "王经理，您好"),
    ("zh", "杭州恒通五金有限公司", "王经理", None, "王经理，您好"),
    ("zh", "杭州恒通五金有限公司", "李总", "finance", "李总，您好"),
    ("zh", "杭州恒通五金有限公司", "王强", "payer", "王经理，您好"),
    ("zh", "杭州恒通五金有限公司", "王强", "decision", "王总，您好"),
    ("zh", "杭州恒通五金有限公司", "陈丽", "finance", "陈会计，您好"),
    ("zh", "杭州恒通五金有限公司", "欧阳明", "decision", "欧阳总，您好"),
    ("zh", "杭州恒通五金有限公司", "王强", "other", "王强，您好"),
    ("zh", "杭州恒通五金有限公司", "Tom", "payer", "Tom，您好"),
    ("zh", "杭州恒通五金有限公司", "", None, "杭州恒通五金有限公司您好"),
    ("zh", "杭州恒通五金有限公司", "  ", "payer", "杭州恒通五金有限公司您好"),
    ("en", "Hengtong Hardware", "Wang Qiang", "payer", "Hello Wang Qiang"),
    ("en", "Hengtong Hardware", "", None, "Hello Hengtong Hardware"),
])
def test_greeting(lang: str, customer: str, person: str, role: str | None, expected: str) -> None:
    assert greeting(lang, customer, person, role) == expected


def test_template_problems() -> None:
    bad = {"first.message": ("{greeting} {amout}", "{greeting}"),
           "firm.call": ("only one", "only one"),
           "frist.message": ("x", "y"),
           "thanks.message": ("{month",),
           "second.message": ("{0} {}", "ok"),
           "excuse.no_cash.call": ("one text is enough outside the steps",)}
    assert sorted(template_problems(bad)) == [
        ("firm.call", "variants"), ("first.message", "placeholder:amout"),
        ("frist.message", "unknown_template"), ("second.message", "placeholder:"),
        ("second.message", "placeholder:0"), ("thanks.message", "braces")]
    assert template_problems(TEMPLATES) == []


@pytest.mark.parametrize(("channel", "situation", "expected"), [
    (Channel.WECHAT, Situation(1), "first.message"),
    (Channel.SMS, Situation(1, contacts_so_far=2), "second.message"),
    (Channel.EMAIL, Situation(1, contacts_so_far=4), "firm.message"),
    (Channel.CALL, Situation(1, broken_promise=True), "broken_promise.call"),
    (Channel.WECHAT, Situation(1, letter_next=True), "before_letter.message"),
    (Channel.WECHAT, Situation(1, excuse="no_cash", broken_promise=True), "excuse.no_cash.message"),
    (Channel.WECHAT, Situation(1, excuse="other"), "first.message"),
    (Channel.CALL, Situation(1, purpose=Purpose.PROMISE_FOLLOWUP), "broken_promise.call"),
    (Channel.CALL, Situation(1, purpose=Purpose.PROMISE_FOLLOWUP, instalment=True),
     "instalment_followup.call"),
    (Channel.WECHAT, Situation(1, purpose=Purpose.PROMISE_REMINDER, instalment=True),
     "instalment_reminder.message"),
    (Channel.WECHAT, Situation(1, purpose=Purpose.INSTALMENT_REMINDER),
     "instalment_reminder.message"),
    (Channel.WECHAT, Situation(1, purpose=Purpose.THANKS), "thanks.message"),
    (Channel.WECHAT, Situation(1, purpose=Purpose.PROMISE_REMINDER), None),
    (Channel.WECHAT, Situation(1, purpose=Purpose.RECONFIRM), None),
    (Channel.VISIT, Situation(1), None),
    (Channel.TASK, Situation(1, purpose=Purpose.HELP_SELL), None),
])
def test_template_id(channel: Channel, situation: Situation, expected: str | None) -> None:
    assert template_id(channel, situation) == expected
    assert expected is None or expected in TEMPLATE_IDS


FIELDS = {"customer": "杭州恒通五金有限公司", "owner": "张三", "invoices": "A-1、A-2",
          "amount": "¥1,500.50", "days": 40, "due": date(2026, 11, 20)}


def test_compose_greets_the_person_and_quotes_the_promise() -> None:
    s = Situation(3, purpose=Purpose.PROMISE_FOLLOWUP, person="王强", role="payer")
    assert compose(TEMPLATES, "zh", Channel.CALL, s, FIELDS) == "PC2 ¥1,500.50"
    s = Situation(2, purpose=Purpose.PROMISE_FOLLOWUP)
    assert compose(TEMPLATES, "zh", Channel.CALL, s, FIELDS) == "PC1 ¥1,500.50 2026-11-20"
    s = Situation(3, person="王强", role="payer")
    assert compose(TEMPLATES, "zh", Channel.WECHAT, s, FIELDS) == "A1 王经理，您好 A-1、A-2 40"
    s = Situation(4)
    assert compose(TEMPLATES, "zh", Channel.WECHAT, s, FIELDS) == "A2 杭州恒通五金有限公司您好 ¥1,500.50"


def test_compose_uses_number_for_the_variant_and_the_month_for_the_step() -> None:
    texts = [compose(TEMPLATES, "en", Channel.WECHAT, Situation(5, contacts_so_far=4, number=n),
                     FIELDS) for n in (1, 2, 3)]
    assert texts == ["F1", "F2", "F1"]


def test_compose_without_a_template_is_none() -> None:
    assert compose(TEMPLATES, "en", Channel.VISIT, Situation(1), FIELDS) is None
    assert compose(TEMPLATES, "en", Channel.CALL, Situation(1, contacts_so_far=4), FIELDS) is None


def test_situation_from_an_actions_detail() -> None:
    assert situation(4, Purpose.COLLECT, {"n": 5, "of": 5, "cls": "collecting"}) == Situation(
        4, Purpose.COLLECT, contacts_so_far=4, number=5)
    assert situation(4, Purpose.COLLECT, {}) == Situation(4, Purpose.COLLECT, 0, None)
    detail = {"n": 2, "contacts_so_far": 6, "broken_promise": True, "letter_next": False,
              "excuse": "no_cash", "person": "王强", "role": "payer"}
    assert situation(4, Purpose.COLLECT, detail) == Situation(
        4, Purpose.COLLECT, 6, 2, True, False, "no_cash", False, "王强", "payer")
    got = situation(4, Purpose.PROMISE_REMINDER, {"instalment": 2, "instalments": 6,
                                                  "due": date(2026, 12, 1)})
    assert got.instalment and template_id(Channel.WECHAT, got) == "instalment_reminder.message"
