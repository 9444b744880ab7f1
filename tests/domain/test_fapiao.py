"""Tax invoices: fapiao terms date an invoice from its fapiao; what waits on a fapiao."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from dunner.domain.fapiao import UNTRACKED, Fapiao, FapiaoState, FapiaoWait, fapiao_wait, parse_state
from dunner.domain.receivables import InvoiceFact, position
from dunner.domain.terms import Terms

TODAY = date(2026, 11, 23)
FAPIAO_30 = Terms("fapiao", 30)


def _item(fapiao: Fapiao = UNTRACKED, terms: Terms = FAPIAO_30, today: date = TODAY,
          due: date | None = None):
    inv = InvoiceFact(1, "S1", date(2026, 8, 1), 1_000_000, due, fapiao)
    return position([inv], [], terms, 30, today=today).items[0]


def test_without_a_fapiao_an_invoice_under_fapiao_terms_is_not_due() -> None:
    item = _item()
    assert item.due_pending
    assert item.due == date(2026, 12, 23)  # were the fapiao issued today
    assert item.days_overdue(TODAY) < 0


def test_a_fapiao_issued_late_moves_the_due_date() -> None:
    item = _item(Fapiao(FapiaoState.ISSUED, "0441", date(2026, 10, 1)))
    assert not item.due_pending
    assert item.due == date(2026, 10, 31)
    assert item.days_overdue(TODAY) == 23


def test_a_received_fapiao_without_an_issue_date_counts_from_receipt() -> None:
    assert _item(Fapiao(FapiaoState.RECEIVED, received_on=date(2026, 9, 5))).due == date(2026, 10, 5)


def test_an_explicit_due_date_still_wins() -> None:
    assert _item(due=date(2026, 9, 1)).due == date(2026, 9, 1)


def test_other_terms_ignore_the_fapiao() -> None:
    item = _item(Fapiao(FapiaoState.ISSUED, issued_on=date(2026, 10, 1)), Terms("net", 30))
    assert item.due == date(2026, 8, 31)
    assert not item.due_pending


def _at(day: str) -> datetime:
    return datetime.fromisoformat(day + " 10:00")


@pytest.mark.parametrize(("fapiao", "pending", "contacts", "expected"), [
    (Fapiao(), False, [], None),
    (Fapiao(FapiaoState.NONE), False, [], FapiaoWait.NOT_ISSUED),
    (Fapiao(), True, [], FapiaoWait.NOT_ISSUED),
    (Fapiao(), False, [(_at("2026-11-10"), "invoice_not_received")], FapiaoWait.NOT_RECEIVED),
    # a later contact with another outcome: the complaint is over
    (Fapiao(), False, [(_at("2026-11-10"), "invoice_not_received"), (_at("2026-11-12"), "promised"),
                       (_at("2026-11-13"), None)], None),
    # said before the fapiao was issued: about a fapiao not sent then
    (Fapiao(FapiaoState.ISSUED, issued_on=date(2026, 11, 15)), False,
     [(_at("2026-11-10"), "invoice_not_received")], None),
    (Fapiao(FapiaoState.ISSUED, issued_on=date(2026, 11, 1)), False,
     [(_at("2026-11-10"), "invoice_not_received")], FapiaoWait.NOT_RECEIVED),
    # receipt confirmed since
    (Fapiao(FapiaoState.RECEIVED, issued_on=date(2026, 11, 1), received_on=date(2026, 11, 12)), False,
     [(_at("2026-11-10"), "invoice_not_received")], None),
    # a contact after today is not seen
    (Fapiao(), False, [(_at("2026-11-30"), "invoice_not_received")], None),
])
def test_what_waits_on_a_fapiao(fapiao: Fapiao, pending: bool, contacts: list, expected) -> None:
    assert fapiao_wait(fapiao, pending, contacts, TODAY) == expected


@pytest.mark.parametrize(("word", "state"), [("未开", FapiaoState.NONE), ("已开", FapiaoState.ISSUED),
                                             ("已收", FapiaoState.RECEIVED), ("issued", FapiaoState.ISSUED)])
def test_fapiao_state_words(word: str, state: FapiaoState) -> None:
    assert parse_state(word) is state
