"""``dunner plan``: whom to contact, by which channel, when, about which invoices."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dunner.cli import _approx, _output, _render
from dunner.cli._fields import Field, Record, record, rows
from dunner.cli._options import CsvOpt, JsonOpt
from dunner.i18n import t

if TYPE_CHECKING:
    from dunner.domain.planner import Action
    from dunner.services.context import AppContext
    from dunner.services.planning import PlanReport

_ACTION = (
    Field("id", header="col.id"), Field("date", "date", "col.date"),
    Field("time", "time", "col.time"), Field("customer", header="col.customer"),
    Field("owner", header="col.owner"), Field("channel", header="col.channel"),
    Field("purpose", header="col.purpose"), Field("invoices", many=True, header="col.invoice"),
    Field("amount", "money", "col.amount"), Field("priority", "count", "col.priority"),
    Field("reason", header="col.reason"), Field("message", header="col.message"),
    # whom to reach: an object in JSON (null when nobody is on file), four columns in CSV
    Field("name", header="col.person", group="contact", screen=False),
    Field("role", header="col.role", group="contact", screen=False),
    Field("phone", header="col.contact_phone", group="contact", screen=False),
    Field("wechat", header="col.wechat", group="contact", screen=False),
    rows("factors", Field("name"), Field("points", "number"), Field("detail"), optional=True),
    Field("approximate", "flag", optional=True),  # only when its amount holds an estimate
)
# The planned actions are the table (--csv); deferred ones and warnings are in the JSON only.
PLAN = record("", Field("from", "date"), Field("to", "date"), rows("actions", *_ACTION),
              rows("deferred", *_ACTION), Field("warnings", many=True))


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
    as_csv: CsvOpt = False,
) -> None:
    """The plan: dated, timed actions per owner, in priority order, within each rep's capacity.

    Example: dunner plan --week --owner 张三 --ics 张三.ics
    """
    from dunner.services.context import parse_user_date
    from dunner.services.planning import make_plan

    out = _output.output(as_json, as_csv)
    app_ctx = _output.app_context(ctx)
    first = parse_user_date(start, "--from") if start else app_ctx.today
    length = days or (7 if week else 1)
    report = make_plan(app_ctx, first, first + timedelta(days=length - 1), owner, customer)
    _files(report, ics, xlsx, app_ctx)
    if out is not _output.Output.HUMAN:
        _output.emit(out, PLAN, {"from": report.start, "to": report.end,
                                 "actions": [_record(a, explain, report) for a in report.actions],
                                 "deferred": [_record(a, explain, report) for a in report.deferred],
                                 "warnings": _warnings(report)}, table="actions")
        return
    _render.calendar_warning(report.unknown_years, app_ctx.today)  # on stderr once a day
    _print(report, explain)


def _record(a: Action, explain: bool, report: PlanReport) -> Record:
    """An action as ``PLAN`` describes it; its factors with ``--explain``."""
    from dunner.cli import _plan_view as view

    c = a.candidate
    out: dict[str, object] = {
           "id": c.id, "date": a.day, "time": a.at, "customer": a.customer, "owner": a.owner,
           "channel": c.channel, "purpose": c.purpose, "invoices": c.invoices, "amount": c.amount,
           "priority": a.priority, "reason": view.reason(a), "message": view.message(a),
           "contact": None if a.contact is None else {
               "name": a.contact.name, "role": a.contact.role, "phone": a.contact.phone,
               "wechat": a.contact.wechat},
           **_approx.flag(report.is_approximate(a))}
    if explain:
        out["factors"] = [{"name": term.name, "points": term.points, "detail": term.detail}
                          for term in a.terms]
    return out


def _warnings(report: PlanReport) -> list[str]:
    """In ``--json`` on every run: there it is data, not a nag."""
    return [_render.calendar_text(report.unknown_years)] if report.unknown_years else []


def _files(report: PlanReport, ics: Path | None, xlsx: Path | None, app_ctx: AppContext) -> None:
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


def _print(report: PlanReport, explain: bool) -> None:
    from dunner.cli import _plan_view as view

    if not report.actions:
        _render.lines(t("plan.empty", start=report.start, end=report.end))
    by_day: dict[date, dict[str, list[Action]]] = {}  # each day's actions by owner, in order
    for a in report.actions:
        by_day.setdefault(a.day, {}).setdefault(a.owner, []).append(a)
    for day, owners in sorted(by_day.items()):
        for owner, mine in sorted(owners.items()):
            rows = [(a.at.strftime("%H:%M"), a.customer, t(f"channel.{a.candidate.channel}"),
                     t(f"purpose.{a.candidate.purpose}"),
                     _approx.money(a.candidate.amount, report.is_approximate(a)),
                     a.candidate.id) for a in mine]
            _render.table([t("col.time"), t("col.customer"), t("col.channel"), t("col.purpose"),
                           t("col.amount"), t("col.id")], rows, right=(4,),
                          title=t("plan.day_title", day=day, weekday=t(f"weekday.{day.weekday()}"),
                                  owner=owner or "—"))
            visits = [a for a in mine if a.candidate.channel == "visit"]
            if explain and visits:  # the day's route: one city (or cities near), district order
                from dunner.domain.planner import district

                stops = " → ".join(f"{a.at.strftime('%H:%M')} {a.customer}"
                                   f"{' (' + d + ')' if (d := district('', a.customer)) else ''}"
                                   for a in sorted(visits, key=lambda a: a.at))
                _render.lines(t("plan.route", day=day, owner=owner or "—", stops=stops))
            for a in mine:
                _render.lines(f"  {a.candidate.id}  {view.message(a)}")
                if a.contact is not None and a.candidate.contact:
                    _render.lines(f"      {view.contact_line(a.contact)}")
                if explain:
                    terms = ", ".join(f"{t('prio.' + term.name)} {term.points}" for term in a.terms)
                    _render.lines(f"      {view.reason(a)}",
                                  f"      {t('col.priority')} {a.priority}: {terms}")
    _approx.legend(any(report.is_approximate(a) for a in report.actions))
    if report.deferred:
        _render.lines(t("plan.deferred", n=len(report.deferred)))
        for a in report.deferred:
            _render.lines(f"  {a.candidate.day}  {a.customer}  {t('channel.' + a.candidate.channel)}  "
                          f"{view.reason(a)}")
