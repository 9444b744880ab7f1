"""``dunner cron``: the printed forms, the usage errors, and --install / --uninstall against the
real ``crontab`` of the user running the tests (restored afterwards)."""

from __future__ import annotations

import plistlib
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from dunner.adapters.scheduler import MARKER
from dunner.catalogue import MESSAGES
from dunner.services.schedule_install import Change
from tests.conftest import Cli


@pytest.fixture
def crontab() -> Iterator[None]:
    """The user's crontab as it was before the test, put back after it."""
    if shutil.which("crontab") is None:
        pytest.fail("the crontab command is missing: .ci/run installs it (apt-get install cron); "
                    "install cron to run these tests")
    saved = subprocess.run(["crontab", "-l"], capture_output=True, text=True, timeout=30)
    try:
        yield
    finally:
        if saved.returncode == 0:
            subprocess.run(["crontab", "-"], input=saved.stdout, text=True, check=True, timeout=30)
        else:
            subprocess.run(["crontab", "-r"], capture_output=True, timeout=30)


def _crontab_lines() -> list[str]:
    done = subprocess.run(["crontab", "-l"], capture_output=True, text=True, timeout=30)
    return done.stdout.splitlines() if done.returncode == 0 else []


def test_cron_prints_the_crontab_line(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "应收 账款" / "账本.db")
    result = cli("cron", "--crontab", "--", "--to", "email")
    assert result.exit_code == 0, result.stderr
    line = result.stdout.strip()
    assert line.startswith("30 8 * * * DUNNER_DB='") and line.endswith(MARKER)
    assert f"'{tmp_path}/应收 账款/账本.db'" in line and "DUNNER_CONFIG=" in line
    assert " remind --to email >>" in line and "remind.log 2>&1" in line
    assert "does not exist yet" in result.stderr  # the ledger is not there yet
    assert "crontab -e" in result.stderr


def test_cron_help_says_why_every_day(cli: Cli) -> None:
    text = " ".join(cli("cron", "--help").stdout.split())
    assert "every day at 08:30" in text and "调休" in text
    assert "Example: dunner cron" in text


def test_cron_systemd_and_launchd_forms(cli: Cli) -> None:
    systemd = cli("cron", "--systemd", "--at", "7:45")
    assert systemd.exit_code == 0
    assert "OnCalendar=*-*-* 07:45:00" in systemd.stdout and "# Save as " in systemd.stdout
    assert "# Then run: systemctl --user daemon-reload" in systemd.stdout
    launchd = cli("cron", "--launchd")
    assert plistlib.loads(launchd.stdout.encode("utf-8"))["StartCalendarInterval"] == {
        "Hour": 8, "Minute": 30}
    assert "LaunchAgents" in launchd.stderr and "launchctl load -w" in launchd.stderr


def test_cron_windows_prints_the_wrapper_and_schtasks(cli: Cli) -> None:
    result = cli("cron", "--windows")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("rem Save as ") and lines[0].endswith("remind.cmd")
    assert "chcp 65001 >nul" in lines
    assert lines[-1].startswith('schtasks /Create /F /TN "dunner remind" /SC DAILY /ST 08:30 /TR ')


def test_cron_leaves_secrets_out_of_printed_text(cli: Cli) -> None:
    result = cli("cron", env={"DUNNER_SMTP_PASSWORD": "s3cret"})
    assert "s3cret" not in result.stdout
    assert "DUNNER_SMTP_PASSWORD is set here but left out" in result.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["--systemd", "--launchd"], "error: choose one of --crontab, --systemd, --launchd and --windows"),
    (["--install", "--uninstall"], "error: --install and --uninstall cannot be used together"),
    (["--at", "8h30"], "error: --at wants a time of day as HH:MM, not '8h30'"),
])
def test_cron_usage_errors(cli: Cli, args: list[str], message: str) -> None:
    result = cli("cron", *args)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == message


def test_every_outcome_has_a_message() -> None:
    assert [c for c in Change if f"cron.{c}" not in MESSAGES] == []


def test_install_and_uninstall_with_the_real_crontab(crontab: None, tmp_path: Path) -> None:
    subprocess.run(["crontab", "-"], input="0 3 * * * true # the user's own\n", text=True,
                   check=True, timeout=30)
    cli = Cli(tmp_path / "应收 账款" / "账本.db")
    first = cli("cron", "--crontab", "--install", "--", "--to", "email")
    assert first.exit_code == 0, first.stderr
    assert first.stdout.startswith("Installed: your crontab runs dunner remind every day at 08:30")
    again = cli("cron", "--crontab", "--install", "--", "--to", "email")
    assert "already runs dunner remind" in again.stdout
    lines = _crontab_lines()
    assert lines[0] == "0 3 * * * true # the user's own"
    ours = [x for x in lines if x.endswith(MARKER)]
    assert len(ours) == 1 and "remind --to email" in ours[0] and "应收 账款/账本.db" in ours[0]
    moved = cli("cron", "--crontab", "--install", "--at", "09:15")
    assert moved.stdout.startswith("Updated: your crontab")
    assert [x for x in _crontab_lines() if x.endswith(MARKER)][0].startswith("15 9 * * * ")
    gone = cli("cron", "--crontab", "--uninstall")
    assert gone.exit_code == 0 and gone.stdout.startswith("Removed dunner remind from your crontab")
    assert _crontab_lines() == ["0 3 * * * true # the user's own"]
    assert "nothing to remove" in cli("cron", "--crontab", "--uninstall").stdout
