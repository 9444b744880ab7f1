"""Acceptance bills (承兑汇票): a payment that turns into cash only at maturity.

A bill settles the invoices it is allocated to like any payment, but until its maturity plus
a few days' grace it is *outstanding*: the money is promised by the acceptor, not in the bank.
A bill past that with no dishonour recorded was honoured (derived, never typed in); a
dishonoured bill (拒付) settles nothing, so the invoices it paid are open again from their own
due dates; an endorsed bill (背书转让) was passed on and is no longer held."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class BillKind(StrEnum):
    BANK = "bank"  # 银行承兑汇票: a bank accepted it
    COMMERCIAL = "commercial"  # 商业承兑汇票: the customer (or another company) accepted it


class BillState(StrEnum):
    HELD = "held"
    ENDORSED = "endorsed"
    HONOURED = "honoured"
    DISHONOURED = "dishonoured"


BILL_KINDS = tuple(BillKind)
BILL_STATES = tuple(BillState)
CASH = "cash"  # a payment method that is money in hand (电汇, 转账, 现金, 支票)

# The 付款方式 column of a payment sheet.
_METHODS: dict[str, str] = {
    "银承": BillKind.BANK, "银行承兑": BillKind.BANK, "银行承兑汇票": BillKind.BANK,
    "银票": BillKind.BANK, "bank": BillKind.BANK,
    "商承": BillKind.COMMERCIAL, "商业承兑": BillKind.COMMERCIAL,
    "商业承兑汇票": BillKind.COMMERCIAL, "商票": BillKind.COMMERCIAL,
    "commercial": BillKind.COMMERCIAL,
    "电汇": CASH, "转账": CASH, "现金": CASH, "支票": CASH, "汇款": CASH, "网银": CASH,
    "cash": CASH, "transfer": CASH,
}


def method_kind(text: str) -> str | None:
    """``银承`` → bank, ``商承`` → commercial, ``电汇`` → cash; None for a method dunner does
    not know (kept as text)."""
    word = unicodedata.normalize("NFKC", text).strip().lower().replace(" ", "")
    return _METHODS.get(word)


@dataclass(frozen=True)
class Bill:
    """A bill as recorded: ``state`` is the stored one (held, endorsed or dishonoured)."""

    key: int  # the payment's id
    customer: str
    number: str
    kind: BillKind
    amount: int  # fen
    received_on: date
    matures: date
    acceptor: str = ""
    state: BillState = BillState.HELD
    state_on: date | None = None  # when it was endorsed or dishonoured
    endorsed_to: str = ""


def state_of(bill: Bill, today: date, grace_days: int) -> BillState:
    """Dishonoured or endorsed as recorded; honoured once ``grace_days`` past maturity with no
    dishonour recorded; else held."""
    if bill.state in (BillState.DISHONOURED, BillState.ENDORSED):
        return bill.state
    if today > bill.matures + timedelta(days=grace_days):
        return BillState.HONOURED
    return BillState.HELD


def outstanding(bill: Bill, today: date, grace_days: int) -> bool:
    """Held and not yet turned into cash: the acceptor still has to pay."""
    return bill.received_on <= today and state_of(bill, today, grace_days) is BillState.HELD


def days_to_maturity(bill: Bill, today: date) -> int:
    return (bill.matures - today).days


def commercial_outstanding(bills: Iterable[Bill], today: date, grace_days: int) -> int:
    """Fen of commercial bills a customer gave that are still outstanding: credit in use until
    the acceptor pays."""
    return sum(b.amount for b in bills
               if b.kind is BillKind.COMMERCIAL and outstanding(b, today, grace_days))


def maturing_within(bills: Iterable[Bill], today: date, days: int,
                    grace_days: int) -> list[Bill]:
    """Outstanding bills maturing from ``today`` to ``days`` ahead, by maturity."""
    end = today + timedelta(days=days)
    return sorted((b for b in bills if outstanding(b, today, grace_days)
                   and today <= b.matures <= end), key=lambda b: (b.matures, b.number))
