"""The ledger database: SQLite settings, private file, migrations, newer schemas refused, backups."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from dunner.errors import DunnerError
from dunner.ledger import repo
from dunner.ledger.db import HEAD, REVISIONS, open_ledger, resolve_url


@pytest.mark.sqlite_only("the file's mode and sqlite_master; test_postgres.py migrates a server")
def test_new_ledger_is_private_and_migrated(db_path: Path) -> None:
    ledger = open_ledger(str(db_path))
    try:
        assert stat.S_IMODE(os.stat(db_path).st_mode) == 0o600
        with ledger.read() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
            tables = set(conn.execute(text("SELECT name FROM sqlite_master WHERE type='table'")).scalars())
        assert {"customer", "contact_person", "invoice", "payment", "contact_log", "promise",
                "acknowledgement", "signal", "reminder_sent"} <= tables
    finally:
        ledger.close()


@pytest.mark.sqlite_only("SQLite's PRAGMAs: WAL, synchronous, busy timeout")
def test_sqlite_settings(db_path: Path) -> None:
    ledger = open_ledger(str(db_path))
    try:
        with ledger.read() as conn:
            pragma = {name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                      for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")}
        assert pragma == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1,
                          "busy_timeout": 30000}
    finally:
        ledger.close()


def test_foreign_keys_are_enforced(db_path: Path) -> None:
    ledger = open_ledger(str(db_path))
    try:
        with pytest.raises(Exception, match="(?i)foreign key"), ledger.write() as conn:
            repo.insert_one(conn, repo.INVOICE, {"customer_id": 999, "number": "X",
                                                 "issued": date(2026, 1, 1), "amount": 100})
    finally:
        ledger.close()


@pytest.mark.sqlite_only("SQLite's BEGIN IMMEDIATE and its file lock, seen through sqlite3")
def test_write_transactions_begin_immediately(db_path: Path) -> None:
    """A second writer waits (busy) instead of failing half-way through its transaction."""
    ledger = open_ledger(str(db_path))
    try:
        with ledger.write() as conn:
            conn.exec_driver_sql("SELECT 1")
            other = sqlite3.connect(db_path, timeout=0.05)
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
            other.close()
    finally:
        ledger.close()


@pytest.mark.sqlite_only("compares the file's bytes; test_postgres.py refuses a newer server schema")
def test_ledger_from_a_newer_dunner_is_refused_untouched(db_path: Path) -> None:
    open_ledger(str(db_path)).close()
    with sqlite3.connect(db_path) as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    before = db_path.read_bytes()
    with pytest.raises(DunnerError) as info:
        open_ledger(str(db_path))
    assert info.value.code == "db_newer"
    assert "newer dunner" in info.value.message
    assert db_path.read_bytes() == before


def test_revisions_match_the_migration_scripts() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(repo.__file__).with_name("migrations")))
    scripts = ScriptDirectory.from_config(cfg)
    assert scripts.get_current_head() == HEAD
    assert [s.revision for s in reversed(list(scripts.walk_revisions()))] == list(REVISIONS)


def test_models_match_the_migrations(db_path: Path) -> None:
    """Autogenerate finds nothing to add: the tables and the migrations say the same."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from dunner.ledger.tables import metadata

    ledger = open_ledger(str(db_path))
    try:
        with ledger.read() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
        assert [d for d in diff if d[0] not in ("add_index", "remove_index")] == []
    finally:
        ledger.close()


@pytest.mark.parametrize(("value", "expected"), [
    ("postgresql://u:p@localhost/dunner", "postgresql+psycopg://u:p@localhost/dunner"),
    ("postgres://localhost/x", "postgresql+psycopg://localhost/x"),
    ("sqlite:///tmp/x.db", "sqlite:///tmp/x.db"),
])
def test_resolve_url(value: str, expected: str) -> None:
    assert resolve_url(value) == expected


def test_plain_path_becomes_absolute_sqlite_url(tmp_path: Path) -> None:
    assert resolve_url(str(tmp_path / "a.db")) == f"sqlite:///{tmp_path / 'a.db'}"


def test_unopenable_ledger_is_one_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DunnerError) as info:
        open_ledger(str(blocker / "sub" / "ledger.db"))
    assert info.value.code == "db_open"


def test_password_never_appears_in_errors() -> None:
    with pytest.raises(DunnerError) as info:
        open_ledger("postgresql://user:hunter2@127.0.0.1:1/nowhere")
    assert "hunter2" not in info.value.message


@pytest.mark.sqlite_only("db backup copies the SQLite file; a server is backed up with pg_dump")
def test_backup_and_upgrade_commands(cli, tmp_path: Path) -> None:
    assert cli("customer", "add", "甲公司").exit_code == 0
    target = tmp_path / "copy.db"
    result = cli("db", "backup", str(target))
    assert result.exit_code == 0, result.stderr
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    with sqlite3.connect(target) as raw:
        assert raw.execute("SELECT name FROM customer").fetchall() == [("甲公司",)]
    result = cli("db", "upgrade")
    assert result.exit_code == 0
    assert f"{HEAD} → {HEAD}" in result.stdout
