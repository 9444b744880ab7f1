"""Shared fixtures: a fresh ledger per test, a fixed TODAY, a CLI runner with a clean environment."""

from __future__ import annotations

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


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ledger.db"


class Cli:
    """Runs ``dunner`` in-process with --db and --today fixed."""

    def __init__(self, db: Path, today: date = TODAY) -> None:
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


@pytest.fixture
def cli(db_path: Path, ledger_url: str) -> Cli:
    """The CLI on this test's ledger: the file ``db_path``, or a PostgreSQL database (see
    ``ledger_backend`` in tests/postgres.py)."""
    return Cli(db_path if ledger_url == str(db_path) else ledger_url)  # type: ignore[arg-type]


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
