"""Tax invoices (发票): recording a receivable's fapiao and listing what waits on one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from dunner.domain.fapiao import Fapiao, FapiaoState, FapiaoWait
from dunner.errors import NotFound, UsageError
from dunner.i18n import t
from dunner.ledger import bills as rows
from dunner.ledger import repo
from dunner.services.context import AppContext
from dunner.services.customers import CustomerRef, resolve

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


def fapiao_of(conn: Connection, scope: repo.Scope = None) -> dict[int, Fapiao]:
    """Invoice id → its fapiao, for the invoices whose fapiao the ledger tracks."""
    return {iid: Fapiao(FapiaoState(state), number or "", issued, received)
            for iid, (state, number, issued, received) in rows.fapiao_by_invoice(conn, scope).items()}


@dataclass(frozen=True)
class FapiaoRecorded:
    customer: CustomerRef
    invoice: str
    fapiao: Fapiao


def record_fapiao(ctx: AppContext, customer: str, invoice: str, *, issued: date | None = None,
                  number: str | None = None, received: date | None = None,
                  none: bool = False) -> FapiaoRecorded:
    """The fapiao of ``invoice``: issued on ``issued`` (with its ``number``), received by the
    customer on ``received``, or ``none`` (not issued) — exactly one of the three."""
    if sum((issued is not None, received is not None, none)) != 1:
        raise UsageError("fapiao_what", t("fapiao.one_of"), t("fapiao.one_of.hint"))
    if number is not None and issued is None:
        raise UsageError("fapiao_number", t("fapiao.number_needs_issued"), t("fapiao.one_of.hint"))
    for day in (issued, received):
        if day is not None and day > ctx.today:
            raise UsageError("future_date", t("fapiao.future", date=day, today=ctx.today),
                             t("date.future.hint"))
    with ctx.ledger(create=True).writer() as conn:
        ref = resolve(conn, customer)
        row = rows.invoice_fapiao(conn, ref.id, invoice)
        if row is None:
            raise NotFound("unknown_invoice", t("invoice.unknown", number=invoice, customer=ref.name),
                           t("fapiao.unknown_invoice.hint"))
        for day in (issued, received):
            if day is not None and day < row["issued"]:
                raise UsageError("fapiao_before_invoice", t("fapiao.before_invoice", date=day,
                                 issued=row["issued"]), t("fapiao.before_invoice.hint"))
        values = _values(row, issued, number, received, none)
        repo.update_one(conn, "invoice", row["id"], values)
    return FapiaoRecorded(ref, invoice, Fapiao(FapiaoState(values["fapiao_state"]),
                                               values["fapiao_no"], values["fapiao_date"],
                                               values["fapiao_received_on"]))


def _values(row: dict[str, Any], issued: date | None, number: str | None,
            received: date | None, none: bool) -> dict[str, Any]:
    if none:
        return {"fapiao_state": FapiaoState.NONE.value, "fapiao_no": "", "fapiao_date": None,
                "fapiao_received_on": None}
    if issued is not None:
        return {"fapiao_state": FapiaoState.ISSUED.value, "fapiao_no": number or row["fapiao_no"] or "",
                "fapiao_date": issued, "fapiao_received_on": None}
    if row["fapiao_date"] is not None and received is not None and received < row["fapiao_date"]:
        raise UsageError("fapiao_received_early", t("fapiao.received_early", date=received,
                         issued=row["fapiao_date"]), t("fapiao.before_invoice.hint"))
    return {"fapiao_state": FapiaoState.RECEIVED.value, "fapiao_no": row["fapiao_no"] or "",
            "fapiao_date": row["fapiao_date"], "fapiao_received_on": received}


@dataclass(frozen=True)
class Waiting:
    """A receivable that waits on its fapiao, and why."""

    customer: str
    owner: str
    invoice: str
    open: int
    why: FapiaoWait


def waiting_on_fapiao(ctx: AppContext, scope: repo.Scope = None) -> list[Waiting]:
    """The open receivables waiting on a fapiao (to issue or resend), by customer and invoice."""
    from dunner.services.portfolio import assess_all

    results, _ = assess_all(ctx, scope=scope)
    return [Waiting(a.file.name, v.owner, v.item.number, v.item.open, v.fapiao_wait)
            for a in results for v in a.invoices if v.fapiao_wait is not None]
