"""Scheduling the digest: the command and environment it runs with, and installing or removing
each form — crontab and schtasks through a fake runner, files in temporary folders."""

from __future__ import annotations

import plistlib
import stat
from collections.abc import Sequence
from datetime import time
from pathlib import Path

import pytest

from dunner.adapters import scheduler as forms
from dunner.errors import DunnerError
from dunner.services.context import build_context
from dunner.services.schedule_install import Change, Done, install, uninstall
from dunner.services.scheduling import (
    Form,
    Places,
    Plan,
    artefacts,
    default_form,
    locate_dunner,
    prepare,
)


class FakeRunner:
    """Records each command; answers from a table of (argv prefix → Done), else success."""

    def __init__(self, answers: dict[tuple[str, ...], Done] | None = None) -> None:
        self.calls: list[tuple[list[str], str | None]] = []
        self.answers = answers or {}

    def __call__(self, argv: Sequence[str], stdin: str | None) -> Done:
        self.calls.append((list(argv), stdin))
        for prefix, done in self.answers.items():
            if tuple(argv[:len(prefix)]) == prefix:
                return done
        return Done(0, "", "")


class FakeCrontab:
    """``crontab -l``, ``crontab -`` and ``crontab -r`` over a string."""

    def __init__(self, text: str | None = None) -> None:
        self.text = text

    def __call__(self, argv: Sequence[str], stdin: str | None) -> Done:
        if list(argv) == ["crontab", "-l"]:
            return Done(0, self.text, "") if self.text is not None else Done(1, "", "no crontab for x\n")
        if list(argv) == ["crontab", "-"]:
            self.text = stdin
        elif list(argv) == ["crontab", "-r"]:
            self.text = None
        return Done(0, "", "")


@pytest.fixture
def places(tmp_path: Path) -> Places:
    return Places(log=tmp_path / "logs" / "remind.log", systemd=tmp_path / "systemd" / "user",
                  launch_agents=tmp_path / "home" / "Library" / "LaunchAgents",
                  wrapper=tmp_path / "appdata" / "remind.cmd")


def _plan(tmp_path: Path, places: Places, form: Form, env: dict[str, str] | None = None,
          lang: str | None = None, with_secrets: bool = False) -> Plan:
    env = env or {}
    app = build_context(db=str(tmp_path / "应收 账款" / "账本.db"), environ=env, lang=lang)
    return prepare(app, form, time(8, 30), ("--to", "email"), places=places, environ=env,
                   argv0="/venv/bin/dunner", executable="/venv/bin/python",
                   with_secrets=with_secrets)


@pytest.mark.parametrize(("platform", "form"), [("linux", Form.CRONTAB), ("darwin", Form.LAUNCHD),
                                                 ("win32", Form.WINDOWS), ("freebsd14", Form.CRONTAB)])
def test_default_form_per_platform(platform: str, form: Form) -> None:
    assert default_form(platform) is form


def test_locate_prefers_the_script_then_its_neighbour_then_python_m() -> None:
    files = {"/venv/bin/dunner", r"C:\venv\Scripts\dunner.exe"}
    assert locate_dunner("/venv/bin/dunner", "/venv/bin/python", False, files.__contains__) == (
        "/venv/bin/dunner",)
    # started as python -m dunner: the script beside the interpreter, not the __main__ module
    assert locate_dunner("/venv/lib/dunner/__main__.py", "/venv/bin/python", False,
                         files.__contains__) == ("/venv/bin/dunner",)
    assert locate_dunner("/x/__main__.py", "/usr/bin/python3", False, files.__contains__) == (
        "/usr/bin/python3", "-m", "dunner")
    # Windows: argv[0] of a console script may come without .exe
    assert locate_dunner(r"C:\venv\Scripts\dunner", r"C:\venv\Scripts\python.exe", True,
                         files.__contains__) == (r"C:\venv\Scripts\dunner.exe",)
    assert locate_dunner(r"C:\u\__main__.py", r"C:\Python312\python.exe", True,
                         files.__contains__) == (r"C:\Python312\python.exe", "-m", "dunner")


def test_prepare_names_everything_by_absolute_path(tmp_path: Path, places: Places) -> None:
    plan = _plan(tmp_path, places, Form.CRONTAB)
    env = dict(plan.schedule.env)
    assert env["DUNNER_DB"] == str(tmp_path / "应收 账款" / "账本.db")
    assert env["DUNNER_CONFIG"] == str(tmp_path / "xdg-config" / "dunner" / "config.toml")  # conftest's
    assert "DUNNER_LANG" not in env  # English is also what an empty environment gives
    assert plan.schedule.command[-3:] == ("remind", "--to", "email")
    assert Path(plan.schedule.command[0]).is_absolute()
    assert plan.schedule.log == str(places.log) and places.log.parent.is_dir()
    assert set(plan.absent) == {Path(env["DUNNER_DB"]), Path(env["DUNNER_CONFIG"])}


@pytest.mark.parametrize(("env", "lang", "expected"), [
    ({"LANG": "zh_CN.UTF-8"}, None, "zh"),  # the locale cron will not have
    ({"DUNNER_LANG": "en"}, None, "en"),
    ({}, "zh", "zh"),
    ({"LANG": "en_US.UTF-8"}, None, None),
])
def test_language_passed_on_when_the_scheduler_would_lose_it(
        tmp_path: Path, places: Places, env: dict[str, str], lang: str | None,
        expected: str | None) -> None:
    plan = _plan(tmp_path, places, Form.CRONTAB, env, lang=lang)
    assert dict(plan.schedule.env).get("DUNNER_LANG") == expected


def test_secrets_only_with_install(tmp_path: Path, places: Places) -> None:
    env = {"DUNNER_SMTP_PASSWORD": "s3cret"}
    shown = _plan(tmp_path, places, Form.CRONTAB, env)
    assert shown.secrets_here == ("DUNNER_SMTP_PASSWORD",)
    assert "s3cret" not in artefacts(shown)[0].text
    installed = _plan(tmp_path, places, Form.CRONTAB, env, with_secrets=True)
    assert "DUNNER_SMTP_PASSWORD=s3cret" in artefacts(installed)[0].text


def test_a_line_break_in_a_path_is_refused(tmp_path: Path, places: Places) -> None:
    app = build_context(db=str(tmp_path / "a\nb.db"), environ={})
    with pytest.raises(DunnerError) as caught:
        prepare(app, Form.CRONTAB, time(8, 30), places=places, environ={})
    assert caught.value.code == "schedule_unsafe"


def test_a_secret_that_cannot_be_written_is_named_not_shown(tmp_path: Path, places: Places) -> None:
    with pytest.raises(DunnerError) as caught:
        _plan(tmp_path, places, Form.CRONTAB, {"DUNNER_SMTP_PASSWORD": "s3cr\net"}, with_secrets=True)
    assert caught.value.message.startswith("DUNNER_SMTP_PASSWORD cannot be written")
    assert "s3cr" not in caught.value.message


def test_a_double_quote_in_a_windows_command_is_refused(tmp_path: Path, places: Places) -> None:
    app = build_context(db=str(tmp_path / "a.db"), environ={})
    with pytest.raises(DunnerError, match="double quote"):
        prepare(app, Form.WINDOWS, time(8, 30), ("--owner", 'a"b'), places=places, environ={})
    prepare(app, Form.CRONTAB, time(8, 30), ("--owner", 'a"b'), places=places, environ={})


def test_crontab_install_is_idempotent_and_keeps_other_lines(tmp_path: Path, places: Places) -> None:
    mine = "0 3 * * * backup.sh\n"
    crontab = FakeCrontab(mine)
    plan = _plan(tmp_path, places, Form.CRONTAB)
    assert install(plan, crontab).change is Change.INSTALLED
    assert install(plan, crontab).change is Change.UNCHANGED
    assert crontab.text is not None and crontab.text.startswith(mine)
    assert sum(forms.is_marked(x) for x in crontab.text.splitlines()) == 1
    moved = prepare(build_context(db=str(tmp_path / "other.db"), environ={}), Form.CRONTAB,
                    time(9, 0), places=places, environ={})
    assert install(moved, crontab).change is Change.UPDATED
    assert [x for x in crontab.text.splitlines() if forms.is_marked(x)][0].startswith("0 9 * * * ")
    assert uninstall(Form.CRONTAB, places, crontab).change is Change.REMOVED
    assert crontab.text == mine
    assert uninstall(Form.CRONTAB, places, crontab).change is Change.ABSENT


def test_crontab_of_only_dunner_is_removed_whole(tmp_path: Path, places: Places) -> None:
    crontab = FakeCrontab()
    install(_plan(tmp_path, places, Form.CRONTAB), crontab)
    uninstall(Form.CRONTAB, places, crontab)
    assert crontab.text is None


def test_install_masks_secrets_in_the_line_it_reports(tmp_path: Path, places: Places) -> None:
    crontab = FakeCrontab()
    plan = _plan(tmp_path, places, Form.CRONTAB, {"DUNNER_SMTP_PASSWORD": "s3cret"}, with_secrets=True)
    outcome = install(plan, crontab)
    assert "s3cret" in (crontab.text or "") and "s3cret" not in outcome.line
    assert f"DUNNER_SMTP_PASSWORD='{forms.MASK}'" in outcome.line


def test_systemd_install_writes_private_units(tmp_path: Path, places: Places) -> None:
    plan = _plan(tmp_path, places, Form.SYSTEMD)
    outcome = install(plan, FakeRunner())
    assert outcome.change is Change.INSTALLED
    service, timer = places.files(Form.SYSTEMD)
    assert "ExecStart=" in service.read_text(encoding="utf-8") and timer.exists()
    assert stat.S_IMODE(service.stat().st_mode) == 0o600
    assert "enable --now dunner-remind.timer" in outcome.follow_up
    assert install(plan, FakeRunner()).change is Change.UNCHANGED
    wants = places.systemd / "timers.target.wants"
    wants.mkdir()
    (wants / "dunner-remind.timer").symlink_to(timer)  # what `systemctl enable` does
    removed = uninstall(Form.SYSTEMD, places, FakeRunner())
    assert removed.change is Change.REMOVED and "stop dunner-remind.timer" in removed.follow_up
    assert not service.exists() and not timer.exists() and not (wants / "dunner-remind.timer").is_symlink()
    assert uninstall(Form.SYSTEMD, places, FakeRunner()).change is Change.ABSENT


def test_launchd_install_writes_the_plist_under_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    here = Places.here()
    assert here.launch_agents == tmp_path / "home" / "Library" / "LaunchAgents"
    plan = _plan(tmp_path, here, Form.LAUNCHD)
    outcome = install(plan, FakeRunner())
    plist = here.launch_agents / f"{forms.LAUNCHD_LABEL}.plist"
    doc = plistlib.loads(plist.read_bytes())
    assert doc["ProgramArguments"][-3:] == ["remind", "--to", "email"]
    assert doc["StartCalendarInterval"] == {"Hour": 8, "Minute": 30}
    assert outcome.follow_up.endswith(f"launchctl load -w {plist}")
    removed = uninstall(Form.LAUNCHD, here, FakeRunner())
    assert not plist.exists() and removed.follow_up == f"launchctl remove {forms.LAUNCHD_LABEL}"


def test_windows_install_runs_schtasks_with_the_wrapper(tmp_path: Path, places: Places) -> None:
    runner = FakeRunner({("schtasks", "/Query"): Done(1, "", "ERROR: not found")})
    plan = _plan(tmp_path, places, Form.WINDOWS)
    outcome = install(plan, runner)
    assert outcome.change is Change.INSTALLED and outcome.follow_up == ""
    assert [argv for argv, _ in runner.calls] == [
        forms.schtasks_query(), forms.schtasks_create(str(places.wrapper), time(8, 30))]
    wrapper = places.wrapper.read_bytes()
    assert wrapper.startswith(b"@echo off\r\n") and "账本.db".encode() in wrapper
    assert artefacts(plan)[1].text == forms.command_line(runner.calls[1][0])


def test_windows_uninstall_deletes_the_task_and_the_wrapper(tmp_path: Path, places: Places) -> None:
    install(_plan(tmp_path, places, Form.WINDOWS), FakeRunner())
    runner = FakeRunner()
    assert uninstall(Form.WINDOWS, places, runner).change is Change.REMOVED
    assert [argv for argv, _ in runner.calls] == [forms.schtasks_query(), forms.schtasks_delete()]
    assert not places.wrapper.exists()
    gone = FakeRunner({("schtasks", "/Query"): Done(1, "", "")})
    assert uninstall(Form.WINDOWS, places, gone).change is Change.ABSENT
    assert [argv for argv, _ in gone.calls] == [forms.schtasks_query()]


def test_a_refusing_scheduler_is_one_error(tmp_path: Path, places: Places) -> None:
    runner = FakeRunner({("schtasks", "/Create"): Done(1, "", "ERROR: Access is denied.")})
    with pytest.raises(DunnerError) as caught:
        install(_plan(tmp_path, places, Form.WINDOWS), runner)
    assert caught.value.code == "scheduler_failed" and "Access is denied" in caught.value.message
