"""``dunner status``: the home screen — totals, classes, top overdue, promises, alerts, signals."""

from __future__ import annotations

from typing import Any

import typer

from dunner.cli import _output, _render
from dunner.cli._options import JsonOpt
from dunner.domain.money import fen_str
from dunner.i18n import t

BAR_WIDTH = 40


def register(app: typer.Typer) -> None:
    app.command("status")(status)


@_output.guarded
def status(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """How things stand today: what is owed, how old, what needs attention.

    Example: dunner status
    """
    from dunner.services.reports import status as run

    st = run(_output.app_context(ctx))
    if as_json:
        _output.emit_json(_as_dict(st))
        return
    _render.lines(t("status.headline", today=st.today, open=_render.money(st.open),
                    overdue=_render.money(st.overdue), expected=_render.money(st.expected)))
    _class_bar(st.by_class, st.open)
    if st.top_overdue:
        _render.table([t("col.customer"), t("col.owner"), t("col.overdue"), t("col.grade")],
                      [(a.file.name, a.file.owner, _render.money(a.overdue), a.grade)
                       for a in st.top_overdue], title=t("status.top"), right=(2,))
    _section(t("status.promises_due"), [f"{n}  {_render.money(a)}" for n, _, a in st.promises_due])
    _section(t("status.promises_broken"),
             [f"{n}  {_render.money(a)}" for n, _, a in st.promises_broken])
    _section(t("status.limitation"), [t("status.limitation_line", customer=n, date=d,
                                        open=_render.money(o)) for n, d, o in st.limitation_alerts])
    _section(t("status.signals"), [f"{n}  {t('signal.' + k)}" for n, k in st.new_signals])


def _as_dict(st: Any) -> dict[str, Any]:
    return {
        "today": st.today, "open": fen_str(st.open), "overdue": fen_str(st.overdue),
        "expected_recovery": fen_str(st.expected), "credit": fen_str(st.credit),
        "by_class": {k: fen_str(v) for k, v in st.by_class.items()},
        "grades": dict(sorted(st.grades.items())),
        "top_overdue": [{"customer": a.file.name, "owner": a.file.owner,
                         "overdue": fen_str(a.overdue), "grade": a.grade} for a in st.top_overdue],
        "promises_due_today": [{"customer": n, "due": d, "amount": fen_str(a)}
                               for n, d, a in st.promises_due],
        # "yesterday" is the old name of the same list (since the last working day), kept for scripts
        "promises_broken_yesterday": [{"customer": n, "due": d, "amount": fen_str(a)}
                                      for n, d, a in st.promises_broken],
        "promises_broken": [{"customer": n, "due": d, "amount": fen_str(a)}
                            for n, d, a in st.promises_broken],
        "limitation_alerts": [{"customer": n, "expires": d, "open": fen_str(o)}
                              for n, d, o in st.limitation_alerts],
        "new_signals": [{"customer": n, "kind": k} for n, k in st.new_signals],
    }


def _class_bar(by_class: dict[str, int], total: int) -> None:
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
        _render.lines(f"  {t('class.' + k)}: {_render.money(v)} ({shares[k]:.0%})")


def _section(title: str, lines: list[str]) -> None:
    if lines:
        _render.lines(title, *(f"  {line}" for line in lines))
