"""``dunner instalments``: record an instalment plan (分期还款), or cancel it."""

from __future__ import annotations

from typing import Annotated

import typer

from dunner.cli import _output, _render
from dunner.cli._options import CustomerArg
from dunner.i18n import t


def register(app: typer.Typer) -> None:
    app.command("instalments")(instalments)


@_output.guarded
def instalments(
    ctx: typer.Context,
    customer: CustomerArg,
    count: Annotated[int, typer.Option("--count", min=1, max=120, help="How many instalments.")] = 3,
    every: Annotated[str, typer.Option("--every", help="month or week.")] = "month",
    first: Annotated[str | None, typer.Option("--first", help="The first instalment's day "
                                              "(YYYY-MM-DD).")] = None,
    total: Annotated[str | None, typer.Option("--total", help="The amount to split; default: the "
                                              "open balance.")] = None,
    cancel: Annotated[bool, typer.Option("--cancel", help="Cancel the customer's open plan: "
                                         "chasing resumes in full.")] = False,
) -> None:
    """Record an instalment plan: the balance split evenly (the remainder on the last), each
    instalment reminded the working day before and followed up if missed; while it is kept,
    the amount it covers is not chased.

    Example: dunner instalments 恒通 --count 3 --every month --first 2026-12-10
    """
    from dunner.cli import _parse
    from dunner.domain.instalments import EVERY
    from dunner.services.instalments import cancel_instalments, record_instalments

    app_ctx = _output.app_context(ctx)
    if cancel:
        ref, n = cancel_instalments(app_ctx, customer)
        _render.lines(t("instalments.cancelled", customer=ref.name, count=n))
        return
    word = _parse.choice(every, EVERY, "--every")
    day = _parse.day(first, "--first") if first else app_ctx.today
    fen = _parse.amount(total) if total is not None else None
    made = record_instalments(app_ctx, customer, count, word, day, fen)
    _render.lines(t("instalments.done", customer=made.customer.name, count=count,
                    every=t(f"every.{word}"), first=day,
                    total=_render.money(sum(f for _, f in made.schedule))),
                  *(t("instalments.line", n=k, due=due, amount=_render.money(f))
                    for k, (due, f) in enumerate(made.schedule, start=1)))
