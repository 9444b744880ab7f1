"""Shared fixtures: a fresh ledger per test, a fixed TODAY, a CLI runner with a clean environment."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dunner.i18n import set_language

pytest_plugins = ("tests.postgres",)  # the `postgres` server and a `pg_url` database per test

TODAY = date(2026, 11, 23)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--import-by-key", action="store_true",
                     help="every import into a ledger that holds invoices looks up those "
                          "its file names by key, however many of the ledger's they are (the way "
                          "a period's workbook is read into a ledger of many periods)")


@pytest.fixture(autouse=True)
def import_by_key(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """With ``--import-by-key``, an import's invoices are looked up by key in every test."""
    if request.config.getoption("--import-by-key"):
        from dunner.ledger import repo

        monkeypatch.setattr(repo, "KEYED_SHARE", 0)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No test reads the developer's own ledger, config or locale."""
    for var in ("DUNNER_DB", "DUNNER_CONFIG", "DUNNER_TODAY", "DUNNER_LANG", "LC_ALL",
                "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    set_language("en")
    yield
    set_language("en")
    gc.unfreeze()  # what a command's batch froze goes back to the collector between tests


@pytest.fixture
def db_path(ledger_url: str, ledger_backend: str) -> Path | str:
    """The test's ledger: the file ``ledger.db`` in ``tmp_path`` — or, with
    ``--ledger=postgresql``, a new PostgreSQL database's URL (a ``str``: a test about the file
    itself is marked ``sqlite_only``)."""
    return ledger_url if ledger_backend == "postgresql" else Path(ledger_url)


class Cli:
    """Runs ``dunner`` in-process with --db and --today fixed."""

    def __init__(self, db: Path | str, today: date = TODAY) -> None:
        self.db = db
        self.today = today
        self.runner = CliRunner()

    def __call__(self, *args: str, lang: str = "en", env: dict[str, str] | None = None) -> Any:
        from dunner.cli.app import app

        argv = ["--db", str(self.db), "--today", self.today.isoformat(), "--lang", lang, *args]
        return self.runner.invoke(app, argv, env=env, catch_exceptions=False)

    def json(self, *args: str) -> Any:
        result = self(*args, "--json")
        assert result.exit_code == 0, result.stdout + result.stderr
        return json.loads(result.stdout)

    def wrote_nothing(self) -> bool:
        """Nothing was written: no ledger file was even created, or the PostgreSQL database
        (made with the schema already in it) holds no row in any table."""
        if not str(self.db).startswith("postgresql://"):
            return not Path(self.db).exists()
        from sqlalchemy import func, select

        from dunner.ledger.db import open_ledger
        from dunner.ledger.tables import metadata

        ledger = open_ledger(str(self.db))
        try:
            with ledger.read() as conn:
                return all(conn.execute(select(func.count()).select_from(table)).scalar() == 0
                           for table in metadata.sorted_tables)
        finally:
            ledger.close()


@pytest.fixture
def cli(db_path: Path) -> Cli:
    """The CLI on this test's ledger: the file ``db_path``, or a PostgreSQL database (see
    ``ledger_backend`` in tests/postgres.py)."""
    return Cli(db_path)


def known_since(cli: Cli, day: date) -> None:
    """Every customer of the ledger as if it had been in it since ``day`` (its plan then owes
    each month's whole quota, not the part left after the ledger learnt of it)."""
    from sqlalchemy import update

    from dunner.ledger import repo
    from dunner.ledger.db import open_ledger

    ledger = open_ledger(str(cli.db))
    with ledger.write() as conn:
        conn.execute(update(repo.CUSTOMER).values(created_on=day))
    ledger.close()
