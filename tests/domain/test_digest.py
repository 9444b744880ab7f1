"""The digest's content: each section's rule, the "since the last digest" window, the summary
counts, and the group form (phones masked, no address or notes)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta

import pytest

from dunner.domain.allocation import Remittance
from dunner.domain.assessment import CustomerFile, PromiseRow, assess
from dunner.domain.digest import (
    Contact,
    Digest,
    DigestAction,
    Item,
    Payment,
    build,
    for_group,
    mask_phones,
    overview,
)
from dunner.domain.planner import plan
from dunner.domain.receivables import InvoiceFact
from dunner.domain.terms import Terms
from dunner.domain.vocab import Channel, Purpose
from tests.conftest import TODAY
from tests.policies import capacity, plan_policy, policy

NET30 = Terms("net", 30)
LAST = date(2026, 11, 19)  # the last digest was delivered on Thursday; TODAY is Monday


def day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


@pytest.mark.parametrize(("text", "masked"), [
    ("13812341234", "138****1234"),
    ("电话 138-1234-1234。", "电话 138****1234。"),
    ("+86 13812341234", "+86 138****1234"),
    ("020-87654321", "020-****4321"),
    ("0571 2395 3425", "0571-****3425"),
    ("invoice 20240929001 of ¥123,456.00", "invoice 20240929001 of ¥123,456.00"),  # not a phone
    ("XS2026-0081", "XS2026-0081"),
    ("", ""),
])
def test_mask_phones(text: str, masked: str) -> None:
    assert mask_phones(text) == masked


def _file(cid: int, name: str, owner: str, invoices: tuple[InvoiceFact, ...], **kw: object) -> CustomerFile:
    return CustomerFile(cid, name, owner, NET30, invoices=invoices, **kw)  # type: ignore[arg-type]


FILES = [
    _file(1, "恒通", "张三", (
        InvoiceFact(11, "H-OLD", day(-120), 50_000, due=day(-90)),  # long overdue: not "new"
        InvoiceFact(12, "H-NEW", day(-40), 20_000, due=day(-3)),  # due Fri 11-20: new since LAST
        InvoiceFact(13, "H-EDGE", day(-40), 10_000, due=LAST - timedelta(days=1)),  # before LAST
        InvoiceFact(14, "H-SOON", day(-20), 30_000, due=day(3)),  # within 3 days
        InvoiceFact(15, "H-LATER", day(-20), 40_000, due=day(4)),  # not yet
        InvoiceFact(16, "H-TODAY", day(-20), 5_000, due=TODAY)),  # falls due today: "soon"
        promises=(PromiseRow(day(-10), TODAY, 7_000),  # due today, open
                  PromiseRow(day(-10), day(-2), 8_000),  # Saturday, unpaid: broken since LAST
                  PromiseRow(day(-30), LAST - timedelta(days=2), 9_000)),  # broken before LAST
        payments=(Remittance(1, day(-1), 1_000),)),
    _file(2, "鑫达", "李四", (
        InvoiceFact(21, "X-1", day(-200), 60_000, due=day(-170)),
        InvoiceFact(22, "X-2", day(-60), 15_000, due=day(-30))),
        disputed=frozenset({22})),
]


def _digests(since: dict[str, date], payments: list[Payment] | None = None) -> dict[str, Digest]:
    assessments = [assess(f, policy(), TODAY) for f in FILES]
    actions = plan(assessments, plan_policy(), capacity(), TODAY, TODAY).actions
    contacts = {1: Contact("13812341234", "杭州市滨江区江南大道 1 号", "老板爱喝茶")}
    return build(TODAY, since, day(-3), actions, assessments, payments or [], contacts,
                 owners=["张三", "李四", "王五"])


def test_sections_since_the_last_digest() -> None:
    d = _digests({"张三": LAST})["张三"]
    assert d.since == LAST
    assert [(i.customer, i.amount, i.day) for i in d.promises_due] == [("恒通", 7_000, TODAY)]
    assert [i.amount for i in d.promises_broken] == [8_000]
    assert [i.invoices for i in d.newly_overdue] == [("H-NEW",)]
    assert [i.invoices for i in d.due_soon] == [("H-TODAY",), ("H-SOON",)]


def test_an_owner_never_sent_a_digest_counts_from_the_default_day() -> None:
    d = _digests({})["张三"]
    assert d.since == day(-3)
    assert [i.invoices for i in d.newly_overdue] == [("H-NEW",)]  # 11-18 is before 11-20
    assert [i.amount for i in d.promises_broken] == [8_000]


def test_payments_entered_from_the_last_digest_day_up_to_yesterday() -> None:
    payments = [Payment(1, 1_000, LAST - timedelta(days=1)), Payment(1, 2_000, LAST),
                Payment(1, 3_000, day(-1)), Payment(1, 4_000, TODAY), Payment(2, 5_000, LAST)]
    digests = _digests({"张三": LAST, "李四": day(-1)}, payments)
    # LAST's own later payments were not in LAST's digest; today's are in tomorrow's
    assert [i.amount for i in digests["张三"].payments] == [2_000, 3_000]
    assert digests["李四"].payments == ()


def test_disputes_and_limitation_belong_to_the_owner() -> None:
    d = _digests({})["李四"]
    assert [(i.customer, i.invoices, i.amount) for i in d.disputes] == [("鑫达", ("X-2",), 15_000)]
    assert all("X-2" not in i.invoices for i in d.newly_overdue)


def test_every_named_owner_has_a_digest_even_an_empty_one() -> None:
    digests = _digests({})
    assert list(digests) == ["张三", "李四", "王五"]
    assert digests["王五"].empty and not digests["张三"].empty


def test_summary_counts_come_from_the_actions() -> None:
    actions = tuple(DigestAction(str(n), time(10), f"c{n}", ch, Purpose.COLLECT, ("A",), 100 * n, "m")
                    for n, ch in enumerate([Channel.WECHAT] * 5 + [Channel.CALL] * 2 + [Channel.VISIT],
                                           start=1))
    d = Digest("张三", TODAY, day(-3), actions)
    assert d.by_channel == [(Channel.WECHAT, 5), (Channel.CALL, 2), (Channel.VISIT, 1)]
    assert d.to_collect == 100 * sum(range(1, 9))
    line = overview([d])[0]
    assert (line.owner, line.actions, line.to_collect) == ("张三", 8, d.to_collect)


def test_the_group_form_masks_phones_and_leaves_out_addresses_and_notes() -> None:
    contact = Contact("13812341234", "杭州市滨江区江南大道 1 号", "老板爱喝茶")
    action = DigestAction("abc", time(10), "恒通 13900001111", Channel.VISIT, Purpose.COLLECT,
                          ("H-1",), 100, "请致电 13812341234", contact)
    d = Digest("张三", TODAY, day(-3), (action,), promises_due=(Item("恒通 13900001111", 1, TODAY),))
    g = for_group(d)
    text = repr(g)
    assert "13812341234" not in text and "13900001111" not in text
    assert "江南大道" not in text and "老板爱喝茶" not in text
    assert g.actions[0].contact.phone == "138****1234"
    assert g.actions[0].message == "请致电 138****1234"
    assert g.promises_due[0].customer == "恒通 139****1111"
    assert g.group and not d.group


def test_a_partly_kept_promise_lists_what_did_not_come() -> None:
    """恒通 paid 3,000.00 of the 8,000.00 promised for the Saturday: its line says 5,000.00."""
    paid = replace(FILES[0], payments=(*FILES[0].payments, Remittance(2, day(-5), 3_000)))
    assessments = [assess(f, policy(), TODAY) for f in (paid, *FILES[1:])]
    actions = plan(assessments, plan_policy(), capacity(), TODAY, TODAY).actions
    d = build(TODAY, {"张三": LAST}, day(-3), actions, assessments, [], {},
              owners=["张三", "李四"])["张三"]
    assert [(i.customer, i.amount, i.day) for i in d.promises_broken] == [("恒通", 5_000, day(-2))]
