"""Secrets — the SMTP password, a robot's URL token and signing secret, a PostgreSQL password —
set in the environment and the config file never appear in what dunner prints, on success or
on failure, in-process or as a real process (where a traceback would show); and files holding
personal data are private (0600)."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.processes import busy_day, environment, run
from tests.cli.small_ledger import write_book
from tests.cli.test_cron import crontab  # noqa: F401 - the fixture
from tests.conftest import Cli
from tests.notify_servers import free_port
from tests.services.workbooks import invoice_book

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

SMTP_PASSWORD = "Smtp-Pw-5ecret-8841"
URL_TOKEN = "HookTok3n-9f8e7d6c5b4a"
HOOK_SECRET = "SECsignsign77665544332211"
PG_PASSWORD = "Pg-Pa55-w0rd-13579"
SECRETS = (SMTP_PASSWORD, URL_TOKEN, HOOK_SECRET, PG_PASSWORD)


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    from dunner.adapters.notify.retry import Retry
    from dunner.services import reminding

    monkeypatch.setattr(reminding, "RETRY", Retry(attempts=2, first_delay=0.01, total=5, timeout=2))


def _config(tmp_path: Path) -> dict[str, str]:
    """E-mail with a login and a team robot on loopback ports nothing listens on."""
    path = tmp_path / "config.toml"
    path.write_text("\n".join([
        '[owners."张三"]', 'email = "zs@example.com"', '[owners."李四"]', 'email = "ls@example.com"',
        "[notify.email]", 'host = "127.0.0.1"', f"port = {free_port()}", 'security = "none"',
        'username = "mailer"', 'sender = "dunner@example.com"',
        "[notify.webhook]", 'kind = "wecom"',
        f'url = "http://127.0.0.1:{free_port()}/cgi-bin/webhook/send?key={URL_TOKEN}"',
        f'secret = "{HOOK_SECRET}"']) + "\n", encoding="utf-8")
    return {"DUNNER_CONFIG": str(path), "DUNNER_SMTP_PASSWORD": SMTP_PASSWORD,
            "DUNNER_WEBHOOK_SECRET": HOOK_SECRET}


def _pg(tmp_path: Path) -> str:
    return f"postgresql://dunner:{PG_PASSWORD}@127.0.0.1:{free_port()}/ledger"


def _clean(*outputs: str) -> None:
    for output in outputs:
        for secret in SECRETS:
            assert secret not in output, output
        assert "Traceback" not in output, output


def test_no_secret_in_any_output(cli: Cli, tmp_path: Path) -> None:
    assert cli("import", str(write_book(tmp_path / "book.xlsx"))).exit_code == 0
    env = _config(tmp_path)
    day = busy_day(cli)
    commands = [("config", "show"), ("config", "show", "--json"), ("remind",),
                ("remind", "--dry-run", "--to", "email"), ("remind", "--dry-run", "--to", "webhook"),
                ("remind", "--to", "email"), ("remind", "--to", "webhook"),
                ("remind", "--to", "webhook", "--json"), ("cron", "--crontab")]
    seen = []
    for args in commands:
        result = cli(*args, *(("--date", day) if args[0] == "remind" else ()), env=env)
        seen.append(result.exit_code)
        _clean(result.stdout, result.stderr)
    assert seen[:5] == [0] * 5 and seen[5] != 0 and seen[6] != 0  # nothing listens: failures
    pg = Cli(_pg(tmp_path))  # type: ignore[arg-type]
    for args in (("customer", "list"), ("db", "check"), ("db", "upgrade"), ("status", "--json"),
                 ("config", "show")):
        result = pg(*args, env={**env, "DUNNER_DB": pg.db})  # type: ignore[dict-item]
        _clean(result.stdout, result.stderr)
    assert "could not" in result.stdout + result.stderr or "dunner:***@" in result.stdout


def test_no_secret_from_a_real_process(tmp_path: Path) -> None:
    env = {**environment(_pg(tmp_path), tmp_path), **_config(tmp_path)}
    failed = [run(*args, env=env, timeout=120) for args in (("status",),
                                                            ("config", "show", "--json"))]
    assert [f.returncode != 0 for f in failed] == [True, False]
    _clean(*(f.stdout + f.stderr for f in failed))
    db = tmp_path / "ledger.db"
    assert Cli(db)("import", str(write_book(tmp_path / "book.xlsx"))).exit_code == 0
    day = busy_day(Cli(db))
    built = run("remind", "--dry-run", "--to", "webhook", "--date", day,
                env={**env, "DUNNER_DB": str(db)}, timeout=120)
    assert built.returncode == 0, built.stderr
    _clean(built.stdout + built.stderr)


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def shell_umask() -> Iterator[None]:
    """What a login shell usually has: new files readable by all, unless made private."""
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.sqlite_only("the modes of the database file and its -wal and -shm")
@pytest.mark.usefixtures("shell_umask")
def test_files_with_personal_data_are_private(cli: Cli, tmp_path: Path) -> None:
    assert cli("import", str(write_book(tmp_path / "book.xlsx"))).exit_code == 0
    with sqlite3.connect(cli.db) as conn:  # while a connection writes, -wal and -shm exist
        conn.execute("UPDATE customer SET phone = '13812341234'")
        for suffix in ("", "-wal", "-shm"):
            assert _mode(cli.db.with_name(cli.db.name + suffix)) == 0o600, suffix
    backup = tmp_path / "old-copy.db"
    backup.write_bytes(b"")
    backup.chmod(0o644)  # a backup over a file that was readable by all
    assert cli("db", "backup", str(backup)).exit_code == 0
    worklist, calendar, aging = tmp_path / "w.xlsx", tmp_path / "p.ics", tmp_path / "a.xlsx"
    assert cli("plan", "--week", "--xlsx", str(worklist), "--ics", str(calendar)).exit_code == 0
    assert cli("report", "aging", "--xlsx", str(aging)).exit_code == 0
    bad = invoice_book(tmp_path / "bad.xlsx", [["甲公司", "A-1", "not a date", None, 100, None,
                                                "张三"], ["乙公司", "B-1", "2026-10-01", None,
                                                           200, None, "李四"]], title_rows=0)
    result = cli("import", str(bad), "--skip-bad", "--json")
    assert result.exit_code == 0, result.stdout + result.stderr
    rejects = Path(json.loads(result.stdout)["rejects_file"])
    files = [cli.db, backup, worklist, calendar, aging, rejects]
    assert {str(p): _mode(p) for p in files} == {str(p): 0o600 for p in files}


@pytest.mark.usefixtures("shell_umask", "crontab")
def test_the_scheduled_runs_log_is_private(cli: Cli) -> None:
    """The scheduled run appends its digests to the log through the shell: made 0600 first."""
    from dunner.services.scheduling import Places

    log = Places.here().log
    assert cli("cron", "--crontab", "--install").exit_code == 0
    try:
        assert log.exists() and _mode(log) == 0o600
    finally:
        assert cli("cron", "--crontab", "--uninstall").exit_code == 0
