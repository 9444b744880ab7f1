"""``dunner remind`` as cron runs it: separate processes, no terminal, a minimal environment."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.small_ledger import write_book
from tests.cli.test_remind import BOSS, LS, PASSWORD, ZS, write_config
from tests.conftest import Cli
from tests.notify_servers import smtp_server

BIN = Path(sys.executable).parent


def _cron_env(cli: Cli, tmp_path: Path, extra: dict[str, str]) -> dict[str, str]:
    """What ``env -i PATH=… HOME=…`` plus the DUNNER_* variables of a crontab line leave."""
    return {"PATH": f"{BIN}:/usr/bin:/bin", "HOME": str(tmp_path), "DUNNER_DB": str(cli.db),
            "DUNNER_TODAY": cli.today.isoformat(), **extra}


def _dunner(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    command = [str(BIN / "dunner")] if (BIN / "dunner").exists() else [sys.executable, "-m", "dunner"]
    return subprocess.Popen([*command, *args], env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            encoding="utf-8")


@pytest.fixture
def ledger(cli: Cli, tmp_path: Path) -> Cli:
    assert cli("import", str(write_book(tmp_path / "book.xlsx"))).exit_code == 0
    return cli


def test_two_runs_started_together_deliver_once(ledger: Cli, tmp_path: Path) -> None:
    with smtp_server(delay=0.5) as box:  # a slow server: the first run still holds the lock
        env = _cron_env(ledger, tmp_path, write_config(tmp_path, box.port, boss=True))
        runs = [_dunner("remind", "--to", "email", env=env) for _ in range(2)]
        results = [(p.wait(timeout=300), *p.communicate()) for p in runs]
    assert [code for code, _, _ in results] == [0, 0], results
    assert len(box.to(ZS)) == len(box.to(LS)) == len(box.to(BOSS)) == 1
    outputs = sorted(out for _, out, _ in results)
    assert sum("sent: e-mail for 张三" in o for o in outputs) == 1
    assert sum("already sent today: e-mail for 张三" in o for o in outputs) == 1


def test_cron_output_has_no_escape_codes(ledger: Cli, tmp_path: Path) -> None:
    with smtp_server() as box:
        env = _cron_env(ledger, tmp_path, write_config(tmp_path, box.port))
        for args in (("remind",), ("remind", "--to", "email"), ("remind", "--to", "email")):
            proc = _dunner(*args, env=env)
            out, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, out + err
            assert "\x1b" not in out + err
            assert PASSWORD not in out + err
    assert len(box.to(ZS)) == 1
