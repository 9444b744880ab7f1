"""Opening the ledger: a missing file refused or made on first use, unusable files as one error."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from dunner.errors import DunnerError
from dunner.ledger import repo
from dunner.ledger.db import open_ledger, sqlite_path


def _files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_missing_file_is_refused_without_create(tmp_path: Path) -> None:
    with pytest.raises(DunnerError) as info:
        open_ledger(str(tmp_path / "typo.db"), create=False)
    assert info.value.code == "db_missing"
    assert info.value.message == f"the ledger file {tmp_path / 'typo.db'} does not exist"
    assert info.value.hint == ("import a workbook first (dunner import FILE.xlsx), or check "
                               "--db / DUNNER_DB")
    assert _files(tmp_path) == []


def test_deferred_ledger_is_made_on_first_write(tmp_path: Path) -> None:
    path = tmp_path / "new" / "ledger.db"
    ledger = open_ledger(str(path), defer=True)
    try:
        assert not ledger.exists and not path.parent.exists()
        with ledger.write() as conn:
            repo.insert_one(conn, repo.CUSTOMER, {"name": "甲", "name_key": "甲",
                                                  "created_on": date(2026, 11, 23)})
        assert ledger.exists
        assert path.stat().st_mode & 0o777 == 0o600
    finally:
        ledger.close()
    with sqlite3.connect(path) as raw:
        assert raw.execute("SELECT name FROM customer").fetchall() == [("甲",)]


def test_failed_first_write_leaves_no_file_nor_folder(tmp_path: Path) -> None:
    ledger = open_ledger(str(tmp_path / "a" / "b" / "ledger.db"), defer=True)
    with pytest.raises(RuntimeError), ledger.write() as conn:
        repo.insert_one(conn, repo.CUSTOMER, {"name": "甲", "name_key": "甲",
                                              "created_on": date(2026, 11, 23)})
        raise RuntimeError("the write fails half-way")
    ledger.close()
    assert _files(tmp_path) == []


def test_failed_write_keeps_a_ledger_that_was_there(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    open_ledger(str(path)).close()
    ledger = open_ledger(str(path), create=False)
    with pytest.raises(RuntimeError), ledger.write():
        raise RuntimeError("boom")
    ledger.close()
    assert path.exists()


def test_failed_write_after_a_good_one_keeps_the_new_file(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    ledger = open_ledger(str(path), defer=True)
    with ledger.write() as conn:
        conn.execute(text("SELECT 1"))
    with pytest.raises(RuntimeError), ledger.write():
        raise RuntimeError("boom")
    ledger.close()
    assert path.exists()


def test_server_urls_are_not_files(tmp_path: Path) -> None:
    with pytest.raises(DunnerError) as info:
        open_ledger("postgresql://user:hunter2@127.0.0.1:1/nowhere", create=False)
    assert info.value.code == "db_open"


@pytest.mark.parametrize(("url", "expected"), [
    ("sqlite:////tmp/x.db", "/tmp/x.db"),
    ("sqlite:///file:/tmp/x.db?mode=ro&uri=true", "/tmp/x.db"),
    ("sqlite:///file:///tmp/x%20y.db?mode=ro&uri=true", "/tmp/x y.db"),
    ("sqlite:///file:x?mode=memory&uri=true", None),
    ("sqlite://", None),
])
def test_sqlite_path(url: str, expected: str | None) -> None:
    found = sqlite_path(url)
    assert (str(found) if found else None) == expected


def _read_only(path: Path) -> str:
    return f"sqlite:///file:{path}?mode=ro&uri=true"


def test_read_only_ledger_is_one_clear_error_on_write(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    open_ledger(str(path)).close()
    ledger = open_ledger(_read_only(path), create=False)
    with ledger.read() as conn:  # reading a WAL ledger whose folder is writable works
        assert conn.execute(text("SELECT count(*) FROM customer")).scalar() == 0
    with pytest.raises(DunnerError) as info, ledger.write() as conn:
        repo.insert_one(conn, repo.CUSTOMER, {"name": "甲", "name_key": "甲",
                                              "created_on": date(2026, 11, 23)})
    ledger.close()
    assert info.value.code == "db_readonly"
    assert info.value.message == (f"no permission to use the ledger {path}: attempt to write a "
                                  "readonly database")


def test_read_only_ledger_that_cannot_switch_to_wal_fails_at_open(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    open_ledger(str(path)).close()
    with sqlite3.connect(path) as raw:
        raw.execute("PRAGMA journal_mode=DELETE")
    with pytest.raises(DunnerError) as info:
        open_ledger(_read_only(path), create=False)
    assert info.value.code == "db_readonly"


@pytest.mark.parametrize("content", [b"not a database\n" * 100, b"PK\x03\x04" + b"\0" * 2000])
def test_file_that_is_no_database_is_one_clear_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(content)
    with pytest.raises(DunnerError) as info:
        open_ledger(str(path), create=False)
    assert info.value.code == "db_not_ledger"
    assert info.value.message == f"{path} is not a dunner ledger: file is not a database"
    assert path.read_bytes() == content
