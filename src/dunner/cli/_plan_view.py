"""How a planned action reads on the screen and in the worklist (its message, reason and calendar
event come from ``domain.wording``)."""

from __future__ import annotations

from typing import Any

# The wording's home is the domain (the daily digest reads actions the same way).
from dunner.domain.wording import UNMOVED, event, message, reason
from dunner.i18n import t

__all__ = ["UNMOVED", "WORKLIST_HEADER", "event", "message", "reason", "worklist_row"]


def worklist_row(a: Any) -> list[object]:
    c = a.candidate
    return [a.day.isoformat(), a.at.strftime("%H:%M"), a.customer, t(f"channel.{c.channel}"),
            t(f"purpose.{c.purpose}"), "、".join(c.invoices), c.amount, message(a), c.id, ""]


WORKLIST_HEADER = ("col.date", "col.time", "col.customer", "col.channel", "col.purpose",
                   "col.invoice", "col.amount", "col.message", "col.id", "col.done")
