"""Import: the change set's invoice and payment tuples name real columns, and the values they
fill in for a sheet without fapiao or bill columns are the columns' own defaults; a row's
own rules give the same problems on the short path as on the long one."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from dunner.ledger import repo
from dunner.ledger.defaults import defaults
from dunner.services.importing.changes import (
    FAPIAO_COLUMNS,
    INV_APPROXIMATE,
    INV_ISSUED,
    INV_NUMBER,
    INVOICE_RECORD,
    NO_BILL,
    NO_FAPIAO,
    PAY_AMOUNT,
    PAY_NUMBER,
    PAY_ON,
    PAY_ORIGIN,
    PAYMENT_RECORD,
)
from dunner.services.importing.rows import Row, check_row


def test_the_records_name_each_column_of_their_table_once() -> None:
    for names, table in ((INVOICE_RECORD, repo.INVOICE), (PAYMENT_RECORD, repo.PAYMENT)):
        assert len(set(names)) == len(names)
        assert set(names) <= {c.name for c in table.columns} - {"id", "customer_id"}
    assert [INVOICE_RECORD[i] for i in (INV_NUMBER, INV_ISSUED, INV_APPROXIMATE)] == \
        ["number", "issued", "approximate"]
    assert [PAYMENT_RECORD[i] for i in (PAY_ON, PAY_AMOUNT, PAY_NUMBER, PAY_ORIGIN)] == \
        ["paid_on", "amount", "invoice_number", "origin"]


def test_a_sheet_without_fapiao_or_bill_columns_writes_their_defaults() -> None:
    invoice, payment = defaults("invoice"), defaults("payment")
    assert INVOICE_RECORD[8:11] == FAPIAO_COLUMNS
    assert NO_FAPIAO == tuple(invoice[c] for c in FAPIAO_COLUMNS)
    bills = PAYMENT_RECORD[-len(NO_BILL):]
    assert all(c.startswith("bill_") for c in bills)
    assert NO_BILL == tuple(payment[c] for c in bills)


D1, D2 = date(2026, 10, 1), date(2026, 10, 31)


@pytest.mark.parametrize(("values", "codes"), [
    ({"amount": 100, "paid": 100, "issued": D1, "due": D1}, []),
    ({"amount": 100, "paid": 0, "issued": D1, "due": D2}, []),
    ({"amount": 100, "paid": 101}, ["paid_exceeds"]),
    ({"amount": 100, "paid": -1}, ["paid_negative"]),
    ({"amount": 0}, ["amount_not_positive"]),
    ({"amount": -5, "paid": 1}, ["amount_not_positive"]),
    ({"amount": 100, "issued": D2, "due": D1}, ["due_before_issue"]),
    ({"issued": D2, "due": D1}, ["due_before_issue"]),
    ({"amount": 100, "bill_no": "B1", "method": "银行承兑"}, ["bill_no_maturity"]),
])
def test_a_rows_own_rules(values: dict[str, Any], codes: list[str]) -> None:
    kind = "payments" if "bill_no" in values else "invoices"
    row = Row("应收", 7, kind, {"customer": "恒通", **values}, [])
    assert [p.code for p in check_row(row, "f.xlsx")] == codes
