"""Putting the morning digest's schedule in place and taking it out again: the user's crontab
through the ``crontab`` command, unit files or a plist written for systemd and launchd, a task
through ``schtasks`` on Windows. Each install is idempotent; each removal touches only dunner's."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

from dunner.adapters import scheduler as forms
from dunner.errors import DunnerError
from dunner.i18n import t
from dunner.services.scheduling import Form, Places, Plan, activation, artefacts


class Done(NamedTuple):
    returncode: int
    stdout: str
    stderr: str


Runner = Callable[[Sequence[str], str | None], Done]


class Change(StrEnum):
    INSTALLED = "installed"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REMOVED = "removed"
    ABSENT = "absent"


@dataclass(frozen=True)
class Outcome:
    """What changed, in which files, the command the user runs next (systemd, launchd) and, for
    crontab, the line as installed with its secrets masked."""

    form: Form
    change: Change
    files: tuple[Path, ...] = ()
    follow_up: str = ""
    line: str = ""


def run_program(argv: Sequence[str], stdin: str | None = None) -> Done:
    """Run a scheduler's command and capture what it says; one that is missing is an error
    that says so (cron is not installed everywhere, schtasks exists only on Windows)."""
    encoding = "oem" if sys.platform == "win32" else "utf-8"  # schtasks speaks the OEM code page
    try:
        done = subprocess.run(list(argv), input=None if stdin is None else stdin.encode("utf-8"),
                              capture_output=True, timeout=60, check=False)
    except FileNotFoundError as exc:
        raise DunnerError("scheduler_missing", t("cron.missing", program=argv[0]),
                          t(f"cron.missing.{argv[0]}.hint")) from exc
    return Done(done.returncode, done.stdout.decode(encoding, "replace"),
                done.stderr.decode(encoding, "replace"))


def install(plan: Plan, runner: Runner = run_program) -> Outcome:
    _private_log(Path(plan.schedule.log))
    pieces = artefacts(plan)
    if plan.form is Form.CRONTAB:
        return _crontab_install(pieces[0].text, plan, runner)
    files = [(a.path, a.text) for a in pieces if a.path is not None]
    # asked first, so a computer without schtasks gets its error before any file is written
    existed = plan.form is Form.WINDOWS and runner(forms.schtasks_query(), None).returncode == 0
    change = _write(files)
    if plan.form is Form.WINDOWS:
        _ok(runner(forms.schtasks_create(str(plan.places.wrapper), plan.schedule.at), None))
        change = Change.UPDATED if existed else Change.INSTALLED
    return Outcome(plan.form, change, tuple(p for p, _ in files),
                   activation(plan.form, plan.places))


def uninstall(form: Form, places: Places, runner: Runner = run_program) -> Outcome:
    if form is Form.CRONTAB:
        return _crontab_uninstall(runner)
    found = False
    if form is Form.WINDOWS and runner(forms.schtasks_query(), None).returncode == 0:
        _ok(runner(forms.schtasks_delete(), None))
        found = True
    files = places.files(form)
    if form is Form.SYSTEMD:  # what `systemctl enable` links; disable needs the file we remove
        files += (places.systemd / "timers.target.wants" / f"{forms.SYSTEMD_UNIT}.timer",)
    for path in files:
        if path.is_symlink() or path.exists():
            path.unlink()
            found = True
    return Outcome(form, Change.REMOVED if found else Change.ABSENT, files,
                   activation(form, places, removing=True) if found else "")


def _private_log(path: Path) -> None:
    """The scheduled run appends its digests (customers, amounts, phone numbers) to the log: make
    it private now, since the shell or service manager would create it readable by all."""
    import os

    from dunner.adapters.xlsx import POSIX_MODES

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY | os.O_APPEND, 0o600))
        if POSIX_MODES:
            os.chmod(path, 0o600)
    except OSError:
        return  # the run itself reports an unwritable log; installing goes on


def _write(files: Sequence[tuple[Path, str]]) -> Change:
    """Write each file private to the user (it may hold a password); ``UNCHANGED`` when every
    file already says the same."""
    from dunner.adapters.xlsx import private_file

    old = [p.read_bytes() if p.exists() else None for p, _ in files]
    new = [text.encode("utf-8") for _, text in files]
    if old == new:
        return Change.UNCHANGED
    for (path, _), data in zip(files, new, strict=True):
        private_file(path)
        path.write_bytes(data)
    return Change.INSTALLED if all(o is None for o in old) else Change.UPDATED


def _ok(done: Done) -> Done:
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip() or f"exit {done.returncode}"
        raise DunnerError("scheduler_failed", t("cron.failed", detail=detail), t("cron.failed.hint"))
    return done


def _crontab_read(runner: Runner) -> list[str]:
    done = runner(["crontab", "-l"], None)
    if done.returncode != 0 and "no crontab" in done.stderr.lower():
        return []  # the user has none yet
    return _ok(done).stdout.splitlines()


def _crontab_write(lines: list[str], runner: Runner) -> None:
    if any(line.strip() for line in lines):
        _ok(runner(["crontab", "-"], "\n".join(lines) + "\n"))
    else:
        _ok(runner(["crontab", "-r"], None))


def _crontab_install(line: str, plan: Plan, runner: Runner) -> Outcome:
    """Replace the marked line (or add it) and keep every other line as it was."""
    current = _crontab_read(runner)
    kept = [x for x in current if not forms.is_marked(x)]
    shown = forms.crontab_line(plan.schedule.masked())
    if len(kept) == len(current) - 1 and line in current:
        return Outcome(plan.form, Change.UNCHANGED, line=shown)
    _crontab_write([*kept, line], runner)
    return Outcome(plan.form, Change.UPDATED if len(kept) < len(current) else Change.INSTALLED,
                   line=shown)


def _crontab_uninstall(runner: Runner) -> Outcome:
    current = _crontab_read(runner)
    kept = [x for x in current if not forms.is_marked(x)]
    if len(kept) == len(current):
        return Outcome(Form.CRONTAB, Change.ABSENT)
    _crontab_write(kept, runner)
    return Outcome(Form.CRONTAB, Change.REMOVED)
