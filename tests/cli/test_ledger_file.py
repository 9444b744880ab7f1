"""The --db file on the command line: a typo starts no ledger, and a file dunner cannot use
(read-only, not a database) is one line and a hint, never a traceback."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.services.workbooks import PAYMENT_HEADERS, SheetSpec, invoice_book

READS = [("status",), ("grade",), ("plan",), ("customer", "list"), ("customer", "show", "甲"),
         ("report", "aging"), ("db", "backup")]
WRITES = [("pay", "甲", "10"), ("log", "甲", "call"), ("promise", "甲", "10", "2026-12-01"),
          ("ack", "甲", "10"), ("signal", "甲", "relocation"), ("customer", "edit", "甲"),
          ("customer", "add", "甲")]
ROW = ("甲公司", "A-1", date(2026, 9, 1), None, 1000, None, "张三")
pytestmark = pytest.mark.sqlite_only("a missing, new, read-only or foreign ledger file")

MISSING_HINT = "hint: import a workbook first (dunner import FILE.xlsx), or check --db / DUNNER_DB"


def _lines(result) -> list[str]:
    assert "Traceback" not in result.stdout + result.stderr
    return result.stderr.splitlines()


@pytest.mark.parametrize("args", READS, ids=" ".join)
def test_read_command_on_a_missing_ledger_fails_and_creates_nothing(cli: Cli, args) -> None:
    result = cli(*args)
    assert result.exit_code == 1
    assert _lines(result) == [f"error: the ledger file {cli.db} does not exist", MISSING_HINT]
    assert list(cli.db.parent.iterdir()) == []


def test_missing_ledger_as_json(cli: Cli) -> None:
    result = cli("status", "--json")
    assert result.exit_code == 1
    assert '"code": "db_missing"' in result.stdout


@pytest.mark.parametrize("args", WRITES[:-1], ids=" ".join)
def test_record_command_that_fails_on_a_new_ledger_leaves_no_file(cli: Cli, args) -> None:
    result = cli(*args)
    assert result.exit_code == 1
    assert _lines(result)[0] == "error: no customer named '甲'"
    assert list(cli.db.parent.iterdir()) == []


def test_customer_add_starts_a_private_ledger(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "new" / "ledger.db")
    assert cli("customer", "add", "甲").exit_code == 0
    assert stat.S_IMODE(os.stat(cli.db).st_mode) == 0o600
    assert [c["customer"] for c in cli.json("customer", "list")] == ["甲"]


def test_db_upgrade_starts_a_ledger(cli: Cli) -> None:
    result = cli("db", "upgrade")
    assert result.exit_code == 0, result.stderr
    assert cli.db.exists()


def test_import_dry_run_creates_no_ledger(cli: Cli, tmp_path: Path) -> None:
    book = invoice_book(tmp_path / "book.xlsx", [ROW])
    result = cli("import", str(book), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "invoices: 1 added" in result.stdout
    assert not cli.db.exists()


def test_refused_import_creates_no_ledger(cli: Cli, tmp_path: Path) -> None:
    pay = SheetSpec("回款记录", PAYMENT_HEADERS, [("甲公司", date(2026, 10, 1), "一千", None)])
    result = cli("import", str(invoice_book(tmp_path / "book.xlsx", [ROW], extra=[pay])))
    assert result.exit_code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsx"]


def test_unreadable_workbook_creates_no_ledger(cli: Cli, tmp_path: Path) -> None:
    junk = tmp_path / "book.xlsx"
    junk.write_bytes(b"not a workbook")
    result = cli("import", str(junk))
    assert result.exit_code == 1
    assert not cli.db.exists()


def test_import_whose_write_fails_removes_the_new_ledger(cli: Cli, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy.exc import OperationalError

    import dunner.services.importing as importing

    def on_a_full_disk(ledger, changes, seen=None) -> None:
        full = sqlite3.OperationalError("database or disk is full")
        full.sqlite_errorname = "SQLITE_FULL"  # what the driver sets
        with ledger.write() as conn:
            conn.exec_driver_sql("DELETE FROM customer")  # half-way through the transaction
            raise OperationalError("INSERT INTO invoice …", None, full)

    monkeypatch.setattr(importing, "write_changes", on_a_full_disk)
    result = cli("import", str(invoice_book(tmp_path / "book.xlsx", [ROW])))
    assert result.exit_code == 1
    assert _lines(result) == [
        f"error: the ledger {cli.db} could not be written or read: database or disk is full",
        "hint: check the disk (free space, errors); the failed change was rolled back"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.xlsx"]


def test_import_starts_the_ledger(cli: Cli, tmp_path: Path) -> None:
    assert cli("import", str(invoice_book(tmp_path / "book.xlsx", [ROW]))).exit_code == 0
    assert [c["customer"] for c in cli.json("customer", "list")] == ["甲公司"]


# --- files dunner cannot use ----------------------------------------------------------------

READ_ONLY_HINT = ("hint: dunner needs write access to ledger.db and its folder, even to read "
                  "(SQLite keeps ledger.db-wal and ledger.db-shm beside it): fix the permissions "
                  "or work on a copy")


def _read_only(cli: Cli) -> Cli:
    """The ledger opened read-only by SQLite itself (tests run as root, where chmod stops
    nothing): SQLite answers exactly as for a file or folder without write permission."""
    return Cli(f"sqlite:///file:{cli.db}?mode=ro&uri=true")  # type: ignore[arg-type]


@pytest.fixture
def made(cli: Cli) -> Cli:
    assert cli("customer", "add", "甲").exit_code == 0
    return cli


def test_read_only_ledger_refuses_a_write_in_one_line(made: Cli) -> None:
    result = _read_only(made)("pay", "甲", "10")
    assert result.exit_code == 1
    assert _lines(result) == [f"error: no permission to use the ledger {made.db}: attempt to "
                              "write a readonly database", READ_ONLY_HINT]


def test_read_only_ledger_in_a_read_only_folder_refuses_a_read_in_one_line(made: Cli) -> None:
    # without write access to the folder SQLite cannot keep its WAL files: it fails at once
    with sqlite3.connect(made.db) as raw:
        raw.execute("PRAGMA journal_mode=DELETE")
    result = _read_only(made)("status")
    assert result.exit_code == 1
    assert _lines(result) == [f"error: no permission to use the ledger {made.db}: attempt to "
                              "write a readonly database", READ_ONLY_HINT]


@pytest.mark.parametrize("args", [("status",), ("customer", "add", "乙")], ids=" ".join)
@pytest.mark.parametrize("name", ["notes.txt", "ledger.xlsx"])
def test_file_that_is_no_database_is_one_line(tmp_path: Path, name: str, args) -> None:
    path = tmp_path / name
    if name.endswith(".xlsx"):
        invoice_book(path, [ROW])
    else:
        path.write_text("some notes\n" * 50, encoding="utf-8")
    before = path.read_bytes()
    result = Cli(path)(*args)
    assert result.exit_code == 1
    assert _lines(result) == [
        f"error: {path} is not a dunner ledger: file is not a database",
        "hint: check --db / DUNNER_DB: it names the ledger database, not a workbook; to read a "
        "workbook use dunner import FILE"]
    assert path.read_bytes() == before
