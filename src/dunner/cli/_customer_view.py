"""Parsing ``customer add/edit`` options and showing one customer, on screen or as JSON."""

from __future__ import annotations

from datetime import date
from typing import Any

from dunner.cli import _render
from dunner.domain.money import fen_str
from dunner.errors import UsageError
from dunner.i18n import t

MONEY = ("credit_limit", "registered_capital", "annual_revenue")
DATES = ("pause_until", "founded")
INTS = {"closing_day": (1, 31), "debt_ratio": (0, 1000)}


def parse_values(options: dict[str, Any]) -> dict[str, Any]:
    """Options given on the command line → column values, each checked."""
    from dunner.services.context import parse_user_date
    from dunner.services.importing.rows import PARSERS
    from dunner.services.recording import parse_amount

    out: dict[str, Any] = {}
    for name, value in options.items():
        if value is None:
            continue
        if name in MONEY:
            out[name] = parse_amount(value, allow_zero=True)
        elif name in DATES:
            column = "paused_until" if name == "pause_until" else name
            out[column] = None if value.lower() == "none" else parse_user_date(value, name)
        elif name in INTS:
            out[name] = _int(name, value)
        elif name == "distance":
            out["distance_km"] = _checked(PARSERS["distance"], name, value)
        elif name == "pay_days":
            out[name] = _checked(PARSERS["pay_days"], name, value) if value else ""
        else:
            out[name] = value
    return out


def _checked(parser: Any, name: str, value: str) -> Any:
    try:
        return parser(value)
    except ValueError as exc:
        raise UsageError(f"bad_{name}", t("option.bad", option=name, value=value, reason=exc),
                         t(f"hint.{name}")) from exc


def _int(name: str, value: str) -> int:
    low, high = INTS[name]
    if not value.strip().isdigit() or not low <= int(value) <= high:
        raise UsageError(f"bad_{name}", t("option.range", option=name, value=value, low=low,
                                          high=high), t("option.range.hint", low=low, high=high))
    return int(value)


def as_json(detail: dict[str, Any], today: date) -> dict[str, Any]:
    c = detail["customer"]
    pos = detail["position"]
    customer = {k: (fen_str(v) if k in MONEY and v is not None else v) for k, v in c.items()
                if k not in ("id", "name_key")}
    return {
        "customer": customer,
        "open": fen_str(pos.open), "overdue": fen_str(pos.overdue(today)),
        "credit": fen_str(pos.credit),
        "invoices": [{"number": i.number, "issued": i.issued, "due": i.due,
                      "amount": fen_str(i.amount), "open": fen_str(i.open),
                      "days_overdue": max(i.days_overdue(today), 0)}
                     for i in pos.items if i.open],
        "people": [_strip(p) for p in detail["people"]],
        "payments": [_strip(p, money=("amount",)) for p in detail["payments"]],
        "contacts": [_strip(p) for p in detail["contacts"]],
        "promises": [_strip(p, money=("amount",)) for p in detail["promises"]],
        "acknowledgements": [_strip(p, money=("balance",)) for p in detail["acknowledgements"]],
        "signals": [_strip(p) for p in detail["signals"]],
    }


def _strip(row: dict[str, Any], money: tuple[str, ...] = ()) -> dict[str, Any]:
    skip = ("id", "customer_id", "import_key", "source_file", "source_ref")
    return {k: (fen_str(v) if k in money else v) for k, v in row.items() if k not in skip}


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
