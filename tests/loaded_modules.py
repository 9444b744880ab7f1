"""Running dunner commands in one fresh process and seeing which heavy modules it has loaded
after each: what a command on an SQLite ledger must not pay for (SQLAlchemy, SQLModel and the
table models, pydantic, alembic)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.example_book import EXAMPLE

HEAVY = ("sqlmodel", "sqlalchemy", "pydantic", "alembic", "dunner.ledger.tables")
TODAY = "2026-11-23"


def import_example(db: Path) -> None:
    """The bundled example imported into the ledger ``db`` (a new one), in a process of its own."""
    done = subprocess.run([sys.executable, "-m", "dunner", "--db", str(db), "--today", TODAY,
                           "import", str(EXAMPLE)], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "DUNNER_CONFIG": os.devnull})
    assert done.returncode == 0, done.stderr


def run_in_one_process(db: Path, commands: list[list[str]]
                       ) -> tuple[list[tuple[int, list[str]]], subprocess.CompletedProcess[str]]:
    """Each of ``commands`` run on ``db`` in turn, in one new process with the built-in
    configuration: per command, its exit code and the ``HEAVY`` modules loaded by its end; and
    the finished process (its output)."""
    code = ("import json, sys\n"
            "from dunner.cli.app import main\n"
            f"for args in {commands!r}:\n"
            f"    sys.argv = ['dunner', '--db', {str(db)!r}, '--today', {TODAY!r}, *args]\n"
            "    try:\n        main()\n        code = 0\n"
            "    except SystemExit as exc:\n        code = exc.code or 0\n"
            f"    loaded = [m for m in {HEAVY!r} if m in sys.modules]\n"
            "    sys.stderr.write('\\nRAN ' + json.dumps([code, loaded]) + '\\n')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "DUNNER_CONFIG": os.devnull})
    ran = [tuple(json.loads(m)) for m in re.findall(r"^RAN (.*)$", done.stderr, re.MULTILINE)]
    return [(int(c), list(loaded)) for c, loaded in ran], done
