"""``dunner remind`` on an SQLite ledger loads none of the heavy modules (SQLAlchemy, SQLModel
and the table models, pydantic, alembic): the dry runs read it, a real run to a mail server on
loopback reads it, takes its lock and records each delivery through the standard library's
sqlite3 — and still sends each digest once a day."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.loaded_modules import TODAY, import_example, run_in_one_process
from tests.notify_servers import HOST, smtp_server

OWNERS = {"张三": "zs@example.com", "李四": "ls@example.com", "王芳": "wf@example.com",
          "赵敏": "zm@example.com"}
BOSS = "boss@example.com"


@pytest.fixture
def example_db(tmp_path: Path) -> Path:
    db = tmp_path / "ledger.db"
    import_example(db)
    return db


def write_config(path: Path, port: int) -> Path:
    """Every owner of the example with an address, a boss, and a mail server without login."""
    lines = ["[notify]", f'boss = "{BOSS}"']
    for owner, address in OWNERS.items():
        lines += [f'[owners."{owner}"]', f'email = "{address}"']
    lines += ["[notify.email]", f'host = "{HOST}"', f"port = {port}", 'security = "none"',
              'sender = "dunner@example.com"']
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def sent_rows(db: Path) -> list[tuple[str, str, str]]:
    """(day, recipient, channel) of every delivery the ledger recorded."""
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT sent_on, recipient, channel FROM reminder_sent"
                            " ORDER BY recipient").fetchall()
    finally:
        conn.close()


def test_dry_runs_load_nothing_heavy_and_record_nothing(example_db: Path, tmp_path: Path) -> None:
    config = write_config(tmp_path / "config.toml", 25)  # a dry run connects to no server
    ran, done = run_in_one_process(example_db, [
        ["remind", "--dry-run"],
        ["--config", str(config), "remind", "--to", "email", "--dry-run"],
    ])
    assert ran == [(0, []), (0, [])], done.stderr[-2000:]
    assert "张三 · 2026-11-23" in done.stdout  # the digest printed
    assert "dry run: would send e-mail for 张三 to zs@example.com" in done.stdout
    assert sent_rows(example_db) == []


def test_a_real_run_sends_once_records_and_loads_nothing_heavy(example_db: Path,
                                                               tmp_path: Path) -> None:
    with smtp_server() as box:
        config = write_config(tmp_path / "config.toml", box.port)
        email = ["--config", str(config), "remind", "--to", "email"]
        ran, done = run_in_one_process(example_db, [email, email])
        assert ran == [(0, []), (0, [])], done.stderr[-2000:]
        received = sorted(address for rcpt, _ in box.received for address in rcpt)
    assert received == sorted([*OWNERS.values(), BOSS])  # the second run sent nothing again
    assert "already sent" in done.stdout
    assert sent_rows(example_db) == sorted([(TODAY, owner, "email") for owner in OWNERS]
                                           + [(TODAY, "@boss", "email")])
