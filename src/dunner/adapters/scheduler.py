"""The morning digest's schedule in each scheduler's own form — a crontab line, systemd user units,
a launchd agent, a Windows task — as pure text builders, each quoting for the program that reads
it."""

from __future__ import annotations

import plistlib
import re
import shlex
import subprocess
from dataclasses import dataclass, replace
from datetime import time

MARKER = "# dunner remind"  # ends the crontab line: what --install replaces and --uninstall removes
SYSTEMD_UNIT = "dunner-remind"
LAUNCHD_LABEL = "local.dunner.remind"  # "local." is launchd's prefix for a user's own agents
TASK_NAME = "dunner remind"
MASK = "********"
# An argument that needs no quotes: for the shell, systemd and cmd.exe alike.
_PLAIN = re.compile(r"[A-Za-z0-9_@+=:,./-]+")
_PLAIN_WINDOWS = re.compile(r"[A-Za-z0-9_@+=:,./\\-]+")
_CARET = re.compile(r'([\^&|<>()"])')  # cmd.exe's special characters outside quotes


@dataclass(frozen=True)
class Schedule:
    """What runs when: the dunner command (absolute), its environment, the log it appends to,
    the time of day (the machine's clock), and which variables hold secrets (masked on screen)."""

    command: tuple[str, ...]
    env: tuple[tuple[str, str], ...]
    log: str
    at: time = time(8, 30)
    secret: frozenset[str] = frozenset()

    def masked(self) -> Schedule:
        return replace(self, env=tuple((k, MASK if k in self.secret else v) for k, v in self.env))


# crontab ---------------------------------------------------------------------------------------

def crontab_line(s: Schedule) -> str:
    """One line for every day at ``s.at``, ending in the marker. cron hands the command to
    ``/bin/sh``, so each word is shell-quoted; cron itself turns an unescaped ``%`` into a
    newline, so every ``%`` (in a path or a URL) is written ``\\%``."""
    words = [f"{s.at.minute} {s.at.hour} * * *",
             *(f"{k}={shlex.quote(v)}" for k, v in s.env),
             *(shlex.quote(a) for a in s.command),
             f">>{shlex.quote(s.log)} 2>&1", MARKER]
    return " ".join(words).replace("%", "\\%")


def is_marked(line: str) -> bool:
    return line.rstrip().endswith(MARKER)


# systemd ---------------------------------------------------------------------------------------

def _unit_specifiers(text: str) -> str:
    return text.replace("%", "%%")  # systemd expands %h, %u …: a literal % is %%


def _unit_quoted(text: str) -> str:
    return '"' + _unit_specifiers(text.replace("\\", "\\\\").replace('"', '\\"')) + '"'


def _exec_line(argv: tuple[str, ...]) -> str:
    """``ExecStart=``: each word quoted unless plain; in the arguments (not the program's path,
    which systemd takes as it is) ``$`` would start a variable, so it is written ``$$``."""
    words = [a if _PLAIN.fullmatch(a) else _unit_quoted(a) for a in argv]
    return " ".join(words[:1] + [w.replace("$", "$$") for w in words[1:]])


def systemd_units(s: Schedule) -> dict[str, str]:
    """``dunner-remind.service`` (one run, output appended to the log) and ``dunner-remind.timer``
    (every day at ``s.at``; ``Persistent`` catches up a morning the computer was off)."""
    head = f"# {SYSTEMD_UNIT}: the morning digest, from \"dunner cron --systemd\".\n"
    service = head + "\n".join([
        "[Unit]",
        "Description=dunner morning digest (dunner remind)",
        "",
        "[Service]",
        "Type=oneshot",
        *(f"Environment={_unit_quoted(f'{k}={v}')}" for k, v in s.env),
        "ExecStart=" + _exec_line(s.command),
        # append: takes the rest of the line as the path, spaces included, no quotes
        f"StandardOutput=append:{_unit_specifiers(s.log)}",
        f"StandardError=append:{_unit_specifiers(s.log)}",
    ]) + "\n"
    timer = head + "\n".join([
        "[Unit]",
        f"Description=Run dunner remind every day at {s.at:%H:%M}",
        "",
        "[Timer]",
        f"OnCalendar=*-*-* {s.at:%H:%M}:00",
        "Persistent=true",
        "",
        "[Install]",
        "WantedBy=timers.target",
    ]) + "\n"
    return {f"{SYSTEMD_UNIT}.service": service, f"{SYSTEMD_UNIT}.timer": timer}


# launchd ---------------------------------------------------------------------------------------

def launchd_plist(s: Schedule) -> bytes:
    """A launchd agent: the arguments as a list (no shell, no quoting), the environment, every
    day at ``s.at``, stdout and stderr appended to the log."""
    return plistlib.dumps({
        "Label": LAUNCHD_LABEL,
        "ProgramArguments": list(s.command),
        "EnvironmentVariables": dict(s.env),
        "StartCalendarInterval": {"Hour": s.at.hour, "Minute": s.at.minute},
        "StandardOutPath": s.log,
        "StandardErrorPath": s.log,
        "RunAtLoad": False,
    }, sort_keys=False)


# Windows ---------------------------------------------------------------------------------------

def windows_arg(arg: str) -> str:
    """One argument as a Windows program splits its command line (``CommandLineToArgvW``, the
    rules ``subprocess.list2cmdline`` writes for): in quotes unless plain — also for ``&`` or
    ``(`` that cmd.exe would act on — with backslashes before a quote doubled."""
    if _PLAIN_WINDOWS.fullmatch(arg):
        return arg
    out, slashes = [], 0
    for ch in arg:
        if ch == "\\":
            slashes += 1
            continue
        out.append("\\" * (slashes * 2 + 1) + ch if ch == '"' else "\\" * slashes + ch)
        slashes = 0
    return '"' + "".join(out) + "\\" * (slashes * 2) + '"'


def _caret(text: str) -> str:
    return _CARET.sub(r"^\1", text)


def _batch(text: str) -> str:
    return text.replace("%", "%%")  # a batch file expands %NAME% even inside quotes


def windows_wrapper(s: Schedule) -> str:
    """The ``.cmd`` file the task runs: a task's command line holds at most 261 characters and
    no environment, so the variables and the log redirection live here. It is UTF-8 and
    switches the console to UTF-8 first, so a path such as ``C:\\Users\\张三\\应收 2026`` reads
    right whatever the system's code page (Windows 10 or newer)."""
    lines = [
        "@echo off",
        'rem dunner remind: the morning digest, run by the task "dunner remind" (dunner cron --windows).',
        "chcp 65001 >nul",
        # unquoted and caret-escaped: any character of a value (a password's & or ") stays itself
        *(f"set {k}={_batch(_caret(v))}" for k, v in s.env),
        _batch(" ".join(windows_arg(a) for a in s.command)) + f' >>"{_batch(s.log)}" 2>&1',
    ]
    return "\r\n".join(lines) + "\r\n"


def schtasks_create(wrapper: str, at: time) -> list[str]:
    """``schtasks`` arguments for a daily task at ``at`` that runs ``wrapper``. ``/TR`` is the
    task's own command line, so the path is quoted inside it; ``/F`` replaces a task of the
    same name, which makes installing twice the same as once."""
    return ["schtasks", "/Create", "/F", "/TN", TASK_NAME, "/SC", "DAILY", "/ST", f"{at:%H:%M}",
            "/TR", f'"{wrapper}"']


def schtasks_query() -> list[str]:
    return ["schtasks", "/Query", "/TN", TASK_NAME]


def schtasks_delete() -> list[str]:
    return ["schtasks", "/Delete", "/F", "/TN", TASK_NAME]


def command_line(argv: list[str]) -> str:
    """The command line Python's ``subprocess`` passes to Windows for ``argv``: what to paste
    into a Command Prompt (``/TR "\\"C:\\…\\remind.cmd\\""``)."""
    return subprocess.list2cmdline(argv)
