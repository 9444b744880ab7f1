"""`plan` on the example ledger: an action moved to another day (carried past a contact logged
today, traded with a letter sent early, routed to its city's visits) names that day's amount,
invoices and days overdue; and no routine collection falls inside a promise covering it all."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

from tests.conftest import Cli
from tests.example_book import EXAMPLE, ROOT

ENV = {"DUNNER_CONFIG": str(ROOT / "examples" / "config.toml")}
ROUTINE = ("collect", "demand_letter")


def run(db: Path | str, today: date, *args: str) -> Any:
    result = Cli(db, today)(*args, env=ENV)
    assert result.exit_code == 0, result.stdout + result.stderr
    return result


def plan(db: Path | str, today: date, customer: str, days: int) -> list[dict[str, Any]]:
    out = run(db, today, "plan", "--days", str(days), "--customer", customer, "--json")
    return list(json.loads(out.stdout)["actions"])


def overdue_days(action: dict[str, Any]) -> int:
    found = re.search(r"(\d+) days overdue", action["reason"])
    assert found, action["reason"]
    return int(found.group(1))


def test_an_action_carried_to_tomorrow_says_tomorrows_days(db_path) -> None:
    today = date(2026, 11, 23)
    run(db_path, today, "import", str(EXAMPLE))
    run(db_path, today, "log", "安达", "wechat", "--at", "09:40")
    week = plan(db_path, today, "安达", 7)
    carried = [a for a in week if a["date"] == "2026-11-24" and a["purpose"] == "collect"]
    assert len(carried) == 1, week
    # the plan made tomorrow has the same action, with the same facts
    tomorrow = [a for a in plan(db_path, date(2026, 11, 24), "安达", 1)
                if a["id"] == carried[0]["id"]]
    assert overdue_days(carried[0]) == 122 == overdue_days(tomorrow[0])
    assert "122 days" in carried[0]["message"]
    assert (carried[0]["amount"], carried[0]["invoices"]) == \
        (tomorrow[0]["amount"], tomorrow[0]["invoices"])


def test_a_promise_moves_no_money_to_the_day_an_action_trades_to(db_path) -> None:
    today = date(2026, 11, 23)
    run(db_path, today, "import", str(EXAMPLE))
    run(db_path, today, "log", "恒丰", "call", "--outcome", "promised", "--at", "15:50")
    run(db_path, today, "promise", "恒丰", "5000", "2026-12-04")
    actions = {a["id"]: a for a in plan(db_path, today, "恒丰", 40)
               if a["purpose"] in ROUTINE}
    # the letter sent early to the promise's day chases what ¥5,000 leaves; the call it traded
    # days with, now after the promise, chases all of it
    letter = next(a for a in actions.values() if a["purpose"] == "demand_letter")
    assert letter["date"] == "2026-12-04" and "moved from 2026-12-15" in letter["reason"]
    assert (letter["amount"], overdue_days(letter)) == ("5290.42", 95)
    call = next(a for a in actions.values() if a["date"] == "2026-12-15")
    assert "moved from 2026-12-04" in call["reason"]
    assert (call["amount"], overdue_days(call)) == ("10290.42", 106)
    assert call["invoices"] == ["XS2026-0021", "XS2026-0063"]


def test_no_visit_is_routed_into_a_promise_that_covers_everything(db_path) -> None:
    today = date(2026, 11, 26)
    run(db_path, date(2026, 11, 23), "import", str(EXAMPLE))
    run(db_path, today, "promise", "恒通", "3100", "2026-12-10")
    actions = [a for a in plan(db_path, today, "恒通", 30) if a["purpose"] in ROUTINE]
    assert actions and all(a["date"] > "2026-12-10" for a in actions), \
        [(a["date"], a["channel"], a["reason"]) for a in actions]
    visit = next(a for a in actions if a["channel"] == "visit")
    days = (date.fromisoformat(visit["date"]) - date(2026, 11, 25)).days  # XS2026-0081 due 11-25
    assert (visit["amount"], visit["invoices"], overdue_days(visit)) == \
        ("3100.00", ["XS2026-0081"], days)
