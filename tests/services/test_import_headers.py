"""Import: finding the header row under title rows and mapping Chinese and English headers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dunner.errors import DunnerError, InputRejected, UsageError
from tests.services.readback import customers, invoices, payments
from tests.services.workbooks import INVOICE_HEADERS, SheetSpec, invoice_book, write_book

ROWS = [
    ("杭州恒通五金有限公司", "HT-001", date(2026, 9, 1), date(2026, 10, 1), 12345.6, 2000, "张三"),
    ("广州鑫达建材经营部", "XD-001", date(2026, 9, 15), None, 8800, None, "李四"),
]
EXPECTED = {
    "HT-001": ("杭州恒通五金有限公司", date(2026, 9, 1), date(2026, 10, 1), 1_234_560),
    "XD-001": ("广州鑫达建材经营部", date(2026, 9, 15), None, 880_000),
}


def _assert_imported(ledger) -> None:
    assert invoices(ledger) == EXPECTED
    paid = [(p["invoice_number"], p["amount"], p["paid_on"], p["origin"]) for p in payments(ledger)]
    assert paid == [("HT-001", 200_000, None, "paid_column")]
    owners = {name: row["owner"] for name, row in customers(ledger).items()}
    assert owners == {"杭州恒通五金有限公司": "张三", "广州鑫达建材经营部": "李四"}


@pytest.mark.parametrize("title_rows", [0, 1, 2, 3])
def test_header_found_under_title_rows(tmp_path: Path, ledger, run, title_rows: int) -> None:
    path = invoice_book(tmp_path / "ledger.xlsx", ROWS, title_rows=title_rows)
    report = run(path)
    assert report.counts["invoices_added"] == 2
    assert report.counts["customers_added"] == 2
    assert report.skipped_sheets == []
    _assert_imported(ledger)


@pytest.mark.parametrize("title_rows", [1, 3])
def test_row_numbers_count_the_title_rows(tmp_path: Path, run, title_rows: int) -> None:
    rows = [ROWS[0], ("广州鑫达建材经营部", "XD-001", date(2026, 9, 15), None, "八千八", None, "李四")]
    path = invoice_book(tmp_path / "ledger.xlsx", rows, title_rows=title_rows)
    with pytest.raises(InputRejected) as caught:
        run(path)
    # title rows, then the header, then HT-001, then the bad row
    line = title_rows + 3
    assert [p.source for p in caught.value.problems] == [f"ledger.xlsx:应收明细!E{line}"]
    assert caught.value.problems[0].message == "column 价税合计: '八千八' is not an amount (not a number)"


def test_header_on_row_20_is_found_but_not_on_row_21(tmp_path: Path, run, ledger) -> None:
    run(invoice_book(tmp_path / "ledger.xlsx", ROWS, title_rows=19))
    assert invoices(ledger) == EXPECTED
    with pytest.raises(DunnerError) as caught:
        run(invoice_book(tmp_path / "late.xlsx", ROWS, title_rows=20))
    assert caught.value.code == "no_header"
    assert caught.value.message == "no sheet of late.xlsx has a header row dunner recognises"


HEADER_SETS = {
    "zh-1": ("单位名称", "发票号", "开票日期", "到期日", "金额", "已收金额", "业务员"),
    "zh-2": ("购货单位", "单据编号", "发货日期", "约定付款日", "价税合计", "已回款", "销售员"),
    "zh-3": ("客户", "单号", "日期", "应收日期", "应收金额", "已付", "负责人"),
    "zh-4": ("客户名称", "订单号", "单据日期", "到期日", "金额", "已收金额", "业务员"),
    "en-1": ("Customer", "Invoice", "Date", "Due", "Amount", "Paid", "Owner"),
    "en-2": ("customer", "number", "issued", "due", "amount", "paid", "owner"),
    "en-3": ("CUSTOMER NAME", "Invoice Number", "Issue Date", "Due Date", "AMOUNT", "paid", "Sales Rep"),
    "units": ("客户名称", "单据编号", "发货日期", "到期日", "价税合计（元）", "已收金额(元)", "业务员"),
    "units-en": ("Customer", "Invoice", "Date", "Due", "Amount (CNY)", "Paid (RMB)", "Owner"),
    "marks": ("*客户名称", "单据编号：", " 发货日期 ", "到期日:", "金额【元】", "已收金额", "业务员*"),
    "fullwidth": ("Ｃｕｓｔｏｍｅｒ", "Ｉｎｖｏｉｃｅ", "Ｄａｔｅ", "Ｄｕｅ", "Ａｍｏｕｎｔ", "Ｐａｉｄ",
                  "Ｏｗｎｅｒ"),
}


@pytest.mark.parametrize("headers", HEADER_SETS.values(), ids=HEADER_SETS.keys())
def test_header_synonyms(tmp_path: Path, ledger, run, headers: tuple[str, ...]) -> None:
    path = invoice_book(tmp_path / "ledger.xlsx", ROWS, headers=headers)
    report = run(path)
    assert report.counts["invoices_added"] == 2
    _assert_imported(ledger)


def test_columns_in_any_order_and_unknown_columns_ignored(tmp_path: Path, ledger, run) -> None:
    headers = ("序号", "价税合计", "业务员", "客户名称", "规格型号", "发货日期", "单据编号", "到期日",
               "已收金额")
    rows = [(1, r[4], r[6], r[0], "M8×30", r[2], r[1], r[3], r[5]) for r in ROWS]
    run(invoice_book(tmp_path / "ledger.xlsx", rows, headers=headers))
    _assert_imported(ledger)


def test_map_option_names_an_unknown_header(tmp_path: Path, ledger, run) -> None:
    headers = ("往来单位", "单据编号", "发货日期", "到期日", "价税合计", "已收金额", "业务员")
    path = invoice_book(tmp_path / "ledger.xlsx", ROWS, headers=headers)
    with pytest.raises(DunnerError) as caught:
        run(path)
    assert caught.value.code == "no_header"
    run(path, mapping=("往来单位=customer",))
    _assert_imported(ledger)


def test_map_option_overrides_a_known_synonym(tmp_path: Path, ledger, run) -> None:
    # Here 日期 holds the agreed payment date and 开单 the delivery date.
    headers = ("客户名称", "单据编号", "开单", "日期", "价税合计", "已收金额", "业务员")
    path = invoice_book(tmp_path / "ledger.xlsx", ROWS, headers=headers)
    run(path, mapping=("开单=issued", "日期=due"))
    _assert_imported(ledger)


def test_map_option_matches_headers_like_the_synonyms_do(tmp_path: Path, ledger, run) -> None:
    headers = ("往来单位（全称）", "单据编号", "发货日期", "到期日", "价税合计", "已收金额", "业务员")
    path = invoice_book(tmp_path / "ledger.xlsx", ROWS, headers=headers)
    run(path, mapping=(" 往来单位（全称） = customer",))
    _assert_imported(ledger)


@pytest.mark.parametrize("value", ["往来单位", "往来单位=client", "=customer"])
def test_bad_map_option_is_a_usage_error(tmp_path: Path, run, value: str) -> None:
    path = invoice_book(tmp_path / "ledger.xlsx", ROWS)
    with pytest.raises(UsageError) as caught:
        run(path, mapping=(value,))
    assert caught.value.code == "bad_map"
    assert caught.value.exit_code == 2
    assert caught.value.message == f"--map {value!r} is not HEADER=field"


def test_sheet_without_a_recognised_header_is_skipped_and_named(tmp_path: Path, ledger, run) -> None:
    notes = SheetSpec("说明", ("本表由财务部维护",), [("每月 5 日前更新",)])
    report = run(invoice_book(tmp_path / "ledger.xlsx", ROWS, extra=[notes]))
    assert report.skipped_sheets == ["说明"]
    _assert_imported(ledger)


def test_empty_sheet_is_not_reported_as_skipped(tmp_path: Path, run) -> None:
    path = write_book(tmp_path / "ledger.xlsx", [SheetSpec("应收明细", INVOICE_HEADERS, ROWS),
                                                 SheetSpec("Sheet2", ())])
    assert run(path).skipped_sheets == []


def test_workbook_without_any_header_is_refused(tmp_path: Path, ledger, run) -> None:
    path = write_book(tmp_path / "notes.xlsx", [SheetSpec("说明", ("名称", "数量"), [("螺丝", 3)])])
    with pytest.raises(DunnerError) as caught:
        run(path)
    assert caught.value.code == "no_header"
    assert customers(ledger) == {}
