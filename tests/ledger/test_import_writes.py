"""How an import writes an SQLite ledger: through the standard library's sqlite3, without
SQLAlchemy or the table models, the same rows an SQLAlchemy connection writes; into a table that
is still empty, its indexes made after its rows, leaving the schema as it was."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from dunner.config import load_config
from dunner.ledger import repo
from dunner.ledger.db import open_ledger
from dunner.ledger.defaults import MODELS, defaults
from dunner.ledger.sql import DEFAULTS
from dunner.services.importing import ImportOptions, import_file, store
from tests.cli.small_ledger import write_book
from tests.example_book import EXAMPLE
from tests.ledger.schema_regen import migrate_empty_file
from tests.ledger.sqlite_files import contents_of, schema_of, shape_of
from tests.loaded_modules import run_in_one_process

TODAY = date(2026, 11, 23)


def _import(path: Path, book: Path, *, held: bool = False) -> None:
    """Import ``book`` into the SQLite file ``path``; ``held``: through the SQLAlchemy
    connection of a write transaction held for the whole import."""
    ledger = open_ledger(str(path))
    try:
        if held:
            with ledger.held() as one:
                import_file(one, book, ImportOptions(today=TODAY), load_config(None, {}))
        else:
            import_file(ledger, book, ImportOptions(today=TODAY), load_config(None, {}))
    finally:
        ledger.close()


def _rowids(path: Path) -> dict[str, int]:
    """Each table's and index's place in ``sqlite_master`` (one made again gets a new one)."""
    with sqlite3.connect(path) as conn:
        places = dict(conn.execute("SELECT name, rowid FROM sqlite_master"))
    conn.close()
    return places


def _order(path: Path) -> list[str]:
    places = _rowids(path)
    return sorted(places, key=places.__getitem__)


def test_the_defaults_are_the_models() -> None:
    assert set(DEFAULTS) == set(MODELS)
    for table, values in DEFAULTS.items():
        assert values == defaults(table), table


def test_an_import_into_a_new_ledger_loads_neither_sqlalchemy_nor_the_models(tmp_path: Path) -> None:
    db = tmp_path / "new" / "ledger.db"
    ran, done = run_in_one_process(db, [["import", str(EXAMPLE)]])
    assert ran == [(0, [])], done.stderr[-2000:]
    assert "invoices: 150 added" in done.stdout
    assert len(contents_of(db)["invoice"]) == 150


def test_sqlite3_and_sqlalchemy_write_the_same_rows(tmp_path: Path) -> None:
    """A new ledger, then a second workbook into the tables it filled: row for row the same
    through either connection."""
    small = write_book(tmp_path / "small.xlsx")
    lite, alchemy = tmp_path / "lite.db", tmp_path / "alchemy.db"
    for book in (EXAMPLE, small):
        _import(lite, book)
        _import(alchemy, book, held=True)
    rows = contents_of(lite)
    assert rows == contents_of(alchemy)
    assert (len(rows["customer"]), len(rows["invoice"]), len(rows["payment"])) == (37, 153, 40)


def test_the_indexes_of_empty_tables_are_made_after_their_rows(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    kept, after = tmp_path / "kept.db", tmp_path / "after.db"
    monkeypatch.setattr(store, "BUILD_INDEXES_AFTER", 10**9)
    _import(kept, EXAMPLE)
    monkeypatch.setattr(store, "BUILD_INDEXES_AFTER", 3)  # the 150 invoices and 40 payments
    _import(after, EXAMPLE)
    assert contents_of(after) == contents_of(kept)
    migrated = tmp_path / "alembic.db"
    migrate_empty_file(migrated)
    assert shape_of(after) == shape_of(kept) == shape_of(migrated)
    assert sorted(schema_of(after)["master"]) == sorted(schema_of(migrated)["master"])
    order = _order(after)  # the indexes dropped and made again come last now
    assert order != _order(kept)
    assert order[-3:] == ["ix_payment_customer_id", "ix_payment_bill_no", "ix_invoice_customer_id"]
    with sqlite3.connect(after) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        plan = conn.execute("EXPLAIN QUERY PLAN SELECT * FROM payment WHERE customer_id = 1").fetchall()
    conn.close()
    assert "ix_payment_customer_id" in str(plan)


def test_a_table_with_rows_keeps_its_indexes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "ledger.db"
    monkeypatch.setattr(store, "BUILD_INDEXES_AFTER", 1)
    _import(db, write_book(tmp_path / "small.xlsx"))  # three invoices, no payment
    before = _rowids(db)
    assert _order(db)[-1] == "ix_invoice_customer_id"
    _import(db, EXAMPLE)  # invoices into a table that has rows, payments into an empty one
    after = _rowids(db)
    assert after["ix_invoice_customer_id"] == before["ix_invoice_customer_id"]
    assert after["ix_payment_customer_id"] > before["ix_invoice_customer_id"]
    assert _order(db)[-2:] == ["ix_payment_customer_id", "ix_payment_bill_no"]
    assert len(contents_of(db)["invoice"]) == 153


def test_a_failure_after_the_indexes_were_dropped_leaves_the_ledger_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "ledger.db"
    open_ledger(str(db)).close()
    before = schema_of(db)
    real = repo.bulk_update  # the last write: after the inserts, before the indexes are made

    def failing(conn: object, table: str, rows: object) -> None:
        if table == "payment":
            raise RuntimeError("disk full")
        real(conn, table, rows)  # type: ignore[arg-type]

    monkeypatch.setattr(repo, "bulk_update", failing)
    monkeypatch.setattr(store, "BUILD_INDEXES_AFTER", 1)
    with pytest.raises(RuntimeError, match="disk full"):
        _import(db, EXAMPLE)
    assert schema_of(db) == before
    assert all(rows == [] for name, rows in contents_of(db).items() if name != "alembic_version")
