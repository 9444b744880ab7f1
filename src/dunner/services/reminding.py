"""The daily digest use case: each owner's digest built from the plan and the ledger, sent once a
day per owner and channel (recorded only after delivery), under a lock, never on a rest day."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from dunner.adapters.notify import DeliveryError
from dunner.adapters.notify.retry import DEFAULT_RETRY
from dunner.domain.assessment import CustomerFile
from dunner.domain.digest import Contact, Digest, Payment, build, overview
from dunner.domain.planner import Action, plan
from dunner.domain.wording import use_templates
from dunner.errors import DunnerError, UsageError
from dunner.i18n import t
from dunner.ledger import reminders, repo
from dunner.services.context import AppContext
from dunner.services.customers import check_owner
from dunner.services.notify_settings import PASSWORD_ENV, NotifySettings, notify_settings
from dunner.services.planning import settings as plan_settings
from dunner.services.portfolio import assess_all, calendar_from
from dunner.services.templates import message_templates

BOSS = "@boss"  # the all-owners summary's recipient in ``reminder_sent`` (no owner starts with @)
LOCK_WAIT = 600.0  # seconds a run waits for an overlapping one to finish its deliveries
RETRY = DEFAULT_RETRY  # tests shorten the waits


class Target(StrEnum):
    STDOUT = "stdout"
    EMAIL = "email"
    WEBHOOK = "webhook"


class State(StrEnum):
    SENT = "sent"
    ALREADY_SENT = "already_sent"
    NOTHING = "nothing"  # an empty digest is not sent
    NO_ADDRESS = "no_address"
    FAILED = "failed"
    PRINTED = "printed"
    DRY_RUN = "dry_run"


@dataclass(frozen=True)
class Delivery:
    owner: str  # the boss summary: BOSS
    channel: Target
    recipient: str  # an address, or "the WeCom robot at host" — never a key
    state: State
    error: str = ""
    parts: int = 0


@dataclass
class RemindReport:
    day: date
    working_day: bool
    digests: list[Digest] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    unknown_years: list[int] = field(default_factory=list)

    @property
    def failures(self) -> list[Delivery]:
        return [d for d in self.deliveries if d.state == State.FAILED]

    def failure(self) -> DunnerError | None:
        """All failed deliveries as one line (the next run sends them: none was recorded)."""
        failed = self.failures
        if not failed:
            return None
        text = "; ".join(t("remind.failed_one", channel=t(f"remind.channel.{d.channel}"),
                           owner=d.owner, recipient=d.recipient, reason=d.error) for d in failed)
        message = text if len(failed) == 1 else t("remind.failed_many", n=len(failed), list=text)
        return DunnerError("delivery_failed", message, t("remind.failed.hint"))


def remind(ctx: AppContext, to: Target = Target.STDOUT, owner: str | None = None,
           day: date | None = None, force: bool = False, dry_run: bool = False,
           environ: Mapping[str, str] | None = None,
           now: Callable[[], datetime] = datetime.now) -> RemindReport:
    """Build today's digests and deliver them ``to`` stdout (returned), e-mail or robots.

    A rest day sends nothing. A digest already delivered on ``day`` to an owner through the
    channel is skipped unless ``force``; a delivery is recorded only once it succeeded, so a
    failed one goes out on the next run. ``dry_run`` builds and checks, sends and records nothing.
    """
    env = os.environ if environ is None else environ
    day = day or ctx.today
    settings = notify_settings(ctx.config, env)  # checked on every run, whatever the target
    check_owner(ctx, owner)
    _check_target(to, settings)
    calendar = calendar_from(ctx.config)
    if not calendar.is_working_day(day):
        return RemindReport(day, False)
    default_since = calendar.previous_working_day(day - timedelta(days=1))
    if to == Target.STDOUT or dry_run:
        return _build_only(ctx, to, owner, day, default_since, settings, force)
    from dunner.ledger.locks import run_lock

    with run_lock(ctx.ledger(), "remind", LOCK_WAIT):
        with ctx.ledger().reader() as conn:
            done = reminders.sent_on(conn, day, to)
            since = reminders.last_sent_before(conn, day, to)
        report, actions, files = _digests(ctx, owner, day, since, default_since)
        down: dict[str, str] = {}  # a server found unreachable: not tried again for every owner
        for d in report.digests:
            delivery = _deliver_owner(ctx, to, settings, d, actions.get(d.owner, []), done, force,
                                      now, down)
            report.deliveries.append(delivery)
        if to == Target.EMAIL and settings.boss and owner is None:
            report.deliveries.append(_deliver_boss(ctx, settings, report, files, done, force, now,
                                                   down))
    return report


def _check_target(to: Target, settings: NotifySettings) -> None:
    if to == Target.EMAIL:
        if settings.smtp is None:
            raise UsageError("no_smtp", t("remind.no_smtp"), t("remind.no_smtp.hint"))
        if settings.smtp.username and not settings.smtp.password:
            raise DunnerError("no_password", t("remind.no_password", env=PASSWORD_ENV),
                              t("remind.no_password.hint", env=PASSWORD_ENV))
    if to == Target.WEBHOOK and not (settings.team_webhook or any(
            o.webhook for o in settings.owners.values())):
        raise UsageError("no_webhook", t("remind.no_webhook"), t("remind.no_webhook.hint"))


def _build_only(ctx: AppContext, to: Target, owner: str | None, day: date, default_since: date,
                settings: NotifySettings, force: bool) -> RemindReport:
    """stdout or a dry run: the digests and what would be done, nothing sent or recorded."""
    channel = None if to == Target.STDOUT else str(to)
    with ctx.ledger().reader() as conn:
        since = reminders.last_sent_before(conn, day, channel)
        done = set() if channel is None else reminders.sent_on(conn, day, channel)
    report, _, _ = _digests(ctx, owner, day, since, default_since)
    for d in report.digests:
        recipient = _recipient(to, settings, d.owner)
        state = (State.PRINTED if to == Target.STDOUT else State.NOTHING if d.empty
                 else State.ALREADY_SENT if d.owner in done and not force
                 else State.NO_ADDRESS if not recipient else State.DRY_RUN)
        report.deliveries.append(Delivery(d.owner, to, recipient, state))
    return report


def _digests(ctx: AppContext, owner: str | None, day: date, since: Mapping[str, date],
             default_since: date) -> tuple[RemindReport, dict[str, list[Action]], list[CustomerFile]]:
    """Every owner's digest for ``day`` (or ``owner``'s), each owner's planned actions, and the
    customers' files read for them (the whole ledger without ``owner``)."""
    scope: repo.Scope = None if owner is None else repo.Owner(owner)
    policy, capacity = plan_settings(ctx.config)
    earliest = min([default_since, *since.values()])
    with ctx.ledger().reader() as conn:
        done = repo.done_action_ids(conn, scope)
        contacts = {r["id"]: Contact(r["phone"], r["address"], r["notes"])
                    for r in repo.customer_rows(conn, scope)}
        owners = [owner] if owner is not None else repo.owner_names(conn)
        everyone = [cid for cid, _, _ in repo.customer_names(conn)]  # as ``plan`` spreads them
        payments = [Payment(*p) for p in reminders.payments_entered(conn, earliest, day, owner)]
    assessments, _ = assess_all(ctx, day, scope)  # far limitation dates are not today's concern
    use_templates(message_templates(ctx.config))  # each message worded by its step
    result = plan(assessments, policy, capacity, day, day, done, everyone)
    digests = build(day, since, default_since, result.actions, assessments, payments, contacts,
                    owners)
    if owner is not None:
        digests = {k: v for k, v in digests.items() if k == owner}
    actions: dict[str, list[Action]] = {}
    for a in result.actions:
        actions.setdefault(a.owner, []).append(a)
    report = RemindReport(day, True, list(digests.values()), [], list(result.unknown_years))
    return report, actions, [a.file for a in assessments]


def _server(to: Target, settings: NotifySettings, owner: str) -> str:
    """Where a delivery goes, as far as a failure of the server goes: the mail server, or the
    robot's address."""
    robot = settings.robot_of(owner) if to == Target.WEBHOOK else None
    return robot.url if robot else "smtp"


def _recipient(to: Target, settings: NotifySettings, owner: str) -> str:
    if to == Target.EMAIL:
        return settings.email_of(owner)
    if to == Target.WEBHOOK:
        robot = settings.robot_of(owner)
        return robot.where if robot else ""
    return ""


def _deliver_owner(ctx: AppContext, to: Target, settings: NotifySettings, d: Digest,
                   actions: list[Action], done: set[str], force: bool,
                   now: Callable[[], datetime], down: dict[str, str]) -> Delivery:
    recipient = _recipient(to, settings, d.owner)
    if d.empty:
        return Delivery(d.owner, to, recipient, State.NOTHING)
    if d.owner in done and not force:
        return Delivery(d.owner, to, recipient, State.ALREADY_SENT)
    if not recipient:
        return Delivery(d.owner, to, recipient, State.NO_ADDRESS)
    server = _server(to, settings, d.owner)
    if server in down:
        return Delivery(d.owner, to, recipient, State.FAILED, down[server])
    from dunner.adapters.notify import render

    try:
        if to == Target.EMAIL:
            from dunner.adapters.notify.email import send
            from dunner.adapters.notify.mails import owner_mail

            assert settings.smtp is not None
            send(settings.smtp, owner_mail(d, recipient, actions, ctx.config.timezone), RETRY)
            parts = 1
        else:
            from dunner.adapters.notify.webhook import post_digest

            robot = settings.robot_of(d.owner)
            assert robot is not None
            parts = post_digest(robot, d, RETRY)
    except DeliveryError as exc:
        if exc.server:
            down[server] = exc.message
        return Delivery(d.owner, to, recipient, State.FAILED, exc.message)
    _record(ctx, d.day, d.owner, to, render.text(d), now)
    return Delivery(d.owner, to, recipient, State.SENT, parts=parts)


def _deliver_boss(ctx: AppContext, settings: NotifySettings, report: RemindReport,
                  files: Sequence[CustomerFile], done: set[str], force: bool,
                  now: Callable[[], datetime], down: dict[str, str]) -> Delivery:
    """The all-owners summary with the month's view (``status --boss``), made from the whole
    ledger's ``files`` the digests were read from."""
    from dunner.adapters.notify.email import send
    from dunner.adapters.notify.mails import boss_mail
    from dunner.services.forecasting import boss_view

    if BOSS in done and not force:
        return Delivery(BOSS, Target.EMAIL, settings.boss, State.ALREADY_SENT)
    if "smtp" in down:
        return Delivery(BOSS, Target.EMAIL, settings.boss, State.FAILED, down["smtp"])
    month = boss_view(ctx, day=report.day, files=files)
    mail = boss_mail(report.day, overview(report.digests), settings.boss, month)
    assert settings.smtp is not None
    try:
        send(settings.smtp, mail, RETRY)
    except DeliveryError as exc:
        return Delivery(BOSS, Target.EMAIL, settings.boss, State.FAILED, exc.message)
    _record(ctx, report.day, BOSS, Target.EMAIL, mail.text, now)
    return Delivery(BOSS, Target.EMAIL, settings.boss, State.SENT, parts=1)


def _record(ctx: AppContext, day: date, recipient: str, channel: Target, content: str,
            now: Callable[[], datetime]) -> None:
    """After delivery only: a digest not recorded is sent again by the next run."""
    digest_hash = hashlib.sha256(content.encode()).hexdigest()
    with ctx.ledger().writer() as conn:
        reminders.record_sent(conn, day, recipient, str(channel), digest_hash,
                              now().replace(microsecond=0))


def digest_text(d: Digest) -> str:
    """The digest as plain text (the screen, cron's mail, the e-mail's text part)."""
    from dunner.adapters.notify import render

    return render.text(d)


def summary_line(d: Digest) -> str:
    """``今日 8 项：微信 5，电话 2，拜访 1；待收 ¥123,456.00``."""
    from dunner.adapters.notify import render

    return render.summary(d)
