"""``dunner cron -- REMIND_OPTIONS``: options the scheduled ``dunner remind`` would refuse are
refused at once (one line, exit 2), and nothing is printed as the schedule or installed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from dunner.adapters.scheduler import MARKER
from tests.cli.test_cron import crontab  # noqa: F401 - the fixture
from tests.conftest import Cli

HINT = ("hint: write them as dunner remind takes them (see dunner remind --help), "
        "e.g. dunner cron -- --to email")

REFUSED = [
    (["--to", "emial"], "error: --to 'emial' is not a way dunner delivers",
     "hint: choose one of: stdout, email, webhook"),
    (["--to=emial"], "error: --to 'emial' is not a way dunner delivers",
     "hint: choose one of: stdout, email, webhook"),
    (["--bogus"], "error: dunner remind would refuse the options after --: No such option: --bogus",
     HINT),
    (["--to"], "error: dunner remind would refuse the options after --: "
     "Option '--to' requires an argument.", HINT),
    (["--to", "email", "--owner"], "error: dunner remind would refuse the options after --: "
     "Option '--owner' requires an argument.", HINT),
    (["--force=yes"], "error: dunner remind would refuse the options after --: "
     "Option '--force' does not take a value.", HINT),
    (["--to", "email", "tomorrow"], "error: dunner remind would refuse the options after --: "
     "Got unexpected extra argument(s) (tomorrow)", HINT),
    (["--date", "2026-13-01"], "error: --date '2026-13-01' is not a date",
     "hint: write dates as YYYY-MM-DD, e.g. 2026-03-05"),
    (["--help"], "error: dunner remind would refuse the options after --: No such option: --help",
     HINT),
]


@pytest.mark.parametrize(("args", "message", "hint"), REFUSED,
                         ids=[" ".join(args) for args, _, _ in REFUSED])
@pytest.mark.parametrize("form", ["--crontab", "--systemd", "--launchd", "--windows"])
def test_refused_with_one_line_and_no_schedule(cli: Cli, form: str, args: list[str], message: str,
                                              hint: str) -> None:
    result = cli("cron", form, "--", *args)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [message, hint]
    assert result.stdout == ""
    assert cli.wrote_nothing()


def test_refused_in_chinese(cli: Cli) -> None:
    result = cli("cron", "--crontab", "--", "--bogus", lang="zh")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == ("错误: -- 之后的选项 dunner remind 不接受："
                                             "No such option: --bogus")
    assert result.stdout == ""


def _crontab_text() -> str:
    done = subprocess.run(["crontab", "-l"], capture_output=True, text=True, timeout=30)
    return done.stdout if done.returncode == 0 else ""


def test_install_with_refused_options_leaves_the_crontab_alone(crontab: None,  # noqa: F811
                                                               tmp_path: Path) -> None:
    subprocess.run(["crontab", "-"], input="0 3 * * * true # the user's own\n", text=True,
                   check=True, timeout=30)
    cli = Cli(tmp_path / "账本.db")
    for args in (["--to", "emial"], ["--bogus"], ["--to"]):
        result = cli("cron", "--crontab", "--install", "--", *args)
        assert result.exit_code == 2, result.stdout
        assert result.stdout == "" and result.stderr.startswith("error: ")
        assert _crontab_text() == "0 3 * * * true # the user's own\n"
    assert not cli.db.exists()


def test_systemd_install_with_refused_options_writes_no_file(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {"HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_STATE_HOME": str(home / "state"), "XDG_DATA_HOME": str(home / "data")}
    cli = Cli(tmp_path / "账本.db")
    for args in (["--to", "emial"], ["--bogus"], ["--owner"]):
        result = cli("cron", "--systemd", "--install", "--", *args, env=env)
        assert result.exit_code == 2, result.stdout
        assert result.stdout == ""
    assert not home.exists()  # no unit, no timer, not even the log's folder
    written = cli("cron", "--systemd", "--install", "--", "--to", "email", env=env)
    assert written.exit_code == 0, written.stderr  # the same place takes good options
    assert (home / "config" / "systemd" / "user").is_dir()


def test_every_option_remind_takes_still_gives_the_schedule(cli: Cli) -> None:
    args = ["--to", "webhook", "--owner", "张三", "--date", "2026-03-05", "--force", "--dry-run",
            "--json"]
    result = cli("cron", "--crontab", "--", *args)
    assert result.exit_code == 0, result.stderr
    [line] = result.stdout.splitlines()
    assert line.startswith("30 8 * * * DUNNER_DB=") and line.endswith(MARKER)
    assert (" remind --to webhook --owner '张三' --date 2026-03-05 --force --dry-run --json >>"
            in line)
    assert "the scheduled digest only goes to the log" not in result.stderr
    assert cli.wrote_nothing()
