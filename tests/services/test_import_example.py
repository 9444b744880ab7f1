"""Importing the bundled example workbook: every figure lands in the ledger to the fen, once."""

from __future__ import annotations

from pathlib import Path

from dunner.config import load_config
from dunner.ledger import repo
from dunner.ledger.db import open_ledger
from dunner.services.importing import ImportOptions, import_file
from tests.example_book import EXAMPLE, name_key, read_example


def test_example_amounts_match_the_workbook_totals_to_the_fen(db_path: Path) -> None:
    """Invoiced is the 合计 row's amount; the payments are the 回款 sheet's, customer by customer,
    and so is the paid column (its 合计 included): nothing is counted twice, nothing is noted."""
    book = read_example()
    ledger = open_ledger(str(db_path))
    report = import_file(ledger, EXAMPLE, ImportOptions(), load_config(None, {}))
    with ledger.read() as conn:
        invoiced = sum(r[5] for r in repo.invoice_facts(conn))
        payments = repo.payment_facts(conn)
        names = {cid: name_key(name) for cid, name, _key in repo.customer_names(conn)}
    ledger.close()
    assert report.notes == []
    assert invoiced == book.total_amount
    assert len(payments) == len(book.payments)
    assert {p[5] for p in payments} == {"sheet"}
    sheet = sum(p.amount for p in book.payments)
    assert sum(p[3] for p in payments) == sheet == book.total_paid
    assert sum(inv.paid for inv in book.invoices) == sheet
    by_customer: dict[str, int] = {}
    for p in payments:
        by_customer[names[p[1]]] = by_customer.get(names[p[1]], 0) + p[3]
    listed: dict[str, int] = {}
    for pay in book.payments:
        listed[name_key(pay.customer)] = listed.get(name_key(pay.customer), 0) + pay.amount
    assert by_customer == listed
