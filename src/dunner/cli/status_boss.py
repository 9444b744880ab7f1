"""``dunner status --boss``: the month's collections against the forecast, the DSO trend and
the largest risks, on one screen."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dunner.cli import _output, _render
from dunner.cli._fields import Field, Record, record, rows
from dunner.cli._spark import sparkline
from dunner.domain.boss import collected_text, trend_text
from dunner.i18n import t

if TYPE_CHECKING:
    from dunner.domain.boss import BossView
    from dunner.services.context import AppContext

BOSS = record(
    "", Field("today", "date"), Field("collected", "money"), Field("forecast_month", "money"),
    Field("expected_rest", "money"), rows("dso", Field("month"), Field("dso", "number")),
    Field("dso_direction"),
    rows("risks", Field("customer", header="col.customer"), Field("owner", header="col.owner"),
         Field("open", "money", "col.open"), Field("at_risk", "money", "boss.col.at_risk")),
)


def show(out: _output.Output, ctx: AppContext) -> None:
    from dunner.services.forecasting import boss_view

    view = boss_view(ctx)
    _output.emit(out, BOSS, as_record(view), table="risks", human=lambda: _screen(view))


def as_record(view: BossView) -> Record:
    return {"today": view.today, "collected": view.collected,
            "forecast_month": view.forecast_month, "expected_rest": view.expected_rest,
            "dso": [{"month": m, "dso": d} for m, d in view.dso],
            "dso_direction": view.trend.direction if view.trend else None,
            "risks": [{"customer": c, "owner": o, "open": op, "at_risk": r}
                      for c, o, op, r in view.risks]}


def _screen(view: BossView) -> None:
    _render.lines(t("boss.title", today=view.today), collected_text(view),
                  t("boss.rest", expected=_render.money(view.expected_rest)),
                  t("boss.dso", trend=sparkline([d for _, d in view.dso]),
                    values=" ".join(f"{m[5:]}:{'—' if d is None else d}" for m, d in view.dso)),
                  trend_text(view))
    if view.risks:
        _render.table([t("col.customer"), t("col.owner"), t("col.open"), t("boss.col.at_risk")],
                      [(c, o, _render.money(op), _render.money(r)) for c, o, op, r in view.risks],
                      title=t("boss.risks"), right=(2, 3))
