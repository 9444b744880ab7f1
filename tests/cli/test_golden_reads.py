"""The read commands give exactly the pinned output on a moderate, varied ledger.

The ledger (tests/golden_ledger.py: 120 customers, 3,000 invoices over four years, partial and
early payments, an overpayment, contacts, open and broken promises, disputes, a signal, a stamped
statement, an instalment plan) is built once per session and backend through the CLI, with the
built-in configuration. Each pinned command's JSON must equal its golden file in
tests/data/golden/ (see tests/data/README.md for what they are and when to regenerate them):
work that only makes the reads faster must leave every figure, order and text as it was.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.golden_ledger import GOLDEN, TODAY, build_ledger, generate, golden_path, read_golden, reads
from tests.postgres import Server

READS = reads(generate())
SHOWN = 25  # differences listed when an output differs


class GoldenLedgers:
    """The golden ledger per backend, built on first use and kept for the session."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.config = root / "config.toml"
        self.config.write_text("")  # the built-in configuration
        self.runner = CliRunner()
        self.built: dict[str, str] = {}

    def invoke(self, db: str, argv: list[str]) -> tuple[int, str, str]:
        from dunner.cli.app import app

        done = self.runner.invoke(app, ["--db", db, "--config", str(self.config), "--lang", "en",
                                        *argv], catch_exceptions=False)
        return done.exit_code, done.stdout, done.stderr

    def ledger(self, backend: str, request: pytest.FixtureRequest) -> str:
        if backend not in self.built:
            db = (str(request.getfixturevalue("golden_pg_url")) if backend == "postgresql"
                  else str(self.root / "ledger.db"))

            def invoke(argv: list[str]) -> tuple[int, str]:
                code, out, err = self.invoke(db, argv)
                return code, out + err

            build_ledger(self.root, invoke)
            self.built[backend] = db
        return self.built[backend]


@pytest.fixture(scope="session")
def golden_ledgers(tmp_path_factory: pytest.TempPathFactory) -> GoldenLedgers:
    return GoldenLedgers(tmp_path_factory.mktemp("golden"))


@pytest.fixture(scope="session")
def golden_pg_url(postgres: Server, pg_ledger_template: str) -> Iterator[str]:
    """A migrated PostgreSQL database kept for the session, for the golden ledger."""
    name = f"dunner_golden_{os.getpid()}"
    url = postgres.create(name, template=pg_ledger_template)
    try:
        yield url
    finally:
        postgres.drop(name)


@pytest.fixture
def golden_db(golden_ledgers: GoldenLedgers, ledger_backend: str,
              request: pytest.FixtureRequest) -> str:
    """The golden ledger on this test's backend (``--db``)."""
    return golden_ledgers.ledger(ledger_backend, request)


def differences(got: Any, want: Any, where: str = "$") -> Iterator[str]:
    """Each place where ``got`` differs from ``want``, as ``path: got != want``."""
    if isinstance(got, dict) and isinstance(want, dict):
        for key in want:
            if key not in got:
                yield f"{where}.{key}: missing (want {want[key]!r})"
            else:
                yield from differences(got[key], want[key], f"{where}.{key}")
        for key in got.keys() - want.keys():
            yield f"{where}.{key}: unexpected {got[key]!r}"
    elif isinstance(got, list) and isinstance(want, list):
        for i, (g, w) in enumerate(zip(got, want, strict=False)):
            yield from differences(g, w, f"{where}[{i}]")
        if len(got) != len(want):
            yield f"{where}: {len(got)} items, want {len(want)}"
    elif got != want or type(got) is not type(want):
        yield f"{where}: {got!r} != {want!r}"


def test_differences_names_each_changed_place() -> None:
    want = {"a": [1, {"b": "x"}], "c": 2}
    got = {"a": [1, {"b": "y"}, 3], "d": 2}
    assert list(differences(got, want)) == [
        "$.a[1].b: 'y' != 'x'", "$.a: 3 items, want 2", "$.c: missing (want 2)",
        "$.d: unexpected 2"]
    assert list(differences(json.loads(json.dumps(want)), want)) == []
    assert list(differences(1.0, 1)) == ["$: 1.0 != 1"]


def test_every_golden_file_is_pinned() -> None:
    """No golden file is left over from a command no longer pinned, and none is missing."""
    assert sorted(p.name for p in GOLDEN.glob("*.json.gz")) == sorted(
        golden_path(name).name for name in READS)


@pytest.mark.postgres_too
@pytest.mark.parametrize("name", list(READS))
def test_read_output_matches_the_golden_file(golden_ledgers: GoldenLedgers, golden_db: str,
                                              name: str) -> None:
    code, out, err = golden_ledgers.invoke(golden_db, ["--today", TODAY, *READS[name]])
    assert code == 0, err
    got, want = json.loads(out), json.loads(read_golden(golden_path(name)))
    found = list(differences(got, want))
    listed = "\n".join(found[:SHOWN]) + (f"\n… and {len(found) - SHOWN} more"
                                         if len(found) > SHOWN else "")
    assert not found, f"dunner {' '.join(READS[name])} differs from {golden_path(name).name}:\n{listed}"
