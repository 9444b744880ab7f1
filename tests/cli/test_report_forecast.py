"""``report forecast``, ``report kpi``, ``status --boss`` and the predicted pay dates in
``grade --json`` and ``customer show`` through the CLI."""

from __future__ import annotations

import csv
import io
import os
import stat
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from dunner.domain.vocab import CHANNELS
from tests.cli.five_customers import AMOUNT, DAY, HENGTONG, enter, money, ok
from tests.conftest import Cli


@pytest.fixture
def ledger(cli: Cli) -> Cli:
    return enter(cli)


def _week_ok(week: dict[str, Any]) -> None:
    assert set(week) == {"start", "expected", "best", "worst"}
    assert DAY.match(week["start"])
    assert money(week["worst"]) <= money(week["expected"]) <= money(week["best"])


def test_forecast_json(ledger: Cli) -> None:
    doc = ledger.json("report", "forecast")
    assert doc["as_of"] == "2026-11-23"
    assert len(doc["weeks"]) == 12
    assert doc["weeks"][0]["start"] == "2026-11-23"  # the Monday of this week
    for week in doc["weeks"]:
        _week_ok(week)
    assert sum(money(w["expected"]) for w in doc["weeks"]) == money(doc["total_expected"])
    assert money(doc["undated"]) > 0  # the bad debt of 上海坏账贸易公司 gets no date
    assert "rows" not in doc and "invoices" not in doc and "lines" not in doc


def test_forecast_by_owner_and_explain(ledger: Cli) -> None:
    doc = ledger.json("report", "forecast", "--weeks", "4", "--by", "owner", "--explain")
    assert len(doc["weeks"]) == 4
    assert {r["key"] for r in doc["rows"]} <= {"张三", "李四", "王五"}
    for i, week in enumerate(doc["weeks"]):
        assert sum(money(r["weeks"][i]["expected"]) for r in doc["rows"]) == money(week["expected"])
    invoices = {i["number"]: i for i in doc["invoices"]}
    assert invoices["B-1"]["predicted_pay_date"] is None
    assert invoices["H-3"]["reasons"] and all(isinstance(r, str) for r in invoices["H-3"]["reasons"])
    assert 0 <= invoices["H-3"]["probability"] <= 1
    assert AMOUNT.match(invoices["H-3"]["expected"])


def test_forecast_on_screen_has_a_bar_per_week(ledger: Cli) -> None:
    out = ok(ledger, "report", "forecast", "--weeks", "3").stdout
    assert "Week of" in out and "█" in out
    assert out.count("2026-1") >= 3


def test_forecast_csv(ledger: Cli) -> None:
    out = ok(ledger, "report", "forecast", "--weeks", "2", "--csv").stdout
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert rows[0] == ["Week of", "Expected", "Best case", "Worst case"]
    assert len(rows) == 3
    out = ok(ledger, "report", "forecast", "--weeks", "2", "--by", "owner", "--csv").stdout
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert rows[0] == ["For", "Week of", "Expected", "Best case", "Worst case"]
    assert {r[0] for r in rows[1:]} <= {"张三", "李四", "王五"} and len(rows) % 2 == 1


def test_forecast_xlsx_has_a_bar_chart_of_the_weeks(ledger: Cli, tmp_path: Path) -> None:
    from openpyxl import load_workbook
    from openpyxl.chart import BarChart

    path = tmp_path / "forecast.xlsx"
    out = ok(ledger, "report", "forecast", "--weeks", "6", "--by", "owner", "--xlsx", str(path))
    assert str(path) in out.stdout
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    book = load_workbook(path)
    ws = book["Forecast"]
    assert [c.value for c in ws[1]] == ["Week of", "Expected", "Best case", "Worst case"]
    assert ws.max_row == 7
    assert ws["A2"].is_date and ws["A2"].value.date() == date(2026, 11, 23)
    assert isinstance(ws["B2"].value, int | float)
    assert len(ws._charts) == 1
    chart = ws._charts[0]
    assert isinstance(chart, BarChart)
    refs = [(s.tx.strRef.f, s.val.numRef.f) for s in chart.series]
    assert refs == [("'Forecast'!B1", "'Forecast'!$B$2:$B$7"),
                    ("'Forecast'!C1", "'Forecast'!$C$2:$C$7"),
                    ("'Forecast'!D1", "'Forecast'!$D$2:$D$7")]
    cats = chart.series[0].cat
    assert (cats.numRef or cats.strRef).f == "'Forecast'!$A$2:$A$7"
    assert len(book.sheetnames) == 2  # the weeks per owner


def test_backtest_json(ledger: Cli) -> None:
    doc = ledger.json("report", "forecast", "--backtest", "--from", "2026-09-01", "--step", "2w")
    assert doc["from"] == "2026-09-01"
    assert doc["cutoffs"][:2] == ["2026-09-01", "2026-09-15"]
    for part in ("model", "baseline"):
        assert {"mae_days", "weekly_error_pct"} <= set(doc[part])


@pytest.mark.parametrize(("args", "text"), [
    (("--backtest", "--step", "fortnight"), "--step 'fortnight' is not a step"),
    (("--from", "2026-01-01"), "--from is only for --backtest"),
    (("--backtest", "--from", "2026-11-20"), "leaves no whole week"),
    (("--weeks", "0"), "--weeks 0 is out of range"),
    (("--by", "region"), "--by 'region' is not one dunner knows"),
])
def test_forecast_refuses_bad_options(ledger: Cli, args: tuple[str, ...], text: str) -> None:
    result = ledger("report", "forecast", *args)
    assert result.exit_code == 2
    assert text in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_kpi_json(ledger: Cli) -> None:
    doc = ledger.json("report", "kpi", "--months", "3")
    assert [m["month"] for m in doc["months"]] == ["2026-09", "2026-10", "2026-11"]
    for m in doc["months"]:
        assert set(m) == {"month", "dso", "bpdso", "add", "cei", "overdue_share", "collected",
                          "keep_rate", "contacts"}
        assert set(m["contacts"]) == set(CHANNELS)
        for k in ("dso", "bpdso", "add", "cei", "overdue_share", "keep_rate"):
            assert m[k] is None or isinstance(m[k], int | float)
            if m[k] is not None:
                assert Decimal(str(m[k])) == Decimal(str(m[k])).quantize(Decimal("0.01"))
    nov = doc["months"][-1]
    assert money(nov["collected"]) == Decimal("1000.00")  # the payment of 2026-11-01
    assert nov["dso"] is not None and nov["add"] == pytest.approx(nov["dso"] - nov["bpdso"], abs=0.01)


def test_kpi_by_owner_csv(ledger: Cli) -> None:
    out = ok(ledger, "report", "kpi", "--months", "2", "--by", "owner", "--csv").stdout
    rows = list(csv.reader(io.StringIO(out.lstrip("\ufeff"))))
    assert rows[0][:3] == ["Owner", "Month", "DSO"]
    assert {r[0] for r in rows[1:]} <= {"张三", "李四", "王五"}
    assert len(rows) - 1 == 2 * len({r[0] for r in rows[1:]})


def test_kpi_on_screen_has_sparklines(ledger: Cli) -> None:
    out = ok(ledger, "report", "kpi", "--months", "4").stdout
    assert "DSO" in out and any(ch in out for ch in "▁▂▃▄▅▆▇█")


def test_kpi_xlsx_has_line_charts_of_the_right_columns(ledger: Cli, tmp_path: Path) -> None:
    from openpyxl import load_workbook
    from openpyxl.chart import LineChart

    path = tmp_path / "kpi.xlsx"
    ok(ledger, "report", "kpi", "--months", "5", "--xlsx", str(path))
    ws = load_workbook(path)["KPIs"]
    assert [c.value for c in ws[1]][:5] == ["Month", "DSO", "Best DSO", "Days delinquent", "CEI %"]
    assert ws.max_row == 6
    charts = ws._charts
    assert len(charts) == 2 and all(isinstance(c, LineChart) for c in charts)
    assert [s.val.numRef.f for s in charts[0].series] == [
        "'KPIs'!$B$2:$B$6", "'KPIs'!$C$2:$C$6", "'KPIs'!$D$2:$D$6"]
    assert [s.val.numRef.f for s in charts[1].series] == ["'KPIs'!$E$2:$E$6"]
    cats = charts[0].series[0].cat
    assert (cats.numRef or cats.strRef).f == "'KPIs'!$A$2:$A$6"


def test_grade_json_carries_predictions(ledger: Cli) -> None:
    doc = ledger.json("grade")
    invoices = {i["number"]: i for c in doc for i in c["invoices"]}
    assert invoices["B-1"]["predicted_pay_date"] is None
    assert DAY.match(invoices["H-3"]["predicted_pay_date"])
    assert invoices["H-3"]["predicted_pay_date"] >= "2026-12-10"  # not before its due date
    assert 0 < invoices["H-3"]["probability"] <= 1
    one = ledger.json("grade", HENGTONG)
    assert {i["number"]: i["predicted_pay_date"] for i in one[0]["invoices"]} == {
        n: invoices[n]["predicted_pay_date"] for n in ("H-1", "H-2", "H-3")}


def test_customer_show_carries_predictions(ledger: Cli) -> None:
    doc = ledger.json("customer", "show", HENGTONG)
    h3 = next(i for i in doc["invoices"] if i["number"] == "H-3")
    assert DAY.match(h3["predicted_pay_date"]) and 0 < h3["probability"] <= 1
    assert "Expected on" in ok(ledger, "customer", "show", HENGTONG).stdout


def test_status_boss(ledger: Cli) -> None:
    doc = ledger.json("status", "--boss")
    assert money(doc["collected"]) == Decimal("1000.00")
    assert AMOUNT.match(doc["forecast_month"]) and AMOUNT.match(doc["expected_rest"])
    assert [d["month"] for d in doc["dso"]][-1] == "2026-11"
    assert 1 <= len(doc["risks"]) <= 5
    at_risk = [money(r["at_risk"]) for r in doc["risks"]]
    assert at_risk == sorted(at_risk, reverse=True)
    out = ok(ledger, "status", "--boss").stdout
    assert "Collected this month" in out and "The largest risks" in out


def test_grade_explain_lists_the_reasons(ledger: Cli) -> None:
    h3 = next(i for i in ledger.json("grade", HENGTONG)[0]["invoices"] if i["number"] == "H-3")
    out = ok(ledger, "grade", HENGTONG, "--explain").stdout
    assert f"H-3: {h3['predicted_pay_date']} {h3['probability']:.0%}" in out
    assert "by the recovery curve" in out
