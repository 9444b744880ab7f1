"""``report aging`` through the CLI: JSON, by owner, an earlier day, CSV and .xlsx."""

from __future__ import annotations

import csv
import io
import os
import stat
import unicodedata
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
    assert len(header) == len(BUCKET_NAMES) + 3  # name, buckets, total, credit
    assert header[-2:] == [t("word.total"), t("col.credit")]
    assert totals[0] == t("word.total")
    assert {r[0] for r in rows} == {HENGTONG, XINDA, BAD, "'" + FORMULA, OLD}
    for row in [*rows, totals]:
        assert len(row) == len(header)
        assert not row[0].startswith(("=", "+", "-", "@"))
        assert sum(money(v) for v in row[1:-2]) == money(row[-2])
    risky = next(r for r in rows if "calc" in r[0])
    assert risky[0] == "'=cmd|' /C calc'!A0"
    assert risky[-2] == "123.45"
    assert sum(money(r[-2]) for r in rows) == money(totals[-2]) == Decimal("11123.95")


def test_report_aging_xlsx(ledger: Cli, tmp_path: Path) -> None:
    from openpyxl import load_workbook
    from openpyxl.chart import BarChart

    path = tmp_path / "aging.xlsx"
    ok(ledger, "report", "aging", "--xlsx", str(path))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    book = load_workbook(path)
    ws = book.active
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    header, *rows, totals = values
    assert len(header) == len(BUCKET_NAMES) + 3
    assert {r[0] for r in rows} == {HENGTONG, XINDA, BAD, FORMULA, OLD}
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            assert cell.data_type != "f"
        assert row[0].data_type == "s"
        for cell in row[1:]:
            assert cell.data_type == "n"
            assert isinstance(cell.value, int | float) and not isinstance(cell.value, bool)
    risky = next(row[0] for row in ws.iter_rows(min_row=4) if row[0].value and "calc" in row[0].value)
    assert risky.data_type == "s"
    assert risky.value in (FORMULA, "'" + FORMULA)
    h = next(r for r in rows if r[0] == HENGTONG)
    assert [Decimal(str(v)) for v in h[1:]] == [Decimal(x) for x in (
        "800", "0", "1500.5", "0", "2000", "0", "0", "0", "4300.5", "0")]
    assert Decimal(str(totals[-2])) == Decimal("11123.95")
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


PREPAID = "宁波预付五金商行"  # paid ahead, owes nothing: only credit


def test_report_aging_shows_a_customer_that_only_holds_credit(ledger: Cli) -> None:
    ok(ledger, "customer", "add", PREPAID, "--owner", "王五")
    ok(ledger, "pay", PREPAID, "500")
    doc = ledger.json("report", "aging")
    check_aging_sums(doc)
    rows = {r["key"]: r for r in doc["rows"]}
    assert (rows[PREPAID]["total"], rows[PREPAID]["credit"]) == ("0.00", "500.00")
    assert rows[HENGTONG]["credit"] == "0.00"
    assert (doc["total"], doc["credit"]) == ("11123.95", "500.00")
    by_owner = {r["key"]: r for r in ledger.json("report", "aging", "--by", "owner")["rows"]}
    assert (by_owner["王五"]["total"], by_owner["王五"]["credit"]) == ("700.00", "500.00")
    screen = ok(ledger, "report", "aging").stdout
    assert PREPAID in screen and "¥500.00" in screen.splitlines()[-1]  # the total row


@pytest.mark.parametrize(("by", "series"), [("customer", 1), ("owner", 3)])
def test_report_aging_xlsx_is_ready_to_print(ledger: Cli, tmp_path: Path, by: str,
                                             series: int) -> None:
    from datetime import date, datetime

    from openpyxl import load_workbook

    path = tmp_path / "aging.xlsx"
    ok(ledger, "report", "aging", "--by", by, "--xlsx", str(path))
    ws = load_workbook(path).active
    assert ws["A1"].value == t("report.aging.as_of")
    assert isinstance(ws["B1"].value, datetime) and ws["B1"].value.date() == date(2026, 11, 23)
    assert ws.freeze_panes == "B4"  # the header row and the names stay in view
    last = ws.max_row
    assert ws.cell(row=last, column=1).value == t("word.total")
    assert all(c.font.b for c in ws[3]) and all(c.font.b for c in ws[last])
    assert not any(c.font.b for c in ws[4])
    names = [ws.cell(row=r, column=1).value for r in range(4, last)]
    cells = max(sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in n)
                for n in names)  # a Chinese character takes two
    assert ws.column_dimensions["A"].width >= cells
    for letter in "BCDEFGHIJK":
        assert ws.column_dimensions[letter].width >= len("11,123.95")
    (chart,) = ws._charts
    assert len(chart.series) == series  # by owner: one series per owner
