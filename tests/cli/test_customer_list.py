"""``customer list`` and ``customer show`` for a person: a total row, derived warning signals."""

from __future__ import annotations

import pytest

from dunner.i18n import t
from tests.cli.five_customers import XINDA, enter, money, ok
from tests.conftest import Cli


@pytest.fixture
def ledger(cli: Cli) -> Cli:
    return enter(cli)


def test_customer_list_ends_with_a_total_row(ledger: Cli) -> None:
    rows = ledger.json("customer", "list")
    assert len(rows) == 5 and all("customer" in r for r in rows)  # JSON unchanged: no total
    assert len(ok(ledger, "customer", "list", "--csv").stdout.splitlines()) == 1 + 5
    *_, last = ok(ledger, "customer", "list").stdout.splitlines()
    assert last.split()[0] == t("word.total")
    assert f"¥{sum(money(r['open']) for r in rows):,.2f}" in last


def test_customer_show_has_the_derived_signals_status_counts(ledger: Cli) -> None:
    # an instalments excuse: the payment pattern has changed, though nobody recorded a signal
    ok(ledger, "log", "鑫达", "call", "--excuse", "installments")
    doc = ledger.json("customer", "show", "鑫达")
    assert doc["derived_signals"] == ["payment_pattern_change"]
    assert {"customer": XINDA, "kind": "payment_pattern_change"} in ledger.json("status")[
        "new_signals"]
    assert t("signal.payment_pattern_change") in ok(ledger, "customer", "show", "鑫达").stdout
    assert "付款习惯改变" in ledger("customer", "show", "鑫达", lang="zh").stdout
    assert ledger.json("customer", "show", "恒通")["derived_signals"] == []
