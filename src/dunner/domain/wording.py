"""How a planned action reads, in the run's language: its message, its reason and its calendar
event — one home for the plan's screen, worklist and calendar and for the daily digest."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from dunner.domain.messages import Templates, compose, situation
from dunner.domain.money import yuan
from dunner.domain.people import Person
from dunner.domain.planner import Action
from dunner.domain.vocab import Purpose
from dunner.i18n import language, t

# reasons that say why an action never got a day, or kept its own
UNMOVED = frozenset({"month_full", "week_crowded"})


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


_TEMPLATES: dict[str, Templates] = {}  # language → the run's message templates


def use_templates(by_language: Mapping[str, Templates]) -> None:
    """The message templates of this run (dunner's own, with the user's overrides), set once by
    the service that plans; without them the catalogue's plain texts are used."""
    _TEMPLATES.clear()
    _TEMPLATES.update(by_language)


def message(a: Action) -> str:
    """The suggested WeChat text, call opener or note, in the configured language: from the
    message templates by step (the month's first reminder, then firmer; after a broken promise,
    quoting it; greeting the person it is for), else the catalogue's text."""
    c = a.candidate
    templates = _TEMPLATES.get(language())
    if templates and "variant" not in c.detail:  # a variant has a text of its own
        detail: dict[str, object] = dict(c.detail)
        if a.contact is not None and a.contact.name:
            detail.update(person=a.contact.name, role=a.contact.role)
        if c.purpose == Purpose.PROMISE_FOLLOWUP:
            detail.setdefault("broken_promise", True)
        text = compose(templates, language(), c.channel, situation(c.customer_id, c.purpose, detail),
                       _fields(a))
        if text is not None:
            return text
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


def contact_line(person: Person) -> str:
    """Whom to reach and how: ``刘会计（付款人）0571-87654321 微信 liu_kj``."""
    ways = " ".join(x for x in (person.phone, f"{t('col.wechat')} {person.wechat}"
                                if person.wechat else "") if x)
    if not person.name:
        return t("plan.contact_company", phone=ways)
    return t("plan.contact", name=person.name, role=t(f"role.{person.role}"), phone=ways).strip()


def event(a: Action) -> dict[str, Any]:
    """The action as a calendar event: ``uid``, ``start``, ``minutes``, ``summary``,
    ``description``, ``location``."""
    c = a.candidate
    summary = t("plan.event", channel=t(f"channel.{c.channel}"), customer=a.customer,
                amount=yuan(c.amount))
    who = [contact_line(a.contact)] if a.contact is not None and c.contact else []
    body = "\n".join([message(a), *who, "", reason(a), f"{t('col.invoice')}: {'、'.join(c.invoices)}",
                      f"id: {c.id}", t("plan.log_hint", customer=a.customer, channel=c.channel, id=c.id)])
    start = datetime.combine(a.day, a.at)
    return {"uid": f"{c.id}-{a.day.isoformat()}", "start": start,
            "minutes": a.minutes, "summary": summary, "description": body,
            "location": a.city}
