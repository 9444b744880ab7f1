"""``dunner import`` of accounting software's exports from the command line: the layout each
sheet was read as, the bundled examples, and approximate figures marked in every report."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

from tests.conftest import Cli
from tests.services.accounting_books import HT, XD, write_aging, write_detail

ROOT = Path(__file__).resolve().parents[2]
AS_OF = date(2026, 3, 31)
TWO_CUSTOMERS = [
    (HT, date(2026, 1, 1), None, "期初余额", None, None, "借", 1000),
    (HT, date(2026, 1, 9), "记-4", "销售出库 XS-0001", 2000, None, "借", 3000),
    (HT, None, None, "本期合计", 2000, None, "借", 3000),
    (XD, date(2026, 1, 12), "记-5", "销售出库 XS-0002", 900, None, "借", 900),
    (XD, date(2026, 1, 13), "记-6", "销售出库 XS-0003", 300, None, "借", 1200),
    (XD, date(2026, 1, 20), "记-9", "收到货款", None, 500, "借", 700),
    (XD, None, None, "本年累计", 1200, 500, "借", 700),
]
HEADER = ("往来单位", "日期", "凭证字号", "摘要", "借方", "贷方", "方向", "余额")


def _cli(cli: Cli, day: date = AS_OF) -> Cli:
    return Cli(cli.db, day)


def test_dry_run_says_which_layout_each_sheet_has(tmp_path: Path, cli: Cli) -> None:
    path = write_detail(tmp_path / "明细账.xlsx", TWO_CUSTOMERS, header=HEADER,
                        titles=("应收账款明细账", "期间：2026年1期"))
    done = cli("import", str(path), "--dry-run")
    assert done.exit_code == 0, done.stdout
    assert ("  应收账款明细账: detail ledger, 2 customers, 3 invoices, 1 payment, opening balances 1"
            in done.stdout.splitlines())
    zh = cli("import", str(path), "--dry-run", lang="zh")
    zh_line = "  应收账款明细账：明细账，客户 2 个，单据 3 张，回款 1 笔，期初余额 1 笔"
    assert zh_line in zh.stdout.splitlines()
    assert cli.wrote_nothing()
    doc = cli.json("import", str(path), "--dry-run")
    assert doc["layouts"] == [{"sheet": "应收账款明细账", "layout": "detail_ledger", "as_of": None,
                               "counts": {"customers": 2, "invoices": 3, "payments": 1,
                                          "openings": 1}}]


def test_an_aging_table_needs_its_day_from_the_title_or_as_of(tmp_path: Path, cli: Cli) -> None:
    path = write_aging(tmp_path / "账龄.xlsx", title="币别：人民币")
    done = cli("import", str(path))
    assert done.exit_code == 1
    said = done.stdout + done.stderr
    assert "error: 账龄.xlsx: sheet 账龄分析表 is an aging table whose title gives no as-of date" in said
    done = cli("import", str(path), "--as-of", "2026-03-31", "--dry-run")
    assert done.exit_code == 0
    line = "  账龄分析表: aging table as of 2026-03-31, 2 customers, 11 receivables (approximate)"
    assert line in done.stdout.splitlines()
    bad = cli("import", str(path), "--as-of", "31.3.")
    assert bad.exit_code == 2 and "--as-of '31.3.' is not a date" in bad.stdout + bad.stderr


def test_the_bundled_examples_import(tmp_path: Path, cli: Cli) -> None:
    from python_calamine import CalamineWorkbook

    out = tmp_path / "ledger.xlsx"
    done = subprocess.run([sys.executable, str(ROOT / "examples" / "make_sample_workbook.py"), str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    for name in ("detail_ledger.xlsx", "aging_table.xlsx"):  # the shipped files are what it builds
        fresh = CalamineWorkbook.from_path(str(tmp_path / name))
        shipped = CalamineWorkbook.from_path(str(ROOT / "examples" / name))
        assert fresh.sheet_names == shipped.sheet_names
        assert all(fresh.get_sheet_by_name(s).to_python() == shipped.get_sheet_by_name(s).to_python()
                   for s in fresh.sheet_names)
        shutil.copy(ROOT / "examples" / name, tmp_path / f"shipped-{name}")
    day = _cli(cli)
    for name in ("detail_ledger.xlsx", "aging_table.xlsx"):
        result = day("import", str(tmp_path / f"shipped-{name}"))
        assert result.exit_code == 0, result.stdout
    grades = {c["customer"]: c for c in day.json("grade")}
    # 12,000 + 8,000 − 10,000 − 1,500 + 6,480.50 by hand, and 23,600 − 20,000
    assert grades["苏州恒泰机械有限公司"]["open"] == "14980.50"
    assert grades["无锡宏达电气有限公司"]["open"] == "3600.00"
    assert grades["常州新锐塑胶制品厂"]["open"] == "15200.00"
    assert grades["苏州恒泰机械有限公司"]["approximate"] is True  # its opening balance
    assert "approximate" not in grades["无锡宏达电气有限公司"]


def test_reports_mark_approximate_figures(tmp_path: Path, cli: Cli) -> None:
    day = _cli(cli)
    assert day("import", str(write_aging(tmp_path / "账龄.xlsx"))).exit_code == 0
    assert day("import", str(write_detail(tmp_path / "明细账.xlsx", TWO_CUSTOMERS[3:], header=HEADER,
                                          titles=("往来明细账", "期间：2026年1期")))).exit_code == 0
    grades = {c["customer"]: c for c in day.json("grade")}
    assert grades[HT]["approximate"] is True and "approximate" not in grades[XD]
    assert all(i["approximate"] is True for i in grades[HT]["invoices"])
    assert all("approximate" not in i for i in grades[XD]["invoices"])
    screen = day("grade").stdout
    assert "~¥45,000.00" in screen and "~ approximate" in screen
    assert "~" not in next(line for line in screen.splitlines() if line.startswith(XD))
    status = day.json("status")
    assert status["approximate"] is True
    assert {r["customer"]: r.get("approximate", False) for r in status["top_overdue"]} == {
        HT: True, XD: False}
    assert "open ~¥45,700.00" in day("status").stdout
    aging = day.json("report", "aging")
    assert {r["key"]: r.get("approximate", False) for r in aging["rows"]} == {HT: True, XD: False}
    table = day("report", "aging").stdout
    assert "~¥5,000.00" in table and "~¥45,000.00" in table
    assert "~" not in next(line for line in table.splitlines() if line.startswith(XD))
    assert day("customer", "edit", HT, "--phone", "13800000001").exit_code == 0
    plan = day.json("plan", "--week")
    rough = [a for a in plan["actions"] if a.get("approximate")]
    assert rough and all(a["customer"] == HT for a in rough)
    assert all(n.startswith("账龄-") for a in rough for n in a["invoices"])


def test_skip_bad_on_a_detail_ledger_saves_the_row_and_writes_the_rest(tmp_path: Path, cli: Cli) -> None:
    rows = [*TWO_CUSTOMERS]
    rows[4] = (XD, "2026-13-40", "记-6", "销售出库 XS-0003", 300, None, "借", 1200)
    path = write_detail(tmp_path / "明细账.xlsx", rows, header=HEADER, titles=("往来明细账",))
    refused = cli("import", str(path))
    assert refused.exit_code == 1 and "明细账.xlsx:应收账款明细账!B7" in refused.stdout + refused.stderr
    assert cli.wrote_nothing()
    done = cli("import", str(path), "--skip-bad")
    assert done.exit_code == 0
    assert (tmp_path / "明细账.xlsx.rejects.xlsx").exists()
    invoices = {i["number"] for c in cli.json("grade") for i in c["invoices"]}
    assert "XS-0003" not in invoices and "XS-0002" in invoices
