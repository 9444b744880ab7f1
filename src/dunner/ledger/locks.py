"""One run at a time: a file lock beside an SQLite ledger, an advisory lock on PostgreSQL."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from dunner.errors import DunnerError
from dunner.i18n import t
from dunner.ledger.db import Ledger

POLL_SECONDS = 0.5
_LOCAL: dict[str, threading.Lock] = {}  # a ledger only this process sees (in memory)


def _key(name: str) -> int:
    """A stable signed 64-bit key for ``pg_try_advisory_lock``."""
    return int.from_bytes(hashlib.sha1(f"dunner:{name}".encode()).digest()[:8], "big", signed=True)


@contextmanager
def run_lock(ledger: Ledger, name: str, wait: float) -> Iterator[None]:
    """Hold the ``name`` lock of this ledger for the block; wait up to ``wait`` seconds for a
    run holding it to finish, then refuse with one clear line."""
    if ledger.path is not None:
        with _file_lock(ledger, name, wait):
            yield
    elif ledger.dialect == "postgresql":
        with _advisory_lock(ledger, name, wait):
            yield
    else:
        lock = _LOCAL.setdefault(f"{ledger.url}:{name}", threading.Lock())
        if not lock.acquire(timeout=wait):
            raise _busy(name, wait)
        try:
            yield
        finally:
            lock.release()


@contextmanager
def _file_lock(ledger: Ledger, name: str, wait: float) -> Iterator[None]:
    from filelock import FileLock, Timeout  # imported here: only the commands that lock pay for it

    assert ledger.path is not None
    lock = FileLock(str(ledger.path.with_name(f"{ledger.path.name}.{name}.lock")), mode=0o600)
    try:
        lock.acquire(timeout=wait, poll_interval=POLL_SECONDS / 5)
    except Timeout as exc:
        raise _busy(name, wait) from exc
    try:
        yield
    finally:
        lock.release()


@contextmanager
def _advisory_lock(ledger: Ledger, name: str, wait: float) -> Iterator[None]:
    """A session lock held by one connection for the whole run; never blocks the server."""
    from sqlalchemy import text  # PostgreSQL only: a run on an SQLite file never loads it

    key = _key(name)
    with ledger.engine.connect() as conn:
        deadline = time.monotonic() + wait
        while not conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar():
            conn.rollback()
            if time.monotonic() >= deadline:
                raise _busy(name, wait)
            time.sleep(POLL_SECONDS)
        conn.commit()
        try:
            yield
        finally:
            conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
            conn.commit()


def _busy(name: str, wait: float) -> DunnerError:
    return DunnerError("run_busy", t("lock.busy", command=name, seconds=int(wait)),
                       t("lock.busy.hint"))
