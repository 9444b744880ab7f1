"""Import: the terms words clerks write (月结30天, 账期 as a number, 票到30天), unknown terms."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dunner.errors import InputRejected
from tests.services.readback import customers, invoices
from tests.services.workbooks import SheetSpec, write_book, write_book_xlsxwriter

HT = "杭州恒通五金有限公司"
XD = "广州鑫达建材经营部"


@pytest.mark.parametrize(("header", "cell", "terms"), [
    ("结算方式", "月结30天", "month-end:30"),
    ("结算方式", "月结60天", "month-end:60"),
    ("结算方式", "month-end:45", "month-end:45"),
    ("结算方式", "货到付款", "cash"),
    ("结算方式", "款到发货", "cash"),
    ("结算方式", "现结", "cash"),
    ("结算方式", "45天", "net:45"),
    ("付款方式", "账期45天", "net:45"),
    ("账期", 30, "net:30"),
    ("账期", 30.0, "net:30"),
    ("账期", "30", "net:30"),
    ("账期(天)", 60, "net:60"),
    ("账期（天）", 90.0, "net:90"),
])
@pytest.mark.parametrize("writer", [write_book, write_book_xlsxwriter], ids=["openpyxl", "xlsxwriter"])
def test_clerks_terms_words(tmp_path: Path, ledger, run, writer, header: str, cell: object,
                            terms: str) -> None:
    sheet = SheetSpec("客户资料", ("客户名称", header), [(HT, cell)], title_rows=1)
    report = run(writer(tmp_path / "ledger.xlsx", [sheet]))
    assert report.counts["customers_added"] == 1
    assert customers(ledger)[HT]["terms"] == terms


@pytest.mark.parametrize("cell", [30.5, -30])
def test_a_number_that_is_no_count_of_days_is_rejected(tmp_path: Path, run, cell: float) -> None:
    sheet = SheetSpec("客户资料", ("客户名称", "账期(天)"), [(HT, cell)])
    with pytest.raises(InputRejected) as caught:
        run(write_book(tmp_path / "ledger.xlsx", [sheet]))
    assert [p.source for p in caught.value.problems] == ["ledger.xlsx:客户资料!B2"]


@pytest.mark.parametrize(("cell", "expected"), [("票到30天", "fapiao:30"), ("票到付款", "fapiao:0"),
                                               ("开票后30天", "fapiao:30"), ("收票后60天", "fapiao:60")])
def test_fapiao_terms_are_read(tmp_path: Path, ledger, run, cell: str, expected: str) -> None:
    sheet = SheetSpec("客户资料", ("客户名称", "结算方式"), [(XD, "月结"), (HT, cell)])
    run(write_book(tmp_path / "ledger.xlsx", [sheet]))
    assert customers(ledger)[HT]["terms"] == expected


INVOICE_HEADERS_WITH_TERMS = ("客户名称", "单据编号", "发货日期", "到期日", "价税合计", "结算方式")


def _terms_book(path: Path, due: date | None, terms: str = "看心情") -> Path:
    rows = [(XD, "XD-001", date(2026, 9, 1), None, 500, "月结30天"),
            (HT, "HT-001", date(2026, 9, 1), due, 1000, terms)]
    return write_book(path, [SheetSpec("应收明细", INVOICE_HEADERS_WITH_TERMS, rows, title_rows=1)])


@pytest.mark.parametrize("terms", ["看心情", "票到"])
def test_unknown_terms_with_a_due_date_are_a_warning(tmp_path: Path, ledger, run, terms: str) -> None:
    report = run(_terms_book(tmp_path / "ledger.xlsx", date(2026, 10, 15), terms))
    assert report.rejected == []
    assert report.counts["invoices_added"] == 2
    assert invoices(ledger)["HT-001"] == (HT, date(2026, 9, 1), date(2026, 10, 15), 100_000)
    assert customers(ledger)[HT]["terms"] is None  # left as they were: the configured default
    assert customers(ledger)[XD]["terms"] == "month-end:30"
    [note] = report.notes
    assert note.source == "ledger.xlsx:应收明细!F4"
    assert note.code == "terms_ignored"
    assert note.message.startswith(f"column 结算方式: {terms!r} ")
    assert note.message.endswith("; the row's due date is used and the customer's terms stay as they are")


def test_unknown_terms_without_a_due_date_reject_the_row(tmp_path: Path, ledger, run) -> None:
    with pytest.raises(InputRejected) as caught:
        run(_terms_book(tmp_path / "ledger.xlsx", None))
    assert [(p.source, p.code, p.message) for p in caught.value.problems] == [
        ("ledger.xlsx:应收明细!F4", "bad_terms",
         "column 结算方式: '看心情' are not payment terms dunner knows"),
    ]
    assert invoices(ledger) == {}


def test_the_warning_is_printed_and_in_json(tmp_path: Path, cli) -> None:
    path = _terms_book(tmp_path / "ledger.xlsx", date(2026, 10, 15))
    result = cli("import", str(path), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1] == (
        "ledger.xlsx:应收明细!F4: column 结算方式: '看心情' are not payment terms dunner knows; "
        "the row's due date is used and the customer's terms stay as they are — write terms "
        "dunner knows (月结30天, 账期30天, net:30) to set the customer's terms")
    doc = cli.json("import", str(path))
    assert [n.split(": ", 1)[0] for n in doc["notes"]] == ["ledger.xlsx:应收明细!F4"]


def test_the_warning_in_chinese(tmp_path: Path, cli) -> None:
    result = cli("import", str(_terms_book(tmp_path / "ledger.xlsx", date(2026, 10, 15))), lang="zh")
    assert result.exit_code == 0, result.stderr
    assert ("ledger.xlsx:应收明细!F4: 结算方式 列：'看心情' 不是可识别的结算方式；已按本行到期日计算，"
            "客户的结算方式保持不变") in result.stdout
