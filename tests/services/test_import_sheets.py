"""Import: invoice, payment and customer sheets in one workbook, customer attributes and names."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dunner.errors import InputRejected
from tests.services.readback import customers, invoices, payments, persons
from tests.services.workbooks import (
    CUSTOMER_HEADERS,
    INVOICE_HEADERS,
    PAYMENT_HEADERS,
    SheetSpec,
    write_book,
)

HT = "杭州恒通五金有限公司"
ABC = "ABC 贸易有限公司"

INVOICE_SHEET = SheetSpec("应收明细", INVOICE_HEADERS, [
    (HT, "HT-001", date(2026, 8, 1), None, 10000, 2000, "张三"),
    (HT, "HT-002", date(2026, 9, 1), None, 5000.5, None, "张三"),
    ("ＡＢＣ　贸易有限公司", "AB-001", date(2026, 9, 10), date(2026, 10, 10), 3000, None, "李四"),
], title_rows=2)
PAYMENT_SHEET = SheetSpec("回款记录", PAYMENT_HEADERS, [
    (HT, date(2026, 10, 25), 3000, "HT-001"),
    ("ABC  贸易有限公司", "2026/11/2", "¥1,000.00", None),
])
CUSTOMER_SHEET = SheetSpec("客户资料", CUSTOMER_HEADERS, [
    (HT, "张三", "月结25日", 50000, "10,25", 13800001234),
    (" ABC 贸易有限公司 ", "李四", "账期30天", "¥20,000", 15, "021-55556666"),
], title_rows=1)


def _attributes(ledger) -> dict[str, tuple[object, ...]]:
    return {name: (r["owner"], r["terms"], r["credit_limit"], r["pay_days"], r["phone"])
            for name, r in customers(ledger).items()}


@pytest.mark.parametrize("order", [(0, 1, 2), (2, 1, 0), (1, 2, 0)], ids=["inv-pay-cust", "cust-pay-inv",
                                                                           "pay-cust-inv"])
def test_three_sheets_recognised_by_their_headers(tmp_path: Path, ledger, run, order) -> None:
    specs = [INVOICE_SHEET, PAYMENT_SHEET, CUSTOMER_SHEET]
    report = run(write_book(tmp_path / "ledger.xlsx", [specs[i] for i in order]))
    assert report.counts["customers_added"] == 2
    assert report.counts["invoices_added"] == 3
    # the payment sheet is the record; the paid column (2000 on HT-001) is only a cross-check
    assert report.counts["payments_added"] == 2
    assert report.skipped_sheets == []
    assert _attributes(ledger) == {
        HT: ("张三", "monthly:25", 5_000_000, "10,25", "13800001234"),
        ABC: ("李四", "net:30", 2_000_000, "15", "021-55556666"),
    }
    assert invoices(ledger) == {
        "HT-001": (HT, date(2026, 8, 1), None, 1_000_000),
        "HT-002": (HT, date(2026, 9, 1), None, 500_050),
        "AB-001": (ABC, date(2026, 9, 10), date(2026, 10, 10), 300_000),
    }
    names = {r["id"]: r["name"] for r in customers(ledger).values()}
    paid = sorted((names[p["customer_id"]], p["paid_on"] or date.min, p["amount"], p["invoice_number"],
                   p["origin"]) for p in payments(ledger))
    assert paid == [
        (ABC, date(2026, 11, 2), 100_000, None, "sheet"),
        (HT, date(2026, 10, 25), 300_000, "HT-001", "sheet"),
    ]


def test_name_variants_are_one_customer(tmp_path: Path, ledger, run) -> None:
    spellings = ["ABC 贸易有限公司", "ＡＢＣ　贸易有限公司", "ABC  贸易有限公司", " ABC 贸易有限公司\u3000",
                 "abc 贸易有限公司", "ABC\t贸易有限公司"]
    rows = [(name, f"AB-{i}", date(2026, 9, 1), None, 100, None, "李四") for i, name in enumerate(spellings)]
    pay = SheetSpec("回款记录", PAYMENT_HEADERS, [("Ａｂｃ 贸易有限公司", date(2026, 10, 1), 50, "AB-3")])
    report = run(write_book(tmp_path / "ledger.xlsx", [SheetSpec("应收明细", INVOICE_HEADERS, rows), pay]))
    assert report.counts["customers_added"] == 1
    assert list(customers(ledger)) == [ABC]
    assert {v[0] for v in invoices(ledger).values()} == {ABC}
    assert [(p["invoice_number"], p["amount"]) for p in payments(ledger)] == [("AB-3", 5_000)]


def test_customer_sheet_spelling_names_the_customer(tmp_path: Path, ledger, run) -> None:
    rows = [("ＨＴ五金", "HT-1", date(2026, 9, 1), None, 100, None, "张三")]
    book = [SheetSpec("应收明细", INVOICE_HEADERS, rows),
            SheetSpec("客户资料", ("客户名称", "业务员"), [("ht五金", "张三")])]
    run(write_book(tmp_path / "ledger.xlsx", book))
    assert list(customers(ledger)) == ["ht五金"]


@pytest.mark.parametrize(("text", "terms"), [
    ("月结25日", "monthly:25"), ("月结", "monthly:25"), ("月结10号", "monthly:10"),
    ("monthly:5", "monthly:5"),
    ("现款现货", "cash"), ("现结", "cash"), ("cash", "cash"), ("送二结一", "batch"), ("batch", "batch"),
    ("账期30天", "net:30"), ("60天", "net:60"), ("net:45", "net:45"), ("NET:15", "net:15"),
    ("月结２５日", "monthly:25"),
])
def test_terms_text(tmp_path: Path, ledger, run, text: str, terms: str) -> None:
    sheet = SheetSpec("客户资料", ("客户名称", "结算方式"), [(HT, text)])
    report = run(write_book(tmp_path / "ledger.xlsx", [sheet]))
    assert report.counts["customers_added"] == 1
    assert customers(ledger)[HT]["terms"] == terms


@pytest.mark.parametrize(("cell", "days"), [
    ("10,25", "10,25"), ("25、10", "10,25"), ("10号和25号", "10,25"), ("５，２０", "5,20"), (15, "15"),
    ("10；25；10", "10,25"),
])
def test_pay_days(tmp_path: Path, ledger, run, cell: object, days: str) -> None:
    sheet = SheetSpec("客户资料", ("客户名称", "付款日"), [(HT, cell)])
    run(write_book(tmp_path / "ledger.xlsx", [sheet]))
    assert customers(ledger)[HT]["pay_days"] == days


GOOD_VALUE = {"结算方式": "月结", "付款日": "10,25", "信用额度": 50000}


@pytest.mark.parametrize(("header", "cell", "code", "message"), [
    ("结算方式", "看心情", "bad_terms", "column 结算方式: '看心情' are not payment terms dunner knows"),
    ("付款日", "10,32", "bad_pay_days", "column 付款日: '10,32' are not days of the month"),
    ("付款日", "每月中旬", "bad_pay_days", "column 付款日: '每月中旬' are not days of the month"),
    ("信用额度", "五万", "bad_credit_limit", "column 信用额度: '五万' is not an amount (not a number)"),
    ("信用额度", "-100", "bad_credit_limit", "column 信用额度: '-100' must not be negative"),
], ids=["terms", "pay day 32", "pay days words", "credit words", "credit negative"])
def test_bad_customer_attributes(tmp_path: Path, ledger, run, header, cell, code, message) -> None:
    rows = [(ABC, "李四", GOOD_VALUE[header]), (HT, "张三", cell)]
    sheet = SheetSpec("客户资料", ("客户名称", "业务员", header), rows, title_rows=1)
    with pytest.raises(InputRejected) as caught:
        run(write_book(tmp_path / "ledger.xlsx", [sheet]))
    assert [(p.source, p.code, p.message) for p in caught.value.problems] == [
        ("ledger.xlsx:客户资料!C4", code, message)]
    assert customers(ledger) == {}


def test_customer_sheet_wins_over_invoice_rows_for_the_owner(tmp_path: Path, ledger, run) -> None:
    rows = [(HT, "HT-1", date(2026, 9, 1), None, 100, None, "王五")]
    book = [SheetSpec("应收明细", INVOICE_HEADERS, rows),
            SheetSpec("客户资料", ("客户名称", "业务员"), [(HT, "张三")])]
    run(write_book(tmp_path / "ledger.xlsx", book))
    assert customers(ledger)[HT]["owner"] == "张三"
    from sqlalchemy import select

    from dunner.ledger import repo

    with ledger.read() as conn:
        assert conn.execute(select(repo.INVOICE.c.owner)).scalars().all() == ["王五"]


def test_customer_sheet_updates_a_known_customer(tmp_path: Path, ledger, run) -> None:
    run(write_book(tmp_path / "ledger.xlsx", [INVOICE_SHEET]))
    assert _attributes(ledger)[HT] == ("张三", None, None, "", "")
    sheet = SheetSpec("客户资料", ("客户名称", "业务员", "结算方式", "信用额度"),
                      [(HT, "赵六", "月结25日", 50000)])
    report = run(write_book(tmp_path / "customers.xlsx", [sheet]))
    assert report.counts["customers_updated"] == 1
    assert {(c.subject, c.field, c.old, c.new) for c in report.changes} == {
        (HT, "owner", "张三", "赵六"), (HT, "terms", "", "monthly:25"), (HT, "credit_limit", "", "5000000")}
    assert _attributes(ledger)[HT] == ("赵六", "monthly:25", 5_000_000, "", "")


def test_invoice_rows_fill_gaps_but_never_overwrite(tmp_path: Path, ledger, run) -> None:
    sheet = SheetSpec("客户资料", ("客户名称", "业务员"), [(HT, "张三")])
    run(write_book(tmp_path / "customers.xlsx", [sheet]))
    headers = (*INVOICE_HEADERS, "电话")
    rows = [(HT, "HT-1", date(2026, 9, 1), None, 100, None, "王五", "13800001234")]
    report = run(write_book(tmp_path / "ledger.xlsx", [SheetSpec("应收明细", headers, rows)]))
    assert [(c.field, c.old, c.new) for c in report.changes] == [("phone", "", "13800001234")]
    assert _attributes(ledger)[HT] == ("张三", None, None, "", "13800001234")


def test_contact_people_from_the_customer_sheet(tmp_path: Path, ledger, run) -> None:
    sheet = SheetSpec("客户资料", ("客户名称", "联系人", "电话", "微信"),
                      [(HT, "王经理", 13800001234, "wang_ht"), (ABC, "刘会计", "021-55556666", None)])
    path = write_book(tmp_path / "ledger.xlsx", [sheet])
    run(path)
    assert [(p["name"], p["phone"]) for p in persons(ledger)] == [
        ("王经理", "13800001234"), ("刘会计", "021-55556666")]
    assert customers(ledger)[HT]["wechat"] == "wang_ht"
    run(path)
    assert len(persons(ledger)) == 2


def test_payment_sheet_with_a_plain_date_column(tmp_path: Path, ledger, run) -> None:
    pay = SheetSpec("回款", ("客户名称", "日期", "金额", "付款方式", "流水号"),
                    [(HT, "2026-10-25", "¥3,000", "转账", 20261025001)])
    report = run(write_book(tmp_path / "ledger.xlsx", [INVOICE_SHEET, pay]))
    assert report.counts["payments_added"] == 1
    sheet_payments = [(p["paid_on"], p["amount"], p["method"], p["reference"]) for p in payments(ledger)
                      if p["origin"] == "sheet"]
    assert sheet_payments == [(date(2026, 10, 25), 300_000, "转账", "20261025001")]


def test_payment_for_an_unknown_customer_is_a_bad_row(tmp_path: Path, ledger, run) -> None:
    pay = SheetSpec("回款记录", PAYMENT_HEADERS, [(HT, date(2026, 10, 25), 3000, None),
                                                  ("杭州恒通五金", date(2026, 10, 26), 100, None)])
    with pytest.raises(InputRejected) as caught:
        run(write_book(tmp_path / "ledger.xlsx", [INVOICE_SHEET, pay]))
    assert [(p.source, p.code) for p in caught.value.problems] == [
        ("ledger.xlsx:回款记录!3", "unknown_customer")]
    assert "'杭州恒通五金'" in caught.value.problems[0].message


def test_payment_naming_an_unknown_invoice_is_a_bad_row(tmp_path: Path, ledger, run) -> None:
    pay = SheetSpec("回款记录", PAYMENT_HEADERS, [(HT, date(2026, 10, 25), 3000, "HT-999")])
    with pytest.raises(InputRejected) as caught:
        run(write_book(tmp_path / "ledger.xlsx", [INVOICE_SHEET, pay]))
    [problem] = caught.value.problems
    assert (problem.source, problem.code) == ("ledger.xlsx:回款记录!2", "unknown_invoice")
    assert "HT-999" in problem.message


def test_payments_for_customers_already_in_the_ledger(tmp_path: Path, ledger, run) -> None:
    run(write_book(tmp_path / "ledger.xlsx", [INVOICE_SHEET]))
    pay = SheetSpec("回款记录", PAYMENT_HEADERS, [(HT, date(2026, 10, 25), 3000, "HT-002")])
    report = run(write_book(tmp_path / "payments.xlsx", [pay]))
    assert report.counts["payments_added"] == 1
    assert report.missing == []
    assert [(p["invoice_number"], p["amount"], p["origin"]) for p in payments(ledger)][-1] == (
        "HT-002", 300_000, "sheet")


def test_invoice_sheet_with_a_payment_date_column_stays_an_invoice_sheet(tmp_path: Path, ledger, run) -> None:
    # 应收明细 with 已收金额 and the date of the last receipt (回款日期) is still a list of invoices
    headers = (*INVOICE_HEADERS, "回款日期")
    rows = [(HT, "HT-001", date(2026, 9, 1), date(2026, 10, 1), 10000, 10000, "张三", date(2026, 10, 8)),
            (HT, "HT-002", date(2026, 9, 2), None, 5000, None, "张三", None)]
    report = run(write_book(tmp_path / "ledger.xlsx", [SheetSpec("应收明细", headers, rows, title_rows=2)]))
    assert report.counts["invoices_added"] == 2
    assert invoices(ledger) == {"HT-001": (HT, date(2026, 9, 1), date(2026, 10, 1), 1_000_000),
                                "HT-002": (HT, date(2026, 9, 2), None, 500_000)}
    assert sum(p["amount"] for p in payments(ledger)) == 1_000_000
