"""A run builds only the command it runs: the same command, the same help and errors as the
whole command line gives, and no other command's module imported."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import typer
from typer.testing import CliRunner

from dunner.cli import app as root
from tests.example_book import EXAMPLE

EVERY = [*root.COMMANDS, *root.GROUPS, *root.LATER]


def names(app: typer.Typer) -> list[str]:
    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def test_the_tables_name_every_command_of_the_whole_command_line() -> None:
    assert names(root.build()) == sorted(EVERY)


@pytest.mark.parametrize("name", EVERY)
def test_a_command_built_alone_helps_as_in_the_whole(name: str) -> None:
    alone, whole = root.build(name), root.build()
    assert name in names(alone)
    assert len(names(alone)) <= 5  # its own module's commands (pay, log, … share one) only
    runner = CliRunner()
    got = runner.invoke(alone, [name, "--help"], prog_name="dunner")
    expected = runner.invoke(whole, [name, "--help"], prog_name="dunner")
    assert got.exit_code == expected.exit_code == 0
    assert got.stdout == expected.stdout


@pytest.mark.parametrize(("argv", "name"), [
    (["status"], "status"),
    (["--db", "x.db", "--today", "2026-11-23", "grade", "恒通"], "grade"),
    (["--db=x.db", "--lang=zh", "plan", "--week"], "plan"),
    (["customer", "show", "恒通"], "customer"),
    (["--lang", "zh", "report", "aging"], "report"),
    (["interest", "恒通"], "interest"),
    (["--help"], None),
    (["--version"], None),
    (["--db", "x.db"], None),
    (["stauts"], None),  # a typo: the whole command line says what there is
    (["--verbose", "status"], None),  # an unknown global option: the whole one refuses it
    ([], None),
])
def test_the_command_a_command_line_runs(argv: list[str], name: str | None) -> None:
    assert root.command_named(argv) == name


def test_a_run_imports_only_its_own_command(tmp_path) -> None:
    db = tmp_path / "ledger.db"
    env = {**os.environ, "DUNNER_CONFIG": os.devnull}
    done = subprocess.run([sys.executable, "-m", "dunner", "--db", str(db), "--today", "2026-11-23",
                           "import", str(EXAMPLE)], capture_output=True, text=True, timeout=120,
                          env=env)
    assert done.returncode == 0, done.stderr
    code = ("import sys\n"
            f"sys.argv = ['dunner', '--db', {str(db)!r}, '--today', '2026-11-23', 'status']\n"
            "from dunner.cli.app import main\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith('dunner.cli.')"
            " and m.rsplit('.', 1)[1] in ('import_cmd', 'plan', 'record', 'customer', 'report',"
            " 'remind', 'letter')))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    assert "Total" in done.stdout or "open" in done.stdout.lower()
    assert done.stdout.strip().splitlines()[-1] == "[]"
