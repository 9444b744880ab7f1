"""``dunner remind``: each owner's digest for today, printed, e-mailed or posted to a group robot."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from dunner.cli import _output, _render
from dunner.cli._options import JsonOpt
from dunner.errors import UsageError
from dunner.i18n import t

if TYPE_CHECKING:
    from datetime import date

    from dunner.domain.digest import Digest, DigestAction, Item
    from dunner.services.reminding import Delivery, RemindReport

TARGETS = ("stdout", "email", "webhook")


def register(app: typer.Typer) -> None:
    app.command("remind")(remind)


@_output.guarded
def remind(
    ctx: typer.Context,
    to: Annotated[str, typer.Option("--to", help="stdout (default), email or webhook.")] = "stdout",
    owner: Annotated[str | None, typer.Option(help="Only this owner's digest.")] = None,
    day: Annotated[str | None, typer.Option("--date", help="The digest's day (YYYY-MM-DD); "
                                            "default today.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Send again a digest already sent "
                                        "today.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Build and check; send and record "
                                          "nothing.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """Today's digest per owner: actions with ready-to-paste messages, promises, new overdue,
    payments since the last digest, what falls due soon, limitation alerts, disputes. Sent once
    a day per owner and channel; nothing on a rest day; for cron.

    Example: dunner remind --to email
    """
    from dunner.services.reminding import Target
    from dunner.services.reminding import remind as run

    when = check(to, day)
    report = run(_output.app_context(ctx), Target(to), owner, when, force, dry_run)
    failure = report.failure()
    if as_json:
        if failure is not None:
            raise failure
        _output.emit_json(_document(report))
        return
    _print(report)
    if failure is not None:
        raise failure


def check(to: str, day: str | None) -> date | None:
    """The values ``dunner remind`` refuses, refused before anything is opened: a channel it
    does not deliver by, a day that is not a date. The day, if one is given."""
    from dunner.services.context import parse_user_date

    if to not in TARGETS:
        raise UsageError("bad_to", t("remind.bad_to", value=to), t("choices.hint",
                                                                  choices=", ".join(TARGETS)))
    return parse_user_date(day, "--date") if day else None


def _print(report: RemindReport) -> None:
    from dunner.services.reminding import State, digest_text

    if not report.working_day:
        _render.lines(t("remind.rest_day", day=report.day, weekday=t(f"weekday.{report.day.weekday()}")))
        return
    _render.calendar_warning(report.unknown_years, report.day)
    printed = [d for d in report.digests if not d.empty]
    if any(x.state == State.PRINTED for x in report.deliveries):
        texts = [digest_text(d) for d in printed]
        _render.lines("\n".join(texts).rstrip("\n") if texts else t("remind.empty", day=report.day))
        return
    _render.lines(*(_line(x) for x in report.deliveries))


def _line(x: Delivery) -> str:
    owner = t("remind.boss") if x.owner.startswith("@") else x.owner or "—"
    key = "sent_parts" if x.state == "sent" and x.parts > 1 else x.state
    return t(f"remind.state.{key}", channel=t(f"remind.channel.{x.channel}"), owner=owner,
             recipient=x.recipient, parts=x.parts)


def _document(report: RemindReport) -> dict[str, Any]:
    """``remind --json``: the day, whether it is a working day, each delivery and each digest."""
    return {"date": report.day, "working_day": report.working_day,
            "deliveries": [{"owner": x.owner, "channel": x.channel, "recipient": x.recipient,
                            "state": x.state, "error": x.error or None, "parts": x.parts}
                           for x in report.deliveries],
            "digests": [_digest(d) for d in report.digests]}


def _digest(d: Digest) -> dict[str, Any]:
    from dunner.domain.digest import SECTIONS
    from dunner.services.reminding import summary_line

    out: dict[str, Any] = {"owner": d.owner, "date": d.day, "since": d.since,
                           "summary": summary_line(d), "actions": [_action(a) for a in d.actions]}
    out.update({key: [_item(i) for i in getattr(d, key)] for key in SECTIONS})
    return out


def _action(a: DigestAction) -> dict[str, Any]:
    from dunner.domain.money import fen_str

    return {"id": a.id, "time": a.at.strftime("%H:%M"), "customer": a.customer,
            "channel": a.channel, "purpose": a.purpose, "invoices": list(a.invoices),
            "amount": fen_str(a.amount), "message": a.message, "phone": a.contact.phone or None}


def _item(i: Item) -> dict[str, Any]:
    from dunner.domain.money import fen_str

    return {"customer": i.customer, "amount": fen_str(i.amount), "date": i.day,
            "invoices": list(i.invoices)}
