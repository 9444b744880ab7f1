"""A promise is respected: one above the open balance is recorded with a warning."""

from __future__ import annotations

from datetime import date

import pytest

from tests.conftest import Cli

HENGTONG = "杭州恒通五金有限公司"


@pytest.fixture
def books(cli: Cli) -> Cli:
    """恒通 with one invoice of 1000.00 open."""
    from dunner.ledger import repo
    from dunner.ledger.db import open_ledger

    assert cli("customer", "add", HENGTONG, "--owner", "张三").exit_code == 0
    ledger = open_ledger(str(cli.db))
    try:
        with ledger.write() as conn:
            cid = {r["name"]: r["id"] for r in repo.customer_rows(conn)}[HENGTONG]
            repo.insert_one(conn, repo.INVOICE, {"customer_id": cid, "number": "A-1",
                                                 "issued": date(2026, 9, 1), "amount": 100_000})
    finally:
        ledger.close()
    return cli


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", f"the promised ¥1,500.00 is above {HENGTONG}'s open balance ¥1,000.00: recorded as "
           "given; check the amount"),
    ("zh", f"承诺金额 ¥1,500.00 超过 {HENGTONG} 的未付余额 ¥1,000.00：已按所说记录，请核对金额"),
])
def test_a_promise_above_the_open_balance_is_recorded_with_a_warning(books: Cli, lang: str,
                                                                     expected: str) -> None:
    result = books("promise", "恒通", "1500", "2026-12-15", lang=lang)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.strip() == expected
    assert [p["amount"] for p in books.json("customer", "show", "恒通")["promises"]] == ["1500.00"]


def test_a_promise_within_the_open_balance_warns_nothing(books: Cli) -> None:
    result = books("promise", "恒通", "1000", "2026-12-15")
    assert result.exit_code == 0 and result.stderr == ""
