"""The two ways to start dunner: the console script and ``python -m dunner``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from dunner import __version__


def test_python_dash_m_dunner() -> None:
    done = subprocess.run([sys.executable, "-m", "dunner", "--version"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0
    assert done.stdout.strip() == f"dunner {__version__}"


def test_console_script_help_lists_every_command() -> None:
    exe = Path(sys.executable).with_name("dunner")
    done = subprocess.run([str(exe), "--help"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    for command in ("import", "plan", "grade", "status", "report", "customer", "pay", "log",
                    "promise", "ack", "signal", "config", "db"):
        assert f"  {command} " in done.stdout


def test_keep_rate_in_grade_json(cli) -> None:
    assert cli("customer", "add", "甲公司").exit_code == 0
    assert cli("promise", "甲公司", "100", "2026-11-30").exit_code == 0
    rows = cli.json("grade")
    assert rows[0]["keep_rate"] is None  # no promise has fallen due yet
    assert rows[0]["promises"][0]["state"] == "open"
