"""Five customers entered through the CLI the way a clerk would, for the grade, status and
report tests: invoices in every class, payments, kept and broken promises, signals."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any

from tests.conftest import Cli

HENGTONG = "杭州恒通五金有限公司"
XINDA = "广州鑫达建材经营部"
BAD = "上海坏账贸易公司"
FORMULA = "=cmd|' /C calc'!A0"
OLD = "老账户"

AMOUNT = re.compile(r"^-?\d+\.\d{2}$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")

INVOICES = [  # customer, number, issued, due, fen
    (HENGTONG, "H-1", date(2026, 5, 1), date(2026, 6, 30), 300_000),  # 146 days: doubtful
    (HENGTONG, "H-2", date(2026, 9, 1), date(2026, 10, 1), 150_050),  # 53 days: collecting
    (HENGTONG, "H-3", date(2026, 11, 10), date(2026, 12, 10), 80_000),  # not due
    (XINDA, "X-1", date(2026, 10, 20), date(2026, 11, 30), 100_000),  # not due
    (BAD, "B-1", date(2025, 12, 1), date(2026, 1, 1), 500_000),  # 326 days: bad
    (FORMULA, "C-1", date(2026, 9, 1), date(2026, 10, 1), 12_345),  # 53 days
    (OLD, "L-1", date(2023, 11, 20), date(2023, 12, 20), 70_000),  # limitation ends 2026-12-21
]


def ok(cli: Cli, *args: str) -> Any:
    result = cli(*args)
    assert result.exit_code == 0, (args, result.stdout, result.stderr)
    return result


def enter(cli: Cli) -> Cli:
    """Five customers entered the way a clerk would, with payments, promises and signals."""
    ok(cli, "customer", "add", HENGTONG, "--owner", "张三", "--credit-limit", "50000")
    ok(cli, "customer", "add", XINDA, "--owner", "李四", "--credit-limit", "20000")
    ok(cli, "customer", "add", BAD, "--owner", "张三", "--credit-limit", "1000")
    ok(cli, "customer", "add", FORMULA, "--owner", "李四")
    ok(cli, "customer", "add", OLD, "--owner", "王五")
    from dunner.ledger import repo
    from dunner.ledger.db import open_ledger

    led = open_ledger(str(cli.db))
    with led.write() as conn:
        ids = {r["name"]: r["id"] for r in repo.customer_rows(conn)}
        for name, number, issued, due, amount in INVOICES:
            repo.insert_one(conn, repo.INVOICE, {"customer_id": ids[name], "number": number,
                                                 "issued": issued, "due": due, "amount": amount})
    led.close()
    ok(cli, "pay", "恒通", "1000", "--date", "2026-11-01")  # H-1 → 2000.00 open
    early = Cli(cli.db, today=date(2026, 9, 1))
    for by in ("2026-09-10", "2026-09-20", "2026-10-10"):  # three broken promises
        ok(early, "promise", "坏账", "100", by)
    ok(Cli(cli.db, today=date(2026, 11, 15)), "promise", "恒通", "300", "2026-11-22")  # broken yesterday
    ok(cli, "promise", "鑫达", "500", "2026-11-23")  # due today
    ok(cli, "signal", "坏账", "bankruptcy_risk", "--date", "2026-11-20")
    ok(cli, "signal", "坏账", "relocation", "--date", "2026-11-01")  # not new any more
    return cli


def money(text: str) -> Decimal:
    assert AMOUNT.match(text), text
    return Decimal(text)
