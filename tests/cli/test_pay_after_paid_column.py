"""``dunner pay`` after a workbook's paid column (已收金额) showed the same money: dated after the
day the import saw the rise, the payment would count a second time, so it is refused unless
dated on or before that day (then counted once) or forced (then counted twice)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli
from tests.services.workbooks import INVOICE_HEADERS, SheetSpec, write_book

HENGTONG = "杭州恒通五金有限公司"
REFUSED = (f"error: {HENGTONG}: a payment of 3000.00 on 2026-11-23 looks like the 3000.00 the "
           "workbook's paid column (已收金额) showed on 2026-11-22 (b.xlsx:应收明细!3)")
REFUSED_HINT = ("hint: if it is that money, record it with --date 2026-11-22 or earlier (it then "
                "counts once); if it is another payment, add --force")


def _book(path: Path, paid: int) -> Path:
    """恒通's two invoices, HT-002 (on the sheet's third row) with ``paid`` in 已收金额."""
    return write_book(path, [SheetSpec("应收明细", INVOICE_HEADERS, [
        (HENGTONG, "HT-001", date(2026, 8, 1), date(2026, 9, 1), 20000, 0, "张三"),
        (HENGTONG, "HT-002", date(2026, 9, 1), date(2026, 10, 1), 15000, paid, "张三")])])


def _on(cli: Cli, day: str) -> Cli:
    return Cli(cli.db, today=date.fromisoformat(day))


def _ok(cli: Cli, *args: str) -> Any:
    result = cli(*args)
    assert result.exit_code == 0, result.stdout + result.stderr
    return result


@pytest.fixture
def claimed(cli: Cli, tmp_path: Path) -> Cli:
    """Imported on 11-20 with nothing paid, then on 11-22 a copy whose 已收金额 of HT-002 rose by
    3,000: 32,000 open. The CLI works on 2026-11-23."""
    _ok(_on(cli, "2026-11-20"), "import", str(_book(tmp_path / "a.xlsx", 0)))
    _ok(_on(cli, "2026-11-22"), "import", str(_book(tmp_path / "b.xlsx", 3000)))
    assert cli.json("customer", "show", "恒通")["open"] == "32000.00"
    return cli


def _shown(cli: Cli) -> dict[str, Any]:
    shown: dict[str, Any] = cli.json("customer", "show", "恒通")
    return shown


def _refused(result: Any, *lines: str) -> None:
    assert (result.exit_code, result.stderr.splitlines(), result.stdout) == (1, list(lines), "")


def test_a_payment_dated_after_the_rise_is_refused_and_nothing_is_written(claimed: Cli) -> None:
    before = _shown(claimed)
    assert [(p["amount"], p["origin"], p["paid_on"]) for p in before["payments"]] == [
        ("3000.00", "paid_column", None)]
    _refused(claimed("pay", "恒通", "3000", "--invoice", "HT-002"), REFUSED, REFUSED_HINT)
    _refused(claimed("pay", "恒通", "3000"), REFUSED, REFUSED_HINT)  # no invoice named
    _refused(claimed("pay", "恒通", "3000", "--invoice", "HT-002", lang="zh"),
             f"错误: {HENGTONG}：2026-11-23 的回款 3000.00 看起来就是 2026-11-22 表格已收金额显示的"
             " 3000.00（b.xlsx:应收明细!3）",
             "提示: 如果就是这笔钱，请用 --date 2026-11-22 或更早的日期记录（只计一次）；"
             "如果是另一笔回款，请加 --force")
    as_json = claimed("pay", "恒通", "3000", "--json")
    assert as_json.exit_code == 1
    assert json.loads(as_json.stdout)["error"]["code"] == "duplicate_payment"
    assert _shown(claimed) == before


def test_dated_on_the_day_of_the_rise_it_is_that_money_counted_once(claimed: Cli) -> None:
    paid = claimed.json("pay", "恒通", "3000", "--invoice", "HT-002", "--date", "2026-11-22")
    assert (paid["already_in_workbook"], paid["open"]) == ("3000.00", "32000.00")
    shown = _shown(claimed)
    assert shown["open"] == "32000.00"
    assert sorted((p["origin"], p["paid_on"] or "") for p in shown["payments"]) == [
        ("manual", "2026-11-22"), ("paid_column", "")]


def test_forced_it_is_a_second_payment_counted_twice(claimed: Cli) -> None:
    _refused(claimed("pay", "恒通", "3000", "--invoice", "HT-002"), REFUSED, REFUSED_HINT)
    _ok(claimed, "pay", "恒通", "3000", "--invoice", "HT-002", "--force")
    shown = _shown(claimed)
    assert shown["open"] == "29000.00"
    assert [i["open"] for i in shown["invoices"] if i["number"] == "HT-002"] == ["9000.00"]


def test_only_within_the_duplicate_window_after_the_rise(claimed: Cli) -> None:
    last = _on(claimed, "2026-11-25")  # three days after the rise: still the same money
    refused = last("pay", "恒通", "3000")
    assert refused.exit_code == 1
    assert "showed on 2026-11-22" in refused.stderr
    later = _on(claimed, "2026-11-26")  # four days after: another payment
    _ok(later, "pay", "恒通", "3000", "--invoice", "HT-002")
    assert _shown(later)["open"] == "29000.00"


def test_a_rise_on_another_invoice_refuses_nothing(claimed: Cli) -> None:
    _refused(claimed("pay", "恒通", "3000", "--invoice", "HT-002"), REFUSED, REFUSED_HINT)
    _ok(claimed, "pay", "恒通", "3000", "--invoice", "HT-001")
    shown = _shown(claimed)
    assert shown["open"] == "29000.00"
    assert [i["open"] for i in shown["invoices"] if i["number"] == "HT-001"] == ["17000.00"]


def test_a_rise_an_earlier_payment_already_explains_refuses_nothing(claimed: Cli) -> None:
    _refused(claimed("pay", "恒通", "3000"), REFUSED, REFUSED_HINT)
    _ok(claimed, "pay", "恒通", "3000", "--date", "2026-11-15")  # the money the rise showed
    assert _shown(claimed)["open"] == "32000.00"
    _ok(claimed, "pay", "恒通", "3000")  # so this is another payment
    assert _shown(claimed)["open"] == "29000.00"
