"""``dunner grade``: classes, score, grade, approach, expected recovery and limitation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from dunner.cli import _approx, _output, _render
from dunner.cli._fields import Field, Record, rows
from dunner.cli._options import CsvOpt, JsonOpt
from dunner.domain.accounting import approximate_open
from dunner.i18n import t

if TYPE_CHECKING:
    from collections.abc import Mapping

    from dunner.domain.assessment import Assessment, InvoiceView
    from dunner.domain.forecast import Prediction

# One row per customer (the CSV's columns: the fields with a header), each with its invoices.
GRADE = rows(
    "", Field("customer", header="col.customer"), Field("owner", header="col.owner"),
    Field("score", "count", "col.score"), Field("grade", header="col.grade"),
    Field("approach", header="col.approach"), Field("open", "money", "col.open"),
    Field("overdue", "money", "col.overdue"),
    Field("expected_recovery", "money", "col.expected"), Field("credit", "money", "col.credit"),
    Field("limitation_expires", "date", "col.limitation"),
    rows("factors", Field("name"), Field("points", "number"), Field("weight", "count"),
         Field("detail")),
    Field("signals", many=True, header="col.signals"),
    Field("keep_rate", "ratio", "col.keep_rate"),
    rows("promises", Field("made_on", "date"), Field("due_on", "date"), Field("amount", "money"),
         Field("state")),
    rows("invoices", Field("number"), Field("issued", "date"), Field("due", "date"),
         Field("amount", "money"), Field("open", "money"), Field("days_overdue", "count"),
         Field("class"), Field("expected_recovery", "money"), Field("limitation_expires", "date"),
         Field("predicted_pay_date", "date"), Field("probability", "number"),
         Field("approximate", "flag", optional=True), tuples=True),  # see ``_invoice``
    Field("approximate", "flag", optional=True),  # only when an open amount is an estimate
)


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
    as_csv: CsvOpt = False,
) -> None:
    """How bad is it: each open invoice's class, each customer's score, grade and approach.

    Example: dunner grade --class doubtful --explain
    """
    from dunner.services.grading import grade as run

    out = _output.output(as_json, as_csv)
    app_ctx = _output.app_context(ctx)
    report = run(app_ctx, customer, cls, letter)
    if out is not _output.Output.HUMAN:
        from dunner.services.forecasting import predictions
        from dunner.services.gc_pause import no_cycles

        predicted = predictions(app_ctx, report.assessments,
                                whole=customer is None and cls is None and letter is None)
        with no_cycles():  # a record per invoice of the ledger: nothing for the collector to find
            # each customer's record is made as it is written and then let go: the records of
            # a hundred thousand invoices are never all held at once
            _output.emit(out, GRADE, (as_record(a, cls, predicted) for a in report.assessments))
        return
    _render.calendar_warning(report.unknown_years, app_ctx.today)
    if customer is not None or explain:
        shown: Mapping[int, Prediction] = {}
        if explain:  # each open invoice's predicted pay date, with its reasons
            from dunner.services.forecasting import predictions

            shown = predictions(app_ctx, report.assessments,
                                whole=customer is None and cls is None and letter is None)
        for a in report.assessments:
            _detail(a, explain, cls)
            _predictions(a, shown, cls)
        return
    rough = [approximate_open(i.item for i in a.invoices) for a in report.assessments]
    late = [approximate_open((i.item for i in a.invoices), app_ctx.today) for a in report.assessments]
    _render.table([t("col.customer"), t("col.owner"), t("col.grade"), t("col.approach"),
                   t("col.open"), t("col.overdue"), t("col.expected"), t("col.worst"),
                   t("col.limitation")],
                  [*((a.file.name, a.file.owner, f"{a.grade} {a.score}", t(f"approach.{a.approach}"),
                     _approx.money(a.open, r), _approx.money(a.overdue, o),
                     _approx.money(a.expected_recovery, r), _worst(a),
                     _render.day(a.limitation_expires))
                     for a, r, o in zip(report.assessments, rough, late, strict=True)),
                   *_total(report.assessments, any(rough), any(late))],
                  right=(4, 5, 6), whole=(2,))
    _approx.legend(any(rough))


def _total(assessments: list[Assessment], rough: bool = False,
           late: bool = False) -> list[tuple[str, ...]]:
    """The table's last row: what all the customers shown owe (none for an empty table)."""
    if not assessments:
        return []
    sums = (sum(a.open for a in assessments), sum(a.overdue for a in assessments),
            sum(a.expected_recovery for a in assessments))
    marks = (rough, late, rough)
    return [(t("word.total"), "", "", "", *map(_approx.money, sums, marks), "", "")]


def _worst(a: Assessment) -> str:
    from dunner.domain.grading import worst

    cls = worst(i.cls for i in a.invoices)
    return t(f"class.{cls}") if cls else ""


def as_record(a: Assessment, cls: str | None = None,
              predicted: Mapping[int, Prediction] | None = None) -> Record:
    """A customer's assessment as ``GRADE`` describes it (only invoices of ``cls`` if given),
    each invoice with its predicted pay date and probability when ``predicted`` holds them."""
    predicted = predicted or {}
    return {
        "customer": a.file.name, "owner": a.file.owner, "score": a.score, "grade": a.grade,
        "approach": a.approach, "open": a.open, "overdue": a.overdue,
        "expected_recovery": a.expected_recovery, "credit": a.credit,
        "limitation_expires": a.limitation_expires or None,
        "factors": [{"name": term.name, "points": term.points, "weight": term.weight,
                     "detail": term.detail} for term in a.terms],
        "signals": a.signals, "keep_rate": a.keep_rate,
        "promises": [{"made_on": p.made_on, "due_on": p.due_on, "amount": p.amount, "state": s}
                     for p, s in a.promise_states],
        "invoices": [_invoice(i, predicted.get(i.item.key)) for i in a.invoices
                     if cls is None or i.cls == cls],
        **_approx.flag(approximate_open(i.item for i in a.invoices)),
    }


def _invoice(i: InvoiceView, p: Prediction | None) -> tuple[object, ...]:
    """An invoice's record: its values in the order of ``GRADE``'s invoice fields (a whole ledger
    has a hundred thousand, written without a dict for each), ``approximate`` only when true."""
    item, days = i.item, i.days_overdue
    values = (item.number, item.issued, item.due or None, item.amount, item.open,
              days if days > 0 else 0, i.cls, i.expected, i.expires or None,
              p.pay_date if p else None, p.probability if p else None)
    return (*values, True) if item.approximate else values


def _predictions(a: Assessment, predicted: Mapping[int, Prediction], cls: str | None) -> None:
    from dunner.cli.report_forecast import reason_text

    found = [(i.item.number, predicted[i.item.key]) for i in a.invoices
             if i.item.key in predicted and (cls is None or i.cls == cls)]
    for number, p in found:
        _render.lines(f"  {number}: {_render.day(p.pay_date) or '—'} {p.probability:.0%} — "
                      + "; ".join(reason_text(r) for r in p.reasons))
    if found:
        _render.lines("")


def _detail(a: Assessment, explain: bool, cls: str | None) -> None:
    rough = approximate_open(i.item for i in a.invoices)
    late = any(i.item.approximate and i.days_overdue > 0 for i in a.invoices)
    _render.lines(t("grade.headline", customer=a.file.name, grade=a.grade, score=a.score,
                    approach=t(f"approach.{a.approach}")),
                  t("grade.amounts", open=_approx.money(a.open, rough),
                    overdue=_approx.money(a.overdue, late),
                    expected=_approx.money(a.expected_recovery, rough),
                    expires=_render.day(a.limitation_expires) or "—"))
    if explain:
        _render.table([t("col.factor"), t("col.detail"), t("col.weight"), t("col.points")],
                      [(t(f"factor.{term.name}"), term.detail, term.weight, term.points)
                       for term in a.terms] + [(t("word.total"), "", "", a.score)], right=(2, 3))
    if a.signals:
        _render.lines(t("grade.signals", signals=", ".join(_render.word("signal", k)
                                                           for k in a.signals)))
    if a.promise_states:
        states = ", ".join(f"{p.due_on} {_render.money(p.amount)} {t('promise.' + s)}"
                           for p, s in a.promise_states)
        rate = "—" if a.keep_rate is None else f"{a.keep_rate:.0%}"
        _render.lines(t("grade.promises", states=states, rate=rate))
    rows = [(i.item.number, _render.day(i.item.due), max(i.days_overdue, 0), t(f"class.{i.cls}"),
             _approx.money(i.item.open, i.item.approximate),
             _approx.money(i.expected, i.item.approximate), _render.day(i.expires))
            for i in a.invoices if cls is None or i.cls == cls]
    if rows:
        _render.table([t("col.invoice"), t("col.due"), t("col.days_overdue"), t("col.class"),
                       t("col.open"), t("col.expected"), t("col.limitation")], rows, right=(2, 4, 5))
    _approx.legend(rough)
    _render.lines("")
