"""The holiday-year warning: on stderr the first time each day (by --today), always in JSON."""

from __future__ import annotations

import os
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.conftest import TODAY, Cli

WARNING_2027 = ("warning: the holiday calendar does not know 2027; weekends only there "
                "(add [calendar] holidays/workdays to the config when they are announced)")


@pytest.fixture
def ledger(cli: Cli) -> Cli:
    assert cli("customer", "add", "广州鑫达建材经营部", "--owner", "李四").exit_code == 0
    from dunner.ledger import repo
    from dunner.ledger.db import open_ledger

    led = open_ledger(str(cli.db))
    with led.write() as conn:
        (cid,) = [r["id"] for r in repo.customer_rows(conn)]
        repo.insert_one(conn, repo.INVOICE, {"customer_id": cid, "number": "B-1",
                                             "issued": date(2026, 9, 15),
                                             "due": date(2026, 10, 15), "amount": 300_000})
    led.close()
    return cli


def _stderr(cli: Cli, *args: str) -> list[str]:
    result = cli(*args)
    assert result.exit_code == 0, result.stdout + result.stderr
    return result.stderr.splitlines()


def test_plan_warns_once_a_day_and_again_the_next(ledger: Cli) -> None:
    assert _stderr(ledger, "plan", "--days", "40") == [WARNING_2027]
    assert _stderr(ledger, "plan", "--days", "40") == []
    tomorrow = Cli(ledger.db, today=TODAY + timedelta(days=1))
    assert _stderr(tomorrow, "plan", "--days", "40") == [WARNING_2027]
    assert _stderr(tomorrow, "plan", "--days", "40") == []


def test_plan_json_keeps_the_warning_every_time(ledger: Cli) -> None:
    assert _stderr(ledger, "plan", "--days", "40") == [WARNING_2027]
    for _ in range(2):
        assert ledger.json("plan", "--days", "40")["warnings"] == [WARNING_2027]


def test_grade_and_plan_share_the_day(ledger: Cli) -> None:
    first = _stderr(ledger, "grade")
    assert len(first) == 1 and first[0].startswith("warning: the holiday calendar does not know")
    assert _stderr(ledger, "grade") == []
    assert _stderr(ledger, "plan", "--days", "40") == []


def test_the_day_is_remembered_privately(ledger: Cli, tmp_path: Path) -> None:
    _stderr(ledger, "plan", "--days", "40")
    state = tmp_path / "xdg-state" / "dunner" / "shown.json"
    assert stat.S_IMODE(os.stat(state).st_mode) == 0o600
    assert TODAY.isoformat() in state.read_text(encoding="utf-8")


def test_a_state_dir_that_cannot_be_written_only_means_the_warning_repeats(
        ledger: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    assert _stderr(ledger, "plan", "--days", "40") == [WARNING_2027]
    assert _stderr(ledger, "plan", "--days", "40") == [WARNING_2027]


def test_a_damaged_state_file_is_replaced(ledger: Cli, tmp_path: Path) -> None:
    state = tmp_path / "xdg-state" / "dunner" / "shown.json"
    state.parent.mkdir(parents=True)
    state.write_text("[not, json", encoding="utf-8")
    assert _stderr(ledger, "plan", "--days", "40") == [WARNING_2027]
    assert _stderr(ledger, "plan", "--days", "40") == []
