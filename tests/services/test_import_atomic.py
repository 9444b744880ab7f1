"""A crash in the middle of writing an import leaves the ledger as it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from dunner.config import load_config
from dunner.ledger import repo
from dunner.ledger.db import open_ledger
from dunner.services.importing import ImportOptions, import_file

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "ledger.xlsx"


def test_failure_while_writing_payments_writes_nothing(db_path: Path, monkeypatch) -> None:
    ledger = open_ledger(str(db_path))
    real = repo.bulk_insert

    def failing(conn, table, rows):
        if table is repo.PAYMENT:
            raise RuntimeError("disk full")
        real(conn, table, rows)

    monkeypatch.setattr(repo, "bulk_insert", failing)
    with pytest.raises(RuntimeError):
        import_file(ledger, EXAMPLE, ImportOptions(), load_config(None, {}))
    with ledger.read() as conn:
        assert repo.customer_rows(conn) == []
        assert repo.invoice_facts(conn) == []
    monkeypatch.setattr(repo, "bulk_insert", real)
    report = import_file(ledger, EXAMPLE, ImportOptions(), load_config(None, {}))
    assert report.counts["invoices_added"] == 150
    ledger.close()


def test_example_amounts_match_the_workbook_totals_to_the_fen(db_path: Path) -> None:
    """The 合计 row of the example says 1,698,063.83 invoiced and 249,585.07 paid."""
    from python_calamine import CalamineWorkbook

    from dunner.domain.money import to_fen

    book = CalamineWorkbook.from_path(str(EXAMPLE))
    rows = book.get_sheet_by_name("回款").to_python()
    sheet_payments = sum(to_fen(r[2]) for r in rows[1:] if r[0])
    ledger = open_ledger(str(db_path))
    import_file(ledger, EXAMPLE, ImportOptions(), load_config(None, {}))
    with ledger.read() as conn:
        invoiced = sum(r[5] for r in repo.invoice_facts(conn))
        payments = repo.payment_facts(conn)
    ledger.close()
    assert invoiced == 169_806_383
    assert sum(p[3] for p in payments if p[2] is None) == 24_958_507
    assert sum(p[3] for p in payments if p[2] is not None) == sheet_payments
