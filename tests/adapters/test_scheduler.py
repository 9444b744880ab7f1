"""The schedule's forms, read back the way each reader reads them: the crontab line through cron's
``%`` rule and a real ``/bin/sh``, the plist through ``plistlib``, Windows command lines through
``CommandLineToArgvW``'s rules."""

from __future__ import annotations

import os
import plistlib
import re
import shlex
import subprocess
import sys
from datetime import time
from pathlib import Path

import pytest

from dunner.adapters import scheduler as forms
from dunner.adapters.scheduler import Schedule

LEDGER_XLSX = r"C:\Users\张三\Documents\应收 2026.xlsx"
WIN_EXE = r"C:\Users\张三\AppData\Local\Programs\应收 工具\Scripts\dunner.exe"
WIN_DB = r"C:\Users\张三\Documents\应收 2026\dunner.db"
WIN_LOG = r"C:\Users\张三\AppData\Local\dunner\dunner\Logs\remind.log"
WIN_WRAPPER = r"C:\Users\张三\AppData\Local\dunner 2026\remind.cmd"


def argv_of(line: str) -> list[str]:
    """A command line split as a Windows program's C runtime splits it (``CommandLineToArgvW``)."""
    args: list[str] = []
    i, n = 0, len(line)
    while True:
        while i < n and line[i] in " \t":
            i += 1
        if i >= n:
            return args
        arg: list[str] = []
        quoted = False
        while i < n and (quoted or line[i] not in " \t"):
            if line[i] == "\\":
                j = i
                while j < n and line[j] == "\\":
                    j += 1
                if j < n and line[j] == '"':
                    arg.append("\\" * ((j - i) // 2))
                    if (j - i) % 2:
                        arg.append('"')
                        j += 1
                else:
                    arg.append("\\" * (j - i))
                i = j
            elif line[i] == '"':
                quoted = not quoted
                i += 1
            else:
                arg.append(line[i])
                i += 1
        args.append("".join(arg))


def _cron_command(line: str) -> str:
    """What cron hands to /bin/sh: the line after its five time fields, ``\\%`` made ``%``; an
    unescaped ``%`` would end the command (cron's stdin rule), so there must be none."""
    command = line.split(None, 5)[5]
    assert re.search(r"(?<!\\)%", command) is None
    return command.replace("\\%", "%")


def test_crontab_line_every_day_with_marker() -> None:
    s = Schedule(("/opt/dunner/bin/dunner", "remind"), (("DUNNER_DB", "/srv/a.db"),), "/var/log/r.log")
    line = forms.crontab_line(s)
    assert line == ("30 8 * * * DUNNER_DB=/srv/a.db /opt/dunner/bin/dunner remind "
                    ">>/var/log/r.log 2>&1 # dunner remind")
    assert forms.is_marked(line) and not forms.is_marked("30 8 * * * dunner remind")
    assert forms.crontab_line(Schedule(("x",), (), "/l", time(7, 5))).startswith("5 7 * * * ")


def test_crontab_line_runs_through_a_real_shell(tmp_path: Path) -> None:
    """Spaces, Chinese, a quote and % in every part reach the program intact."""
    folder = tmp_path / "应收 账款 100%"
    folder.mkdir()
    probe = "import os, sys; print(sys.argv[1:]); print(os.environ['DUNNER_DB'])"
    s = Schedule((sys.executable, "-c", probe, "remind", "--owner", "张 三's"),
                 (("DUNNER_DB", str(folder / "账本 %d.db")),), str(folder / "remind log.txt"))
    line = forms.crontab_line(s)
    assert "\\%" in line
    subprocess.run(["/bin/sh", "-c", _cron_command(line)], check=True, timeout=60,
                   env={"PATH": os.defpath, "LANG": "C.UTF-8"})
    printed = (folder / "remind log.txt").read_text(encoding="utf-8").splitlines()
    assert printed == [str(["remind", "--owner", "张 三's"]), str(folder / "账本 %d.db")]


def test_systemd_units_quote_spaces_percent_and_dollar() -> None:
    s = Schedule(("/home/张三/应收 工具/bin/dunner", "remind", "--owner", "a$b"),
                 (("DUNNER_DB", "/home/张三/应收 2026/x%.db"),),
                 "/home/张三/.local/state/dunner/log/remind.log", time(8, 30))
    units = forms.systemd_units(s)
    service, timer = units["dunner-remind.service"], units["dunner-remind.timer"]
    assert 'Environment="DUNNER_DB=/home/张三/应收 2026/x%%.db"' in service
    assert 'ExecStart="/home/张三/应收 工具/bin/dunner" remind --owner "a$$b"' in service
    assert "StandardOutput=append:/home/张三/.local/state/dunner/log/remind.log" in service
    assert "Type=oneshot" in service
    assert "OnCalendar=*-*-* 08:30:00" in timer and "Persistent=true" in timer
    assert "WantedBy=timers.target" in timer


def test_launchd_plist_parses_with_the_calendar_interval() -> None:
    s = Schedule(("/Users/张三/.local/bin/dunner", "remind"),
                 (("DUNNER_DB", "/Users/张三/Documents/应收 2026/dunner.db"),
                  ("DUNNER_CONFIG", "/Users/张三/Library/Application Support/dunner/config.toml")),
                 "/Users/张三/Library/Logs/dunner/remind.log")
    doc = plistlib.loads(forms.launchd_plist(s))
    assert doc["Label"] == forms.LAUNCHD_LABEL
    assert doc["ProgramArguments"] == ["/Users/张三/.local/bin/dunner", "remind"]
    assert doc["EnvironmentVariables"]["DUNNER_DB"] == "/Users/张三/Documents/应收 2026/dunner.db"
    assert doc["StartCalendarInterval"] == {"Hour": 8, "Minute": 30}
    assert "Weekday" not in doc["StartCalendarInterval"]  # every day: dunner knows the 调休 Saturdays
    assert doc["StandardOutPath"] == doc["StandardErrorPath"] == s.log


@pytest.mark.parametrize("arg", [LEDGER_XLSX, WIN_EXE, "remind", "C:\\trailing space\\", "R&D (2026)",
                                 'say "hi"', "", "100%", "张三"])
def test_windows_arg_round_trips(arg: str) -> None:
    quoted = forms.windows_arg(arg)
    assert argv_of(quoted) == [arg]
    if any(ch in arg for ch in ' &()"') or not arg:
        assert quoted.startswith('"')  # cmd.exe would act on & or ( outside quotes


def test_windows_path_with_spaces_and_chinese_is_quoted() -> None:
    assert forms.windows_arg(LEDGER_XLSX) == '"C:\\Users\\张三\\Documents\\应收 2026.xlsx"'
    assert forms.windows_arg(r"C:\Python312\python.exe") == r"C:\Python312\python.exe"


def test_schtasks_command_line_quotes_the_path_inside_tr() -> None:
    argv = forms.schtasks_create(WIN_WRAPPER, time(8, 30))
    line = forms.command_line(argv)
    assert line == ('schtasks /Create /F /TN "dunner remind" /SC DAILY /ST 08:30 '
                    '/TR "\\"C:\\Users\\张三\\AppData\\Local\\dunner 2026\\remind.cmd\\""')
    parsed = argv_of(line)
    assert parsed == argv
    tr = parsed[parsed.index("/TR") + 1]
    assert argv_of(tr) == [WIN_WRAPPER]  # the task's own command line: one program, no arguments
    assert forms.command_line(forms.schtasks_delete()) == 'schtasks /Delete /F /TN "dunner remind"'


def test_windows_wrapper_sets_the_environment_and_appends_to_the_log() -> None:
    s = Schedule((WIN_EXE, "remind", "--owner", "张三", LEDGER_XLSX),
                 (("DUNNER_DB", WIN_DB), ("DUNNER_SMTP_PASSWORD", 'p&s"w%d^')), WIN_LOG)
    text = forms.windows_wrapper(s)
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    lines = text.split("\r\n")
    assert lines[0] == "@echo off" and "chcp 65001 >nul" in lines
    assert f"set DUNNER_DB={WIN_DB}" in lines
    assert "set DUNNER_SMTP_PASSWORD=p^&s^\"w%%d^^" in lines  # caret-escaped, % doubled
    command, redirect = lines[-2].rsplit(" >>", 1)
    assert redirect == f'"{WIN_LOG}" 2>&1'
    assert argv_of(command.replace("%%", "%")) == list(s.command)
    text.encode("utf-8")  # written as UTF-8, read as such after chcp 65001


def test_masked_hides_only_secrets() -> None:
    s = Schedule(("d",), (("DUNNER_DB", "/a"), ("DUNNER_SMTP_PASSWORD", "pw")), "/l",
                 secret=frozenset({"DUNNER_SMTP_PASSWORD"}))
    assert dict(s.masked().env) == {"DUNNER_DB": "/a", "DUNNER_SMTP_PASSWORD": forms.MASK}
    assert "pw" not in forms.crontab_line(s.masked())
    assert shlex.split(forms.crontab_line(s), comments=True)[5:7] == ["DUNNER_DB=/a",
                                                                      "DUNNER_SMTP_PASSWORD=pw"]
