"""A visit on the customer's pay day stays there when the pay day falls on a rest day and is
moved back to the working day before it (恒通 pays on the 5th; 2026-12-05 is a Saturday): the
route does not move it to join its city's visits, and the call before it comes the day before."""

from __future__ import annotations

from datetime import date

from tests.cli.test_plan_moved_facts import plan, run
from tests.example_book import EXAMPLE


def test_a_pay_day_visit_moved_back_from_a_saturday_stays_there(db_path) -> None:
    run(db_path, date(2026, 11, 23), "import", str(EXAMPLE))
    actions = plan(db_path, date(2026, 11, 30), "恒通", 14)
    visits = [a for a in actions if a["channel"] == "visit"]
    assert [a["date"] for a in visits] == ["2026-12-04"]
    assert "moved" not in visits[0]["reason"]
    calls = [a["date"] for a in actions if a["channel"] == "call" and a["date"] <= "2026-12-04"]
    assert calls == ["2026-12-03"]
