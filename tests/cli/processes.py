"""The real ``dunner`` as separate processes, and a large ledger workbook built once per session
(the crash and concurrency tests)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from tests.services.workbooks import INVOICE_HEADERS, INVOICE_SHEET, SheetSpec, write_book_xlsxwriter

BIN = Path(sys.executable).parent
COMMAND = [str(BIN / "dunner")] if (BIN / "dunner").exists() else [sys.executable, "-m", "dunner"]
TODAY = "2026-11-23"


def environment(db: str | Path, home: Path, **extra: str) -> dict[str, str]:
    """What a cron line leaves: a bare PATH, HOME, and the DUNNER_* variables."""
    return {"PATH": f"{BIN}:/usr/bin:/bin", "HOME": str(home), "DUNNER_DB": str(db),
            "DUNNER_TODAY": TODAY, "DUNNER_LANG": "en", "LANG": "C.UTF-8", **extra}


def start(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen([*COMMAND, *args], env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            encoding="utf-8")


def run(*args: str, env: dict[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*COMMAND, *args], env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout,
                          check=False)


def count(db: str | Path, table: str, where: str = "1=1") -> int:
    """Rows of ``table`` in an SQLite file or a ``postgresql://`` database."""
    if isinstance(db, Path) or "://" not in db:
        with sqlite3.connect(db) as conn:
            return int(conn.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0])
    from sqlalchemy import create_engine, text

    from dunner.ledger.db import resolve_url

    engine = create_engine(resolve_url(db))
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(f"SELECT count(*) FROM {table} WHERE {where}")).scalar_one())
    finally:
        engine.dispose()


def busy_day(cli: Any) -> str:
    """The first day of the week the plan has something for someone: its digests are sent."""
    return str(min(a["date"] for a in cli.json("plan", "--week")["actions"]))


def big_rows(invoices: int, customers: int) -> list[list[object]]:
    """Invoice rows over ``customers`` customers; every third partly paid (the paid column)."""
    start_day = date(2026, 1, 1)
    rows: list[list[object]] = []
    for i in range(invoices):
        issued = start_day + timedelta(days=i % 300)
        amount = 1000 + (i * 37) % 9000
        paid = amount // 2 if i % 3 == 0 else None
        rows.append([f"客户{i % customers:04d}贸易有限公司", f"N{i:06d}", issued,
                     issued + timedelta(days=30), amount, paid, f"业务员{i % 7}"])
    return rows


def big_totals(rows: list[list[object]]) -> tuple[int, int, int]:
    """(invoices, Σ amounts in fen, Σ paid in fen) of ``big_rows``."""
    amounts = sum(int(r[4]) for r in rows)  # type: ignore[call-overload]
    paid = sum(int(r[5]) for r in rows if r[5] is not None)  # type: ignore[call-overload]
    return len(rows), amounts * 100, paid * 100


def write_big_book(path: Path, rows: list[list[object]]) -> Path:
    return write_book_xlsxwriter(path, [SheetSpec(INVOICE_SHEET, INVOICE_HEADERS, rows)])
