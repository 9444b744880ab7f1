"""``customer show``: a rise of a workbook's 已收金额 is listed as what it is, on the day the
workbook showed it, and one that a payment typed in with ``pay`` already explains says it is
counted once — not as a second payment of the same money."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook

from tests.conftest import Cli

HENGTONG = "恒通贸易有限公司"


def _book(path: Path, paid: str) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["客户名称", "单据编号", "发货日期", "价税合计", "已收金额"])
    sheet.append([HENGTONG, "HT-002", "2026-09-12", "8500.50", paid])
    book.save(path)
    return path


def test_a_rise_the_pay_explains_reads_as_counted_once(db_path: Path, tmp_path: Path) -> None:
    Cli(db_path, date(2026, 11, 20))("import", str(_book(tmp_path / "应收 1120.xlsx", "2000")))
    assert Cli(db_path, date(2026, 11, 21))("pay", "恒通", "3000", "--invoice", "HT-002").exit_code == 0
    later = Cli(db_path, date(2026, 11, 22))
    assert later("import", str(_book(tmp_path / "应收 1122.xlsx", "5000"))).exit_code == 0
    lines = later("customer", "show", "恒通").stdout.splitlines()
    history = lines[lines.index("History:") + 1:]
    assert history == [
        "  2026-11-20  P1    paid column rose ¥2,000.00 HT-002: a payment",
        "  2026-11-21  P2    payment ¥3,000.00 HT-002",
        "  2026-11-22  P3    paid column rose ¥3,000.00 HT-002: a payment already recorded, counted once"]
    shown = later.json("customer", "show", "恒通")
    assert shown["open"] == "3500.50"  # 8,500.50 less 2,000.00 and 3,000.00: counted once
    assert [p.get("explained") for p in shown["payments"]] == ["0.00", None, "3000.00"]
    zh = later("customer", "show", "恒通", lang="zh").stdout
    assert "已收金额增加 ¥3,000.00 HT-002：即已记录的回款，只计一次" in zh
