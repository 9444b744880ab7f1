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
from dunner.ledger.tables import metadata

MON, TUE, WED = date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)


def test_the_handle_is_the_table() -> None:
    table = metadata.tables["reminder_sent"]
    assert {c.name for c in reminders.SENT.c} == {c.name for c in table.c}
    for col in reminders.SENT.c:
        assert col.type._type_affinity is table.c[col.name].type._type_affinity


def test_sent_and_last_sent(db_path: Path) -> None:
    led = open_ledger(str(db_path))
    with led.write() as conn:
        reminders.record_sent(conn, MON, "张三", "email", "h1", datetime(2026, 11, 23, 8))
        reminders.record_sent(conn, MON, "张三", "email", "h1", datetime(2026, 11, 23, 9))  # --force
        reminders.record_sent(conn, TUE, "张三", "webhook", "h2", datetime(2026, 11, 24, 8))
    with led.read() as conn:
        assert conn.execute(reminders.SENT.select()).all()[0].sent_at == datetime(2026, 11, 23, 9)
        assert reminders.sent_on(conn, MON, "email") == {"张三"}
        assert reminders.sent_on(conn, MON, "webhook") == set()
        assert reminders.last_sent_before(conn, WED, "email") == {"张三": MON}
        assert reminders.last_sent_before(conn, WED, None) == {"张三": TUE}
        assert reminders.last_sent_before(conn, MON, "email") == {}
    led.close()


def test_payments_entered_by_the_day_recorded(db_path: Path) -> None:
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
    with led.read() as conn:
        assert sorted(f for _, f, _ in reminders.payments_entered(conn, MON, WED)) == [100, 200, 400]
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
