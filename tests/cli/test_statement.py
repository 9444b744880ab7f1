"""``dunner statement``: the written workbook opened again — the balance, safe text, the
printed page and the file's mode — and ``--all``."""

from __future__ import annotations

import os
import stat
from decimal import Decimal
from pathlib import Path

import pytest

from tests.cli.documents_ledger import HENGTONG, HOSTILE, PAID_UP, XINDA, company_config, enter
from tests.cli.five_customers import ok
from tests.conftest import Cli


@pytest.fixture
def book(cli: Cli) -> Cli:
    return enter(cli)


def _cells(path: Path) -> list:
    from openpyxl import load_workbook

    sheet = load_workbook(path).active
    return [c for row in sheet.iter_rows() for c in row if c.value is not None]


def _money(value: object) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"))


def test_the_closing_balance_adds_up_and_equals_the_grade_open_balance(book: Cli,
                                                                      tmp_path: Path) -> None:
    out = tmp_path / "s.xlsx"
    ok(book, "statement", "恒通", "--out", str(out))
    doc = book.json("statement", "恒通")
    grade = book.json("grade", "恒通")[0]
    opening, invoiced, paid = (Decimal(doc[k]) for k in ("opening", "invoiced", "paid"))
    assert opening + invoiced - paid == Decimal(doc["closing"]) == Decimal(grade["open"])
    assert doc["closing"] == "1500.51"
    from openpyxl import load_workbook

    sheet = load_workbook(out).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    closing = next(r for r in rows if r[1] == "Closing balance")
    assert _money(closing[6]) == Decimal("1500.51")
    moves = [r for r in rows if r[1] in ("Invoice", "Payment")]
    assert [r[2] or "" for r in moves] == ["H-1", "", "-2+3", "H-3"]
    assert _money(moves[-1][6]) == Decimal("1500.51")  # the running balance ends at the closing
    assert sum(_money(r[4] or 0) for r in moves) - sum(_money(r[5] or 0) for r in moves) == \
        Decimal("1500.51")


def test_from_gives_the_opening_balance(book: Cli) -> None:
    doc = book.json("statement", "恒通", "--from", "2026-09-06")
    assert doc["opening"] == "800.51"  # H-1 1,000.51 less 200.00 paid on 09-05
    assert [line["number"] for line in doc["lines"]] == ["-2+3", "H-3"]
    assert doc["closing"] == "1500.51"
    earlier = book.json("statement", "恒通", "--as-of", "2026-09-05")
    assert earlier["closing"] == doc["opening"]


def test_hostile_text_comes_back_as_text_and_no_cell_holds_a_formula(book: Cli, tmp_path: Path
                                                                     ) -> None:
    out = tmp_path / "s.xlsx"
    result = _with_config(book, company_config(tmp_path), "statement", "恒通", "--out", str(out))
    assert result.exit_code == 0, result.stderr
    cells = _cells(out)
    texts = [c.value for c in cells if isinstance(c.value, str)]
    for whole in (HOSTILE[0], "-2+3", "=杭州示例贸易有限公司"):  # description, number, company
        assert whole in texts
    assert "@SUM(A1)" in texts  # the payment's reference
    assert any(HOSTILE[3] in text for text in texts)  # the customer's phone
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    assert all(c.data_type == "s" for c in cells if isinstance(c.value, str))
    amounts = [c for c in cells if isinstance(c.value, int | float)]
    assert amounts and all(c.number_format == "#,##0.00" for c in amounts)


def _with_config(cli: Cli, config: Path, *args: str):
    from dunner.cli.app import app

    argv = ["--db", str(cli.db), "--today", cli.today.isoformat(), "--lang", "en",
            "--config", str(config), *args]
    return cli.runner.invoke(app, argv, catch_exceptions=False)


def test_the_page_is_a4_one_page_wide_with_a_repeated_header_and_page_numbers(
        book: Cli, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "s.xlsx"
    assert book("statement", "恒通", "--out", str(out), lang="zh").exit_code == 0
    sheet = load_workbook(out).active
    assert int(sheet.page_setup.paperSize) == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert (sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight) == (1, 0)
    first = int(sheet.print_title_rows.split(":")[0].lstrip("$"))
    assert [c.value for c in sheet[first]][:3] == ["日期", "摘要", "单号"]
    assert "&P" in sheet.oddFooter.right.text and "&N" in sheet.oddFooter.right.text
    assert "dunner ack" in sheet.oddFooter.left.text
    texts = [c.value for c in _cells(out) if isinstance(c.value, str)]
    assert "余额确认：以上余额核对无误。" in texts
    assert any(t.startswith("如有不符请列明差异") for t in texts)
    assert all(c.font.name == "宋体" for c in _cells(out))


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_the_file_is_0600(book: Cli, tmp_path: Path) -> None:
    out = tmp_path / "s.xlsx"
    out.write_bytes(b"old")
    out.chmod(0o644)
    ok(book, "statement", "恒通", "--out", str(out))
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_all_writes_one_file_per_customer_with_a_balance(book: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "statements"
    result = ok(book, "statement", "--all", "--out", str(folder))
    files = sorted(p.name for p in folder.iterdir())
    assert len(files) == 2
    assert any(HENGTONG in f for f in files) and any(XINDA in f for f in files)
    assert not any(PAID_UP in f for f in files)
    assert "2 statements written" in result.stdout
    from openpyxl import load_workbook

    for name in files:
        assert load_workbook(folder / name).active.title


@pytest.mark.parametrize(("args", "code", "line"), [
    (("statement", "恒通"), 2, "error: say where to write it: --out FILE (or --json for the data only)"),
    (("statement", "--out", "x.xlsx"), 2, "error: name one customer, or use --all"),
    (("statement", "恒通", "--all", "--out", "x"), 2, "error: name one customer, or use --all"),
    (("statement", "恒通", "--out", "s.csv"), 2, "error: s.csv should be a .xlsx file"),
    (("statement", "恒通", "--out", "s.xlsx", "--from", "2026-12-01"), 2,
     "error: --from 2026-12-01 is after --as-of 2026-11-23"),
    (("statement", "没有这家", "--out", "s.xlsx"), 1, "error: "),
])
def test_bad_input_is_one_line_and_nothing_written(book: Cli, tmp_path: Path, monkeypatch,
                                                   args: tuple[str, ...], code: int,
                                                   line: str) -> None:
    monkeypatch.chdir(tmp_path)
    result = book(*args)
    assert result.exit_code == code
    assert result.stderr.splitlines()[0].startswith(line)
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "s.xlsx").exists()


def test_missing_company_fields_are_named(book: Cli, tmp_path: Path) -> None:
    result = ok(book, "statement", "恒通", "--out", str(tmp_path / "s.xlsx"))
    assert "company.name" in result.stderr and "company.contact" in result.stderr
    texts = [c.value for c in _cells(tmp_path / "s.xlsx") if isinstance(c.value, str)]
    assert "[not set: company.name in config.toml]" in texts


def test_late_payment_interest_is_shown_on_its_own_line_not_in_the_balance(book: Cli,
                                                                           tmp_path: Path) -> None:
    interest = book.json("interest", "恒通")["total"]
    assert Decimal(interest) > 0
    doc = book.json("statement", "恒通")
    assert doc["interest"] == interest and doc["closing"] == "1500.51"
    out = tmp_path / "s.xlsx"
    ok(book, "statement", "恒通", "--out", str(out))
    from openpyxl import load_workbook

    rows = [[c.value for c in row] for row in load_workbook(out).active.iter_rows()]
    line = next(r for r in rows if str(r[0]).startswith("Late-payment interest"))
    assert _money(line[1]) == Decimal(interest)
