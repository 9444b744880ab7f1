"""Recording what happens: payments, contacts, promises, acknowledgements and warning signals.

Each takes parsed values (fen, ``date``, ``datetime``, the ledger's own words), checks what
cannot be right (a date after today, a likely duplicate, a confirmation above the balance) and
writes in one transaction."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from dunner.domain.allocation import SAME_PAYMENT_DAYS
from dunner.domain.money import fen_str
from dunner.errors import DunnerError, NotFound, UsageError
from dunner.i18n import t
from dunner.ledger import repo
from dunner.ledger.stamp import hold_off_writers
from dunner.services.bills import BillDraft, bill_columns, check_draft
from dunner.services.context import AppContext
from dunner.services.customers import CustomerRef, position_of, resolve

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

DUPLICATE_DAYS = SAME_PAYMENT_DAYS  # a payment of the same amount this close to a recorded one: refused


@dataclass(frozen=True)
class Recorded:
    customer: CustomerRef
    id: int
    details: dict[str, Any]


def positive(fen: int, allow_zero: bool = False) -> None:
    """An amount recorded is more than nothing (a confirmed balance may be zero)."""
    if fen < 0 or (fen == 0 and not allow_zero):
        raise UsageError("bad_amount", t("amount.not_positive", value=fen_str(fen)),
                         t("amount.hint"))


def not_future(day: date | None, today: date, key: str) -> None:
    """A payment, confirmation or signal is something that has happened: never after today."""
    if day is not None and day > today:
        raise UsageError("future_date", t(key, date=day, today=today), t("date.future.hint"))


def record_payment(ctx: AppContext, customer: str, fen: int, on: date | None,
                   invoice: str | None, method: str = "", reference: str = "", *,
                   force: bool = False, bill: BillDraft | None = None) -> Recorded:
    """``fen`` paid by ``customer`` (a name as typed) on ``on`` (default today), to ``invoice``
    first if given; ``force`` records it even when it looks like a payment already recorded;
    ``bill`` when it was paid with an acceptance bill."""
    positive(fen)
    not_future(on, ctx.today, "pay.future")
    with ctx.ledger(create=True).writer() as conn:
        if not isinstance(conn, sqlite3.Connection):
            # PostgreSQL: each statement sees what others committed by then, so a payment
            # another pay or an import writes meanwhile would pass the checks below unseen;
            # they wait for each other here (SQLite's write transaction holds its lock already)
            hold_off_writers(conn)
        ref = resolve(conn, customer)
        numbers = {row[2] for row in repo.invoice_facts(conn, ref.id)}
        if invoice and invoice not in numbers:
            raise NotFound("unknown_invoice", t("invoice.unknown", number=invoice,
                                                customer=ref.name), t("invoice.unknown.hint"))
        if bill is not None:
            check_draft(conn, bill, on or ctx.today)
        before = position_of(conn, ctx.config, ref.id)
        if not force:
            refuse_duplicate(conn, ref, fen, on or ctx.today)
            refuse_claimed(conn, ref, fen, on or ctx.today, invoice, before.explained)
        pid = repo.insert_one(conn, "payment", {
            "customer_id": ref.id, "paid_on": on or ctx.today, "amount": fen, "method": method,
            "reference": reference, "invoice_number": invoice, "origin": "manual",
            "recorded_on": ctx.today, **(bill_columns(bill) if bill is not None else {})})
        pos = position_of(conn, ctx.config, ref.id)
    numbers_by_key = {i.key: i.number for i in pos.items}
    allocated = [(numbers_by_key[a.invoice], a.amount) for a in pos.allocations if a.payment == pid]
    credit = fen - sum(a for _, a in allocated)
    # the part of it the workbook's paid column already showed lowers no balance a second time
    known = fen - ((before.open - before.credit) - (pos.open - pos.credit))
    return Recorded(ref, pid, {"amount": fen, "date": on or ctx.today, "allocated": allocated,
                               "credit": credit, "open": pos.open, "known": known})


def refuse_duplicate(conn: Connection, ref: CustomerRef, fen: int, on: date) -> None:
    """Refuse a payment of the same amount dated within DUPLICATE_DAYS of a dated one already
    recorded (by ``pay`` or from a payment sheet): typing in a transfer the import brought."""
    same = repo.payment_near(conn, ref.id, fen, on, DUPLICATE_DAYS)
    if same is None:
        return
    pid, paid_on, reference, source_file, source_ref = same
    where = f"{source_file}:{source_ref}" if source_file else ""
    what = "; ".join(x for x in (reference, where) if x) or t("pay.duplicate.by_hand", id=pid)
    raise DunnerError("duplicate_payment", t("pay.duplicate", customer=ref.name, amount=fen_str(fen),
                                             date=paid_on, what=what), t("pay.duplicate.hint"))


def refuse_claimed(conn: Connection, ref: CustomerRef, fen: int, on: date, invoice: str | None,
                   explained: dict[int, int]) -> None:
    """Refuse a payment of the amount a workbook's paid column rose by (on ``invoice``, if given
    and the rise names one) in the DUPLICATE_DAYS days before ``on``, while recorded payments
    do not explain all of that rise (``explained``: claim id → fen they explain). Dated on or
    before the day the workbook showed it, the payment would explain it and count once; dated
    after, both would count."""
    for cid, seen_on, _number, source_file, source_ref in repo.claims_before(
            conn, ref.id, fen, on, DUPLICATE_DAYS, invoice):
        if explained.get(cid, 0) >= fen:
            continue
        place = ":".join(x for x in (source_file, source_ref) if x)
        where = t("pay.claimed.where", where=place) if place else ""
        raise DunnerError("duplicate_payment", t("pay.claimed", customer=ref.name,
                                                 amount=fen_str(fen), date=on, seen=seen_on,
                                                 where=where),
                          t("pay.claimed.hint", seen=seen_on))


def record_contact(ctx: AppContext, customer: str, channel: str, *, outcome: str | None = None,
                   excuse: str | None = None, note: str = "", evidence: bool = False,
                   at: datetime | None = None, who: str | None = None, action: str | None = None,
                   disputes: str | None = None) -> Recorded:
    """A contact (``channel``, ``outcome`` and ``excuse`` words of ``vocab``) at ``at`` (default
    now on today). ``action`` is the plan action it completes; ``disputes`` an invoice the
    customer disputed in it, marked disputed in the same transaction (the reason: the note, else
    the excuse)."""
    if at is not None and at.date() > ctx.today:  # a contact cannot have happened tomorrow
        raise UsageError("future_date", t("log.future", at=f"{at:%Y-%m-%d %H:%M}", today=ctx.today),
                         t("date.future.hint"))
    when = at or _now_on(ctx)
    with ctx.ledger(create=True).writer() as conn:
        ref = resolve(conn, customer)
        if action is not None:
            from dunner.services.planning import check_action

            check_action(ctx, conn, ref, action, when.date())
        disputed = None
        if disputes is not None:
            from dunner.services.disputes import mark

            disputed = mark(conn, ctx.config, ref, disputes, note or excuse or "")
        cid = repo.insert_one(conn, "contact_log", {
            "customer_id": ref.id, "at": when, "channel": channel, "outcome": outcome,
            "excuse": excuse, "note": note, "who": who or repo.customer_owner(conn, ref.id),
            "evidence": evidence, "action_id": action})
    return Recorded(ref, cid, {"at": when, "channel": channel, "outcome": outcome,
                               "disputed": disputed})


def _now_on(ctx: AppContext) -> datetime:
    """The present time of day on "today" (which --today may have moved), in the configured zone."""
    import pendulum

    now = pendulum.now(ctx.config.timezone)
    return datetime(ctx.today.year, ctx.today.month, ctx.today.day, now.hour, now.minute)


def record_promise(ctx: AppContext, customer: str, fen: int, due: date, note: str = "") -> Recorded:
    positive(fen)
    if due < ctx.today:
        raise UsageError("promise_past", t("promise.past", date=due), t("promise.past.hint"))
    with ctx.ledger(create=True).writer() as conn:
        ref = resolve(conn, customer)
        open_fen = position_of(conn, ctx.config, ref.id).open
        pid = repo.insert_one(conn, "promise", {"customer_id": ref.id, "made_on": ctx.today,
                                                   "due_on": due, "amount": fen, "note": note})
    # a promise above the open balance is kept as given, with a warning
    return Recorded(ref, pid, {"amount": fen, "due": due, "open": open_fen,
                               "above_open": max(fen - open_fen, 0)})


def record_ack(ctx: AppContext, customer: str, fen: int, on: date | None, note: str = "", *,
               force: bool = False) -> Recorded:
    """``force`` records a confirmed balance above the open balance the ledger shows."""
    positive(fen, allow_zero=True)
    not_future(on, ctx.today, "ack.future")
    with ctx.ledger(create=True).writer() as conn:
        ref = resolve(conn, customer)
        open_fen = position_of(conn, ctx.config, ref.id).open
        if fen > open_fen and not force:
            raise DunnerError("ack_above_open", t("ack.above_open", amount=fen_str(fen),
                                                  customer=ref.name, open=fen_str(open_fen)),
                              t("ack.above_open.hint"))
        aid = repo.insert_one(conn, "acknowledgement", {"customer_id": ref.id, "on_date": on or ctx.today,
                                               "balance": fen, "note": note})
    # confirming less than the open balance restarts only the oldest invoices it covers
    return Recorded(ref, aid, {"balance": fen, "date": on or ctx.today,
                               "short": max(open_fen - fen, 0), "open": open_fen})


def record_signal(ctx: AppContext, customer: str, kind: str, note: str = "",
                  on: date | None = None) -> Recorded:
    """A warning signal of ``kind`` (a word of ``vocab.SIGNAL_KINDS``) seen on ``on``."""
    not_future(on, ctx.today, "signal.future")
    with ctx.ledger(create=True).writer() as conn:
        ref = resolve(conn, customer)
        sid = repo.insert_one(conn, "signal", {"customer_id": ref.id, "on_date": on or ctx.today,
                                                  "kind": kind, "note": note})
    return Recorded(ref, sid, {"kind": kind, "date": on or ctx.today})
