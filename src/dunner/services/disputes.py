"""Disputed invoices (争议): marking one disputed with its reason, and resolving it. A disputed
invoice is not chased; the plan gives its owner a ``resolve_dispute`` task instead."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dunner.config import Config
from dunner.errors import DunnerError, NotFound
from dunner.i18n import t
from dunner.ledger import repo
from dunner.services.context import AppContext
from dunner.services.customers import CustomerRef, position_of, resolve

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

HINT_NUMBERS = 8  # invoice numbers a hint lists before "and N more"


@dataclass(frozen=True)
class Dispute:
    customer: CustomerRef
    invoice: str
    reason: str
    previous: str | None = None  # the reason it was disputed for before; None: it was not


def record_dispute(ctx: AppContext, customer: str, invoice: str, reason: str) -> Dispute:
    """Mark ``invoice`` of ``customer`` (a name as typed) disputed; a second dispute of the same
    invoice replaces the reason."""
    with ctx.ledger().writer() as conn:  # no ledger, no invoice to dispute: say so
        return mark(conn, ctx.config, resolve(conn, customer), invoice, reason)


def resolve_dispute(ctx: AppContext, customer: str, invoice: str) -> Dispute:
    """Clear the dispute on ``invoice``: it is collected again like any other."""
    with ctx.ledger().writer() as conn:
        ref = resolve(conn, customer)
        invoice_id, disputed, reason = _invoice(conn, ctx.config, ref, invoice)
        if not disputed:
            numbers = list(repo.disputes(conn, ref.id))
            hint = (t("dispute.disputed_are", numbers=listed(numbers)) if numbers
                    else t("dispute.none", customer=ref.name))
            raise DunnerError("not_disputed", t("dispute.not_disputed", customer=ref.name,
                                                number=invoice), hint)
        repo.set_dispute(conn, invoice_id, False, "")
    return Dispute(ref, invoice, "", reason)


def mark(conn: Connection, config: Config, ref: CustomerRef, invoice: str, reason: str) -> Dispute:
    """Within the caller's transaction (``log --outcome disputed`` writes its contact in it)."""
    invoice_id, disputed, before = _invoice(conn, config, ref, invoice)
    repo.set_dispute(conn, invoice_id, True, reason)
    return Dispute(ref, invoice, reason, before if disputed else None)


def _invoice(conn: Connection, config: Config, ref: CustomerRef,
             number: str) -> tuple[int, bool, str]:
    found = repo.invoice_dispute(conn, ref.id, number.strip())
    if found is not None:
        return found
    numbers = [i.number for i in position_of(conn, config, ref.id).items if i.open]
    hint = (t("invoice.open_are", numbers=listed(numbers)) if numbers
            else t("invoice.none_open", customer=ref.name))
    raise NotFound("unknown_invoice", t("invoice.unknown", number=number, customer=ref.name), hint)


def listed(numbers: Sequence[str]) -> str:
    """Invoice numbers for one line: the first few, then how many more."""
    shown = "、".join(numbers[:HINT_NUMBERS])
    more = len(numbers) - HINT_NUMBERS
    return shown + t("plan.more", n=more) if more > 0 else shown
