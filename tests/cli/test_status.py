"""``status`` through the CLI: the day's figures, promises, limitation alerts and new signals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from dunner.domain.grading import CLASSES
from tests.cli.five_customers import BAD, HENGTONG, OLD, XINDA, enter, money, ok
from tests.conftest import Cli


@pytest.fixture
def ledger(cli: Cli) -> Cli:
    return enter(cli)


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
        {"customer": HENGTONG, "due": "2026-11-22", "amount": "300.00", "unpaid": "300.00"}]
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


def test_status_on_screen_in_chinese_says_not_due_and_shows_credit(ledger: Cli) -> None:
    ok(ledger, "customer", "add", "宁波预付五金商行")
    ok(ledger, "pay", "预付", "500")  # paid ahead: credit, no invoice
    assert ledger.json("status")["credit"] == "500.00"
    screen = ledger("status", lang="zh").stdout
    assert "未到期" in screen and "未收款" not in screen  # not "unpaid" beside a headline 未收
    assert "预收" in screen and "¥500.00" in screen
