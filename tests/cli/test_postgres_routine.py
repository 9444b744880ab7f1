"""The README's routine on PostgreSQL gives the documents it gives on SQLite — on a server that
compares text byte by byte and on one set up for Chinese: import the example workbook, pay,
import again with that payment on the 回款 sheet (counted once), log a contact, then plan,
status, grade, customer list and show. And two cron runs of ``remind`` started together on one
PostgreSQL ledger send each digest once."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.cli.small_ledger import write_book
from tests.cli.test_remind import BOSS, LS, ZS, write_config
from tests.cli.test_remind_cron import _cron_env, _dunner
from tests.conftest import Cli
from tests.notify_servers import smtp_server

ROOT = Path(__file__).resolve().parents[2]
HT = "杭州恒通五金有限公司"


@pytest.fixture
def books(tmp_path: Path) -> tuple[Path, Path]:
    """The example workbook, and a copy whose 回款 sheet also holds the money ``pay`` enters."""
    from openpyxl import load_workbook

    first = tmp_path / "ledger.xlsx"
    shutil.copy(ROOT / "examples" / "ledger.xlsx", first)
    book = load_workbook(first)
    book["回款"].append([HT, datetime(2026, 11, 21), 12000, None, "银行转账"])
    again = tmp_path / "ledger-again.xlsx"
    book.save(again)
    return first, again


def routine(cli: Cli, first: Path, again: Path) -> dict[str, Any]:
    """Each step's document: the import reports, the records' outputs, the reports."""
    docs: dict[str, Any] = {"import": cli.json("import", str(first))}
    docs["pay"] = cli.json("pay", "恒通", "12000", "--date", "2026-11-20", "--ref", "转账0031")
    docs["open after pay"] = cli.json("customer", "show", HT)["open"]
    docs["import again"] = cli.json("import", str(again))
    logged = cli("log", "恒通", "call", "--outcome", "promised", "--excuse", "no_cash",
                 "--note", "月底前付一半", "--at", "2026-11-23 09:40")  # no --json: one line
    assert logged.exit_code == 0, logged.stdout + logged.stderr
    docs["log"] = logged.stdout
    for name, args in (("plan", ("plan", "--week")), ("status", ("status",)),
                       ("grade", ("grade",)), ("customer list", ("customer", "list")),
                       ("customer show", ("customer", "show", HT))):
        docs[name] = cli.json(*args)
    return docs


@pytest.mark.parametrize("database", ["pg_url", "pg_zh_url"])
def test_readme_routine_matches_sqlite(database: str, request: pytest.FixtureRequest,
                                       db_path: Path, books: tuple[Path, Path]) -> None:
    on_postgres = routine(Cli(request.getfixturevalue(database)), *books)  # type: ignore[arg-type]
    on_sqlite = routine(Cli(db_path), *books)
    assert on_postgres["import"]["counts"]["payments"]["added"] == 40
    assert on_postgres["import again"]["counts"]["payments"]["added"] == 0  # matched to the pay
    assert on_postgres["customer show"]["open"] == on_postgres["open after pay"]
    assert len(on_postgres["plan"]["actions"]) > 0
    for step, doc in on_sqlite.items():
        assert on_postgres[step] == doc, step


def test_two_cron_runs_of_remind_deliver_once(pg_url: str, tmp_path: Path) -> None:
    """Separate processes on one PostgreSQL ledger: the advisory lock and the record of what was
    sent keep the second run from mailing again."""
    cli = Cli(pg_url)  # type: ignore[arg-type]
    cli.json("import", str(write_book(tmp_path / "book.xlsx")))
    with smtp_server(delay=0.5) as box:  # a slow server: the first run still holds the lock
        env = _cron_env(cli, tmp_path, write_config(tmp_path, box.port, boss=True))
        runs = [_dunner("remind", "--to", "email", env=env) for _ in range(2)]
        results = [(p.wait(timeout=300), *p.communicate()) for p in runs]
    assert [code for code, _, _ in results] == [0, 0], results
    assert len(box.to(ZS)) == len(box.to(LS)) == len(box.to(BOSS)) == 1
    outputs = [out for _, out, _ in results]
    assert sum("sent: e-mail for 张三" in o for o in outputs) == 1
    assert sum("already sent today: e-mail for 张三" in o for o in outputs) == 1
