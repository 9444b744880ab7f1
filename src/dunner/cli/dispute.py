"""``dunner dispute``: mark an invoice disputed (争议) with its reason, or resolve the dispute."""

from __future__ import annotations

from typing import Annotated

import typer

from dunner.cli import _output, _render
from dunner.cli._options import CustomerArg, JsonOpt
from dunner.errors import UsageError
from dunner.i18n import t


def register(app: typer.Typer) -> None:
    app.command("dispute")(dispute)


@_output.guarded
def dispute(
    ctx: typer.Context, customer: CustomerArg,
    invoice: Annotated[str, typer.Argument(help="The invoice number (单号).")],
    reason: Annotated[str | None, typer.Option(help="What the customer disputes, e.g. "
                                               "'质量问题，待验收'.")] = None,
    resolved: Annotated[bool, typer.Option("--resolved", help="The dispute is settled: chase "
                                           "the invoice again.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Mark an invoice disputed: the plan stops chasing it and gives its owner a task to
    resolve the dispute. --resolved clears it.

    Example: dunner dispute 恒通 A-2 --reason '质量问题，待验收'
    """
    from dunner.services.disputes import record_dispute, resolve_dispute

    if resolved and reason is not None:
        raise UsageError("reason_with_resolved", t("dispute.reason_with_resolved"),
                         t("dispute.reason_with_resolved.hint"))
    if not resolved and not (reason or "").strip():
        raise UsageError("reason_missing", t("dispute.reason_missing"),
                         t("dispute.reason_missing.hint"))
    app_ctx = _output.app_context(ctx)
    if resolved:
        done = resolve_dispute(app_ctx, customer, invoice)
    else:
        done = record_dispute(app_ctx, customer, invoice, (reason or "").strip())
    if as_json:
        _output.emit_json({"customer": done.customer.name, "invoice": done.invoice,
                           "disputed": not resolved, "reason": done.reason,
                           "previous_reason": done.previous})
        return
    if resolved:
        _render.lines(t("dispute.resolved", customer=done.customer.name, invoice=done.invoice))
    else:
        _render.lines(t("dispute.done", customer=done.customer.name, invoice=done.invoice,
                        reason=done.reason))
