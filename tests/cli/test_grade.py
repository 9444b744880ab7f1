"""``grade`` through the CLI: JSON shape and values, order, filters and ``--explain``."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal

import pytest

from dunner.domain.grading import CLASSES
from dunner.i18n import t
from tests.cli.five_customers import BAD, DAY, FORMULA, HENGTONG, OLD, XINDA, enter, money, ok
from tests.conftest import Cli

FACTORS = ["on_time", "days_late", "overdue_share", "credit_use", "broken_promises", "signals",
           "relationship"]
GRADE_KEYS = {"customer", "owner", "score", "grade", "approach", "open", "overdue",
              "expected_recovery", "limitation_expires", "factors", "invoices"}
INVOICE_KEYS = {"number", "issued", "due", "amount", "open", "days_overdue", "class"}


@pytest.fixture
def ledger(cli: Cli) -> Cli:
    return enter(cli)


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


@pytest.mark.postgres_too
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


@pytest.mark.postgres_too
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


@pytest.mark.postgres_too
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


def test_grade_table_ends_with_a_total_row(ledger: Cli) -> None:
    rows = ledger.json("grade")
    assert len(rows) == 5  # JSON stays one record per customer: no total in it
    assert len(ok(ledger, "grade", "--csv").stdout.splitlines()) == 1 + 5  # nor in the CSV
    *_, last = ok(ledger, "grade").stdout.splitlines()
    assert last.split()[0] == t("word.total")
    total = sum(money(r["open"]) for r in rows)
    assert f"¥{total:,.2f}" in last and f"¥{sum(money(r['overdue']) for r in rows):,.2f}" in last
