"""The right person: whom each action reaches, by what it is about."""

from __future__ import annotations

import pytest

from dunner.domain.people import Person, reachable, whom
from dunner.domain.vocab import Channel, Purpose

PAYER = Person("刘会计", "payer", "0571-87654321")
FINANCE = Person("陈出纳", "finance", "", "chen_cn")
BOSS = Person("王总", "decision", "13812345678")
GOODS = Person("赵仓管", "acceptance", "13900001111")
COMPANY = Person("", "other", "0571-11112222")
NO_WAY = Person("孙经理", "payer")


@pytest.mark.parametrize(("people", "purpose", "channel", "expected"), [
    ((BOSS, PAYER, GOODS), Purpose.COLLECT, Channel.CALL, PAYER),
    ((BOSS, PAYER, GOODS), Purpose.COLLECT, Channel.WECHAT, PAYER),
    ((BOSS, FINANCE, GOODS), Purpose.PROMISE_FOLLOWUP, Channel.CALL, FINANCE),
    ((BOSS, GOODS), Purpose.COLLECT, Channel.CALL, BOSS),  # no payer, no finance: the decider
    ((BOSS, PAYER, GOODS), Purpose.COLLECT, Channel.VISIT, BOSS),
    ((BOSS, PAYER, GOODS), Purpose.DEMAND_LETTER, Channel.LETTER, BOSS),
    ((BOSS, PAYER, GOODS), Purpose.LEGAL_REVIEW, Channel.LEGAL, BOSS),
    ((BOSS, PAYER, GOODS), Purpose.RESOLVE_DISPUTE, Channel.TASK, GOODS),
    ((NO_WAY, BOSS), Purpose.COLLECT, Channel.CALL, BOSS),  # a payer without a number can't be called
    ((NO_WAY, COMPANY), Purpose.COLLECT, Channel.CALL, COMPANY),
    ((COMPANY,), Purpose.COLLECT, Channel.VISIT, COMPANY),
    ((), Purpose.COLLECT, Channel.CALL, None),
])
def test_whom(people: tuple[Person, ...], purpose: Purpose, channel: Channel,
              expected: Person | None) -> None:
    assert whom(people, purpose, channel) == expected


def test_an_excuse_can_ask_for_another_role() -> None:
    """'The boss is away': the next call goes to the decision maker, not the payer."""
    assert whom((PAYER, BOSS), Purpose.COLLECT, Channel.CALL, wanted="decision") == BOSS


def test_reachable_means_a_phone_or_a_wechat() -> None:
    assert reachable((NO_WAY, FINANCE)) and reachable((COMPANY,))
    assert not reachable((NO_WAY,)) and not reachable(())
