"""``dunner status``: the home screen — totals, classes, top overdue, promises, alerts, signals."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from dunner.cli import _approx, _output, _render
from dunner.cli._fields import Field, Record, record, rows
from dunner.cli._options import JsonOpt
from dunner.i18n import t

if TYPE_CHECKING:
    from dunner.domain.assessment import Assessment
    from dunner.domain.instalments import PlanStatus
    from dunner.services.reports import Status

BAR_WIDTH = 40
_PROMISE = (Field("customer"), Field("due", "date"), Field("amount", "money"))
_BROKEN = (*_PROMISE, Field("unpaid", "money"))  # amount: promised; unpaid: what did not come
STATUS = record(
    "", Field("today", "date"), Field("open", "money"), Field("overdue", "money"),
    Field("expected_recovery", "money"), Field("credit", "money"),
    Field("by_class", "money", keyed=True), Field("grades", "count", keyed=True),
    rows("top_overdue", Field("customer"), Field("owner"), Field("overdue", "money"),
         Field("grade"), Field("approximate", "flag", optional=True)),
    rows("promises_due_today", *_PROMISE),
    # "yesterday" is the old name of the same list (since the last working day), kept for scripts
    rows("promises_broken_yesterday", *_BROKEN), rows("promises_broken", *_BROKEN),
    rows("limitation_alerts", Field("customer"), Field("expires", "date"), Field("open", "money")),
    rows("new_signals", Field("customer"), Field("kind")),
    record("bills", Field("outstanding", "money"), Field("commercial", "money"),
           Field("count", "count"),
           rows("maturing", Field("bill_no"), Field("customer"), Field("kind"),
                Field("amount", "money"), Field("matures", "date"))),
    rows("waiting_on_fapiao", Field("customer"), Field("invoice"), Field("open", "money"),
         Field("why")),
    rows("instalment_plans", Field("customer"), Field("label"), Field("count", "count"),
         Field("kept", "count"), Field("broken", "count"), Field("left", "money"),
         Field("next_due", "date"), Field("next_amount", "money"), Field("on_track", "flag")),
    Field("approximate", "flag", optional=True),  # only when the open amount holds an estimate
)


def register(app: typer.Typer) -> None:
    app.command("status")(status)


@_output.guarded
def status(ctx: typer.Context, as_json: JsonOpt = False,
           boss: Annotated[bool, typer.Option("--boss", help="The boss's view: the month's "
                                              "collections against the forecast, the DSO "
                                              "trend and the five largest risks.")] = False,
           ) -> None:
    """How things stand today: what is owed, how old, what needs attention.

    Example: dunner status
    """
    from dunner.services.reports import status as run

    out = _output.output(as_json)
    if boss:
        from dunner.cli.status_boss import show

        show(out, _output.app_context(ctx))
        return
    st = run(_output.app_context(ctx))
    if out is not _output.Output.HUMAN:
        _output.emit(out, STATUS, _as_record(st))
        return
    rough = any(st.approximate.values())
    _render.lines(t("status.headline", today=st.today, open=_approx.money(st.open, rough),
                    overdue=_approx.money(st.overdue, bool(st.approximate_overdue)),
                    expected=_approx.money(st.expected, rough)))
    if st.credit:  # paid ahead: it offsets nothing above, but a boss asks what is held
        _render.lines(t("status.credit", credit=_render.money(st.credit)))
    _class_bar(st.by_class, st.open, st.approximate)
    if st.top_overdue:
        _render.table([t("col.customer"), t("col.owner"), t("col.overdue"), t("col.grade")],
                      [(a.file.name, a.file.owner, _approx.money(a.overdue, _late(a, st)), a.grade)
                       for a in st.top_overdue], title=t("status.top"), right=(2,))
    _approx.legend(rough)
    _section(t("status.promises_due"), [f"{n}  {_render.money(a)}" for n, _, a in st.promises_due])
    _section(t("status.promises_broken"),
             [f"{n}  {_render.money(a)}" if u == a else
              f"{n}  " + t("status.promise_unpaid", unpaid=_render.money(u), promised=_render.money(a))
              for n, _, a, u in st.promises_broken])
    _section(t("status.limitation"), [t("status.limitation_line", customer=n, date=d,
                                        open=_render.money(o)) for n, d, o in st.limitation_alerts])
    _section(t("status.signals"), [f"{n}  {t('signal.' + k)}" for n, k in st.new_signals])
    _bills_and_fapiao(st)
    if st.plans:
        from dunner.cli._customer_view import plan_line

        _render.lines(t("plans.title"), *(f"  {name}{plan_line(_plan(name, p))}"
                                          for name, p in st.plans))


def _as_record(st: Status) -> Record:
    broken = [{"customer": n, "due": d, "amount": a, "unpaid": u} for n, d, a, u in st.promises_broken]
    return {
        "today": st.today, "open": st.open, "overdue": st.overdue,
        "expected_recovery": st.expected, "credit": st.credit, "by_class": st.by_class,
        "grades": dict(sorted(st.grades.items())),
        "top_overdue": [{"customer": a.file.name, "owner": a.file.owner, "overdue": a.overdue,
                         "grade": a.grade, **_approx.flag(_late(a, st))} for a in st.top_overdue],
        "promises_due_today": [{"customer": n, "due": d, "amount": a}
                               for n, d, a in st.promises_due],
        "promises_broken_yesterday": broken, "promises_broken": broken,
        "limitation_alerts": [{"customer": n, "expires": d, "open": o}
                              for n, d, o in st.limitation_alerts],
        "new_signals": [{"customer": n, "kind": k} for n, k in st.new_signals],
        "bills": {"outstanding": st.bills.outstanding, "commercial": st.bills.commercial,
                  "count": st.bills.count,
                  "maturing": [{"bill_no": b.number, "customer": b.customer, "kind": b.kind,
                                "amount": b.amount, "matures": b.matures}
                               for b in st.bills.maturing]},
        "waiting_on_fapiao": [{"customer": c, "invoice": n, "open": o, "why": w}
                              for c, n, o, w in st.fapiao_waiting],
        "instalment_plans": [_plan(name, p) for name, p in st.plans],
        **_approx.flag(any(st.approximate.values())),
    }


def _late(a: Assessment, st: Status) -> bool:
    """Whether the customer's overdue amount holds an export's estimate."""
    from dunner.domain.accounting import approximate_open

    return approximate_open((i.item for i in a.invoices), st.today)


def _plan(customer: str, p: PlanStatus) -> dict[str, object]:
    return {"customer": customer, "label": p.label, "count": p.count, "kept": p.kept,
            "broken": p.broken, "left": p.left, "next_due": p.next_due,
            "next_amount": p.next_amount, "on_track": p.on_track}


def _class_bar(by_class: dict[str, int], total: int, rough: dict[str, int]) -> None:
    """One compact bar of the classes: colour on a terminal, plain shares on a pipe."""
    if not total:
        return
    shares = {k: v / total for k, v in by_class.items()}  # display only; money stays in fen
    if _render.is_terminal():
        from rich.text import Text

        colours = {"current": "green", "collecting": "yellow", "doubtful": "dark_orange",
                   "bad": "red", "dead": "grey50"}
        bar = Text()
        for k, share in shares.items():
            bar.append("█" * round(share * BAR_WIDTH), style=colours[k])
        _render.console().print(bar)
    for k, v in by_class.items():
        _render.lines(f"  {t('class.' + k)}: {_approx.money(v, bool(rough[k]))} ({shares[k]:.0%})")


def _section(title: str, lines: list[str]) -> None:
    if lines:
        _render.lines(title, *(f"  {line}" for line in lines))


def _bills_and_fapiao(st: Status) -> None:
    """Acceptance bills not yet turned into cash, and receivables held back by a fapiao."""
    b = st.bills
    if b.count:
        _render.lines(t("status.bills", amount=_render.money(b.outstanding), count=b.count,
                        commercial=_render.money(b.commercial)))
    _section(t("status.bills_maturing"),
             [t("status.bills_line", matures=x.matures, number=x.number, customer=x.customer,
                amount=_render.money(x.amount)) for x in b.maturing])
    _section(t("status.fapiao"),
             [t("status.fapiao_line", customer=c, invoice=n, amount=_render.money(o),
                why=t(f"fapiao_wait.{w}")) for c, n, o, w in st.fapiao_waiting])
