"""The digest as e-mail: an owner's (text, HTML, the day's actions as a calendar) and the boss's
all-owners summary."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from dunner.adapters.ics import Event, ics_bytes
from dunner.adapters.notify import render
from dunner.adapters.notify.email import Attachment, Mail
from dunner.domain.boss import BossView
from dunner.domain.digest import Digest, OwnerLine
from dunner.domain.planner import Action
from dunner.domain.wording import event
from dunner.i18n import t


def owner_mail(d: Digest, address: str, actions: Sequence[Action], zone: str) -> Mail:
    """One owner's digest to the owner's own address; the day's actions attached as ``.ics``."""
    attachments: tuple[Attachment, ...] = ()
    todays = [a for a in actions if a.day == d.day]
    if todays:
        stamp = datetime.combine(d.day, datetime.min.time())
        data = ics_bytes([Event(**event(a)) for a in todays], zone, stamp)
        attachments = (Attachment(f"dunner-{d.day.isoformat()}.ics", data, "text", "calendar",
                                  (("method", "PUBLISH"),)),)
    subject = t("remind.subject", title=render.title(d), summary=render.summary(d))
    return Mail(((d.owner, address),), subject, render.text(d), render.html(d), attachments)


def boss_mail(day: date, lines: Sequence[OwnerLine], address: str,
              month: BossView | None = None) -> Mail:
    """Every owner's counts and amount on one page, for the boss, then (``month``) the month's
    collections against the forecast, the DSO trend and the largest risks."""
    text = render.overview_text(day.isoformat(), lines, month)
    subject = t("remind.subject.boss", title=render.overview_title(day.isoformat(), lines))
    return Mail((("", address),), subject, text, render.overview_html(day.isoformat(), lines, month))
