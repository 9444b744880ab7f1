"""``report aging`` through the CLI: JSON, by owner, an earlier day, CSV and .xlsx."""

from __future__ import annotations

import csv
import io
import os
import stat
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from dunner.domain.aging import BUCKET_NAMES
from dunner.i18n import t
from tests.cli.five_customers import BAD, FORMULA, HENGTONG, OLD, XINDA, enter, money, ok
from tests.conftest import Cli


@pytest.fixture
def ledger(cli: Cli) -> Cli:
    return enter(cli)


def check_aging_sums(doc: dict[str, Any]) -> None:
    assert doc["buckets"] == list(BUCKET_NAMES)
    for row in doc["rows"]:
        assert list(row["by_bucket"]) == list(BUCKET_NAMES)
        assert sum(money(v) for v in row["by_bucket"].values()) == money(row["total"])
    assert sum(money(r["total"]) for r in doc["rows"]) == money(doc["total"])


def test_report_aging_json(ledger: Cli) -> None:
    doc = ledger.json("report", "aging")
    assert doc["as_of"] == "2026-11-23"
    check_aging_sums(doc)
    rows = {r["key"]: r for r in doc["rows"]}
    assert set(rows) == {HENGTONG, XINDA, BAD, FORMULA, OLD}
    assert rows[HENGTONG]["total"] == "4300.50"
    assert {k: v for k, v in rows[HENGTONG]["by_bucket"].items() if v != "0.00"} == {
        "not_due": "800.00", "31-60": "1500.50", "91-180": "2000.00"}
    assert rows[OLD]["by_bucket"][">2y"] == "700.00"
    assert doc["total"] == "11123.95"
    assert money(doc["total"]) == money(ledger.json("status")["open"])


def test_report_aging_by_owner(ledger: Cli) -> None:
    by_customer = ledger.json("report", "aging")
    doc = ledger.json("report", "aging", "--by", "owner")
    check_aging_sums(doc)
    rows = {r["key"]: r["total"] for r in doc["rows"]}
    assert rows == {"张三": "9300.50", "李四": "1123.45", "王五": "700.00"}
    assert doc["total"] == by_customer["total"]


def test_report_aging_bad_by_is_a_usage_error(ledger: Cli) -> None:
    result = ledger("report", "aging", "--by", "city")
    assert result.exit_code == 2
    assert [x.split(":")[0] for x in result.stderr.splitlines()] == ["error", "hint"]


def test_report_aging_as_of_an_earlier_day(ledger: Cli) -> None:
    doc = ledger.json("report", "aging", "--as-of", "2026-10-15")
    assert doc["as_of"] == "2026-10-15"
    check_aging_sums(doc)
    rows = {r["key"]: r for r in doc["rows"]}
    assert XINDA not in rows  # X-1 was issued on 2026-10-20
    h = rows[HENGTONG]
    # H-3 not yet issued; the 2026-11-01 payment not yet made, so H-1 is open in full
    assert {k: v for k, v in h["by_bucket"].items() if v != "0.00"} == {
        "1-30": "1500.50", "91-180": "3000.00"}
    assert h["total"] == "4500.50"
    assert doc["total"] == "10323.95"


def test_report_aging_csv(ledger: Cli) -> None:
    result = ok(ledger, "report", "aging", "--csv")
    table = list(csv.reader(io.StringIO(result.stdout)))
    header, *rows, totals = table
    assert len(header) == len(BUCKET_NAMES) + 2
    assert header[-1] == t("word.total")
    assert totals[0] == t("word.total")
    assert {r[0] for r in rows} == {HENGTONG, XINDA, BAD, "'" + FORMULA, OLD}
    for row in [*rows, totals]:
        assert len(row) == len(header)
        assert not row[0].startswith(("=", "+", "-", "@"))
        assert sum(money(v) for v in row[1:-1]) == money(row[-1])
    risky = next(r for r in rows if "calc" in r[0])
    assert risky[0] == "'=cmd|' /C calc'!A0"
    assert risky[-1] == "123.45"
    assert sum(money(r[-1]) for r in rows) == money(totals[-1]) == Decimal("11123.95")


def test_report_aging_xlsx(ledger: Cli, tmp_path: Path) -> None:
    from openpyxl import load_workbook
    from openpyxl.chart import BarChart

    path = tmp_path / "aging.xlsx"
    ok(ledger, "report", "aging", "--xlsx", str(path))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    book = load_workbook(path)
    ws = book.active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    header, *rows, totals = values
    assert len(header) == len(BUCKET_NAMES) + 2
    assert {r[0] for r in rows} == {HENGTONG, XINDA, BAD, FORMULA, OLD}
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"
        assert row[0].data_type == "s"
        for cell in row[1:]:
            assert cell.data_type == "n"
            assert isinstance(cell.value, int | float) and not isinstance(cell.value, bool)
    risky = next(row[0] for row in ws.iter_rows(min_row=2) if row[0].value and "calc" in row[0].value)
    assert risky.data_type == "s"
    assert risky.value in (FORMULA, "'" + FORMULA)
    h = next(r for r in rows if r[0] == HENGTONG)
    assert [Decimal(str(v)) for v in h[1:]] == [Decimal(x) for x in (
        "800", "0", "1500.5", "0", "2000", "0", "0", "0", "4300.5")]
    assert Decimal(str(totals[-1])) == Decimal("11123.95")
    assert len(ws._charts) == 1
    assert isinstance(ws._charts[0], BarChart)
    with zipfile.ZipFile(path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        assert sheets
        for name in sheets:
            assert "<f>" not in z.read(name).decode()


def test_report_aging_xlsx_replaces_a_readable_file_with_a_private_one(ledger: Cli,
                                                                      tmp_path: Path) -> None:
    path = tmp_path / "aging.xlsx"
    path.write_bytes(b"old")
    os.chmod(path, 0o644)
    ok(ledger, "report", "aging", "--xlsx", str(path))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert zipfile.is_zipfile(path)
