"""Dozens of ``dunner`` processes writing one ledger at once — an SQLite file, or a PostgreSQL
database a team shares — payments, contacts, imports and reminder runs, as a team and its cron
jobs do: none fails (no "database is locked"), and every write is there afterwards."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.processes import busy_day, count, environment, start
from tests.cli.small_ledger import write_book
from tests.cli.test_remind import LS, ZS, write_config
from tests.conftest import Cli
from tests.notify_servers import smtp_server
from tests.services.workbooks import invoice_book

# Runs of each command started at once (fewer on PostgreSQL, where locks and connections, not
# one file, are what is shared): pay, log, import (each its own book), remind, and imports of
# one same book, whose customer must be added once.
RUNS = {"sqlite": (10, 8, 3, 3, 2), "postgresql": (4, 3, 2, 2, 2)}

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")


def _book(tmp_path: Path, i: int) -> Path:
    rows = [[f"并发客户{i}有限公司", f"C{i}-{n}", "2026-10-0" + str(n + 1), "2026-11-0" + str(n + 1),
             1000 + n, None, "张三"] for n in range(2)]
    return invoice_book(tmp_path / f"book-{i}.xlsx", rows, title_rows=0)


@pytest.fixture(params=["sqlite", "postgresql"])
def shared(request: pytest.FixtureRequest, db_path: Path) -> Cli:
    """The ledger the writers share: an SQLite file, or a database on a PostgreSQL server."""
    if request.param == "sqlite":
        return Cli(db_path)
    return Cli(request.getfixturevalue("pg_url"))


def test_many_writers_at_once(shared: Cli, tmp_path: Path) -> None:
    cli = shared
    pays, logs, imports, reminds, same_book = RUNS["sqlite" if isinstance(cli.db, Path)
                                                   else "postgresql"]
    assert cli("import", str(write_book(tmp_path / "small.xlsx"))).exit_code == 0
    before = count(cli.db, "invoice")
    day = busy_day(cli)
    with smtp_server() as box:
        env = environment(cli.db, tmp_path, **write_config(tmp_path, box.port))
        shared = _book(tmp_path, imports)
        jobs = [start("import", str(shared), env=env) for _ in range(same_book)]
        for i in range(max(pays, logs, imports, reminds)):
            if i < pays:
                jobs.append(start("pay", "恒通" if i % 2 else "鑫达", f"1.{i:02d}", "--date",
                                  "2026-11-20", "--ref", f"R{i}", env=env))
            if i < logs:
                jobs.append(start("log", "恒通", "call", "--note", f"第{i}次",
                                  "--at", f"2026-11-23 09:{i:02d}", env=env))
            if i < imports:
                jobs.append(start("import", str(_book(tmp_path, i)), env=env))
            if i < reminds:
                jobs.append(start("remind", "--to", "email", "--date", day, env=env))
        results = [(job.wait(timeout=300), *job.communicate()) for job in jobs]
    failed = [(job.args, out, err) for job, (code, out, err) in zip(jobs, results, strict=True)
              if code != 0]
    assert failed == []
    assert not any("locked" in err or "busy" in err for _, _, err in results)
    assert count(cli.db, "payment", "origin = 'manual'") == pays
    assert count(cli.db, "contact_log") == logs
    assert count(cli.db, "invoice") == before + 2 * (imports + 1)
    assert count(cli.db, "customer", "name LIKE '并发客户%'") == imports + 1
    assert count(cli.db, "reminder_sent") == 2  # each owner's digest once, however many runs
    assert len(box.to(ZS)) == len(box.to(LS)) == 1
    assert cli("db", "check").exit_code == 0
