"""``customer edit --pause-until D``: no contact before D, and the first contact may be on D."""

from __future__ import annotations

import json
from datetime import date

from tests.conftest import Cli


def test_pause_until_d_plans_the_first_contact_on_d(cli: Cli) -> None:
    assert cli("customer", "add", "杭州恒通五金有限公司", "--owner", "张三",
               "--terms", "net:30").exit_code == 0
    from dunner.ledger import repo
    from dunner.ledger.db import open_ledger

    ledger = open_ledger(str(cli.db))
    with ledger.write() as conn:
        cid = repo.customer_rows(conn)[0]["id"]
        repo.insert_one(conn, repo.INVOICE, {"customer_id": cid, "number": "A-1",
                                             "issued": date(2026, 9, 1), "amount": 500_000})
    ledger.close()
    help_text = " ".join(cli("customer", "edit", "--help").stdout.split())
    assert "No contact before this date; the first contact may be on it." in help_text
    # TODAY is Monday 2026-11-23; an overdue customer would be contacted every day this week
    assert cli("customer", "edit", "恒通", "--pause-until", "2026-11-25").exit_code == 0
    result = cli("plan", "--days", "5", "--customer", "恒通", "--json")
    assert result.exit_code == 0, result.stderr
    days = [a["date"] for a in json.loads(result.stdout)["actions"]]
    assert days and min(days) == "2026-11-25"
