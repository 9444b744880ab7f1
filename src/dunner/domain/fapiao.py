"""Tax invoices (发票): a receivable's fapiao state and whether it waits on the fapiao.

Many customers pay only once they hold the VAT invoice. A receivable whose fapiao was not
issued, or that the customer says it has not received, is not chased for money: its owner
issues or resends the fapiao first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class FapiaoState(StrEnum):
    """``untracked``: the ledger says nothing (chased as usual); ``none``: not issued yet."""

    UNTRACKED = "untracked"
    NONE = "none"
    ISSUED = "issued"
    RECEIVED = "received"


FAPIAO_STATES = tuple(FapiaoState)
NOT_RECEIVED_OUTCOME = "invoice_not_received"

# The 发票状态 column of a workbook: 未开 / 已开 / 已收 (and the ledger's own words).
_STATE_WORDS = {"未开": FapiaoState.NONE, "未开票": FapiaoState.NONE, "未开具": FapiaoState.NONE,
                "已开": FapiaoState.ISSUED, "已开票": FapiaoState.ISSUED,
                "已开具": FapiaoState.ISSUED, "已寄": FapiaoState.ISSUED,
                "已收": FapiaoState.RECEIVED, "已收票": FapiaoState.RECEIVED,
                "已签收": FapiaoState.RECEIVED, "不开": FapiaoState.UNTRACKED,
                **{s.value: s for s in FapiaoState}}


class FapiaoWait(StrEnum):
    """Why a receivable waits on its fapiao: to issue it, or to resend it."""

    NOT_ISSUED = "not_issued"
    NOT_RECEIVED = "not_received"


@dataclass(frozen=True)
class Fapiao:
    state: FapiaoState = FapiaoState.UNTRACKED
    number: str = ""
    issued_on: date | None = None
    received_on: date | None = None

    @property
    def dated_on(self) -> date | None:
        """The day fapiao terms count from: the day it was issued (else received)."""
        return self.issued_on or self.received_on


UNTRACKED = Fapiao()


def parse_state(text: str) -> FapiaoState:
    """``未开`` / ``已开`` / ``已收`` (or ``none`` / ``issued`` / ``received``) → a state."""
    word = text.strip().lower().replace(" ", "")
    if word in _STATE_WORDS:
        return _STATE_WORDS[word]
    raise ValueError(text)


def fapiao_wait(fapiao: Fapiao, pending: bool, contacts: Iterable[tuple[datetime, str | None]],
                today: date) -> FapiaoWait | None:
    """Whether a receivable waits on its fapiao as of ``today``, and why.

    It waits when its fapiao is ``none`` or ``pending`` (fapiao terms, 票到N天, and no fapiao
    dated yet);
    or when the customer's latest contact with an outcome up to ``today`` was
    ``invoice_not_received`` on or after the fapiao's date (and before a receipt recorded
    since). ``contacts`` are (at, outcome) of the customer's contacts."""
    if fapiao.state is FapiaoState.NONE or pending:
        return FapiaoWait.NOT_ISSUED
    said = [(at, outcome) for at, outcome in contacts if outcome and at.date() <= today]
    if not said:
        return None
    at, outcome = max(said, key=lambda c: c[0])
    on = at.date()
    if outcome != NOT_RECEIVED_OUTCOME:
        return None
    if fapiao.issued_on is not None and on < fapiao.issued_on:
        return None  # the complaint was about a fapiao not yet sent then
    if fapiao.received_on is not None and fapiao.received_on >= on:
        return None
    return FapiaoWait.NOT_RECEIVED
