"""Import: invoices of many customers missing from a new file are reported with the same open
ones whether their positions are read customer by customer or from one read of the ledger."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dunner.services import customers
from tests.services.workbooks import INVOICE_HEADERS, PAYMENT_HEADERS, SheetSpec, write_book

MANY = customers.FEW_CUSTOMERS + 5


def _name(i: int) -> str:
    return f"客户{i:03d}贸易有限公司"


def _book(path: Path, second: bool) -> Path:
    """Two invoices per customer (the second left out when ``second`` is false); every third
    customer paid its second invoice in full, every fifth paid half of it."""
    rows, paid = [], []
    for i in range(MANY):
        rows.append((_name(i), f"A{i}-1", date(2026, 3, 2), None, 1000, None, "张三"))
        if second:
            rows.append((_name(i), f"A{i}-2", date(2026, 4, 1), None, 2000, None, "张三"))
        if i % 3 == 0:
            paid.append((_name(i), date(2026, 5, 6), 2000, f"A{i}-2"))
        elif i % 5 == 0:
            paid.append((_name(i), date(2026, 5, 6), 1000, f"A{i}-2"))
    return write_book(path, [SheetSpec("应收明细", INVOICE_HEADERS, rows),
                             SheetSpec("回款", PAYMENT_HEADERS, paid)])


@pytest.mark.postgres_too
@pytest.mark.parametrize("one_read", [True, False])
def test_the_open_missing_invoices_of_many_customers(tmp_path: Path, ledger, run, monkeypatch,
                                                     one_read: bool) -> None:
    run(_book(tmp_path / "full.xlsx", second=True))
    if one_read:  # no customer read on its own
        def refuse(*_args: object, **_kwargs: object) -> None:
            raise AssertionError("read one customer at a time")
        monkeypatch.setattr(customers, "position_of", refuse)
    else:
        monkeypatch.setattr(customers, "FEW_CUSTOMERS", MANY)
    report = run(_book(tmp_path / "later.xlsx", second=False))
    # paid in full: deleted from the clerk's sheet, nothing to say; open (whole or half): said
    expected = sorted(f"{_name(i)} A{i}-2" for i in range(MANY) if i % 3)
    assert sorted(report.missing) == expected
    assert report.counts["invoices_unchanged"] == MANY
