"""How a planned action reads: its message, its reason, its JSON form and its calendar event."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from dunner.cli import _render
from dunner.domain.money import fen_str
from dunner.i18n import t

MINUTES = {"visit": 60, "call": 15, "wechat": 5}


def _fields(a: Any) -> dict[str, Any]:
    c = a.candidate
    detail = dict(c.detail)
    for key in ("due", "expires"):
        if key in detail:
            detail[key] = _render.day(detail[key])
    for key in ("promised", "paid"):
        if key in detail:
            detail[key] = _render.money(detail[key])
    if "cls" in detail:
        detail["cls"] = t(f"class.{detail['cls']}")
    invoices = "、".join(c.invoices[:6]) + (t("plan.more", n=len(c.invoices) - 6)
                                          if len(c.invoices) > 6 else "")
    return {"customer": a.customer, "owner": a.owner or "—", "invoices": invoices or "—",
            "amount": _render.money(c.amount), "channel": t(f"channel.{c.channel}"), **detail}


def message(a: Any) -> str:
    """The suggested WeChat text, call opener or note, in the configured language."""
    c = a.candidate
    base = f"msg.{c.purpose}.{c.detail['variant']}" if "variant" in c.detail else f"msg.{c.purpose}"
    key = next(k for k in (f"{base}.{c.channel}", base, f"msg.{c.purpose}") if _known(k))
    return t(key, **_fields(a))


def _known(key: str) -> bool:
    from dunner.catalogue import MESSAGES

    return key in MESSAGES


def reason(a: Any) -> str:
    """The rule that asked for the action, then each move: a run of days left for the same
    reason reads as one span ("moved from 11-24 to 11-27: …")."""
    text = t(a.candidate.reason, **_fields(a))
    runs: list[list[Any]] = []
    for day, why in a.moves:
        if runs and runs[-1][2] == why:
            runs[-1][1] = day
        else:
            runs.append([day, day, why])
    moves = [t("plan.moved", day=_render.day(first)) if first == last else
             t("plan.moved_span", first=_render.day(first), last=_render.day(last))
             for first, last, _ in runs]
    return "; ".join([text, *(t('move.' + why) if why in UNMOVED else f"{m}: {t('move.' + why)}"
                              for m, (_, _, why) in zip(moves, runs, strict=True))])


UNMOVED = frozenset({"month_full"})  # reasons that say why an action never got a day


def as_dict(a: Any, explain: bool = False) -> dict[str, Any]:
    c = a.candidate
    out = {"id": c.id, "date": a.day, "time": a.at.strftime("%H:%M"), "customer": a.customer,
           "owner": a.owner, "channel": c.channel, "purpose": c.purpose, "invoices": list(c.invoices),
           "amount": fen_str(c.amount), "priority": a.priority, "reason": reason(a),
           "message": message(a)}
    if explain:
        out["factors"] = [{"name": term.name, "points": float(term.points), "detail": term.detail}
                          for term in a.terms]
    return out


def event(a: Any) -> dict[str, Any]:
    c = a.candidate
    summary = t("plan.event", channel=t(f"channel.{c.channel}"), customer=a.customer,
                amount=_render.money(c.amount))
    body = "\n".join([message(a), "", reason(a), f"{t('col.invoice')}: {'、'.join(c.invoices)}",
                      f"id: {c.id}", t("plan.log_hint", customer=a.customer, channel=c.channel, id=c.id)])
    start = datetime.combine(a.day, a.at)
    return {"uid": f"{c.id}-{a.day.isoformat()}", "start": start,
            "minutes": MINUTES.get(c.channel, 30), "summary": summary, "description": body,
            "location": a.city}


def worklist_row(a: Any) -> list[object]:
    c = a.candidate
    return [a.day.isoformat(), a.at.strftime("%H:%M"), a.customer, t(f"channel.{c.channel}"),
            t(f"purpose.{c.purpose}"), "、".join(c.invoices), c.amount, message(a), c.id, ""]


WORKLIST_HEADER = ("col.date", "col.time", "col.customer", "col.channel", "col.purpose",
                   "col.invoice", "col.amount", "col.message", "col.id", "col.done")
