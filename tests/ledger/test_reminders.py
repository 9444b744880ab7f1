"""The digests delivered, the payments entered in a span, and the lock against overlapping runs."""

from __future__ import annotations

import threading
import time
from datetime import date, datetime
from pathlib import Path

import pytest

from dunner.errors import DunnerError
from dunner.ledger import reminders, repo
from dunner.ledger.db import open_ledger
from dunner.ledger.locks import run_lock
from dunner.ledger.sql import COLUMNS, select_all
from dunner.ledger.tables import metadata
from tests.ledger.sqlite_files import contents_of

MON, TUE, WED = date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)


def test_the_plain_columns_are_the_tables() -> None:
    """``reminder_sent`` as the plain SQL reads it: the model's columns, in order, each of the
    kind its type says."""
    from sqlalchemy import Date, DateTime, Integer, String

    types = {"int": Integer, "text": String, "date": Date, "stamp": DateTime}
    table = metadata.tables["reminder_sent"]
    assert [n for n, _ in COLUMNS["reminder_sent"]] == [c.name for c in table.c]
    for name, kind in COLUMNS["reminder_sent"]:
        assert table.c[name].type._type_affinity is types[kind], name


@pytest.mark.sqlite_only("the SQLite file's text of each value, written both ways")
def test_a_delivery_is_stored_as_sqlalchemy_stores_it(tmp_path: Path) -> None:
    at = datetime(2026, 11, 23, 8, 30, 5)
    plain, alchemy = open_ledger(str(tmp_path / "plain.db")), open_ledger(str(tmp_path / "al.db"))
    with plain.writer() as conn:
        reminders.record_sent(conn, MON, "张三", "email", "h1", at)
    with alchemy.write() as conn:
        conn.execute(metadata.tables["reminder_sent"].insert().values(
            sent_on=MON, recipient="张三", channel="email", digest_hash="h1", sent_at=at))
    plain.close()
    alchemy.close()
    rows = contents_of(tmp_path / "plain.db")["reminder_sent"]
    assert rows == contents_of(tmp_path / "al.db")["reminder_sent"]
    assert [tuple(r) for r in rows] == [(1, "2026-11-23", "张三", "email", "h1",
                                         "2026-11-23 08:30:05.000000")]


@pytest.mark.postgres_too
@pytest.mark.parametrize("plain", [True, False])  # the standard library's connection or SQLAlchemy's
def test_sent_and_last_sent(db_path: Path, plain: bool) -> None:
    led = open_ledger(str(db_path))
    with led.writer() if plain else led.write() as conn:
        reminders.record_sent(conn, MON, "张三", "email", "h1", datetime(2026, 11, 23, 8))
        reminders.record_sent(conn, MON, "张三", "email", "h1", datetime(2026, 11, 23, 9))  # --force
        reminders.record_sent(conn, TUE, "张三", "webhook", "h2", datetime(2026, 11, 24, 8))
    with led.reader() if plain else led.read() as conn:
        rows = select_all(conn, "reminder_sent", order="id")
        assert [(r["sent_on"], r["channel"], r["sent_at"]) for r in rows] == [
            (MON, "email", datetime(2026, 11, 23, 9)), (TUE, "webhook", datetime(2026, 11, 24, 8))]
        assert reminders.sent_on(conn, MON, "email") == {"张三"}
        assert reminders.sent_on(conn, MON, "webhook") == set()
        assert reminders.last_sent_before(conn, WED, "email") == {"张三": MON}
        assert reminders.last_sent_before(conn, WED, None) == {"张三": TUE}
        assert reminders.last_sent_before(conn, MON, "email") == {}
    led.close()


@pytest.mark.postgres_too
@pytest.mark.parametrize("plain", [True, False])
def test_payments_entered_by_the_day_recorded(db_path: Path, plain: bool) -> None:
    led = open_ledger(str(db_path))
    with led.write() as conn:
        zs = repo.insert_one(conn, repo.CUSTOMER, {"name": "恒通", "name_key": "恒通", "owner": "张三"})
        ls = repo.insert_one(conn, repo.CUSTOMER, {"name": "鑫达", "name_key": "鑫达", "owner": "李四"})
        for cid, paid, recorded, fen in ((zs, date(2026, 11, 1), MON, 100),  # entered late: counts
                                         (zs, MON, None, 200),  # no entry day: the day paid
                                         (zs, TUE, WED, 300),  # entered today: tomorrow's
                                         (ls, TUE, TUE, 400)):
            repo.insert_one(conn, repo.PAYMENT, {"customer_id": cid, "paid_on": paid, "amount": fen,
                                                 "recorded_on": recorded})
    with led.reader() if plain else led.read() as conn:
        assert sorted(reminders.payments_entered(conn, MON, WED)) == [
            (zs, 100, MON), (zs, 200, MON), (ls, 400, TUE)]
        assert sorted(f for _, f, _ in reminders.payments_entered(conn, MON, WED, "张三")) == [100, 200]
    led.close()


def test_a_second_run_waits_then_is_refused(db_path: Path) -> None:
    led = open_ledger(str(db_path))
    other = open_ledger(str(db_path))
    with run_lock(led, "remind", 1):
        started = time.monotonic()
        with pytest.raises(DunnerError) as caught, run_lock(other, "remind", 0.3):
            pass
        assert 0.25 < time.monotonic() - started < 5
        assert caught.value.code == "run_busy"
    with run_lock(other, "remind", 1):  # released: the next run takes it
        pass
    led.close()
    other.close()


def test_a_waiting_run_goes_on_when_the_first_ends(db_path: Path) -> None:
    led = open_ledger(str(db_path))
    order: list[str] = []

    def second() -> None:
        with run_lock(open_ledger(str(db_path)), "remind", 10):
            order.append("second")

    with run_lock(led, "remind", 1):
        thread = threading.Thread(target=second)
        thread.start()
        time.sleep(0.3)
        order.append("first done")
    thread.join(10)
    assert order == ["first done", "second"]
    led.close()


def test_postgres_uses_an_advisory_lock(pg_url: str) -> None:
    url = pg_url
    first, second = open_ledger(url), open_ledger(url)
    try:
        with run_lock(first, "remind", 1):
            with pytest.raises(DunnerError) as caught, run_lock(second, "remind", 0.5):
                pass
            assert caught.value.code == "run_busy"
        with run_lock(second, "remind", 1):
            pass
    finally:
        first.close()
        second.close()
