"""The commands that record one fact (``pay``, ``log``, ``promise``, ``ack``, ``signal``) write
an SQLite ledger through the standard library's sqlite3, without SQLAlchemy or the table models:
the same rows, stored the same way, as an SQLAlchemy connection writes."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from dunner.ledger import repo
from dunner.ledger.db import open_ledger
from dunner.ledger.sql import DEFAULTS
from tests.ledger.sqlite_files import contents_of
from tests.loaded_modules import import_example, run_in_one_process

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


@pytest.mark.sqlite_only("the SQLite file's text of each value, written both ways")
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


# a clerk's and a boss's corrections, in the order a day brings them: each command's exit code
RECORDING = [
    (["pay", "恒通", "100", "--date", "2026-11-02"], 0),
    (["pay", "恒通", "200", "--bill", "bank", "--bill-no", "B-77", "--matures", "2027-01-31"], 0),
    (["bill", "endorse", "B-77", "--to", "某供应商"], 0),
    (["pay", "恒通", "300", "--bill", "commercial", "--bill-no", "B-78", "--matures", "2027-01-31"], 0),
    (["bill", "dishonoured", "B-78"], 0),
    (["log", "恒通", "call", "--outcome", "promised", "--note", "月底"], 0),
    (["log", "恒通", "call", "--outcome", "disputed", "--invoice", "XS2026-0081"], 0),
    (["dispute", "恒通", "XS2026-0081", "--resolved"], 0),
    (["dispute", "恒通", "XS2026-0081", "--reason", "质量"], 0),
    (["fapiao", "恒通", "XS2026-0081", "--received", "2026-11-20"], 0),
    (["promise", "恒通", "1000", "2026-11-30"], 0), (["ack", "恒通", "100", "--force"], 0),
    (["signal", "恒通", "relocation"], 0),
    (["instalments", "恒通", "--count", "2", "--first", "2026-12-01"], 0),
    (["instalments", "恒通", "--cancel"], 0),
    (["customer", "add", "新客户甲", "--owner", "张三", "--person", "李四,payer,13800000000"], 0),
    (["customer", "edit", "新客户甲", "--phone", "021-1234"], 0),
    (["undo", "P41"], 0), (["undo", "P41"], 1),  # the second time: already undone
]


@pytest.mark.sqlite_only("what a command loads to write an SQLite file")
def test_recording_and_correcting_loads_no_orm(tmp_path: Path) -> None:
    """Each command in a process of its own would cost a second apiece: one process runs them
    all, and says after each which of the heavy modules it has loaded."""
    db = tmp_path / "ledger.db"
    import_example(db)
    ran, done = run_in_one_process(db, [args for args, _ in RECORDING])
    assert [(args[0], code) for (args, _), (code, _) in zip(RECORDING, ran, strict=False)] == \
        [(args[0], code) for args, code in RECORDING], done.stdout[-3000:] + done.stderr[-2000:]
    assert {tuple(loaded) for _, loaded in ran} == {()}, done.stderr[-3000:]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM customer").fetchone() == (37,)  # 36 and one added
        assert conn.execute("SELECT bill_no, bill_state, bill_endorsed_to FROM payment"
                            " WHERE bill_no LIKE ? ORDER BY id", ("B-%",)).fetchall() == [
            ("B-77", "endorsed", "某供应商"), ("B-78", "dishonoured", "")]
        assert conn.execute("SELECT count(*) FROM promise WHERE undo_note = ?",
                            ("instalment plan cancelled",)).fetchone() == (2,)
        assert conn.execute("SELECT undone_on FROM payment WHERE id = 41").fetchone() == ("2026-11-23",)


def test_days_and_times_of_a_subclass_are_written_as_plain_ones() -> None:
    import pendulum

    assert repo.lite(pendulum.date(2026, 11, 3)) == repo.lite(date(2026, 11, 3)) == "2026-11-03"
    assert repo.lite(pendulum.datetime(2026, 11, 3, 9, 5, tz="Asia/Shanghai")) == \
        repo.lite(datetime(2026, 11, 3, 9, 5)) == "2026-11-03 09:05:00.000000"
    assert [repo.lite(v) for v in (True, False, 5, "x", None)] == [1, 0, 5, "x", None]
