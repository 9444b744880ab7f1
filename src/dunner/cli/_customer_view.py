"""Showing one customer: on screen, or as JSON through ``CUSTOMER``."""

from __future__ import annotations

from datetime import date
from typing import Any

from dunner.cli import _render
from dunner.cli._fields import Field, Record, record, rows
from dunner.i18n import t

MONEY = ("credit_limit", "registered_capital", "annual_revenue")
# ``customer show --json``: the customer's columns (a test keeps them equal to the ledger's,
# less ids and import bookkeeping), the balance, open invoices, people and history.
CUSTOMER = record(
    "",
    record("customer", Field("name"), Field("owner"), Field("phone"), Field("wechat"),
           Field("address"), Field("city"), Field("distance_km", "number"),
           Field("credit_limit", "money"), Field("terms"), Field("pay_days"),
           Field("closing_day", "count"), Field("no_monday", "flag"), Field("no_morning", "flag"),
           Field("do_not_contact", "flag"), Field("paused_until", "date"), Field("status"),
           Field("founded", "date"), Field("registered_capital", "money"),
           Field("annual_revenue", "money"), Field("debt_ratio", "count"), Field("notes"),
           Field("created_on", "date")),
    Field("open", "money"), Field("overdue", "money"), Field("credit", "money"),
    rows("invoices", Field("number"), Field("issued", "date"), Field("due", "date"),
         Field("amount", "money"), Field("open", "money"), Field("days_overdue", "count"),
         Field("disputed", "flag"), Field("dispute_reason")),
    rows("people", Field("name"), Field("role"), Field("phone"), Field("wechat")),
    rows("payments", Field("paid_on", "date"), Field("amount", "money"), Field("method"),
         Field("reference"), Field("invoice_number"), Field("origin"), Field("recorded_on", "date")),
    rows("contacts", Field("at", "stamp"), Field("channel"), Field("outcome"), Field("excuse"),
         Field("note"), Field("who"), Field("evidence", "flag"), Field("action_id")),
    rows("promises", Field("made_on", "date"), Field("due_on", "date"), Field("amount", "money"),
         Field("plan"), Field("note")),
    rows("acknowledgements", Field("on_date", "date"), Field("balance", "money"), Field("note")),
    rows("signals", Field("on_date", "date"), Field("kind"), Field("note"),
         Field("resolved_on", "date")),
)
def as_record(detail: dict[str, Any], today: date) -> Record:
    """``show_customer``'s result as ``CUSTOMER`` describes it."""
    pos = detail["position"]
    return {
        **detail, "open": pos.open, "overdue": pos.overdue(today), "credit": pos.credit,
        "invoices": [{"number": i.number, "issued": i.issued, "due": i.due, "amount": i.amount,
                      "open": i.open, "days_overdue": max(i.days_overdue(today), 0),
                      "disputed": i.number in detail["disputes"],
                      "dispute_reason": detail["disputes"].get(i.number)}
                     for i in pos.items if i.open],
    }


def render(detail: dict[str, Any], today: date) -> None:
    c, pos = detail["customer"], detail["position"]
    _render.lines(f"{c['name']}  ({t('col.owner')}: {c['owner'] or '—'}, {t('col.terms')}: "
                  f"{c['terms']}, {t('col.status')}: {c['status']})")
    facts = [(t(f"field.{k}"), _show(k, c[k])) for k in (
        "phone", "wechat", "address", "city", "credit_limit", "pay_days", "closing_day",
        "paused_until", "do_not_contact", "founded", "registered_capital", "annual_revenue",
        "debt_ratio", "notes") if c.get(k) not in (None, "", False)]
    for label, value in facts:
        _render.lines(f"  {label}: {value}")
    _render.lines(t("customer.balance", open=_render.money(pos.open),
                    overdue=_render.money(pos.overdue(today)), credit=_render.money(pos.credit)))
    items = [i for i in pos.items if i.open]
    if items:
        _render.table([t("col.invoice"), t("col.issued"), t("col.due"), t("col.amount"),
                       t("col.open"), t("col.days_overdue")],
                      [(i.number, i.issued, i.due, _render.money(i.amount), _render.money(i.open),
                        max(i.days_overdue(today), 0)) for i in items], right=(3, 4, 5))
    for number, reason in detail["disputes"].items():
        _render.lines(t("customer.disputed", invoice=number, reason=reason))
    for person in detail["people"]:
        _render.lines(f"  {t('col.person')}: {person['name']} ({t('role.' + person['role'])}) "
                      f"{person['phone']} {person['wechat']}".rstrip())
    _history(detail)


def _history(detail: dict[str, Any]) -> None:
    events: list[tuple[str, str]] = []
    for p in detail["payments"]:
        events.append((_render.day(p["paid_on"]) or "—", t("history.payment",
                       amount=_render.money(p["amount"]), invoice=p["invoice_number"] or "")))
    for c in detail["contacts"]:
        events.append((c["at"].strftime("%Y-%m-%d %H:%M"), t("history.contact",
                       channel=c["channel"], outcome=c["outcome"] or "", note=c["note"])))
    for p in detail["promises"]:
        events.append((_render.day(p["made_on"]), t("history.promise",
                       amount=_render.money(p["amount"]), due=p["due_on"])))
    for a in detail["acknowledgements"]:
        events.append((_render.day(a["on_date"]), t("history.ack",
                       balance=_render.money(a["balance"]))))
    for s in detail["signals"]:
        events.append((_render.day(s["on_date"]), t("history.signal", kind=s["kind"],
                                                    note=s["note"])))
    if events:
        _render.lines(t("customer.history"))
        for when, what in sorted(events):
            _render.lines(f"  {when}  {what}".rstrip())


def _show(key: str, value: Any) -> str:
    if key in MONEY:
        return _render.money(value)
    if isinstance(value, bool):
        return t("word.yes") if value else t("word.no")
    return str(value)
