"""Import: subtotal rows with a label (张三小计, 合计（元）) are skipped; customers named 合计… are not."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.services.readback import customers, invoices
from tests.services.workbooks import invoice_book

HT = "杭州恒通五金有限公司"
MARCH_5 = date(2026, 3, 5)
GOOD = [
    (HT, "HT-001", MARCH_5, None, 1000, None, "张三"),
    (HT, "HT-002", MARCH_5, None, 2000.5, None, "张三"),
    ("广州鑫达建材经营部", "XD-001", MARCH_5, None, 3000, None, "李四"),
]


@pytest.mark.parametrize("label", ["张三小计", "小计：", "小计:", "本页合计", "合计（元）", "合计(元)",
                                   "本月合计", "总计：", "Subtotal", "Total:", "本期合计", "本年累计",
                                   "Grand total", "合计（元）：", "2026年3月合计"])
def test_labelled_subtotal_rows_are_skipped(tmp_path: Path, ledger, run, label: str) -> None:
    rows = [GOOD[0], GOOD[1], (label, None, None, None, 3000.5, None, None), GOOD[2],
            (label, None, MARCH_5, None, 6000.5, None, None)]
    report = run(invoice_book(tmp_path / "ledger.xlsx", rows))
    assert report.rejected == []
    assert sorted(invoices(ledger)) == ["HT-001", "HT-002", "XD-001"]
    assert label not in customers(ledger)


@pytest.mark.parametrize("name", ["合计贸易有限公司", "华东总计电器", "小计食品店", "Total Tools Ltd",
                                  "Checksum Co"])
def test_customers_named_like_a_total_are_imported(tmp_path: Path, ledger, run, name: str) -> None:
    rows = [(name, "N-1", MARCH_5, None, 100, None, "王五"), GOOD[0]]
    report = run(invoice_book(tmp_path / "ledger.xlsx", rows))
    assert report.counts["invoices_added"] == 2
    assert sorted(customers(ledger)) == sorted([name, HT])
