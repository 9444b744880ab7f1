"""``dunner check``: exit 0 allow, exit 3 hold with every reason and its figures, JSON as the
contract gives it, and one customer's rows read, not the ledger's."""

from __future__ import annotations

import json
from datetime import date

import pytest

from tests.cli.documents_ledger import PAID_UP, add_invoices, enter
from tests.cli.five_customers import ok
from tests.conftest import Cli


@pytest.fixture
def book(cli: Cli) -> Cli:
    return enter(cli)


def test_a_customer_owing_nothing_overdue_is_allowed(book: Cli) -> None:
    result = book("check", "已结清")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"allow: a delivery to {PAID_UP} may go")
    doc = json.loads(book("check", "已结清", "--json").stdout)
    assert doc == {**doc, "customer": PAID_UP, "decision": "allow", "reasons": []}


def test_overdue_invoices_hold_with_their_figures(book: Cli) -> None:
    result = book("check", "恒通", "--json")
    assert result.exit_code == 3
    doc = json.loads(result.stdout)
    assert doc["decision"] == "hold"
    overdue = next(r for r in doc["reasons"] if r["code"] == "overdue")
    assert overdue["invoices"] == [{"number": "H-1", "open": "800.51", "days_overdue": 84},
                                   {"number": "-2+3", "open": "500.00", "days_overdue": 44}]
    assert overdue["message"] == ("overdue more than 0 days: H-1 (¥800.51, 84 days overdue)、"
                                  "-2+3 (¥500.00, 44 days overdue); ¥1,300.51 in all")
    human = book("check", "恒通")
    assert human.exit_code == 3
    assert human.stdout.splitlines()[0].startswith("hold: no delivery to 杭州恒通五金有限公司")


def test_the_credit_limit_with_and_without_amount(book: Cli) -> None:
    ok(book, "pay", "恒通", "1300.51", "--date", "2026-11-20")  # nothing overdue now; 200.00 open
    assert book("check", "恒通").exit_code == 0
    assert book("check", "恒通", "--amount", "1800").exit_code == 0  # 200 + 1,800 = the limit
    result = book("check", "恒通", "--amount", "1800.01", "--json")
    assert result.exit_code == 3
    (reason,) = json.loads(result.stdout)["reasons"]
    assert reason["code"] == "credit_limit"
    assert reason["message"] == ("credit limit ¥2,000.00 exceeded: ¥200.00 open + ¥1,800.01 this "
                                 "delivery = ¥2,000.01")
    ok(book, "customer", "edit", "恒通", "--credit-limit", "150")
    assert [r["code"] for r in json.loads(book("check", "恒通", "--json").stdout)["reasons"]] == [
        "credit_limit"]


@pytest.mark.parametrize("status", ["closed", "bankrupt"])
def test_a_closed_or_bankrupt_customer_is_held(book: Cli, status: str) -> None:
    ok(book, "customer", "edit", "已结清", "--status", status)
    result = book("check", "已结清", "--json")
    assert result.exit_code == 3
    codes = [r["code"] for r in json.loads(result.stdout)["reasons"]]
    assert "status" in codes


def test_cash_terms_hold_any_unpaid_delivery(book: Cli) -> None:
    ok(book, "customer", "edit", "已结清", "--terms", "现款现货")
    add_invoices(book, PAID_UP, ("P-2", date(2026, 11, 23), 5_000, ""))
    result = book("check", "已结清", "--json")
    assert result.exit_code == 3
    assert [r["code"] for r in json.loads(result.stdout)["reasons"]] == ["cash_unpaid"]


@pytest.mark.parametrize(("deliveries", "expected"), [(1, 0), (2, 3)])
def test_batch_terms_allow_only_the_latest_delivery_open(book: Cli, deliveries: int,
                                                         expected: int) -> None:
    ok(book, "customer", "edit", "已结清", "--terms", "送二结一")
    rows = [("P-2", date(2026, 11, 10), 5_000, ""), ("P-3", date(2026, 11, 20), 6_000, "")]
    add_invoices(book, PAID_UP, *rows[2 - deliveries:])
    result = book("check", "已结清", "--json")
    assert result.exit_code == expected
    if expected:
        assert "batch_unpaid" in [r["code"] for r in json.loads(result.stdout)["reasons"]]


def test_unsold_goods_twice_in_sixty_days_holds(book: Cli, tmp_path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[gate]\nhold_grace_days = 100\n", encoding="utf-8")

    def codes() -> list[str]:
        from dunner.cli.app import app

        argv = ["--db", str(book.db), "--today", "2026-11-23", "--lang", "en", "--config",
                str(config), "check", "鑫达", "--json"]
        reasons = json.loads(book.runner.invoke(app, argv).stdout)["reasons"]
        return [r["code"] for r in reasons if r["code"] != "grade_d"]  # 鑫达 is graded D too

    assert codes() == ["overdue"]  # 175 days overdue, more than the 100 days of grace
    config.write_text("[gate]\nhold_grace_days = 200\n", encoding="utf-8")
    assert codes() == []
    ok(book, "log", "鑫达", "call", "--excuse", "unsold_goods", "--at", "2026-10-01 15:30")
    assert codes() == []
    ok(book, "log", "鑫达", "visit", "--excuse", "unsold_goods", "--at", "2026-11-20 09:30")
    assert codes() == ["unsold_goods"]


def test_grade_d_is_held(book: Cli) -> None:
    def codes(customer: str) -> list[str]:
        return [r["code"] for r in json.loads(book("check", customer, "--json").stdout)["reasons"]]

    assert book.json("grade", "鑫达")[0]["grade"] == "D"  # 175 days overdue, nothing paid
    assert "grade_d" in codes("鑫达")
    assert book.json("grade", "已结清")[0]["grade"] != "D"
    assert "grade_d" not in codes("已结清")


def test_a_bad_amount_is_a_usage_error(book: Cli) -> None:
    result = book("check", "恒通", "--amount", "abc")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ")


def test_only_the_customer_s_rows_are_loaded(book: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    from dunner.services import documents

    scopes = []
    real = documents.load_files

    def spy(conn, config, scope=None):  # type: ignore[no-untyped-def]
        scopes.append(scope)
        return real(conn, config, scope)

    monkeypatch.setattr(documents, "load_files", spy)
    book("check", "恒通")
    assert len(scopes) == 1 and isinstance(scopes[0], int)


def test_a_commercial_bill_not_yet_honoured_counts_against_the_limit(book: Cli) -> None:
    ok(book, "pay", "恒通", "1300.51", "--date", "2026-11-20", "--bill", "commercial",
       "--bill-no", "CB-1", "--matures", "2027-02-20")  # settles the invoices: 200.00 open
    result = book("check", "恒通", "--amount", "600", "--json")
    assert result.exit_code == 3
    (reason,) = json.loads(result.stdout)["reasons"]
    assert reason["code"] == "credit_limit"
    assert reason["message"] == ("credit limit ¥2,000.00 exceeded: ¥1,500.51 open + ¥600.00 this "
                                 "delivery = ¥2,100.51 (the open amount includes ¥1,300.51 of "
                                 "commercial bills not yet honoured)")
