"""Fixtures for the import tests: an open ledger, the default config and an import runner."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from dunner.config import Config, load_config
from dunner.ledger.db import Ledger, open_ledger
from dunner.services.importing import ImportOptions, ImportReport, import_file


@pytest.fixture
def ledger(ledger_url: str) -> Iterator[Ledger]:
    """The test's ledger: an SQLite file, or a PostgreSQL database (``ledger_backend``)."""
    opened = open_ledger(ledger_url)
    yield opened
    opened.close()


@pytest.fixture
def config() -> Config:
    return load_config(None, {})


@pytest.fixture
def run(ledger: Ledger, config: Config) -> Callable[..., ImportReport]:
    """``run(path, skip_bad=True, ...)``: import into the test ledger, default config unless given."""

    def _run(path: Path, config: Config = config, **options: Any) -> ImportReport:
        return import_file(ledger, path, ImportOptions(**options), config)

    return _run
