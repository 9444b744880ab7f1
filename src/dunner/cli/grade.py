"""``dunner grade``: classes, score, grade, approach, expected recovery and limitation."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from dunner.cli import _output, _render
from dunner.cli._options import JsonOpt
from dunner.domain.money import fen_str
from dunner.i18n import t


def register(app: typer.Typer) -> None:
    app.command("grade")(grade)


@_output.guarded
def grade(
    ctx: typer.Context,
    customer: Annotated[str | None, typer.Argument(help="One customer; all without it.")] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Show every score term.")] = False,
    cls: Annotated[str | None, typer.Option("--class", help="Only customers with an invoice of "
                                            "this class: current, collecting, doubtful, bad, "
                                            "dead.")] = None,
    letter: Annotated[str | None, typer.Option("--grade", help="Only this grade: A, B, C or D.")]
    = None,
    as_json: JsonOpt = False,
) -> None:
    """How bad is it: each open invoice's class, each customer's score, grade and approach.

    Example: dunner grade --class doubtful --explain
    """
    from dunner.services.grading import grade as run

    app_ctx = _output.app_context(ctx)
    report = run(app_ctx, customer, cls, letter)
    if as_json:
        _output.emit_json([as_dict(a, cls) for a in report.assessments])
        return
    _render.calendar_warning(report.unknown_years, app_ctx.today)
    if customer is not None or explain:
        for a in report.assessments:
            _detail(a, explain, cls)
        return
    _render.table([t("col.customer"), t("col.owner"), t("col.grade"), t("col.approach"),
                   t("col.open"), t("col.overdue"), t("col.expected"), t("col.worst"),
                   t("col.limitation")],
                  [(a.file.name, a.file.owner, f"{a.grade} {a.score}", t(f"approach.{a.approach}"),
                    _render.money(a.open), _render.money(a.overdue),
                    _render.money(a.expected_recovery), _worst(a), _render.day(a.limitation_expires))
                   for a in report.assessments], right=(4, 5, 6), whole=(2,))


def _worst(a: Any) -> str:
    from dunner.domain.grading import CLASSES

    classes = [i.cls for i in a.invoices]
    return t(f"class.{max(classes, key=CLASSES.index)}") if classes else ""


def as_dict(a: Any, cls: str | None = None) -> dict[str, Any]:
    return {
        "customer": a.file.name, "owner": a.file.owner, "score": a.score, "grade": a.grade,
        "approach": a.approach, "open": fen_str(a.open), "overdue": fen_str(a.overdue),
        "expected_recovery": fen_str(a.expected_recovery), "credit": fen_str(a.credit),
        "limitation_expires": _day(a.limitation_expires),
        "factors": [{"name": term.name, "points": float(term.points), "weight": int(term.weight),
                     "detail": term.detail} for term in a.terms],
        "signals": list(a.signals),
        "keep_rate": None if a.keep_rate is None else f"{a.keep_rate:.2f}",
        "promises": [{"made_on": p.made_on, "due_on": p.due_on, "amount": fen_str(p.amount),
                      "state": s} for p, s in a.promise_states],
        "invoices": [{"number": i.item.number, "issued": _day(i.item.issued), "due": _day(i.item.due),
                      "amount": fen_str(i.item.amount), "open": fen_str(i.item.open),
                      "days_overdue": max(i.days_overdue, 0), "class": i.cls,
                      "expected_recovery": fen_str(i.expected), "limitation_expires": _day(i.expires)}
                     for i in a.invoices if cls is None or i.cls == cls],
    }


def _day(value: Any) -> str | None:
    return value.isoformat() if value else None


def _detail(a: Any, explain: bool, cls: str | None) -> None:
    _render.lines(t("grade.headline", customer=a.file.name, grade=a.grade, score=a.score,
                    approach=t(f"approach.{a.approach}")),
                  t("grade.amounts", open=_render.money(a.open), overdue=_render.money(a.overdue),
                    expected=_render.money(a.expected_recovery),
                    expires=_render.day(a.limitation_expires) or "—"))
    if explain:
        _render.table([t("col.factor"), t("col.detail"), t("col.weight"), t("col.points")],
                      [(t(f"factor.{term.name}"), term.detail, term.weight, term.points)
                       for term in a.terms] + [(t("word.total"), "", "", a.score)], right=(2, 3))
    if a.signals:
        _render.lines(t("grade.signals", signals=", ".join(a.signals)))
    if a.promise_states:
        states = ", ".join(f"{p.due_on} {_render.money(p.amount)} {t('promise.' + s)}"
                           for p, s in a.promise_states)
        rate = "—" if a.keep_rate is None else f"{a.keep_rate:.0%}"
        _render.lines(t("grade.promises", states=states, rate=rate))
    rows = [(i.item.number, _render.day(i.item.due), max(i.days_overdue, 0), t(f"class.{i.cls}"),
             _render.money(i.item.open), _render.money(i.expected), _render.day(i.expires))
            for i in a.invoices if cls is None or i.cls == cls]
    if rows:
        _render.table([t("col.invoice"), t("col.due"), t("col.days_overdue"), t("col.class"),
                       t("col.open"), t("col.expected"), t("col.limitation")], rows, right=(2, 4, 5))
    _render.lines("")
