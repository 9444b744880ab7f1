"""Upgrades: a ledger made by the first schema, holding data, is brought to this dunner's schema
with nothing changed; one stamped by a newer dunner is refused untouched, byte for byte; and a
backup taken while another process writes is a sound ledger."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from dunner.ledger import repo
from dunner.ledger.db import HEAD, REVISIONS
from tests.cli.processes import environment, start
from tests.cli.small_ledger import write_book
from tests.conftest import Cli

pytestmark = pytest.mark.sqlite_only("copies and compares the SQLite file; db backup is SQLite's")

VIEWS = (("customer", "list"), ("customer", "show", "恒通"), ("customer", "show", "鑫达"),
         ("status",), ("grade",))


def _first_schema(path: Path) -> None:
    """An empty ledger as the first migration left it."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    cfg = Config()
    cfg.set_main_option("script_location", str(Path(repo.__file__).with_name("migrations")))
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, REVISIONS[0])
    engine.dispose()


def _copy_into_first_schema(source: Path, target: Path) -> dict[str, int]:
    """Every row of ``source``, by SQL, in the columns the first schema has; rows per table."""
    copied = {}
    with sqlite3.connect(target) as dst:
        dst.execute(f"ATTACH DATABASE '{source}' AS src")
        tables = [r[0] for r in dst.execute("SELECT name FROM main.sqlite_master WHERE type ="
                                            " 'table' AND name != 'alembic_version'")]
        for table in tables:
            old = [r[1] for r in dst.execute(f'PRAGMA main.table_info("{table}")')]
            cols = ", ".join(f'"{c}"' for c in old)
            dst.execute(f'INSERT INTO main."{table}" ({cols}) SELECT {cols} FROM src."{table}"')
            copied[table] = dst.execute(f'SELECT count(*) FROM main."{table}"').fetchone()[0]
        assert dst.execute("SELECT version_num FROM alembic_version").fetchone() == (REVISIONS[0],)
    return copied


def _views(cli: Cli) -> dict[tuple[str, ...], Any]:
    """What the reports say; without the day each payment was recorded, which the first
    schema did not keep (so an upgraded ledger knows it only for the paid column's claims)."""
    views = {args: cli.json(*args) for args in VIEWS}
    for args, doc in views.items():
        if args[:2] == ("customer", "show"):
            for payment in doc["payments"]:
                assert payment.pop("recorded_on") in (None, cli.today.isoformat())
    return views


def test_a_first_schema_ledger_is_upgraded_with_nothing_changed(cli: Cli, tmp_path: Path) -> None:
    assert cli("import", str(write_book(tmp_path / "book.xlsx"))).exit_code == 0
    for args in (("pay", "恒通", "3000", "--date", "2026-11-20", "--invoice", "H-2"),
                 ("pay", "鑫达", "9000", "--date", "2026-11-21"),
                 ("log", "恒通", "call", "--outcome", "promised", "--note", "月底付",
                  "--at", "2026-11-23 09:40"),
                 ("promise", "恒通", "2000", "2026-11-30")):
        result = cli(*args)
        assert result.exit_code == 0, result.stdout + result.stderr
    before = _views(cli)
    old = tmp_path / "old.db"
    _first_schema(old)
    copied = _copy_into_first_schema(cli.db, old)
    assert copied["invoice"] == 3 and copied["payment"] == 2 and copied["promise"] == 1

    upgraded = Cli(old)
    result = upgraded("db", "upgrade")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == f"ledger schema: {REVISIONS[0]} → {HEAD}"
    after = _views(upgraded)
    assert after == before
    assert upgraded("db", "check").exit_code == 0


def test_a_ledger_from_a_newer_dunner_is_refused_byte_for_byte(cli: Cli, tmp_path: Path) -> None:
    assert cli("import", str(write_book(tmp_path / "book.xlsx"))).exit_code == 0
    raw = sqlite3.connect(cli.db, isolation_level=None)
    raw.execute("UPDATE alembic_version SET version_num = '9999'")
    raw.close()  # the last connection folds the WAL into the file and removes it
    files = {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("ledger")}
    for args in (("db", "upgrade"), ("customer", "list"), ("pay", "恒通", "1", "--date",
                                                           "2026-11-20"), ("db", "check")):
        result = cli(*args)
        assert result.exit_code != 0
        assert "written by a newer dunner (schema 9999)" in result.stderr
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()
            if p.name.startswith("ledger")} == files


def test_a_backup_taken_while_another_process_writes_is_sound(cli: Cli, tmp_path: Path) -> None:
    assert cli("import", str(write_book(tmp_path / "book.xlsx"))).exit_code == 0
    env = environment(cli.db, tmp_path)
    writers = [start("log", "恒通", "call", "--note", f"第{i}次", "--at",
                     f"2026-11-23 10:{i:02d}", env=env) for i in range(4)]
    copies: list[Path] = []
    while any(w.poll() is None for w in writers) or len(copies) < 2:
        target = tmp_path / f"copy-{len(copies)}.db"
        result = cli("db", "backup", str(target))
        assert result.exit_code == 0, result.stderr
        copies.append(target)
        time.sleep(0.1)
    assert [w.wait(timeout=120) for w in writers] == [0] * 4
    for target in copies:
        with sqlite3.connect(target) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert 0 <= raw.execute("SELECT count(*) FROM contact_log").fetchone()[0] <= 4
        assert Cli(target)("db", "check").exit_code == 0
