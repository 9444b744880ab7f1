"""Whether DSO is getting better: the latest month against the latest earlier month with a DSO."""

from __future__ import annotations

from decimal import Decimal

import pytest

from dunner.domain.boss import Direction, dso_trend

D = Decimal


@pytest.mark.parametrize(("dso", "expected"), [
    ([("2026-10", D("45.00")), ("2026-11", D("41.50"))], (Direction.BETTER, D("-3.50"))),
    ([("2026-10", D("45.00")), ("2026-11", D("47.00"))], (Direction.WORSE, D("2.00"))),
    ([("2026-10", D("45.00")), ("2026-11", D("45.99"))], (Direction.STEADY, D("0.99"))),
    ([("2026-10", D("45.00")), ("2026-11", D("44.00"))], (Direction.BETTER, D("-1.00"))),
    ([("2026-09", D("50.00")), ("2026-10", None), ("2026-11", D("40.00"))],
     (Direction.BETTER, D("-10.00"))),  # a month without sales is skipped
])
def test_direction(dso: list[tuple[str, Decimal | None]], expected: tuple[Direction, Decimal]) -> None:
    trend = dso_trend(dso)
    assert trend is not None and (trend.direction, trend.change) == expected
    assert trend.month == "2026-11" and trend.before_month == dso[0][0]


@pytest.mark.parametrize("dso", [[], [("2026-11", D("40.00"))], [("2026-10", D("40.00")),
                                                                  ("2026-11", None)],
                                 [("2026-10", None), ("2026-11", D("40.00"))]])
def test_no_direction_without_two_months(dso: list[tuple[str, Decimal | None]]) -> None:
    assert dso_trend(dso) is None
