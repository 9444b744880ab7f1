"""`dunner import` on the command line: exit codes and error lines that name sheet, row and column."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from tests.services.workbooks import INVOICE_HEADERS, PAYMENT_HEADERS, SheetSpec, invoice_book, write_book

HT = "杭州恒通五金有限公司"
GOOD = [(HT, "HT-001", date(2026, 9, 1), None, 12345.6, 2000, "张三"),
        ("广州鑫达建材经营部", "XD-001", date(2026, 9, 15), None, "¥8,800.00", None, "李四")]


def _bad_book(path: Path) -> Path:
    rows = [GOOD[0], (HT, "HT-002", "2026-02-30", None, 5000, None, "张三"), GOOD[1]]
    pay = SheetSpec("回款记录", PAYMENT_HEADERS, [(HT, date(2026, 10, 1), "一千", None)])
    return invoice_book(path, rows, extra=[pay])


def test_bad_rows_exit_1_and_name_sheet_row_and_column(tmp_path: Path, cli) -> None:
    result = cli("import", str(_bad_book(tmp_path / "ledger.xlsx")))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == ("ledger.xlsx:应收明细!C5: column 发货日期: '2026-02-30' is not a date — "
                        "write a date such as 2026-03-05 or 2026年3月5日")
    assert lines[1].startswith("ledger.xlsx:回款记录!C2: column 金额: '一千' is not an amount")
    assert "error: 2 bad row(s) in ledger.xlsx; nothing was imported" in lines
    assert result.stdout == ""
    assert cli.wrote_nothing()  # a refused import starts no ledger


def test_bad_rows_in_chinese(tmp_path: Path, cli) -> None:
    result = cli("import", str(_bad_book(tmp_path / "ledger.xlsx")), lang="zh")
    assert result.exit_code == 1
    assert "ledger.xlsx:应收明细!C5: 发货日期 列：'2026-02-30' 不是日期" in result.stderr
    assert "ledger.xlsx 有 2 行有误；未导入任何数据" in result.stderr


def test_skip_bad_exits_0_and_names_the_rejects_file(tmp_path: Path, cli) -> None:
    path = _bad_book(tmp_path / "ledger.xlsx")
    result = cli("import", str(path), "--skip-bad")
    assert result.exit_code == 0, result.stderr
    assert f"2 bad row(s) saved with reasons to {path}.rejects.xlsx" in result.stdout
    assert (tmp_path / "ledger.xlsx.rejects.xlsx").exists()
    assert [c["customer"] for c in cli.json("customer", "list")] == sorted([HT, "广州鑫达建材经营部"])


def test_successful_import_summary(tmp_path: Path, cli) -> None:
    path = invoice_book(tmp_path / "ledger.xlsx", GOOD)
    result = cli("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:4] == [
        "Imported ledger.xlsx:",
        "  customers: 2 added, 0 updated, 0 unchanged",
        "  invoices: 2 added, 0 updated, 0 unchanged",
        "  payments: 1 added, 0 updated, 0 unchanged",
    ]
    again = cli.json("import", str(path))
    assert again["counts"] == {"customers": {"added": 0, "updated": 0, "unchanged": 2},
                               "invoices": {"added": 0, "updated": 0, "unchanged": 2},
                               "payments": {"added": 0, "updated": 0, "unchanged": 1}}
    assert again["changes"] == [] and again["missing"] == [] and again["rejected"] == []


def test_dry_run_json(tmp_path: Path, cli) -> None:
    out = cli.json("import", str(invoice_book(tmp_path / "ledger.xlsx", GOOD)), "--dry-run")
    assert out["dry_run"] is True
    assert out["counts"]["invoices"]["added"] == 2
    assert cli.wrote_nothing()  # a dry run writes nothing, not even an empty ledger


def test_map_option(tmp_path: Path, cli) -> None:
    headers = ("往来单位", *INVOICE_HEADERS[1:])
    path = invoice_book(tmp_path / "ledger.xlsx", GOOD, headers=headers)
    assert cli("import", str(path)).exit_code == 1
    result = cli("import", str(path), "--map", "往来单位=customer")
    assert result.exit_code == 0, result.stderr
    assert "invoices: 2 added" in result.stdout


def test_bad_map_option_is_a_usage_error(tmp_path: Path, cli) -> None:
    path = invoice_book(tmp_path / "ledger.xlsx", GOOD)
    result = cli("import", str(path), "--map", "往来单位")
    assert result.exit_code == 2
    assert "--map '往来单位' is not HEADER=field" in result.stderr


def test_unknown_sheet_names_the_sheets_there_are(tmp_path: Path, cli) -> None:
    path = write_book(tmp_path / "ledger.xlsx", [SheetSpec("应收明细", INVOICE_HEADERS, GOOD),
                                                 SheetSpec("回款记录", PAYMENT_HEADERS)])
    result = cli("import", str(path), "--sheet", "Sheet1")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["error: ledger.xlsx has no sheet named 'Sheet1'",
                                          "hint: its sheets are: 应收明细, 回款记录"]


def test_missing_file(tmp_path: Path, cli) -> None:
    result = cli("import", str(tmp_path / "nowhere.xlsx"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"error: {tmp_path / 'nowhere.xlsx'} does not exist"


def test_not_a_workbook(tmp_path: Path, cli) -> None:
    path = tmp_path / "ledger.xlsx"
    path.write_text("hello", encoding="utf-8")
    result = cli("import", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "error: ledger.xlsx is not a workbook"
    assert "Traceback" not in result.stderr


def test_json_error_document(tmp_path: Path, cli) -> None:
    result = cli("import", str(_bad_book(tmp_path / "ledger.xlsx")), "--json")
    assert result.exit_code == 1
    error = json.loads(result.stdout)["error"]
    assert error["code"] == "import_rejected"
    assert error["message"] == "2 bad row(s) in ledger.xlsx; nothing was imported"
