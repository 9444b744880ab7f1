"""``dunner cron``: schedule ``dunner remind`` for every morning — print the crontab line, systemd
units, launchd plist or Windows task, or install and remove it."""

from __future__ import annotations

import re
from datetime import time
from typing import TYPE_CHECKING, Annotated

import typer

from dunner.cli import _output, _render
from dunner.errors import UsageError
from dunner.i18n import t

if TYPE_CHECKING:
    from dunner.services.schedule_install import Outcome
    from dunner.services.scheduling import Form, Plan

_AT = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")
_COMMENT = {"crontab": "# ", "systemd": "# ", "windows": "rem "}  # launchd: XML, notes to stderr


def register(app: typer.Typer) -> None:
    app.command("cron")(cron)


def _flag(name: str, what: str) -> object:
    return typer.Option(f"--{name}", help=what)


@_output.guarded
def cron(
    ctx: typer.Context,
    remind_args: Annotated[list[str] | None, typer.Argument(
        metavar="REMIND_OPTIONS", show_default=False,
        help="Options for dunner remind, after --: e.g. -- --to email (without --to the digest "
        "only goes to the log).")] = None,
    crontab: Annotated[bool, _flag("crontab", "A crontab line (default on Linux).")] = False,
    systemd: Annotated[bool, _flag("systemd", "A systemd user timer and service instead.")] = False,
    launchd: Annotated[bool, _flag("launchd", "A launchd agent plist (default on macOS).")] = False,
    windows: Annotated[bool, _flag("windows", "A Windows scheduled task (default on Windows).")] = False,
    install: Annotated[bool, _flag("install", "Put it in place (again: replaces, never doubles).")] = False,
    uninstall: Annotated[bool, _flag("uninstall", "Remove what --install put in place.")] = False,
    at: Annotated[str, typer.Option("--at", metavar="HH:MM",
                                    help="Time of day, on this computer's clock.")] = "08:30",
) -> None:
    """Run dunner remind every day at 08:30 — every day, not Monday to Friday, because dunner
    knows the holidays and the 调休 Saturdays that are working days, and decides itself.

    Prints the schedule with absolute paths, DUNNER_DB, DUNNER_CONFIG and a log file; --install
    adds it (to your crontab, as a systemd timer, a launchd agent or a Windows task).

    Example: dunner cron --install -- --to email
    """
    from dunner.services import schedule_install as setup
    from dunner.services import scheduling

    form, when, args = _form(crontab, systemd, launchd, windows), _time(at), remind_args or []
    if install and uninstall:
        raise UsageError("cron_both", t("cron.both"), t("cron.both.hint"))
    if uninstall:
        _report(setup.uninstall(form, scheduling.Places.here()), when)
        return
    _check_remind(args)
    plan = scheduling.prepare(_output.app_context(ctx), form, when, args, with_secrets=install)
    for path in plan.absent:
        _render.warn(t("cron.absent_file", path=path))
    if not any(a == "--to" or a.startswith("--to=") for a in args):
        _render.warn(t("cron.no_channel"))
    if plan.secrets_here:
        _render.warn(t("cron.secrets_carried" if install else "cron.secrets_left_out",
                       names=", ".join(plan.secrets_here)))
    if install:
        _report(setup.install(plan), when)
    else:
        _show(plan)


def _form(crontab: bool, systemd: bool, launchd: bool, windows: bool) -> Form:
    from dunner.services.scheduling import Form, default_form

    chosen = [f for f, on in ((Form.CRONTAB, crontab), (Form.SYSTEMD, systemd),
                              (Form.LAUNCHD, launchd), (Form.WINDOWS, windows)) if on]
    if len(chosen) > 1:
        raise UsageError("cron_forms", t("cron.forms"), t("cron.forms.hint"))
    return chosen[0] if chosen else default_form()


def _time(text: str) -> time:
    match = _AT.fullmatch(text.strip())
    if not match:
        raise UsageError("cron_at", t("cron.at", value=text), t("cron.at.hint"))
    return time(int(match[1]), int(match[2]))


def _check_remind(args: list[str]) -> None:
    """Refuse now what the scheduled ``dunner remind`` would refuse every morning: an option it
    does not take, one without its value, a value it rejects. Parsed by remind's own command
    and checked as a run checks it, without running it (no ledger, no network). ``--help``
    counts as an option it does not take: a schedule has no use for it."""
    from typer._click.exceptions import UsageError as Unparsed
    from typer.main import get_command

    from dunner.cli import remind

    alone = typer.Typer(add_completion=False, rich_markup_mode=None)
    remind.register(alone)
    try:
        parsed = get_command(alone).make_context("remind", list(args), help_option_names=[])
    except Unparsed as err:
        raise UsageError("cron_remind_args", t("cron.remind_args", detail=err.format_message()),
                         t("cron.remind_args.hint")) from err
    remind.check(parsed.params["to"], parsed.params["day"])


def _show(plan: Plan) -> None:
    """The text to save or paste, unwrapped (``print``, not rich: a folded line would break it);
    where to save it as comments of its own language, or on stderr for a plist."""
    from dunner.services.scheduling import Form, activation, artefacts

    comment = _COMMENT.get(plan.form)
    for piece in artefacts(plan):
        if piece.path is not None:
            _note(comment, t("cron.save_as", path=piece.path))
        print(piece.text.replace("\r\n", "\n").rstrip("\n"))
    follow = activation(plan.form, plan.places)
    if follow:
        _note(comment, t("cron.then", command=follow))
    if plan.form is Form.CRONTAB:
        _render.warn(t("cron.crontab_hint"))


def _note(comment: str | None, text: str) -> None:
    if comment is None:
        _render.warn(text)
    else:
        print(comment + text)


def _report(outcome: Outcome, when: time) -> None:
    from dunner.services.scheduling import Form

    place = {Form.CRONTAB: t("cron.place.crontab"), Form.WINDOWS: t("cron.place.windows")}.get(
        outcome.form) or ", ".join(str(p) for p in outcome.files[:2])
    _render.lines(t(f"cron.{outcome.change}", place=place, at=f"{when:%H:%M}"))
    for line in (outcome.line, t("cron.then", command=outcome.follow_up) if outcome.follow_up else ""):
        if line:
            print(line)  # whole, to copy
