"""Instalment plans: recorded as promises of one plan, reminded and followed up, holding back
the chasing of what they cover while kept and releasing it when one is missed."""

from __future__ import annotations

from datetime import date

from tests.cli.test_plan import _add_invoices
from tests.conftest import Cli

NAME = "宁波华联机电有限公司"


def _ledger(cli: Cli) -> Cli:
    august = Cli(cli.db, date(2026, 8, 1))
    assert august("customer", "add", NAME, "--owner", "王芳", "--terms", "net:30",
                  "--person", "刘会计,payer,0571-87654321,").exit_code == 0
    _add_invoices(cli, [(NAME, "H-1", "2026-08-20", 900_001)])  # ¥9,000.01, due 09-19
    return cli


def test_three_months_of_9000_01_and_a_missed_instalment(cli: Cli) -> None:
    _ledger(cli)
    result = cli("instalments", NAME, "--count", "3", "--every", "month", "--first", "2026-12-10")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "¥3,000.00" in result.stdout and "¥3,000.01" in result.stdout
    shown = cli.json("customer", "show", NAME)
    promises = sorted((p["due_on"], p["amount"]) for p in shown["promises"])
    assert promises == [("2026-12-10", "3000.00"), ("2027-01-10", "3000.00"),
                        ("2027-02-10", "3000.01")]
    [plan] = shown["instalment_plans"]
    assert (plan["count"], plan["kept"], plan["on_track"]) == (3, 0, True)

    # kept so far: December holds no routine chasing, only the reminder the working day before
    december = Cli(cli.db, date(2026, 12, 1)).json("plan", "--days", "30")
    assert [(a["date"], a["purpose"]) for a in december["actions"]
            if a["customer"] == NAME and a["purpose"] != "find_contact"][:1] == \
        [("2026-12-09", "instalment_reminder")]
    assert not [a for a in december["actions"] if a["purpose"] == "collect"]

    # nothing came on 12-10: a follow-up call, and the chasing resumes in full
    later = Cli(cli.db, date(2026, 12, 14))
    doc = later.json("plan", "--days", "14")
    followup = [a for a in doc["actions"] if a["purpose"] == "promise_followup"]
    assert followup and followup[0]["channel"] == "call" and followup[0]["date"] == "2026-12-14"
    collect = [a for a in doc["actions"] if a["purpose"] == "collect"]
    assert collect and all(a["amount"] == "9000.01" for a in collect)
    status = later.json("status")
    [line] = status["instalment_plans"]
    assert (line["broken"], line["on_track"]) == (1, False)

    # a paid instalment: the plan is back on track for what is left
    assert later("pay", NAME, "3000", "--date", "2026-12-14").exit_code == 0


def test_cancel_and_refusals(cli: Cli) -> None:
    _ledger(cli)
    bad = cli("instalments", NAME, "--count", "3", "--first", "2026-01-01")
    assert bad.exit_code == 2 and "Traceback" not in bad.stdout + bad.stderr
    assert cli("instalments", NAME, "--count", "2", "--first", "2026-12-01").exit_code == 0
    gone = cli("instalments", NAME, "--cancel")
    assert gone.exit_code == 0 and "2" in gone.stdout
    assert cli.json("customer", "show", NAME)["instalment_plans"] == []
    again = cli("instalments", NAME, "--cancel")
    assert again.exit_code == 2
