"""Showing one customer: on screen, or as JSON through ``CUSTOMER``."""

from __future__ import annotations

from datetime import date
from typing import Any

from dunner.cli import _render
from dunner.cli._fields import Field, Record, record, rows
from dunner.i18n import t
from dunner.services.undo import record_id

MONEY = ("credit_limit", "registered_capital", "annual_revenue")
_UNDO = (Field("undone_on", "date"), Field("undo_note"))
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
    rows("payments", Field("id"), Field("paid_on", "date"), Field("amount", "money"),
         Field("method"), Field("reference"), Field("invoice_number"), Field("origin"),
         Field("recorded_on", "date"), *_UNDO),
    rows("contacts", Field("id"), Field("at", "stamp"), Field("channel"), Field("outcome"),
         Field("excuse"), Field("note"), Field("who"), Field("evidence", "flag"),
         Field("action_id"), *_UNDO),
    rows("promises", Field("id"), Field("made_on", "date"), Field("due_on", "date"),
         Field("amount", "money"), Field("plan"), Field("note"), *_UNDO),
    rows("acknowledgements", Field("id"), Field("on_date", "date"), Field("balance", "money"),
         Field("note"), *_UNDO),
    rows("signals", Field("id"), Field("on_date", "date"), Field("kind"), Field("note"),
         Field("resolved_on", "date"), *_UNDO),
    Field("derived_signals", many=True, optional=True),  # kinds found in the record, not recorded
)
# history part → ledger table; a record's "id" is the one ``dunner undo`` takes (``P12``)
HISTORY = {"payments": "payment", "contacts": "contact_log", "promises": "promise",
           "acknowledgements": "acknowledgement", "signals": "signal"}
def as_record(detail: dict[str, Any], today: date) -> Record:
    """``show_customer``'s result as ``CUSTOMER`` describes it."""
    pos = detail["position"]
    return {
        **detail, **{part: [{**r, "id": record_id(table, r["id"])} for r in detail[part]]
                     for part, table in HISTORY.items()},
        "open": pos.open, "overdue": pos.overdue(today), "credit": pos.credit,
        "invoices": [{"number": i.number, "issued": i.issued, "due": i.due, "amount": i.amount,
                      "open": i.open, "days_overdue": max(i.days_overdue(today), 0),
                      "disputed": i.number in detail["disputes"],
                      "dispute_reason": detail["disputes"].get(i.number)}
                     for i in pos.items if i.open],
    }


def render(detail: dict[str, Any], today: date) -> None:
    c, pos = detail["customer"], detail["position"]
    _render.lines(f"{c['name']}  ({t('col.owner')}: {c['owner'] or '—'}, {t('col.terms')}: "
                  f"{_render.terms(c['terms'])}, {t('col.status')}: "
                  f"{_render.word('customer_status', c['status'])})")
    facts = [(t(f"field.{k}"), _show(k, c[k])) for k in (
        "phone", "wechat", "address", "city", "credit_limit", "pay_days", "closing_day",
        "paused_until", "do_not_contact", "founded", "registered_capital", "annual_revenue",
        "debt_ratio", "notes") if c.get(k) not in (None, "", False)]
    for label, value in facts:
        _render.lines(f"  {label}: {value}")
    _render.lines(t("customer.balance", open=_render.money(pos.open),
                    overdue=_render.money(pos.overdue(today)), credit=_render.money(pos.credit)))
    if detail.get("derived_signals"):  # found in the record, as ``status`` and ``grade`` show them
        _render.lines(t("customer.derived_signals", signals="、".join(
            _render.word("signal", k) for k in detail["derived_signals"])))
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


def describe(table: str, row: dict[str, Any]) -> tuple[str, str]:
    """(when, what) of a history record of ledger ``table``; an undone one says so."""
    if table == "payment":
        when, what = _render.day(row["paid_on"]) or "—", t(
            "history.payment", amount=_render.money(row["amount"]),
            invoice=row["invoice_number"] or "")
    elif table == "contact_log":
        when, what = row["at"].strftime("%Y-%m-%d %H:%M"), t(
            "history.contact", channel=_render.word("channel", row["channel"]),
            outcome=_render.word("outcome", row["outcome"]),
            note=row["note"])
    elif table == "promise":
        when, what = _render.day(row["made_on"]), t(
            "history.promise", amount=_render.money(row["amount"]), due=row["due_on"])
    elif table == "acknowledgement":
        when, what = _render.day(row["on_date"]), t(
            "history.ack", balance=_render.money(row["balance"]))
    else:
        when, what = _render.day(row["on_date"]), t(
            "history.signal", kind=_render.word("signal", row["kind"]), note=row["note"])
    what = what.rstrip()
    if row.get("undone_on") is not None:
        what = " ".join(x for x in (what, t("history.undone", date=row["undone_on"]),
                                    row["undo_note"]) if x)
    return when, what


def _history(detail: dict[str, Any]) -> None:
    events = [(*describe(table, r), record_id(table, r["id"]))
              for part, table in HISTORY.items() for r in detail[part]]
    if events:
        _render.lines(t("customer.history"))
        for when, what, rid in sorted(events):
            _render.lines(f"  {when}  {rid:<5} {what}".rstrip())


def _show(key: str, value: Any) -> str:
    if key in MONEY:
        return _render.money(value)
    if isinstance(value, bool):
        return t("word.yes") if value else t("word.no")
    return str(value)
