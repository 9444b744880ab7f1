"""``dunner db check``: a sound ledger passes (exit 0), each problem is one line (exit 1)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.cli.small_ledger import write_book
from tests.conftest import Cli


@pytest.fixture
def ledger(cli: Cli, tmp_path: Path) -> Cli:
    assert cli("import", str(write_book(tmp_path / "book.xlsx"))).exit_code == 0
    assert cli("pay", "恒通", "3000", "--date", "2026-11-20").exit_code == 0
    assert cli("pay", "鑫达", "9000", "--date", "2026-11-21").exit_code == 0  # ¥4,000 credit
    return cli


def test_a_sound_ledger_passes(ledger: Cli) -> None:
    result = ledger("db", "check")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert result.stdout == "ledger OK: 2 customers checked, file intact\n"
    assert ledger.json("db", "check") == {"ok": True, "customers": 2, "integrity_checked": True,
                                          "problems": []}


def _damage(db: Path) -> None:
    """Rows another tool wrote with foreign keys off: a promise of a customer that is gone, a
    payment naming an invoice its customer does not have."""
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("INSERT INTO promise (customer_id, made_on, due_on, amount, note, undo_note)"
                     " VALUES (99, '2026-11-01', '2026-11-30', 500, '', '')")
        conn.execute("UPDATE payment SET invoice_number = 'ZZ-9' WHERE amount = 300000")


def test_each_problem_is_one_line_and_exit_1(ledger: Cli) -> None:
    _damage(ledger.db)
    result = ledger("db", "check")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "promise row 1 belongs to customer 99, which does not exist",
        "杭州恒通五金有限公司: payment P1 names invoice ZZ-9, which the customer does not have"]
    assert result.stderr.startswith("2 problem(s) found")
    zh = ledger("db", "check", lang="zh")
    assert zh.stdout.splitlines()[0] == "promise 第 1 行属于不存在的客户 99"


def test_json_lists_the_problems(ledger: Cli) -> None:
    _damage(ledger.db)
    result = ledger("db", "check", "--json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["ok"] is False
    assert [(p["code"], p.get("table"), p.get("invoice")) for p in doc["problems"]] == [
        ("orphan", "promise", None), ("unmatched", None, "ZZ-9")]
    assert result.stderr == ""


@pytest.mark.sqlite_only("overwrites bytes of the file for PRAGMA integrity_check to find")
def test_a_damaged_file_is_reported(ledger: Cli) -> None:
    """Bytes overwritten inside an index: SQLite's integrity check names it."""
    with sqlite3.connect(ledger.db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("CREATE INDEX ix_test_note ON payment (reference, method, amount)")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'ix_test_note'"
                            ).fetchone()[0]
    conn.close()
    with ledger.db.open("r+b") as fh:
        fh.seek((root - 1) * page_size + 8)
        fh.write(b"\xff" * 64)
    result = ledger("db", "check")
    assert result.exit_code != 0
    assert "damaged" in result.stdout + result.stderr


def test_on_postgresql_the_invariants_are_checked(pg_url: str, tmp_path: Path) -> None:
    """No file to check there, the rows and the money all the same."""
    from sqlalchemy import create_engine, text

    from dunner.ledger.db import resolve_url

    cli = Cli(pg_url)  # type: ignore[arg-type]
    assert cli("import", str(write_book(tmp_path / "book.xlsx"))).exit_code == 0
    assert cli("pay", "恒通", "3000", "--date", "2026-11-20").exit_code == 0
    clean = cli("db", "check")
    assert (clean.exit_code, clean.stdout) == (0, "ledger OK: 2 customers checked\n")
    assert cli.json("db", "check")["integrity_checked"] is False
    engine = create_engine(resolve_url(pg_url))
    with engine.begin() as conn:
        conn.execute(text("UPDATE payment SET invoice_number = 'ZZ-9'"))
    engine.dispose()
    result = cli("db", "check")
    assert result.exit_code == 1
    assert result.stdout.endswith("names invoice ZZ-9, which the customer does not have\n")
