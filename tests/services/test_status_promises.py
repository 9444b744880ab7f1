"""``status`` lists promises broken since the last working day: on a Monday, Friday's too."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import Cli

HENGTONG = "杭州恒通五金有限公司"


def _promised(cli: Cli, *dues: str, amount: str = "300") -> None:
    """恒通 owes 1000.00 (overdue) and promised ``amount`` for each date, all made on 2026-09-01."""
    assert cli("customer", "add", HENGTONG, "--owner", "张三").exit_code == 0
    from dunner.ledger import repo
    from dunner.ledger.db import open_ledger

    ledger = open_ledger(str(cli.db))
    with ledger.write() as conn:
        cid = repo.customer_rows(conn)[0]["id"]
        repo.insert_one(conn, repo.INVOICE, {"customer_id": cid, "number": "A-1",
                                             "issued": date(2026, 6, 1), "amount": 100_000})
    ledger.close()
    early = Cli(cli.db, today=date(2026, 9, 1))
    for due in dues:
        assert early("promise", "恒通", amount, due).exit_code == 0


@pytest.mark.parametrize(("today", "due", "shown"), [
    (date(2026, 11, 23), "2026-11-20", True),  # Monday: Friday's broken promise
    (date(2026, 11, 23), "2026-11-22", True),  # ... and one due on the Sunday
    (date(2026, 11, 23), "2026-11-19", False),  # Thursday: two working days ago
    (date(2026, 11, 24), "2026-11-23", True),  # Tuesday: yesterday, as before
    (date(2026, 11, 24), "2026-11-20", False),  # Friday is no longer the last working day
    (date(2026, 10, 8), "2026-09-30", True),  # after the National Day holiday
    (date(2026, 10, 8), "2026-10-05", True),  # due inside the holiday
    (date(2026, 10, 8), "2026-09-29", False),
])
def test_broken_since_the_last_working_day(cli: Cli, today: date, due: str, shown: bool) -> None:
    _promised(cli, due)
    st = Cli(cli.db, today=today).json("status")
    expected = [{"customer": HENGTONG, "due": due, "amount": "300.00", "unpaid": "300.00"}] if shown else []
    assert st["promises_broken"] == expected
    assert st["promises_broken_yesterday"] == expected  # the old key, kept for scripts


def test_status_heading_says_since_the_last_working_day(cli: Cli) -> None:
    _promised(cli, "2026-11-19", "2026-11-20")  # Thursday's is not listed, Friday's is
    result = cli("status")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    at = lines.index("Promises broken since the last working day:")
    assert lines[at + 1:at + 2] == [f"  {HENGTONG}  ¥300.00"]
    assert [line for line in lines if line.startswith(f"  {HENGTONG}")] == [f"  {HENGTONG}  ¥300.00"]
    zh = cli("status", lang="zh").stdout.splitlines()
    assert "上个工作日以来违约的承诺：" in zh


def test_a_partly_kept_promise_counts_as_broken_for_what_did_not_come(cli: Cli) -> None:
    _promised(cli, "2026-11-20", amount="500")
    assert Cli(cli.db, today=date(2026, 11, 19))("pay", "恒通", "200").exit_code == 0
    st = cli.json("status")
    assert st["promises_broken"] == [{"customer": HENGTONG, "due": "2026-11-20", "amount": "500.00",
                                      "unpaid": "300.00"}]
    lines = cli("status").stdout.splitlines()
    assert f"  {HENGTONG}  ¥300.00 not paid of ¥500.00 promised" in lines
    assert f"  {HENGTONG}  承诺 ¥500.00，未付 ¥300.00" in cli("status", lang="zh").stdout.splitlines()
