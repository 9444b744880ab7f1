"""How a planned action reads on the screen and in the worklist (its message, reason and calendar
event come from ``domain.wording``)."""

from __future__ import annotations

from typing import Any

# The wording's home is the domain (the daily digest reads actions the same way).
from dunner.domain.wording import UNMOVED, contact_line, event, message, reason
from dunner.i18n import t

__all__ = ["UNMOVED", "WORKLIST_HEADER", "contact_line", "event", "message", "reason",
           "worklist_row"]


def worklist_row(a: Any) -> list[object]:
    c = a.candidate
    person = a.contact
    who = "" if person is None else (t("plan.person", name=person.name,
                                       role=t(f"role.{person.role}")) if person.name
                                     else t("plan.contact_company", phone="").strip())
    return [a.day.isoformat(), a.at.strftime("%H:%M"), a.customer, who,
            "" if person is None else person.phone, "" if person is None else person.wechat,
            t(f"channel.{c.channel}"), t(f"purpose.{c.purpose}"), "、".join(c.invoices), c.amount,
            message(a), c.id, ""]


WORKLIST_HEADER = ("col.date", "col.time", "col.customer", "col.person", "col.contact_phone",
                   "col.wechat", "col.channel", "col.purpose", "col.invoice", "col.amount",
                   "col.message", "col.id", "col.done")
