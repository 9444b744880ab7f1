"""The right person on every action, in every form the plan takes: JSON, screen, worklist, calendar."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from tests.cli.test_plan import _add_invoices
from tests.conftest import Cli

CUSTOMER = "宁波华联机电有限公司"


def _customer(cli: Cli, *people: str) -> None:
    august = Cli(cli.db, date(2026, 8, 1))
    args = [x for p in people for x in ("--person", p)]
    assert august("customer", "add", CUSTOMER, "--owner", "王芳", "--terms", "net:30",
                  *args).exit_code == 0
    _add_invoices(cli, [(CUSTOMER, "H-1", "2026-08-20", 800_000)])  # due 09-19: collecting


def test_calls_go_to_the_payer_and_the_visit_to_the_boss(cli: Cli, tmp_path: Path) -> None:
    _customer(cli, "刘会计,payer,0571-87654321,", "王总,decision,13812345678,wang_boss")
    doc = cli.json("plan", "--days", "30", "--from", "2026-12-01")
    contacts = {a["channel"]: a["contact"] for a in doc["actions"]}
    assert contacts["call"] == {"name": "刘会计", "role": "payer", "phone": "0571-87654321",
                                "wechat": ""}
    assert contacts["wechat"]["name"] == "刘会计"
    assert contacts["visit"] == {"name": "王总", "role": "decision", "phone": "13812345678",
                                 "wechat": "wang_boss"}

    sheet, ics = tmp_path / "w.xlsx", tmp_path / "p.ics"
    result = cli("plan", "--days", "30", "--from", "2026-12-01", "--xlsx", str(sheet),
                 "--ics", str(ics))
    assert result.exit_code == 0, result.stderr
    assert "刘会计 (responsible for payment) 0571-87654321" in result.stdout
    rows = list(load_workbook(sheet).active.iter_rows(values_only=True))
    header = rows[0]
    by_channel = {r[header.index("Channel")].lower(): r for r in rows[1:]}
    assert by_channel["call"][header.index("Phone")] == "0571-87654321"
    assert by_channel["visit"][header.index("Contact")] == "王总 (decision maker)"
    assert by_channel["visit"][header.index("WeChat")] == "wang_boss"

    from icalendar import Calendar

    events = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    visit = next(e for e in events if "visit" in str(e["SUMMARY"]).lower())
    assert "王总" in str(visit["DESCRIPTION"]) and "13812345678" in str(visit["DESCRIPTION"])


def test_a_customer_nobody_can_be_reached_at_gets_find_contact_first(cli: Cli) -> None:
    _customer(cli, "孙经理,payer,,")  # a name, no phone, no WeChat
    doc = cli.json("plan", "--week")
    first = doc["actions"][0]
    assert first["purpose"] == "find_contact" and first["channel"] == "task"
    assert first["date"] == cli.today.isoformat()
    # once a phone is on file, the task is gone
    assert cli("customer", "edit", CUSTOMER, "--add-person", "孙经理,payer,13700001234").exit_code == 0
    doc = cli.json("plan", "--week")
    assert not [a for a in doc["actions"] if a["purpose"] == "find_contact"]
    assert {a["contact"]["phone"] for a in doc["actions"] if a["contact"]} == {"13700001234"}
