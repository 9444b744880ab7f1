"""A ``dunner import`` killed at any moment (SIGKILL: no clean-up runs) leaves an intact SQLite
file holding all of the import or none of it; running it again completes with the right totals,
and ``db check`` finds nothing wrong."""

from __future__ import annotations

import signal
import sqlite3
import time
from pathlib import Path

import pytest

from tests.cli.processes import big_rows, big_totals, environment, run, start, write_big_book

pytestmark = pytest.mark.sqlite_only("PRAGMA integrity_check and the -wal file after a SIGKILL")

INVOICES, CUSTOMERS = 20_000, 400
FRACTIONS = (0.15, 0.35, 0.55, 0.75, 0.92)  # of a whole import's duration


@pytest.fixture(scope="session")
def big_book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[int, int, int]]:
    rows = big_rows(INVOICES, CUSTOMERS)
    path = write_big_book(tmp_path_factory.mktemp("crash") / "big.xlsx", rows)
    return path, big_totals(rows)


def _contents(db: Path) -> tuple[int, int, int, int]:
    """(customers, invoices, Σ invoice fen, Σ paid-column fen) after SQLite's own recovery."""
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "invoice" not in tables:  # killed before the schema was committed
            return 0, 0, 0, 0
        customers = conn.execute("SELECT count(*) FROM customer").fetchone()[0]
        invoices, amount = conn.execute("SELECT count(*), coalesce(sum(amount), 0) FROM invoice"
                                        ).fetchone()
        paid = conn.execute("SELECT coalesce(sum(amount), 0) FROM payment").fetchone()[0]
    return customers, invoices, amount, paid


def test_a_killed_import_leaves_all_or_nothing(big_book: tuple[Path, tuple[int, int, int]],
                                               tmp_path: Path) -> None:
    book, (count, amount, paid) = big_book
    whole = (CUSTOMERS, count, amount, paid)
    reference = tmp_path / "reference.db"
    began = time.monotonic()
    done = run("import", str(book), env=environment(reference, tmp_path))
    duration = time.monotonic() - began
    assert done.returncode == 0, done.stderr
    assert _contents(reference) == whole
    seen = set()
    for fraction in FRACTIONS:
        db = tmp_path / f"killed-{fraction}.db"
        env = environment(db, tmp_path)
        proc = start("import", str(book), env=env)
        time.sleep(duration * fraction)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        state = _contents(db) if db.exists() and db.stat().st_size else (0, 0, 0, 0)
        assert state in ((0, 0, 0, 0), whole), (fraction, state)
        seen.add(state == whole)
        again = run("import", str(book), env=env)
        assert again.returncode == 0, again.stderr
        assert _contents(db) == whole
        checked = run("db", "check", env=env)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert "file intact" in checked.stdout
    assert False in seen, "no kill landed before the import committed"
