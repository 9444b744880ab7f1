"""Scheduling the morning digest: the form that suits the platform, the absolute command and
environment ``dunner remind`` runs with, and the files or commands that put it in place."""

from __future__ import annotations

import ntpath
import os
import posixpath
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import time
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from dunner.adapters import scheduler as forms
from dunner.adapters.scheduler import Schedule
from dunner.errors import DunnerError
from dunner.i18n import detect_language, t

if TYPE_CHECKING:
    from dunner.services.context import AppContext

LOG_NAME = "remind.log"
WRAPPER_NAME = "remind.cmd"


class Form(StrEnum):
    """How the schedule is kept: cron, a systemd user timer, a launchd agent, a Windows task."""

    CRONTAB = "crontab"
    SYSTEMD = "systemd"
    LAUNCHD = "launchd"
    WINDOWS = "windows"


def default_form(platform: str = sys.platform) -> Form:
    if platform == "win32":
        return Form.WINDOWS
    return Form.LAUNCHD if platform == "darwin" else Form.CRONTAB


@dataclass(frozen=True)
class Places:
    """Where each form's files go, and the log every form appends to."""

    log: Path
    systemd: Path
    launch_agents: Path
    wrapper: Path

    @classmethod
    def here(cls) -> Places:
        from platformdirs import user_data_path, user_log_path

        from dunner.config import APP

        config_home = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
        return cls(log=user_log_path(APP) / LOG_NAME,
                   systemd=Path(config_home) / "systemd" / "user",
                   launch_agents=Path.home() / "Library" / "LaunchAgents",
                   wrapper=user_data_path(APP) / WRAPPER_NAME)

    def files(self, form: Form) -> tuple[Path, ...]:
        if form is Form.SYSTEMD:
            return (self.systemd / f"{forms.SYSTEMD_UNIT}.service",
                    self.systemd / f"{forms.SYSTEMD_UNIT}.timer")
        if form is Form.LAUNCHD:
            return (self.launch_agents / f"{forms.LAUNCHD_LABEL}.plist",)
        return (self.wrapper,) if form is Form.WINDOWS else ()


@dataclass(frozen=True)
class Plan:
    """A schedule ready to show or install, and what the run it starts will miss."""

    form: Form
    schedule: Schedule
    places: Places
    absent: tuple[Path, ...]  # the configuration or ledger it names that does not exist yet
    secrets_here: tuple[str, ...]  # secret variables set in this environment


@dataclass(frozen=True)
class Artefact:
    """One piece of a form: a file's text and where it is saved, or a line (``path`` None)."""

    path: Path | None
    text: str


def locate_dunner(argv0: str, executable: str, windows: bool,
                  is_file: Callable[[str], bool] = os.path.isfile) -> tuple[str, ...]:
    """The absolute command that starts this dunner: the script it was started as, else the
    script beside this Python (a venv's, pipx's or uv's), else ``python -m dunner``. Symlinks are
    kept, not resolved: a venv's python is a symlink whose target knows no venv. ``PATH`` is not
    searched, because the ``dunner`` found there may be another installation."""
    paths = ntpath if windows else posixpath
    name = "dunner.exe" if windows else "dunner"
    candidates = []
    if paths.basename(argv0).lower() in ("dunner", "dunner.exe"):
        candidates += [argv0, argv0 + ".exe"] if windows else [argv0]
    candidates.append(paths.join(paths.dirname(executable), name))
    for candidate in candidates:
        if is_file(candidate):
            return (paths.abspath(candidate),)
    return (paths.abspath(executable), "-m", "dunner")


def prepare(app: AppContext, form: Form, at: time, remind_args: Sequence[str] = (), *,
            with_secrets: bool = False, places: Places | None = None,
            environ: Mapping[str, str] | None = None, argv0: str | None = None,
            executable: str | None = None) -> Plan:
    """The schedule for the ledger and configuration this run uses, named by absolute paths (a
    scheduler starts in another folder with almost no environment). Makes the log's folder:
    a shell cannot append to a file in a folder that does not exist, and cron would not run."""
    from dunner.config import config_path

    env = os.environ if environ is None else environ
    where = places or Places.here()
    command = locate_dunner(argv0 if argv0 is not None else sys.argv[0],
                            executable or sys.executable, sys.platform == "win32")
    db = app.db if "://" in app.db else str(Path(app.db).expanduser().resolve())
    config = (app.config.path or config_path(None, env)).expanduser().resolve()
    variables = [("DUNNER_DB", db), ("DUNNER_CONFIG", str(config))]
    lang = _language(app)
    if lang:
        variables.append(("DUNNER_LANG", lang))
    # Secrets dunner remind reads from the environment: set here, they reach the scheduled run
    # only through what --install writes (private to the user); printed text never holds them.
    from dunner.services.notify_settings import PASSWORD_ENV, SECRET_ENV

    secrets = (PASSWORD_ENV, SECRET_ENV)
    here = tuple(name for name in secrets if env.get(name))
    if with_secrets:
        variables += [(name, env[name]) for name in here]
    schedule = Schedule((*command, "remind", *remind_args), tuple(variables), str(where.log), at,
                        frozenset(secrets))
    _check(schedule, form)
    where.log.parent.mkdir(parents=True, exist_ok=True)
    absent = tuple(p for p in (config, None if "://" in db else Path(db)) if p and not p.exists())
    return Plan(form, schedule, where, absent, here)


def _language(app: AppContext) -> str | None:
    """The language to pass on: one chosen by --lang or DUNNER_LANG, or by a locale the scheduler
    will not have (it starts with none); a config file's ``lang`` is read by the run itself."""
    origin = app.origins.get("lang", "")
    if origin in ("--lang", "DUNNER_LANG"):
        return app.lang
    if origin == "locale" and app.lang != detect_language(None, {}):
        return app.lang
    return None


def _check(schedule: Schedule, form: Form) -> None:
    """Refuse what no scheduler's quoting can carry: a line break (or NUL) anywhere, and a double
    quote in a Windows command line (cmd.exe would end the quoted part there)."""
    named = [(repr(a), a, form is Form.WINDOWS) for a in schedule.command]
    named += [(repr(schedule.log), schedule.log, False)]
    named += [(k if k in schedule.secret else repr(f"{k}={v}"), v, False) for k, v in schedule.env]
    for shown, text, no_quote in named:
        if any(ch in text for ch in "\n\r\0") or (no_quote and '"' in text):
            raise DunnerError("schedule_unsafe", t("cron.unsafe", value=shown), t("cron.unsafe.hint"))


def artefacts(plan: Plan) -> list[Artefact]:
    """What the form consists of: the crontab line; the unit files; the plist; the Windows
    wrapper and the ``schtasks`` command line that schedules it."""
    s, where = plan.schedule, plan.places
    if plan.form is Form.CRONTAB:
        return [Artefact(None, forms.crontab_line(s))]
    if plan.form is Form.SYSTEMD:
        units = forms.systemd_units(s)
        return [Artefact(path, units[path.name]) for path in where.files(Form.SYSTEMD)]
    if plan.form is Form.LAUNCHD:
        return [Artefact(where.files(Form.LAUNCHD)[0], forms.launchd_plist(s).decode("utf-8"))]
    return [Artefact(where.wrapper, forms.windows_wrapper(s)),
            Artefact(None, forms.command_line(forms.schtasks_create(str(where.wrapper), s.at)))]


def activation(form: Form, places: Places, removing: bool = False) -> str:
    """The command that makes a written systemd or launchd file take effect (or, ``removing``,
    stops the job whose file is gone); empty for crontab and Windows, which dunner runs itself."""
    from shlex import quote

    if form is Form.SYSTEMD:
        timer = f"{forms.SYSTEMD_UNIT}.timer"
        if removing:
            return f"systemctl --user stop {timer}; systemctl --user daemon-reload"
        return f"systemctl --user daemon-reload && systemctl --user enable --now {timer}"
    if form is Form.LAUNCHD:
        if removing:
            return f"launchctl remove {forms.LAUNCHD_LABEL}"
        plist = quote(str(places.files(Form.LAUNCHD)[0]))
        return f"launchctl unload {plist} 2>/dev/null; launchctl load -w {plist}"
    return ""
