"""The commands that record one fact (``pay``, ``log``, ``promise``, ``ack``, ``signal``) write
an SQLite ledger through the standard library's sqlite3, without SQLAlchemy or the table models:
the same rows, stored the same way, as an SQLAlchemy connection writes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from dunner.ledger import repo
from dunner.ledger.db import open_ledger
from dunner.ledger.sql import DEFAULTS
from tests.example_book import EXAMPLE
from tests.ledger.sqlite_files import contents_of

HEAVY = ("sqlmodel", "sqlalchemy", "pydantic", "alembic", "dunner.ledger.tables")
DAY = date(2026, 11, 20)
# one row of each table a one-fact command writes, with days, times to the microsecond, flags,
# empty text and NULLs among its values
ROWS: list[tuple[str, dict[str, Any]]] = [
    ("payment", {"paid_on": DAY, "amount": 1_200_050, "method": "转账", "reference": "0031",
                 "invoice_number": "XS-1", "origin": "manual", "recorded_on": DAY}),
    ("payment", {"paid_on": DAY, "amount": 500_00, "bill_kind": "bank", "bill_no": "B-1",
                 "bill_matures": date(2027, 2, 20), "bill_state": "held"}),
    ("contact_log", {"at": datetime(2026, 11, 20, 9, 40, 5, 120), "channel": "call",
                     "outcome": "promised", "excuse": None, "note": "月底前付一半", "who": "张三",
                     "evidence": True, "action_id": "a1b2"}),
    ("contact_log", {"at": datetime(2026, 11, 20, 15, 30), "channel": "wechat"}),
    ("promise", {"made_on": DAY, "due_on": date(2026, 11, 30), "amount": 300_000, "note": ""}),
    ("acknowledgement", {"on_date": DAY, "balance": 0, "note": "对账"}),
    ("signal", {"on_date": DAY, "kind": "relocation", "note": "搬到东莞"}),
]


def _write(path: Path, plain: bool) -> dict[str, list[Any]]:
    """Every row of ``ROWS`` and two updates, into a new ledger with one customer: through the
    standard library's connection (``plain``) or SQLAlchemy's; the file's rows after."""
    ledger = open_ledger(str(path))
    try:
        with ledger.write() as conn:
            cid = repo.insert_one(conn, repo.CUSTOMER, {"name": "恒通", "name_key": "恒通"})
        with (ledger.writer() if plain else ledger.write()) as conn:
            first: dict[str, int] = {}
            for table, row in ROWS:
                first.setdefault(table, repo.insert_one(conn, table, {"customer_id": cid, **row}))
            repo.update_one(conn, "payment", first["payment"],
                            {"bill_state": "dishonoured", "bill_state_on": date(2026, 12, 1)})
            repo.update_one(conn, "contact_log", first["contact_log"],
                            {"evidence": False, "undone_on": DAY})
    finally:
        ledger.close()
    return contents_of(path)


def test_a_row_written_in_plain_sql_is_stored_as_sqlalchemy_stores_it(tmp_path: Path) -> None:
    plain, alchemy = _write(tmp_path / "plain.db", True), _write(tmp_path / "alchemy.db", False)
    assert plain == alchemy
    log = plain["contact_log"]
    assert [row[2] for row in log] == ["2026-11-20 09:40:05.000120", "2026-11-20 15:30:00.000000"]
    assert [row[8] for row in log] == [0, 0]  # a flag as 0 or 1, the first one updated
    assert [row[10] for row in log] == ["2026-11-20", None]
    assert [len(plain[t]) for t in ("payment", "promise", "acknowledgement", "signal")] == [2, 1, 1, 1]
    assert {t for t, _ in ROWS} <= set(DEFAULTS)


@pytest.mark.postgres_too
def test_a_payment_near_another_is_found_on_either_connection(ledger_url: str) -> None:
    ledger = open_ledger(ledger_url)
    try:
        with ledger.write() as conn:
            cid = repo.insert_one(conn, repo.CUSTOMER, {"name": "恒通", "name_key": "恒通"})
            for on, amount, origin, undone in [(date(2026, 11, 10), 5000, "manual", None),
                                               (date(2026, 11, 18), 5000, "sheet", DAY),
                                               (date(2026, 11, 16), 5000, "sheet", None),
                                               (None, 5000, "paid_column", None),
                                               (date(2026, 11, 19), 7000, "manual", None)]:
                repo.insert_one(conn, "payment", {"customer_id": cid, "paid_on": on,
                                                  "amount": amount, "origin": origin,
                                                  "undone_on": undone, "reference": str(on)})
        for opened in (ledger.writer, ledger.write):
            with opened() as conn:
                # the earliest payment of that amount within the days, not undone, dated
                found = repo.payment_near(conn, cid, 5000, DAY, 7)
                assert found is not None and found[1:3] == (date(2026, 11, 16), "2026-11-16")
                assert repo.payment_near(conn, cid, 5000, DAY, 3) is None
                wider = repo.payment_near(conn, cid, 5000, DAY, 10)
                assert wider is not None and wider[1] == date(2026, 11, 10)
                assert repo.payment_near(conn, cid, 6000, DAY, 30) is None
    finally:
        ledger.close()


@pytest.fixture(scope="module")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("write_path") / "ledger.db"
    done = subprocess.run([sys.executable, "-m", "dunner", "--db", str(db), "--today", "2026-11-23",
                           "import", str(EXAMPLE)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "DUNNER_CONFIG": os.devnull})
    assert done.returncode == 0, done.stderr
    return db


ONE_FACT = (["pay", "恒通", "100", "--date", "2026-11-02"],
            ["pay", "恒通", "200", "--bill", "bank", "--bill-no", "B-77", "--matures", "2027-01-31"],
            ["log", "恒通", "call", "--outcome", "promised", "--note", "月底"],
            ["log", "恒通", "call", "--outcome", "disputed", "--invoice", "XS2026-0081"],
            ["promise", "恒通", "1000", "2026-11-30"], ["ack", "恒通", "100", "--force"],
            ["signal", "恒通", "relocation"])


@pytest.mark.parametrize("args", ONE_FACT, ids=" ".join)
def test_recording_one_fact_loads_no_orm(example_db: Path, args: list[str]) -> None:
    code = ("import sys\n"
            f"sys.argv = ['dunner', '--db', {str(example_db)!r}, '--today', '2026-11-23', *{args!r}]\n"
            "from dunner.cli.app import main\n"
            "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
            f"loaded = [m for m in {HEAVY!r} if m in sys.modules]\n"
            "sys.stderr.write(f'\\nEXIT={code} LOADED={loaded}')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "DUNNER_CONFIG": os.devnull})
    assert re.search(r"EXIT=(None|0) LOADED=\[\]$", done.stderr.strip()), done.stderr[-2000:]
    assert done.stdout.strip()
