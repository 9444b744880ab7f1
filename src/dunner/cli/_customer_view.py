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
_BILL = (Field("bill_kind"), Field("bill_no"), Field("bill_acceptor"), Field("bill_matures", "date"),
         Field("bill_state"), Field("bill_state_on", "date"), Field("bill_endorsed_to"))
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
           Field("created_on", "date"), Field("late_rate")),
    Field("open", "money"), Field("overdue", "money"), Field("credit", "money"),
    rows("invoices", Field("number"), Field("issued", "date"), Field("due", "date"),
         Field("amount", "money"), Field("open", "money"), Field("days_overdue", "count"),
         Field("disputed", "flag"), Field("dispute_reason"), Field("predicted_pay_date", "date"),
         Field("probability", "number")),
    rows("people", Field("name"), Field("role"), Field("phone"), Field("wechat")),
    rows("payments", Field("id"), Field("paid_on", "date"), Field("amount", "money"),
         Field("method"), Field("reference"), Field("invoice_number"), Field("origin"),
         Field("recorded_on", "date"), *_UNDO, *_BILL,
         # a paid column's rise: what of it payments recorded already explain (counted once)
         Field("explained", "money", optional=True)),
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
    # open receivables waiting on a fapiao (not chased until it is issued or resent)
    rows("waiting_on_fapiao", Field("invoice"), Field("open", "money"), Field("why"),
         optional=True),
    rows("instalment_plans", Field("label"), Field("count", "count"), Field("kept", "count"),
         Field("broken", "count"), Field("left", "money"), Field("next_due", "date"),
         Field("next_amount", "money"), Field("on_track", "flag"), optional=True),
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
                      "dispute_reason": detail["disputes"].get(i.number),
                      **_predicted(detail, i.number)}
                     for i in pos.items if i.open],
    }


def _predicted(detail: dict[str, Any], number: str) -> dict[str, Any]:
    """An open invoice's predicted pay date and probability (None for a bad or dead one)."""
    p = detail.get("predictions", {}).get(number)
    return {"predicted_pay_date": p.pay_date if p else None,
            "probability": p.probability if p else None}


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
                       t("col.open"), t("col.days_overdue"), t("forecast.col.predicted"),
                       t("forecast.col.probability")],
                      [(i.number, i.issued, i.due, _render.money(i.amount), _render.money(i.open),
                        max(i.days_overdue(today), 0), *_shown(_predicted(detail, i.number)))
                       for i in items], right=(3, 4, 5, 7))
    for number, reason in detail["disputes"].items():
        _render.lines(t("customer.disputed", invoice=number, reason=reason))
    if detail.get("waiting_on_fapiao"):
        _render.lines(t("customer.fapiao"), *(t("status.fapiao_line", customer="", invoice=w["invoice"],
                                                amount=_render.money(w["open"]),
                                                why=t(f"fapiao_wait.{w['why']}")).rstrip()
                                              for w in detail["waiting_on_fapiao"]))
    if detail.get("instalment_plans"):
        _render.lines(t("plans.title"), *(plan_line(p) for p in detail["instalment_plans"]))
    for person in detail["people"]:
        _render.lines(f"  {t('col.person')}: {person['name']} ({t('role.' + person['role'])}) "
                      f"{person['phone']} {person['wechat']}".rstrip())
    _history(detail)


def _shown(predicted: dict[str, Any]) -> tuple[str, str]:
    probability = predicted["probability"]
    return (_render.day(predicted["predicted_pay_date"]) or "—",
            "" if probability is None else f"{probability:.0%}")


def describe(table: str, row: dict[str, Any]) -> tuple[str, str]:
    """(when, what) of a history record of ledger ``table``; an undone one says so."""
    if table == "payment" and row["origin"] == "paid_column":
        # the day the workbook showed the rise; the part payments recorded explain counts once
        explained = row.get("explained", 0)
        key = "history.paid_rise" if not explained else \
            "history.paid_rise_recorded" if explained >= row["amount"] else "history.paid_rise_part"
        when, what = _render.day(row["paid_on"] or row["recorded_on"]) or "—", t(
            key, amount=_render.money(row["amount"]), invoice=row["invoice_number"] or "",
            recorded=_render.money(explained))
    elif table == "payment":
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


def plan_line(p: dict[str, Any]) -> str:
    """An instalment plan in a line: paid so far, the next one, on track or behind."""
    state = t("plans.on_track") if p["on_track"] else t("plans.behind", broken=p["broken"])
    if p["next_due"] is None:
        return "  " + t("plans.done_line", label=p["label"], kept=p["kept"], count=p["count"],
                        state=state)
    return "  " + t("plans.line", label=p["label"], kept=p["kept"], count=p["count"],
                    amount=_render.money(p["next_amount"]), due=p["next_due"], state=state)
