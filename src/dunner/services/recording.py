"""Recording what happens: payments, contacts, promises, acknowledgements and warning signals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from dunner.domain.money import AmountError, parse_decimal, to_fen
from dunner.domain.vocab import CHANNELS, EXCUSES, OUTCOMES, SIGNAL_KINDS
from dunner.errors import NotFound, UsageError
from dunner.i18n import t
from dunner.ledger import repo
from dunner.services.context import AppContext
from dunner.services.customers import CustomerRef, position_of, resolve


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


def record_payment(ctx: AppContext, customer: str, amount: str, on: date | None,
                   invoice: str | None, method: str, reference: str) -> Recorded:
    fen = parse_amount(amount)
    with ctx.ledger().write() as conn:
        ref = resolve(conn, customer)
        numbers = {row[2] for row in repo.invoice_facts(conn, ref.id)}
        if invoice and invoice not in numbers:
            raise NotFound("unknown_invoice", t("invoice.unknown", number=invoice,
                                                customer=ref.name), t("invoice.unknown.hint"))
        pid = repo.insert_one(conn, repo.PAYMENT, {
            "customer_id": ref.id, "paid_on": on or ctx.today, "amount": fen, "method": method,
            "reference": reference, "invoice_number": invoice, "origin": "manual"})
        pos = position_of(conn, ctx.config, ref.id)
    numbers_by_key = {i.key: i.number for i in pos.items}
    allocated = [(numbers_by_key[a.invoice], a.amount) for a in pos.allocations if a.payment == pid]
    credit = fen - sum(a for _, a in allocated)
    return Recorded(ref, pid, {"amount": fen, "date": on or ctx.today, "allocated": allocated,
                               "credit": credit, "open": pos.open})


def record_contact(ctx: AppContext, customer: str, channel: str, *, outcome: str | None,
                   excuse: str | None, note: str, evidence: bool, at: datetime | None,
                   who: str | None, action: str | None) -> Recorded:
    choice(channel, CHANNELS, "channel")
    choice(outcome, OUTCOMES, "outcome")
    choice(excuse, EXCUSES, "excuse")
    when = at or _now_on(ctx)
    with ctx.ledger().write() as conn:
        ref = resolve(conn, customer)
        owner = conn.execute(repo.CUSTOMER.select().where(repo.CUSTOMER.c.id == ref.id)).one().owner
        cid = repo.insert_one(conn, repo.CONTACT, {
            "customer_id": ref.id, "at": when, "channel": channel, "outcome": outcome,
            "excuse": excuse, "note": note, "who": who or owner, "evidence": evidence,
            "action_id": action})
    return Recorded(ref, cid, {"at": when, "channel": channel, "outcome": outcome})


def _now_on(ctx: AppContext) -> datetime:
    """The present time of day on "today" (which --today may have moved), in the configured zone."""
    import pendulum

    now = pendulum.now(ctx.config.timezone)
    return datetime(ctx.today.year, ctx.today.month, ctx.today.day, now.hour, now.minute)


def record_promise(ctx: AppContext, customer: str, amount: str, due: date, note: str) -> Recorded:
    fen = parse_amount(amount)
    if due < ctx.today:
        raise UsageError("promise_past", t("promise.past", date=due), t("promise.past.hint"))
    with ctx.ledger().write() as conn:
        ref = resolve(conn, customer)
        pid = repo.insert_one(conn, repo.PROMISE, {"customer_id": ref.id, "made_on": ctx.today,
                                                   "due_on": due, "amount": fen, "note": note})
    return Recorded(ref, pid, {"amount": fen, "due": due})


def record_ack(ctx: AppContext, customer: str, amount: str, on: date | None, note: str) -> Recorded:
    fen = parse_amount(amount, allow_zero=True)
    with ctx.ledger().write() as conn:
        ref = resolve(conn, customer)
        aid = repo.insert_one(conn, repo.ACK, {"customer_id": ref.id, "on_date": on or ctx.today,
                                               "balance": fen, "note": note})
    return Recorded(ref, aid, {"balance": fen, "date": on or ctx.today})


def record_signal(ctx: AppContext, customer: str, kind: str, note: str,
                  on: date | None) -> Recorded:
    choice(kind, SIGNAL_KINDS, "kind")
    with ctx.ledger().write() as conn:
        ref = resolve(conn, customer)
        sid = repo.insert_one(conn, repo.SIGNAL, {"customer_id": ref.id, "on_date": on or ctx.today,
                                                  "kind": kind, "note": note})
    return Recorded(ref, sid, {"kind": kind, "date": on or ctx.today})
