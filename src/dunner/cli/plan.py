"""``dunner plan``: whom to contact, by which channel, when, about which invoices."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

import typer

from dunner.cli import _output, _render
from dunner.cli._options import JsonOpt
from dunner.i18n import t


def register(app: typer.Typer) -> None:
    app.command("plan")(plan)


@_output.guarded
def plan(
    ctx: typer.Context,
    day: Annotated[bool, typer.Option("--day", help="One day (the default).")] = False,
    week: Annotated[bool, typer.Option("--week", help="Seven days from --from.")] = False,
    days: Annotated[int | None, typer.Option("--days", help="N days from --from.", min=1, max=366)]
    = None,
    start: Annotated[str | None, typer.Option("--from", help="First day (YYYY-MM-DD); default "
                                              "today.")] = None,
    owner: Annotated[str | None, typer.Option(help="Only this owner's actions.")] = None,
    customer: Annotated[str | None, typer.Option(help="Only this customer's actions.")] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Show why: priority terms, rules, "
                                          "moves.")] = False,
    ics: Annotated[Path | None, typer.Option("--ics", help="Also write a calendar file.")] = None,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="Also write a printable worklist.")]
    = None,
    as_json: JsonOpt = False,
) -> None:
    """The plan: dated, timed actions per owner, in priority order, within each rep's capacity.

    Example: dunner plan --week --owner 张三 --ics 张三.ics
    """
    from dunner.services.context import parse_user_date
    from dunner.services.planning import make_plan

    app_ctx = _output.app_context(ctx)
    first = parse_user_date(start, "--from") if start else app_ctx.today
    length = days or (7 if week else 1)
    report = make_plan(app_ctx, first, first + timedelta(days=length - 1), owner, customer)
    _files(report, ics, xlsx, app_ctx)
    if as_json:
        from dunner.cli._plan_view import as_dict

        _output.emit_json({"from": report.start, "to": report.end,
                           "actions": [as_dict(a, explain) for a in report.actions],
                           "deferred": [as_dict(a, explain) for a in report.deferred],
                           "warnings": _warnings(report)})
        return
    _render.calendar_warning(report.unknown_years, app_ctx.today)  # on stderr once a day
    _print(report, explain)


def _warnings(report: Any) -> list[str]:
    """In ``--json`` on every run: there it is data, not a nag."""
    return [_render.calendar_text(report.unknown_years)] if report.unknown_years else []


def _files(report: Any, ics: Path | None, xlsx: Path | None, app_ctx: Any) -> None:
    from dunner.cli import _plan_view as view

    if ics is not None:
        from datetime import datetime

        from dunner.services.exports import plan_ics

        stamp = datetime.combine(app_ctx.today, datetime.min.time())
        plan_ics(ics, [view.event(a) for a in report.actions], app_ctx.config.timezone, stamp)
    if xlsx is not None:
        from dunner.services.exports import plan_xlsx

        owners = sorted({a.owner for a in report.actions}) or [""]
        header = [t(k) for k in view.WORKLIST_HEADER]
        plan_xlsx(xlsx, [(o or "—", header, [view.worklist_row(a) for a in report.actions
                                             if a.owner == o]) for o in owners])


def _print(report: Any, explain: bool) -> None:
    from dunner.cli import _plan_view as view

    if not report.actions:
        _render.lines(t("plan.empty", start=report.start, end=report.end))
    for day in sorted({a.day for a in report.actions}):
        todays = [a for a in report.actions if a.day == day]
        for owner in sorted({a.owner for a in todays}):
            rows = [(a.at.strftime("%H:%M"), a.customer, t(f"channel.{a.candidate.channel}"),
                     t(f"purpose.{a.candidate.purpose}"), _render.money(a.candidate.amount),
                     a.candidate.id) for a in todays if a.owner == owner]
            _render.table([t("col.time"), t("col.customer"), t("col.channel"), t("col.purpose"),
                           t("col.amount"), t("col.id")], rows, right=(4,),
                          title=t("plan.day_title", day=day, weekday=t(f"weekday.{day.weekday()}"),
                                  owner=owner or "—"))
            for a in (x for x in todays if x.owner == owner):
                _render.lines(f"  {a.candidate.id}  {view.message(a)}")
                if explain:
                    terms = ", ".join(f"{t('prio.' + term.name)} {term.points}" for term in a.terms)
                    _render.lines(f"      {view.reason(a)}",
                                  f"      {t('col.priority')} {a.priority}: {terms}")
    if report.deferred:
        _render.lines(t("plan.deferred", n=len(report.deferred)))
        for a in report.deferred:
            _render.lines(f"  {a.candidate.day}  {a.customer}  {t('channel.' + a.candidate.channel)}  "
                          f"{view.reason(a)}")
