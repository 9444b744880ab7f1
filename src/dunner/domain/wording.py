"""How a planned action reads, in the run's language: its message, its reason and its calendar
event — one home for the plan's screen, worklist and calendar and for the daily digest."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from dunner.domain.money import yuan
from dunner.domain.planner import Action
from dunner.i18n import t

UNMOVED = frozenset({"month_full"})  # reasons that say why an action never got a day


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


def _fields(a: Action) -> dict[str, Any]:
    c = a.candidate
    detail = dict(c.detail)
    for key in ("due", "expires"):
        if key in detail:
            detail[key] = _day(detail[key])  # type: ignore[arg-type]
    for key in ("promised", "paid"):
        if key in detail:
            detail[key] = yuan(detail[key])  # type: ignore[arg-type]
    if "cls" in detail:
        detail["cls"] = t(f"class.{detail['cls']}")
    invoices = "、".join(c.invoices[:6]) + (t("plan.more", n=len(c.invoices) - 6)
                                          if len(c.invoices) > 6 else "")
    return {"customer": a.customer, "owner": a.owner or "—", "invoices": invoices or "—",
            "amount": yuan(c.amount), "channel": t(f"channel.{c.channel}"), **detail}


def message(a: Action) -> str:
    """The suggested WeChat text, call opener or note, in the configured language."""
    c = a.candidate
    base = f"msg.{c.purpose}.{c.detail['variant']}" if "variant" in c.detail else f"msg.{c.purpose}"
    key = next(k for k in (f"{base}.{c.channel}", base, f"msg.{c.purpose}") if _known(k))
    return t(key, **_fields(a))


def _known(key: str) -> bool:
    from dunner.catalogue import MESSAGES

    return key in MESSAGES


def reason(a: Action) -> str:
    """The rule that asked for the action, then each move: a run of days left for the same
    reason reads as one span ("moved from 11-24 to 11-27: …")."""
    text = t(a.candidate.reason, **_fields(a))
    runs: list[list[Any]] = []
    for day, why in a.moves:
        if runs and runs[-1][2] == why:
            runs[-1][1] = day
        else:
            runs.append([day, day, why])
    moves = [t("plan.moved", day=_day(first)) if first == last else
             t("plan.moved_span", first=_day(first), last=_day(last))
             for first, last, _ in runs]
    return "; ".join([text, *(t('move.' + why) if why in UNMOVED else f"{m}: {t('move.' + why)}"
                              for m, (_, _, why) in zip(moves, runs, strict=True))])


def event(a: Action) -> dict[str, Any]:
    """The action as a calendar event: ``uid``, ``start``, ``minutes``, ``summary``,
    ``description``, ``location``."""
    c = a.candidate
    summary = t("plan.event", channel=t(f"channel.{c.channel}"), customer=a.customer,
                amount=yuan(c.amount))
    body = "\n".join([message(a), "", reason(a), f"{t('col.invoice')}: {'、'.join(c.invoices)}",
                      f"id: {c.id}", t("plan.log_hint", customer=a.customer, channel=c.channel, id=c.id)])
    start = datetime.combine(a.day, a.at)
    return {"uid": f"{c.id}-{a.day.isoformat()}", "start": start,
            "minutes": a.minutes, "summary": summary, "description": body,
            "location": a.city}
