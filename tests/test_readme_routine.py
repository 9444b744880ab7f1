"""The README's routine — import the example, plan the week, pay, log, status, customer show, the
aging workbook — run by the installed console script in a folder named ``应收 账款`` (a space and
Chinese characters in every path); and the README's scheduling sections match the code."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from dunner.adapters.scheduler import Schedule, crontab_line

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
TODAY = "2026-11-23"


def _section(title: str) -> str:
    return README.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def _routine() -> list[str]:
    """The desktop quick start's two commands, then the clerk's day's own examples of each
    command, in the order a first morning uses them."""
    block = re.findall(r"```sh\n(.*?)```", _section("Windows and macOS"), re.S)[0]
    first = [line.strip() for line in block.splitlines() if line.strip()]
    day = _section("A collections clerk's day")
    spans = [" ".join(s.split()) for s in re.findall(r"`(dunner [^`]+)`", day)]
    chosen = []
    for prefix in ("dunner pay ", "dunner log ", "dunner status", "dunner customer show ",
                   "dunner report aging"):
        found = [s for s in spans if s.startswith(prefix) and "--action" not in s]
        assert found, f"the README's clerk's day has no `{prefix}…` example"
        chosen.append(found[0])
    return first + chosen


def test_routine_in_a_folder_with_a_space_and_chinese(tmp_path: Path) -> None:
    folder = tmp_path / "应收 账款"
    (folder / "examples").mkdir(parents=True)
    shutil.copy(ROOT / "examples" / "ledger.xlsx", folder / "examples" / "ledger.xlsx")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DUNNER_")}
    env.update(LANG="C.UTF-8", DUNNER_DB=str(folder / "demo.db"), DUNNER_TODAY=TODAY,
               XDG_CONFIG_HOME=str(folder / "配置"), XDG_DATA_HOME=str(folder / "数据"),
               XDG_STATE_HOME=str(folder / "状态"))
    dunner = Path(sys.executable).with_name("dunner")
    commands = _routine()
    assert [c.split()[1] for c in commands if not c.split()[1].startswith("-")] == [
        "pay", "log", "status", "customer", "report"]
    out: dict[str, str] = {}
    for command in commands:
        argv = [str(dunner), *shlex.split(command)[1:]]
        done = subprocess.run(argv, capture_output=True, text=True, encoding="utf-8", cwd=folder,
                              env=env, timeout=180)
        assert done.returncode == 0, f"{command}\n{done.stderr}"
        assert "Traceback" not in done.stderr
        out[command] = done.stdout
    imported, week = out[commands[0]], out[commands[1]]
    assert "36 added" in imported and "2026-11-23 Mon" in week
    shown = next(v for k, v in out.items() if k.startswith("dunner customer show "))
    assert "杭州恒通五金有限公司" in shown and "12,000.00" in shown
    aging = next(k for k in out if k.startswith("dunner report aging"))
    workbook = folder / shlex.split(aging)[shlex.split(aging).index("--xlsx") + 1]
    assert workbook.stat().st_size > 0
    from openpyxl import load_workbook

    assert load_workbook(workbook, read_only=True).sheetnames


def test_readme_crontab_example_is_what_dunner_cron_writes() -> None:
    line = crontab_line(Schedule(
        ("/home/zhang/.local/bin/dunner", "remind", "--to", "email"),
        (("DUNNER_DB", "/home/zhang/应收/dunner.db"),
         ("DUNNER_CONFIG", "/home/zhang/.config/dunner/config.toml")),
        "/home/zhang/.local/state/dunner/log/remind.log"))
    assert f"\n{line}\n" in _section("Set up the morning digest")


def test_readme_scheduling_sections() -> None:
    digest = _section("Set up the morning digest")
    assert "**every day**" in digest and "调休" in digest
    for form in ("crontab", "--systemd", "--launchd", "--windows", "schtasks /Create",
                 "dunner cron --uninstall", "dunner cron --install -- --to email",
                 "dunner cron --install -- --to webhook", 'kind = "wecom"', "[notify.email]"):
        assert form in digest, form
    desktop = _section("Windows and macOS")
    for step in ("python.org", "pipx install .", "uv tool install .", "python -m dunner"):
        assert step in desktop, step
