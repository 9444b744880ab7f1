"""Record-keeping commands: ``pay``, ``log``, ``promise``, ``ack``, ``signal``."""

from __future__ import annotations

import re
from typing import Annotated, Any

import typer
from typer.core import TyperCommand

from dunner.cli import _output, _render
from dunner.cli._options import AmountArg, CustomerArg, DateOpt, JsonOpt, NoteOpt
from dunner.domain.money import fen_str
from dunner.errors import UsageError
from dunner.i18n import t

_NEGATIVE = re.compile(r"-[\d.,]+")


class AmountCommand(TyperCommand):
    """A command whose AMOUNT may be typed negative: ``pay 恒通 -500`` reaches the service, which
    says amounts are positive, instead of click's "No such option: -5". Unknown options are let
    through only when a negative number is present, so a typo elsewhere keeps its own error."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if any(_NEGATIVE.fullmatch(a) for a in args):
            ctx.ignore_unknown_options = True
        return super().parse_args(ctx, args)


def _force(why: str) -> Any:
    return typer.Option("--force", help=f"Record it although {why}.")


def register(app: typer.Typer) -> None:
    app.command("pay", cls=AmountCommand)(pay)
    app.command("log")(log)
    app.command("promise", cls=AmountCommand)(promise)
    app.command("ack", cls=AmountCommand)(ack)
    app.command("signal")(signal)


@_output.guarded
def pay(ctx: typer.Context, customer: CustomerArg, amount: AmountArg, date: DateOpt = None,
        invoice: Annotated[str | None, typer.Option(help="Apply to this invoice first.")] = None,
        method: Annotated[str, typer.Option(help="e.g. 转账, 承兑, cash.")] = "",
        ref: Annotated[str, typer.Option(help="Bank reference or voucher number.")] = "",
        force: Annotated[bool, _force("a payment like it is already recorded")] = False,
        bill: Annotated[str | None, typer.Option(help="Paid with an acceptance bill (承兑汇票): "
                                                 "bank or commercial.")] = None,
        bill_no: Annotated[str | None, typer.Option(help="With --bill: its number.")] = None,
        matures: Annotated[str | None, typer.Option(help="With --bill: its maturity "
                                                    "(YYYY-MM-DD).")] = None,
        acceptor: Annotated[str, typer.Option(help="With --bill: the accepting bank or "
                                              "company.")] = "",
        as_json: JsonOpt = False) -> None:
    """Record a payment; allocated to --invoice, else to the oldest due invoice first.

    A bill (--bill bank|commercial --bill-no N --matures D) settles invoices like money, and
    is outstanding until it matures; see dunner report bills.

    A payment that looks like one already recorded (the same amount, dated a few days apart) is
    refused, naming that one; so is one dated a few days after a workbook's paid column
    (已收金额) rose by its amount: date it on or before that import to count that money once.
    --force records it as a second payment.

    Example: dunner pay 恒通 12000 --date 2026-11-20 --ref 转账0031
    """
    from dunner.cli import _parse
    from dunner.services.recording import record_payment

    fen, on = _parse.amount(amount), _parse.optional_day(date, "--date")
    draft = _parse.bill(bill, bill_no, matures, acceptor)
    rec = record_payment(_output.app_context(ctx), customer, fen, on, invoice, method, ref,
                         force=force, bill=draft)
    d = rec.details
    if as_json:
        _output.emit_json({"customer": rec.customer.name, "id": rec.id, "date": d["date"],
                           "amount": fen_str(d["amount"]),
                           "allocated": [{"invoice": n, "amount": fen_str(a)}
                                         for n, a in d["allocated"]],
                           "credit": fen_str(d["credit"]),
                           "already_in_workbook": fen_str(d["known"]),
                           "open": fen_str(d["open"])})
        return
    _render.lines(t("pay.done", amount=_render.money(d["amount"]),
                    customer=rec.customer.name, date=d["date"]))
    for number, share in d["allocated"]:
        _render.lines(t("pay.allocated", invoice=number, amount=_render.money(share)))
    if d["credit"]:
        _render.lines(t("pay.credit", amount=_render.money(d["credit"])))
    if d["known"]:
        _render.lines(t("pay.known", amount=_render.money(d["known"])))
    _render.lines(t("pay.open", amount=_render.money(d["open"])))


@_output.guarded
def log(ctx: typer.Context, customer: CustomerArg,
        channel: Annotated[str, typer.Argument(help="wechat, call, visit, email, sms, letter, "
                                               "legal.")],
        outcome: Annotated[str | None, typer.Option(help="reached, no_answer, unreachable, "
                           "promised, refused, disputed, invoice_not_received, awaiting_approval, "
                           "in_payment_pipe, paid.")] = None,
        excuse: Annotated[str | None, typer.Option(help="boss_absent, no_cash, not_pay_day, "
                          "unsold_goods, quality, installments, other; or in words: 老板不在, "
                          "没钱, 没到付款日, 货没卖完, 质量问题, 分期, 'no cash', ….")] = None,
        note: NoteOpt = "",
        evidence: Annotated[bool, typer.Option(help="Proof of delivery was kept (receipt, "
                                               "screenshot, recording).")] = False,
        at: Annotated[str | None, typer.Option(help="When: 'YYYY-MM-DD HH:MM', or HH:MM today; "
                                               "default now.")]
        = None,
        who: Annotated[str | None, typer.Option(help="Who made the contact; default the "
                                                "owner.")] = None,
        action: Annotated[str | None, typer.Option(help="The plan action this completes.")] = None,
        invoice: Annotated[str | None, typer.Option(help="With --outcome disputed or --excuse "
                                                    "quality: the invoice "
                                                    "the customer disputes; it is marked "
                                                    "disputed (the note is the reason).")] = None,
        ) -> None:
    """Record a contact with a customer (催收记录).

    Example: dunner log 恒通 call --outcome promised --excuse no_cash --note '月底前付一半'
    """
    from dunner.cli import _parse
    from dunner.domain.vocab import CHANNELS, OUTCOMES
    from dunner.services.recording import record_contact

    word = _parse.choice(channel, CHANNELS, "channel")
    result = _parse.optional_choice(outcome, OUTCOMES, "outcome")
    why = _parse.excuse(excuse) if excuse is not None else None
    when = _parse.contact_time(at, _output.app_context(ctx).today) if at else None
    if invoice is not None and result != "disputed" and why != "quality":
        raise UsageError("invoice_not_disputed", t("log.invoice_needs_disputed"),
                         t("log.invoice_needs_dispute.hint"))
    rec = record_contact(_output.app_context(ctx), customer, word, outcome=result, excuse=why,
                         note=note, evidence=evidence, at=when, who=who, action=action,
                         disputes=invoice)
    _render.lines(t("log.done", channel=t(f"channel.{channel}"), customer=rec.customer.name,
                    at=f"{rec.details['at']:%Y-%m-%d %H:%M}"))
    if rec.details["disputed"] is not None:
        _render.lines(t("log.disputed", invoice=rec.details["disputed"].invoice))


@_output.guarded
def promise(ctx: typer.Context, customer: CustomerArg, amount: AmountArg,
            by: Annotated[str, typer.Argument(metavar="DATE", help="Promised to pay by "
                                              "YYYY-MM-DD.")],
            note: NoteOpt = "") -> None:
    """Record a promise to pay AMOUNT by DATE (承诺还款).

    Example: dunner promise 恒通 5000 2026-11-30
    """
    from dunner.cli import _parse
    from dunner.services.recording import record_promise

    fen, due = _parse.amount(amount), _parse.day(by, "DATE")
    rec = record_promise(_output.app_context(ctx), customer, fen, due, note)
    _render.lines(t("promise.done", customer=rec.customer.name,
                    amount=_render.money(rec.details["amount"]),
                    due=rec.details["due"]))
    if rec.details["above_open"]:
        _render.warn(t("promise.above_open", amount=_render.money(rec.details["amount"]),
                       customer=rec.customer.name, open=_render.money(rec.details["open"])))


@_output.guarded
def ack(ctx: typer.Context, customer: CustomerArg, amount: AmountArg, date: DateOpt = None,
        note: NoteOpt = "",
        force: Annotated[bool, _force("it is above the open balance")] = False) -> None:
    """Record a balance the customer confirmed in writing (对账确认 / stamped statement).

    A balance above the open balance the ledger shows is refused; --force records it. A balance
    below it is recorded with a warning: it restarts the limitation period of the oldest invoices
    it covers in full only.

    Example: dunner ack 恒通 38500 --date 2026-11-15
    """
    from dunner.cli import _parse
    from dunner.services.recording import record_ack

    fen, on = _parse.amount(amount, allow_zero=True), _parse.optional_day(date, "--date")
    rec = record_ack(_output.app_context(ctx), customer, fen, on, note, force=force)
    _render.lines(t("ack.done", customer=rec.customer.name,
                    amount=_render.money(rec.details["balance"]),
                    date=rec.details["date"]))
    if rec.details["short"]:
        _render.warn(t("ack.partial", amount=_render.money(rec.details["balance"]),
                       short=_render.money(rec.details["short"]),
                       open=_render.money(rec.details["open"])))


@_output.guarded
def signal(ctx: typer.Context, customer: CustomerArg,
           kind: Annotated[str, typer.Argument(help="key_person_change, relocation, "
                           "business_change, off_season_bulk_order, dumping, "
                           "payment_pattern_change, bankruptcy_risk, other.")],
           note: NoteOpt = "", date: DateOpt = None) -> None:
    """Record a warning signal (异常情况) about a customer.

    Example: dunner signal 恒通 key_person_change --note '财务经理离职'
    """
    from dunner.cli import _parse
    from dunner.domain.vocab import SIGNAL_KINDS
    from dunner.services.recording import record_signal

    word = _parse.choice(kind, SIGNAL_KINDS, "kind")
    rec = record_signal(_output.app_context(ctx), customer, word, note,
                        _parse.optional_day(date, "--date"))
    _render.lines(t("signal.done", customer=rec.customer.name, kind=_render.word("signal", word)))
