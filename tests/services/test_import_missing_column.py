"""Import: when no header is complete, the error names the missing column and what was found."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dunner.catalogue import MESSAGES
from dunner.errors import DunnerError
from tests.services.readback import customers, invoices
from tests.services.workbooks import SheetSpec, invoice_book, write_book

ROW = ("杭州恒通五金有限公司", date(2026, 9, 1), 1000)
NOTES = SheetSpec("说明", ("本表由财务部维护",), [("每月 5 日前更新",)])


def _no_customer_book(path: Path) -> Path:
    return write_book(path, [NOTES, SheetSpec("应收明细", ("单位", "日期", "金额"), [ROW], title_rows=2)])


def _error(run, path: Path, **options) -> DunnerError:
    with pytest.raises(DunnerError) as caught:
        run(path, **options)
    assert caught.value.code == "no_header"
    return caught.value


def test_missing_customer_column_is_named(tmp_path: Path, ledger, run) -> None:
    error = _error(run, _no_customer_book(tmp_path / "ledger.xlsx"))
    assert error.message == ("ledger.xlsx: sheet 应收明细 has no customer column (客户, 客户名称, 单位名称, "
                             "购货单位); found: 单位, 日期, 金额")
    assert error.hint == "rename the header to one of those, or use --map '单位=customer'"
    assert customers(ledger) == {}


def test_the_map_the_hint_gives_works(tmp_path: Path, ledger, run) -> None:
    run(_no_customer_book(tmp_path / "ledger.xlsx"), mapping=("单位=customer",))
    assert list(customers(ledger)) == ["杭州恒通五金有限公司"]


@pytest.mark.parametrize(("headers", "message", "hint"), [
    (("客户名称", "单号", "日期"),
     "has no amount column (金额, 应收金额, 价税合计, amount); found: 客户名称, 单号, 日期",
     "--map 'HEADER=amount'"),
    (("序号", "客户名称", "开单时间", "金额"),
     "has no issue date column (日期, 开票日期, 发货日期, 单据日期); found: 序号, 客户名称, 开单时间, 金额",
     "--map '开单时间=issued'"),
    (("客户名称", "单据编号", "发货日期", "备注"),
     "has no amount column (金额, 应收金额, 价税合计, amount); found: 客户名称, 单据编号, 发货日期, 备注",
     "--map 'HEADER=amount'"),
])
def test_missing_amount_or_date_column_is_named(tmp_path: Path, run, headers, message, hint) -> None:
    path = write_book(tmp_path / "ledger.xlsx", [SheetSpec("Sheet1", headers, [])])
    error = _error(run, path)
    assert error.message == f"ledger.xlsx: sheet Sheet1 {message}"
    assert error.hint.endswith(hint)


def test_the_row_with_most_recognised_headers_is_the_one_described(tmp_path: Path, run) -> None:
    # a title row that happens to hold one header word, then the real (incomplete) header
    sheet = SheetSpec("应收明细", ("往来单位", "单据编号", "发货日期", "价税合计"), [],
                      trailer=[("合计", None, None, 0)])
    book = write_book(tmp_path / "ledger.xlsx", [SheetSpec("汇总", ("金额",), [(100,)]), sheet])
    error = _error(run, book)
    assert error.message.startswith("ledger.xlsx: sheet 应收明细 has no customer column")
    assert error.message.endswith("found: 往来单位, 单据编号, 发货日期, 价税合计")
    assert error.hint.endswith("--map '往来单位=customer'")


def test_with_sheet_option(tmp_path: Path, run) -> None:
    error = _error(run, _no_customer_book(tmp_path / "ledger.xlsx"), sheet="应收明细")
    assert error.message.startswith("ledger.xlsx: sheet 应收明细 has no customer column")


def test_a_workbook_whose_extra_sheets_are_notes_imports_as_before(tmp_path: Path, ledger, run) -> None:
    rows = [("杭州恒通五金有限公司", "HT-001", date(2026, 9, 1), None, 1000, None, "张三")]
    notes = SheetSpec("填表说明", ("日期", "备注"), [(date(2026, 1, 1), "启用新模板")])
    report = run(invoice_book(tmp_path / "ledger.xlsx", rows, extra=[NOTES, notes]))
    assert report.skipped_sheets == ["说明", "填表说明"]
    assert list(invoices(ledger)) == ["HT-001"]


def test_golden_error_on_the_command_line(tmp_path: Path, cli) -> None:
    result = cli("import", str(_no_customer_book(tmp_path / "ledger.xlsx")))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "error: ledger.xlsx: sheet 应收明细 has no customer column (客户, 客户名称, 单位名称, 购货单位); "
        "found: 单位, 日期, 金额",
        "hint: rename the header to one of those, or use --map '单位=customer'",
    ]


def test_golden_error_in_chinese(tmp_path: Path, cli) -> None:
    result = cli("import", str(_no_customer_book(tmp_path / "ledger.xlsx")), lang="zh")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "错误: ledger.xlsx：工作表 应收明细 没有客户列（客户, 客户名称, 单位名称, 购货单位）；"
        "现有表头：单位, 日期, 金额",
        "提示: 请把表头改为其中之一，或用 --map '单位=customer' 指定",
    ]


def test_nothing_header_like_keeps_the_general_message(tmp_path: Path, run) -> None:
    path = write_book(tmp_path / "notes.xlsx", [SheetSpec("说明", ("名称", "数量"), [("螺丝", 3)])])
    assert _error(run, path).message == "no sheet of notes.xlsx has a header row dunner recognises"


@pytest.mark.parametrize("field", ["customer", "amount", "issued"])
def test_every_missing_column_has_a_name(field: str) -> None:
    assert f"import.column.{field}" in MESSAGES
