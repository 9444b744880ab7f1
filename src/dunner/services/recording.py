"""Recording what happens: payments, contacts, promises, acknowledgements and warning signals."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.engine import Connection

from dunner.domain.dates import DateError, parse_date_text
from dunner.domain.money import AmountError, fen_str, parse_decimal, to_fen
from dunner.domain.vocab import CHANNELS, EXCUSES, OUTCOMES, SIGNAL_KINDS
from dunner.errors import DunnerError, NotFound, UsageError
from dunner.i18n import t
from dunner.ledger import repo
from dunner.services.context import AppContext
from dunner.services.customers import CustomerRef, position_of, resolve

DUPLICATE_DAYS = 3  # a payment of the same amount this close to a recorded one is likely the same
_AT = re.compile(r"(?P<day>.+?)[ T]+(?P<hh>\d{1,2}):(?P<mm>\d{2})(?::(?P<ss>\d{2}))?")


@dataclass(frozen=True)
class Recorded:
    customer: CustomerRef
    id: int
    details: dict[str, Any]


def parse_amount(text: str, allow_zero: bool = False) -> int:
    try:
        fen = to_fen(parse_decimal(text))
    except AmountError as exc:
        raise UsageError("bad_amount", t("amount.bad", value=text), t("amount.hint")) from exc
    if fen < 0 or (fen == 0 and not allow_zero):
        raise UsageError("bad_amount", t("amount.not_positive", value=text), t("amount.hint"))
    return fen


def choice(value: str | None, allowed: tuple[str, ...], what: str) -> str | None:
    if value is None or value in allowed:
        return value
    raise UsageError(f"bad_{what}", t("choice.bad", what=what, value=value),
                     t("choices.hint", choices=", ".join(allowed)))


def not_future(day: date | None, today: date, key: str) -> None:
    """A payment, confirmation or signal is something that has happened: never after today."""
    if day is not None and day > today:
        raise UsageError("future_date", t(key, date=day, today=today), t("date.future.hint"))


def record_payment(ctx: AppContext, customer: str, amount: str, on: date | None,
                   invoice: str | None, method: str, reference: str, *,
                   force: bool = False) -> Recorded:
    """``force`` records it even when it looks like a payment already in the ledger."""
    fen = parse_amount(amount)
    not_future(on, ctx.today, "pay.future")
    with ctx.ledger(create=True).write() as conn:
        ref = resolve(conn, customer)
        numbers = {row[2] for row in repo.invoice_facts(conn, ref.id)}
        if invoice and invoice not in numbers:
            raise NotFound("unknown_invoice", t("invoice.unknown", number=invoice,
                                                customer=ref.name), t("invoice.unknown.hint"))
        if not force:
            refuse_duplicate(conn, ref, fen, on or ctx.today)
        before = position_of(conn, ctx.config, ref.id)
        pid = repo.insert_one(conn, repo.PAYMENT, {
            "customer_id": ref.id, "paid_on": on or ctx.today, "amount": fen, "method": method,
            "reference": reference, "invoice_number": invoice, "origin": "manual",
            "recorded_on": ctx.today})
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
    c = repo.PAYMENT.c
    near = timedelta(days=DUPLICATE_DAYS)
    query = (select(c.id, c.paid_on, c.reference, c.source_file, c.source_ref)
             .where(c.customer_id == ref.id, c.amount == fen, c.origin != "paid_column",
                    c.paid_on.between(on - near, on + near))
             .order_by(c.paid_on, c.id))
    same = conn.execute(query).first()
    if same is None:
        return
    pid, paid_on, reference, source_file, source_ref = same
    where = f"{source_file}:{source_ref}" if source_file else ""
    what = "; ".join(x for x in (reference, where) if x) or t("pay.duplicate.by_hand", id=pid)
    raise DunnerError("duplicate_payment", t("pay.duplicate", customer=ref.name, amount=fen_str(fen),
                                             date=paid_on, what=what), t("pay.duplicate.hint"))


def record_contact(ctx: AppContext, customer: str, channel: str, *, outcome: str | None,
                   excuse: str | None, note: str, evidence: bool, at: datetime | None,
                   who: str | None, action: str | None) -> Recorded:
    choice(channel, CHANNELS, "channel")
    choice(outcome, OUTCOMES, "outcome")
    choice(excuse, EXCUSES, "excuse")
    if at is not None and at.date() > ctx.today:  # a contact cannot have happened tomorrow
        raise UsageError("future_date", t("log.future", at=f"{at:%Y-%m-%d %H:%M}", today=ctx.today),
                         t("date.future.hint"))
    when = at or _now_on(ctx)
    with ctx.ledger(create=True).write() as conn:
        ref = resolve(conn, customer)
        if action is not None:
            from dunner.services.planning import check_action

            check_action(ctx, conn, ref, action, when.date())
        owner = conn.execute(repo.CUSTOMER.select().where(repo.CUSTOMER.c.id == ref.id)).one().owner
        cid = repo.insert_one(conn, repo.CONTACT, {
            "customer_id": ref.id, "at": when, "channel": channel, "outcome": outcome,
            "excuse": excuse, "note": note, "who": who or owner, "evidence": evidence,
            "action_id": action})
    return Recorded(ref, cid, {"at": when, "channel": channel, "outcome": outcome})


def parse_contact_time(text: str) -> datetime:
    """'YYYY-MM-DD HH:MM' (seconds allowed), or a date alone for 00:00 that day. A time that is
    no time of day (25:00, 24:00, 12:60) is refused, never rolled over or dropped."""
    bad = UsageError("bad_at", t("at.bad", value=text), t("at.hint"))
    s = unicodedata.normalize("NFKC", text).strip()
    match = _AT.fullmatch(s)
    try:
        if ":" not in s:
            day = parse_date_text(s)
            return datetime(day.year, day.month, day.day)
        if match is None:
            raise bad
        day = parse_date_text(match["day"])
        return datetime(day.year, day.month, day.day, int(match["hh"]), int(match["mm"]),
                        int(match["ss"] or 0))
    except (DateError, ValueError) as exc:
        raise bad from exc


def _now_on(ctx: AppContext) -> datetime:
    """The present time of day on "today" (which --today may have moved), in the configured zone."""
    import pendulum

    now = pendulum.now(ctx.config.timezone)
    return datetime(ctx.today.year, ctx.today.month, ctx.today.day, now.hour, now.minute)


def record_promise(ctx: AppContext, customer: str, amount: str, due: date, note: str) -> Recorded:
    fen = parse_amount(amount)
    if due < ctx.today:
        raise UsageError("promise_past", t("promise.past", date=due), t("promise.past.hint"))
    with ctx.ledger(create=True).write() as conn:
        ref = resolve(conn, customer)
        pid = repo.insert_one(conn, repo.PROMISE, {"customer_id": ref.id, "made_on": ctx.today,
                                                   "due_on": due, "amount": fen, "note": note})
    return Recorded(ref, pid, {"amount": fen, "due": due})


def record_ack(ctx: AppContext, customer: str, amount: str, on: date | None, note: str, *,
               force: bool = False) -> Recorded:
    """``force`` records a confirmed balance above the open balance the ledger shows."""
    fen = parse_amount(amount, allow_zero=True)
    not_future(on, ctx.today, "ack.future")
    with ctx.ledger(create=True).write() as conn:
        ref = resolve(conn, customer)
        open_fen = position_of(conn, ctx.config, ref.id).open
        if fen > open_fen and not force:
            raise DunnerError("ack_above_open", t("ack.above_open", amount=fen_str(fen),
                                                  customer=ref.name, open=fen_str(open_fen)),
                              t("ack.above_open.hint"))
        aid = repo.insert_one(conn, repo.ACK, {"customer_id": ref.id, "on_date": on or ctx.today,
                                               "balance": fen, "note": note})
    return Recorded(ref, aid, {"balance": fen, "date": on or ctx.today})


def record_signal(ctx: AppContext, customer: str, kind: str, note: str,
                  on: date | None) -> Recorded:
    choice(kind, SIGNAL_KINDS, "kind")
    not_future(on, ctx.today, "signal.future")
    with ctx.ledger(create=True).write() as conn:
        ref = resolve(conn, customer)
        sid = repo.insert_one(conn, repo.SIGNAL, {"customer_id": ref.id, "on_date": on or ctx.today,
                                                  "kind": kind, "note": note})
    return Recorded(ref, sid, {"kind": kind, "date": on or ctx.today})
