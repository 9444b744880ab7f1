"""The bundled examples stay valid: the sample config loads and the workbook script is reproducible."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from dunner.config import load_config
from tests.example_book import README, name_key, read_example, readme_today

ROOT = Path(__file__).resolve().parents[1]


def test_sample_config_loads_with_its_own_values() -> None:
    config = load_config(str(ROOT / "examples" / "config.toml"), {})
    assert config.timezone == "Asia/Shanghai"
    assert config.default_terms == "net:30"
    assert sum(config.values["grading"]["weights"].values()) == 100
    assert config.values["planning"]["times"]["call"] == "15:30"
    assert config.sources["planning.capacity.visit"].endswith("config.toml")


def test_sample_workbook_is_what_the_script_builds(tmp_path: Path) -> None:
    from python_calamine import CalamineWorkbook

    out = tmp_path / "ledger.xlsx"
    done = subprocess.run([sys.executable, str(ROOT / "examples" / "make_sample_workbook.py"), str(out)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    fresh = CalamineWorkbook.from_path(str(out))
    shipped = CalamineWorkbook.from_path(str(ROOT / "examples" / "ledger.xlsx"))
    assert fresh.sheet_names == shipped.sheet_names == ["应收明细", "回款", "客户"]
    for name in fresh.sheet_names:
        assert fresh.get_sheet_by_name(name).to_python() == shipped.get_sheet_by_name(name).to_python()


def test_sample_workbook_has_no_date_after_the_readme_today_but_invoices_still_to_fall_due() -> None:
    today = readme_today()
    book = read_example()
    assert max(inv.issued for inv in book.invoices) <= today
    assert max(pay.paid_on for pay in book.payments) <= today
    assert all(inv.due is None or inv.due >= inv.issued for inv in book.invoices)
    # not yet due, so the week's plan has reconfirmations before the due date
    assert sum(1 for inv in book.invoices if inv.due is not None and inv.due > today) >= 5


def test_sample_workbook_paid_column_is_what_the_payment_sheet_lists() -> None:
    """A careful clerk's ledger: each customer's 已收金额 adds up to its 回款 rows, an invoice's
    paid cell is at least what the sheet names it for, and the 合计 row agrees with both."""
    book = read_example()
    paid_column: Counter[str] = Counter()
    for inv in book.invoices:
        paid_column[name_key(inv.customer)] += inv.paid
    sheet: Counter[str] = Counter()
    named: Counter[tuple[str, str]] = Counter()
    for pay in book.payments:
        sheet[name_key(pay.customer)] += pay.amount
        if pay.number:
            named[name_key(pay.customer), pay.number] += pay.amount
    assert +paid_column == +sheet
    for inv in book.invoices:
        assert named[name_key(inv.customer), inv.number] <= inv.paid <= inv.amount
    assert book.total_paid == sum(sheet.values()) == sum(paid_column.values())
    assert book.total_amount == sum(inv.amount for inv in book.invoices)
    cells = [inv.paid_cell for inv in book.invoices]
    assert "" in cells and 0 in cells  # unpaid: some cells left empty, some typed 0
    assert any(isinstance(c, str) and c for c in cells)  # some paid amounts typed as text


def test_readme_counts_are_the_sample_workbook_counts() -> None:
    text = README.read_text(encoding="utf-8").split("## Quick start", 1)[1].split("\n## ", 1)[0]
    found = re.search(r"\((\d+) customers, (\d+)\s+invoices, (\d+) payments", text)
    assert found, "the quick start names the example's counts"
    book = read_example()
    counts = (len(book.customers), len(book.invoices), len(book.payments))
    assert tuple(int(g) for g in found.groups()) == counts
