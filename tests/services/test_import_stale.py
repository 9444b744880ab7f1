"""An import compares the workbook with the ledger, then writes; when another writer changed
the ledger in between (a second import of the same customers), it compares again instead of
failing or counting anything twice."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dunner.config import load_config
from dunner.ledger import repo
from dunner.ledger.db import open_ledger
from dunner.services import importing
from dunner.services.importing import ImportOptions, import_file
from tests.cli.small_ledger import write_book

OPTIONS = ImportOptions(today=date(2026, 11, 23))


def _counts(db: Path) -> tuple[int, int]:
    from sqlalchemy import func, select

    ledger = open_ledger(str(db))
    try:
        with ledger.read() as conn:
            return tuple(conn.execute(select(func.count()).select_from(table)).scalar_one()
                         for table in (repo.CUSTOMER, repo.INVOICE))  # type: ignore[return-value]
    finally:
        ledger.close()


def test_a_ledger_changed_meanwhile_is_compared_again(db_path: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    book = write_book(tmp_path / "book.xlsx")
    ledger = open_ledger(str(db_path))
    other = open_ledger(str(db_path))
    real_state, calls = importing._state, []

    def state_then_another_import(led, *args):  # type: ignore[no-untyped-def]
        found = real_state(led, *args)
        calls.append(1)
        if len(calls) == 1:  # the other run writes the same customers after this one read
            import_file(other, book, OPTIONS, load_config(None, {}))
        return found

    monkeypatch.setattr(importing, "_state", state_then_another_import)
    try:
        report = import_file(ledger, book, OPTIONS, load_config(None, {}))
    finally:
        ledger.close()
        other.close()
    assert len(calls) == 3  # this run, the other one inside it, this run again
    assert report.counts == {"customers_unchanged": 2, "invoices_unchanged": 3}
    assert _counts(db_path) == (2, 3)


def test_a_ledger_that_never_settles_is_compared_holding_the_write(
        db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another run adds a customer after every comparison: after its tries the import compares
    inside its own write transaction, where nothing can come between."""
    book = write_book(tmp_path / "book.xlsx")
    ledger = open_ledger(str(db_path))
    other = open_ledger(str(db_path))
    real_state, calls = importing._state, []

    def state_then_a_customer(led, *args):  # type: ignore[no-untyped-def]
        found = real_state(led, *args)
        calls.append(led is ledger)
        if led is ledger:  # not while the import holds the write transaction: that would wait
            with other.write() as conn:
                repo.insert_one(conn, repo.CUSTOMER, {"name": f"插队{len(calls)}",
                                                      "name_key": f"插队{len(calls)}"})
        return found

    monkeypatch.setattr(importing, "_state", state_then_a_customer)
    try:
        report = import_file(ledger, book, OPTIONS, load_config(None, {}))
    finally:
        ledger.close()
        other.close()
    assert calls == [True] * importing.OPTIMISTIC_ATTEMPTS + [False]
    assert report.counts == {"customers_added": 2, "invoices_added": 3}
    assert _counts(db_path) == (importing.OPTIMISTIC_ATTEMPTS + 2, 3)
