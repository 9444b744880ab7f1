"""``dunner interest``: a contract rate, the LPR basis, the JSON shape and the warning."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from tests.conftest import Cli

BOOK = """客户名称,单据编号,发货日期,到期日,价税合计
恒通,A-1,2026-07-01,2026-08-01,10000
恒通,A-2,2026-09-01,2026-12-01,5000
"""


def _ledger(cli: Cli, tmp_path: Path) -> Cli:
    path = tmp_path / "book.csv"
    path.write_text(BOOK, encoding="utf-8")
    assert cli("import", str(path)).exit_code == 0
    return cli


def test_the_worked_example_at_a_contract_rate(cli: Cli, tmp_path: Path) -> None:
    _ledger(cli, tmp_path)
    assert cli("customer", "edit", "恒通", "--late-rate", "0.05%/day").exit_code == 0
    assert cli.json("interest", "恒通", "--as-of", "2026-09-21") == {
        "customer": "恒通", "as_of": "2026-09-21", "total": "255.00", "warnings": [],
        "invoices": [{"number": "A-1", "open": "10000.00", "from": "2026-08-02", "days": 51,
                      "rate": "0.05%/day", "basis": "contract", "amount": "255.00"}]}
    assert Cli(cli.db, date(2026, 9, 1))("pay", "恒通", "4000").exit_code == 0
    doc = cli.json("interest", "恒通", "--as-of", "2026-09-21")
    assert (doc["invoices"][0]["open"], doc["total"]) == ("6000.00", "213.00")


def test_the_lpr_basis_and_its_warning(cli: Cli, tmp_path: Path) -> None:
    _ledger(cli, tmp_path)
    doc = cli.json("interest", "恒通")
    [row] = doc["invoices"]
    # 3.00 % (LPR of 2025-05-20) × 1.5 = 4.5 % a year on 10,000 for 114 days: 140.5479… → 140.55
    assert (row["rate"], row["basis"], row["days"], row["amount"]) == ("4.5%/year", "lpr", 114, "140.55")
    assert doc["warnings"] and "2025-05-20" in doc["warnings"][0]


def test_configured_lpr_multiplier_and_day_basis(cli: Cli, tmp_path: Path) -> None:
    _ledger(cli, tmp_path)
    config = tmp_path / "config.toml"
    config.write_text('[interest]\nlpr_multiplier = "1.3"\nday_basis = 360\n'
                      'lpr = [["2026-07-20", "2.9"]]\n', encoding="utf-8")
    result = cli("interest", "恒通", "--json", env={"DUNNER_CONFIG": str(config)})
    assert result.exit_code == 0, result.stdout
    doc = json.loads(result.stdout)
    [row] = doc["invoices"]
    # 2.9 % × 1.3 = 3.77 % a year over 360 days: 10,000 × 114 × 3.77 % / 360 = 119.3833… → 119.38
    assert (row["rate"], row["amount"]) == ("3.77%/year", "119.38")
    assert doc["warnings"] == []


def test_a_bad_rate_is_refused(cli: Cli, tmp_path: Path) -> None:
    _ledger(cli, tmp_path)
    result = cli("customer", "edit", "恒通", "--late-rate", "5%")
    assert result.exit_code == 2
    assert "'5%' is not a late-payment rate" in result.stdout + result.stderr


def test_nothing_owed_is_said(cli: Cli, tmp_path: Path) -> None:
    _ledger(cli, tmp_path)
    result = cli("interest", "恒通", "--as-of", "2026-08-01")
    assert result.exit_code == 0
    assert "owes no late-payment interest as of 2026-08-01" in result.stdout
