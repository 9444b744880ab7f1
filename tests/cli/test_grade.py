"""``grade``, ``status`` and ``report aging`` through the CLI: JSON shapes, filters, CSV and .xlsx."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import zipfile
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest

from dunner.domain.aging import BUCKET_NAMES
from dunner.domain.grading import CLASSES
from dunner.i18n import t
from tests.conftest import Cli

HENGTONG = "杭州恒通五金有限公司"
XINDA = "广州鑫达建材经营部"
BAD = "上海坏账贸易公司"
FORMULA = "=cmd|' /C calc'!A0"
OLD = "老账户"

AMOUNT = re.compile(r"^-?\d+\.\d{2}$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
FACTORS = ["on_time", "days_late", "overdue_share", "credit_use", "broken_promises", "signals",
           "relationship"]
GRADE_KEYS = {"customer", "owner", "score", "grade", "approach", "open", "overdue",
              "expected_recovery", "limitation_expires", "factors", "invoices"}
INVOICE_KEYS = {"number", "issued", "due", "amount", "open", "days_overdue", "class"}

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


@pytest.fixture
def ledger(cli: Cli) -> Cli:
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


# --- grade ----------------------------------------------------------------------------------

def test_grade_json_shape(ledger: Cli) -> None:
    rows = ledger.json("grade")
    assert {r["customer"] for r in rows} == {HENGTONG, XINDA, BAD, FORMULA, OLD}
    for r in rows:
        assert GRADE_KEYS <= set(r)
        assert isinstance(r["customer"], str) and isinstance(r["owner"], str)
        assert isinstance(r["score"], int) and 0 <= r["score"] <= 100
        assert r["grade"] in ("A", "B", "C", "D")
        assert r["approach"] in ("hard", "soft")
        for key in ("open", "overdue", "expected_recovery"):
            money(r[key])
        assert r["limitation_expires"] is None or DAY.match(r["limitation_expires"])
        assert [f["name"] for f in r["factors"]] == FACTORS
        for f in r["factors"]:
            assert {"name", "points"} <= set(f)
            assert isinstance(f["points"], int | float)
        assert r["invoices"]
        for inv in r["invoices"]:
            assert INVOICE_KEYS <= set(inv)
            assert DAY.match(inv["issued"]) and DAY.match(inv["due"])
            money(inv["amount"])
            money(inv["open"])
            assert isinstance(inv["days_overdue"], int) and inv["days_overdue"] >= 0
            assert inv["class"] in CLASSES
        assert sum(money(i["open"]) for i in r["invoices"]) == money(r["open"])
        assert sum(money(i["open"]) for i in r["invoices"] if i["days_overdue"] > 0) == \
            money(r["overdue"])
        shown = sum((Decimal(str(f["points"])) for f in r["factors"]), Decimal(0))
        assert r["score"] == int(shown.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def test_grade_json_values(ledger: Cli) -> None:
    rows = {r["customer"]: r for r in ledger.json("grade")}
    h = rows[HENGTONG]
    assert (h["owner"], h["open"], h["overdue"]) == ("张三", "4300.50", "3500.50")
    assert [{k: i[k] for k in INVOICE_KEYS} for i in h["invoices"]] == [
        {"number": "H-1", "issued": "2026-05-01", "due": "2026-06-30", "amount": "3000.00",
         "open": "2000.00", "days_overdue": 146, "class": "doubtful"},
        {"number": "H-2", "issued": "2026-09-01", "due": "2026-10-01", "amount": "1500.50",
         "open": "1500.50", "days_overdue": 53, "class": "collecting"},
        {"number": "H-3", "issued": "2026-11-10", "due": "2026-12-10", "amount": "800.00",
         "open": "800.00", "days_overdue": 0, "class": "current"},
    ]
    # 2000.00 × 56.8 % (146 days) + 1500.50 × 83.1 % (53 days) + 800.00 × 95 %
    assert h["expected_recovery"] == "3182.92"
    b = rows[BAD]
    assert (b["grade"], b["approach"]) == ("D", "hard")  # three broken promises
    assert b["invoices"][0]["class"] == "bad"  # escalated, but never into dead
    assert rows[OLD]["invoices"][0]["class"] == "dead"
    assert rows[OLD]["limitation_expires"] == "2026-12-21"  # 2026-12-20 is a Sunday
    assert rows[XINDA]["overdue"] == "0.00"


def test_grade_sorted_by_risk(ledger: Cli) -> None:
    rows = ledger.json("grade")
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores)
    assert rows[0]["customer"] == BAD
    assert rows[-1]["customer"] == XINDA


def test_grade_one_customer(ledger: Cli) -> None:
    rows = ledger.json("grade", "恒通")
    assert [r["customer"] for r in rows] == [HENGTONG]


def test_grade_class_filter(ledger: Cli) -> None:
    rows = ledger.json("grade", "--class", "doubtful")
    assert [r["customer"] for r in rows] == [HENGTONG]
    assert [(i["number"], i["class"]) for i in rows[0]["invoices"]] == [("H-1", "doubtful")]
    assert [r["customer"] for r in ledger.json("grade", "--class", "dead")] == [OLD]


def test_grade_letter_filter(ledger: Cli) -> None:
    everyone = ledger.json("grade")
    rows = ledger.json("grade", "--grade", "D")
    assert rows
    assert all(r["grade"] == "D" for r in rows)
    assert [r["customer"] for r in rows] == [r["customer"] for r in everyone if r["grade"] == "D"]
    assert BAD in {r["customer"] for r in rows}


def test_grade_explain_lists_every_factor_and_the_total(ledger: Cli) -> None:
    score = ledger.json("grade", "恒通")[0]["score"]
    result = ok(ledger, "grade", "恒通", "--explain")
    lines = result.stdout.splitlines()
    shown = Decimal(0)
    for name in FACTORS:
        label = t(f"factor.{name}")
        line = next((x for x in lines if x.startswith(label)), None)
        assert line is not None, (label, result.stdout)
        shown += Decimal(line.split()[-1])
    total_line = next(x for x in lines if x.startswith(t("word.total")))
    assert total_line.split()[-1] == str(score)
    assert int(shown.quantize(Decimal(1), rounding=ROUND_HALF_UP)) == score


@pytest.mark.parametrize(("option", "value", "choices"), [
    ("--class", "nope", "current, collecting, doubtful, bad, dead"),
    ("--grade", "E", "A, B, C, D"),
])
def test_grade_bad_filter_is_a_usage_error(ledger: Cli, option: str, value: str,
                                           choices: str) -> None:
    result = ledger("grade", option, value)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"error: {option} '{value}' is not one dunner knows",
        f"hint: choose one of: {choices}",
    ]


def test_grade_bad_class_json_error(ledger: Cli) -> None:
    result = ledger("grade", "--class", "nope", "--json")
    assert result.exit_code == 2
    err = json.loads(result.stdout)["error"]
    assert err["code"] == "bad_class"
    assert err["message"] and err["hint"]


# --- status ---------------------------------------------------------------------------------

def test_status_json(ledger: Cli) -> None:
    st = ledger.json("status")
    grades = ledger.json("grade")
    assert st["today"] == "2026-11-23"
    assert money(st["open"]) == sum(money(r["open"]) for r in grades) == Decimal("11123.95")
    assert money(st["overdue"]) == sum(money(r["overdue"]) for r in grades)
    assert money(st["expected_recovery"]) == sum(money(r["expected_recovery"]) for r in grades)
    assert list(st["by_class"]) == list(CLASSES)
    assert sum(money(v) for v in st["by_class"].values()) == money(st["open"])
    assert st["by_class"] == {"current": "1800.00", "collecting": "1623.95", "doubtful": "2000.00",
                              "bad": "5000.00", "dead": "700.00"}
    assert st["promises_due_today"] == [{"customer": XINDA, "due": "2026-11-23", "amount": "500.00"}]
    assert st["promises_broken_yesterday"] == [
        {"customer": HENGTONG, "due": "2026-11-22", "amount": "300.00"}]
    assert st["limitation_alerts"] == [{"customer": OLD, "expires": "2026-12-21", "open": "700.00"}]
    assert st["new_signals"] == [{"customer": BAD, "kind": "bankruptcy_risk"}]


def test_status_kept_promise_is_not_broken(ledger: Cli) -> None:
    early = Cli(ledger.db, today=date(2026, 11, 20))
    ok(early, "promise", "鑫达", "200", "2026-11-22")
    ok(ledger, "pay", "鑫达", "200", "--date", "2026-11-21")  # recorded after the fact
    st = ledger.json("status")
    assert [p["customer"] for p in st["promises_broken_yesterday"]] == [HENGTONG]


def test_status_limitation_alert_window(ledger: Cli) -> None:
    # 91 days before expiry is outside the window; 90 days is inside
    before = Cli(ledger.db, today=date(2026, 9, 21))
    assert [a["customer"] for a in before.json("status")["limitation_alerts"]] == []
    on_edge = Cli(ledger.db, today=date(2026, 9, 22))
    assert [a["customer"] for a in on_edge.json("status")["limitation_alerts"]] == [OLD]


# --- report aging ---------------------------------------------------------------------------

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
