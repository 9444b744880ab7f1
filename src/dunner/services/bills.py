"""Acceptance bills (承兑汇票): recording, dishonour, endorsement and the bills outstanding."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dunner.domain.bills import (
    Bill,
    BillKind,
    BillState,
    commercial_outstanding,
    days_to_maturity,
    maturing_within,
    outstanding,
    state_of,
)
from dunner.errors import DunnerError, NotFound, UsageError
from dunner.i18n import t
from dunner.ledger import bills as rows
from dunner.ledger import repo
from dunner.services.context import AppContext
from dunner.services.customers import position_of

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

MATURING_DAYS = 30  # ``status`` lists the bills maturing this soon


@dataclass(frozen=True)
class BillDraft:
    """What ``pay --bill`` adds to a payment."""

    kind: BillKind
    number: str
    matures: date
    acceptor: str = ""


def bill_columns(draft: BillDraft) -> dict[str, Any]:
    """The payment columns of a bill just received (held)."""
    return {"bill_kind": draft.kind.value, "bill_no": draft.number, "bill_matures": draft.matures,
            "bill_acceptor": draft.acceptor, "bill_state": BillState.HELD.value}


def check_draft(conn: Connection, draft: BillDraft, received: date) -> None:
    """A bill matures on or after the day it was received, and is recorded once."""
    if draft.matures < received:
        raise UsageError("bill_matures_early", t("bill.matures_early", matures=draft.matures,
                                                 date=received), t("bill.matures_early.hint"))
    if rows.bill_rows(conn, number=draft.number):
        raise DunnerError("bill_exists", t("bill.exists", number=draft.number),
                          t("bill.exists.hint"))


def _bill(row: dict[str, Any]) -> Bill:
    return Bill(row["id"], row["customer"], row["bill_no"], BillKind(row["bill_kind"]),
                row["amount"], row["paid_on"], row["bill_matures"], row["bill_acceptor"] or "",
                BillState(row["bill_state"] or BillState.HELD), row["bill_state_on"],
                row["bill_endorsed_to"] or "")


def bills_in(conn: Connection, scope: repo.Scope = None) -> list[Bill]:
    """The bills recorded (not undone), by maturity."""
    return [_bill(r) for r in rows.bill_rows(conn, scope)]


def commercial_bills_outstanding(conn: Connection, customer_id: int, today: date,
                                 grace_days: int) -> int:
    """Fen of a customer's commercial bills still outstanding on ``today``: credit in use
    until the acceptor pays (the credit gate counts it with the open balance)."""
    return commercial_outstanding(bills_in(conn, customer_id), today, grace_days)


@dataclass(frozen=True)
class BillLine:
    bill: Bill
    state: BillState
    days_to_maturity: int


def bill_report(ctx: AppContext, as_of: date | None = None,
                customer: str | None = None) -> list[BillLine]:
    """Every bill by maturity with its state on ``as_of`` (default today)."""
    day = as_of or ctx.today
    grace = ctx.config.settings.terms.bill_grace_days
    with ctx.ledger().reader() as conn:
        scope = None
        if customer is not None:
            from dunner.services.customers import resolve

            scope = resolve(conn, customer).id
        found = [b for b in bills_in(conn, scope) if b.received_on <= day]
    return [BillLine(b, state_of(b, day, grace), days_to_maturity(b, day)) for b in found]


@dataclass(frozen=True)
class BillSummary:
    """What ``status`` shows: the bills outstanding (commercial apart) and those maturing soon."""

    outstanding: int = 0
    commercial: int = 0
    count: int = 0
    maturing: tuple[Bill, ...] = ()


def bill_summary(conn: Connection, today: date, grace_days: int) -> BillSummary:
    held = [b for b in bills_in(conn) if outstanding(b, today, grace_days)]
    return BillSummary(sum(b.amount for b in held), commercial_outstanding(held, today, grace_days),
                       len(held), tuple(maturing_within(held, today, MATURING_DAYS, grace_days)))


@dataclass(frozen=True)
class Dishonoured:
    bill: Bill
    reopened: list[tuple[str, int]]  # (invoice number, fen) the bill had settled
    open: int  # the customer's open balance now
    signal_id: int


def _one(conn: Connection, number: str) -> tuple[Bill, int]:
    """The bill numbered ``number`` and its customer's id."""
    found = rows.bill_rows(conn, number=number)
    if not found:
        raise NotFound("unknown_bill", t("bill.unknown", number=number), t("bill.unknown.hint"))
    return _bill(found[0]), int(found[0]["customer_id"])


def dishonour(ctx: AppContext, number: str, on: date | None = None, note: str = "") -> Dishonoured:
    """Bill ``number`` was dishonoured (拒付) on ``on``: it settles nothing any more, so the
    invoices it paid are open again from their own due dates, and a ``bill_dishonoured``
    signal is recorded — in one transaction."""
    day = on or ctx.today
    if day > ctx.today:
        raise UsageError("future_date", t("bill.future", date=day, today=ctx.today),
                         t("date.future.hint"))
    with ctx.ledger(create=True).writer() as conn:
        bill, customer_id = _one(conn, number)
        if bill.state is BillState.DISHONOURED:
            raise DunnerError("bill_dishonoured", t("bill.already_dishonoured", number=number,
                                                    date=bill.state_on), t("bill.state.hint"))
        if day < bill.received_on:
            raise UsageError("bill_dishonoured_early", t("bill.dishonoured_early", date=day,
                             received=bill.received_on), t("bill.matures_early.hint"))
        before = position_of(conn, ctx.config, customer_id, ctx.today)
        numbers = {i.key: i.number for i in before.items}
        reopened = [(numbers[a.invoice], a.amount) for a in before.allocations if a.payment == bill.key]
        rows.set_bill_state(conn, bill.key, BillState.DISHONOURED.value, day)
        sid = repo.insert_one(conn, "signal", {
            "customer_id": customer_id, "on_date": day, "kind": "bill_dishonoured",
            "note": note or t("bill.signal_note", number=number)})
        after = position_of(conn, ctx.config, customer_id, ctx.today)
    return Dishonoured(bill, reopened, after.open, sid)


def endorse(ctx: AppContext, number: str, to: str, on: date | None = None) -> Bill:
    """Bill ``number`` was passed on (背书转让) to ``to``: no longer held."""
    day = on or ctx.today
    if not to.strip():
        raise UsageError("bill_endorse_to", t("bill.endorse_to"), t("bill.endorse_to.hint"))
    with ctx.ledger(create=True).writer() as conn:
        bill, _ = _one(conn, number)
        state = state_of(bill, day, ctx.config.settings.terms.bill_grace_days)
        if state is not BillState.HELD:
            raise DunnerError("bill_not_held", t("bill.not_held", number=number,
                                                 state=t(f"bill_state.{state}")),
                              t("bill.state.hint"))
        rows.set_bill_state(conn, bill.key, BillState.ENDORSED.value, day, to.strip())
    return Bill(bill.key, bill.customer, bill.number, bill.kind, bill.amount, bill.received_on,
                bill.matures, bill.acceptor, BillState.ENDORSED, day, to.strip())


def by_kind(lines: Sequence[BillLine]) -> dict[str, int]:
    """Fen outstanding per kind of bill."""
    out = {k.value: 0 for k in BillKind}
    for line in lines:
        if line.state is BillState.HELD:
            out[line.bill.kind] += line.bill.amount
    return out


def bills_xlsx(path: Path, sheet: str, header: Sequence[str],
               cells: Sequence[Sequence[object]]) -> None:
    """The bills report as a workbook: amounts as values, text never as formulas, 0600."""
    from dunner.adapters.xlsx import write_table_workbook

    write_table_workbook(path, [(sheet, header, cells)])
