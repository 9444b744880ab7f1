"""The ``[owners]`` and ``[notify]`` settings of ``dunner remind``, read from the merged config
and checked whole when it runs (every problem listed, no secret shown); one place to fold into
the typed settings. Secrets may also come from the environment, the SMTP password only from it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast
from urllib.parse import urlsplit

from dunner.adapters.notify.email import SECURITIES, Security, Smtp
from dunner.adapters.notify.webhook import KINDS, Kind, Robot
from dunner.config import Config
from dunner.i18n import t

PASSWORD_ENV = "DUNNER_SMTP_PASSWORD"
SECRET_ENV = "DUNNER_WEBHOOK_SECRET"
DEFAULT_PORTS: Mapping[str, int] = {"tls": 465, "starttls": 587, "none": 25}
OWNER_KEYS = ("email", "webhook", "secret")
NOTIFY_KEYS = ("email", "webhook", "boss")
EMAIL_KEYS = ("host", "port", "security", "username", "sender")
WEBHOOK_KEYS = ("kind", "url", "secret")
_HIDDEN = "***"


@dataclass(frozen=True)
class OwnerNotify:
    email: str = ""
    webhook: str = field(default="", repr=False)
    secret: str = field(default="", repr=False)


@dataclass(frozen=True)
class NotifySettings:
    owners: Mapping[str, OwnerNotify]
    smtp: Smtp | None  # None: no ``[notify.email] host``
    kind: Kind
    team_webhook: str = field(default="", repr=False)
    secret: str = field(default="", repr=False)
    boss: str = ""

    def email_of(self, owner: str) -> str:
        return self.owners.get(owner, OwnerNotify()).email

    def robot_of(self, owner: str) -> Robot | None:
        """The owner's own robot, else the team's; None when neither is configured."""
        mine = self.owners.get(owner, OwnerNotify())
        url = mine.webhook or self.team_webhook
        return Robot(self.kind, url, mine.secret or self.secret) if url else None

    @property
    def secrets(self) -> list[str]:
        robots = [self.robot_of(o) for o in self.owners] + [self.robot_of("")]
        return [*(s for r in robots if r for s in r.secrets),
                *([self.smtp.password] if self.smtp else [])]


def notify_settings(config: Config, environ: Mapping[str, str]) -> NotifySettings:
    """The settings, or every problem in them at once (a secret's value is never quoted)."""
    where = str(config.path) if config.path else "defaults"
    problems: list[tuple[str, object, str]] = []
    values = config.values
    owners_raw = _table(values.get("owners", {}), "owners", problems)
    notify = _table(values.get("notify", {}), "notify", problems)
    _known(notify, NOTIFY_KEYS, "notify", problems)
    owners = {}
    for name, raw in owners_raw.items():
        key = f"owners.{name}"
        table = _table(raw, key, problems)
        _known(table, OWNER_KEYS, key, problems)
        owners[str(name)] = OwnerNotify(_address(table, "email", key, problems),
                                        _url(table, "webhook", key, problems),
                                        _text(table, "secret", key, problems))
    email = _table(notify.get("email", {}), "notify.email", problems)
    if "password" in email:
        problems.append(("notify.email.password", _HIDDEN, t("notify.password.hint", env=PASSWORD_ENV)))
        email = {k: v for k, v in email.items() if k != "password"}
    _known(email, EMAIL_KEYS, "notify.email", problems)
    hook = _table(notify.get("webhook", {}), "notify.webhook", problems)
    _known(hook, WEBHOOK_KEYS, "notify.webhook", problems)
    kind = _text(hook, "kind", "notify.webhook", problems) or "wecom"
    if kind not in KINDS:
        problems.append(("notify.webhook.kind", kind, t("choices.hint", choices=", ".join(KINDS))))
        kind = "wecom"
    settings = NotifySettings(
        owners, _smtp(email, environ, problems), cast(Kind, kind),
        _url(hook, "url", "notify.webhook", problems),
        environ.get(SECRET_ENV) or _text(hook, "secret", "notify.webhook", problems),
        _address(notify, "boss", "notify", problems))
    _raise(where, problems)
    return settings


def _smtp(email: Mapping[str, Any], environ: Mapping[str, str],
          problems: list[tuple[str, object, str]]) -> Smtp | None:
    security = _text(email, "security", "notify.email", problems) or "tls"
    if security not in SECURITIES:
        problems.append(("notify.email.security", security,
                         t("choices.hint", choices=", ".join(SECURITIES))))
        security = "tls"
    port = email.get("port", DEFAULT_PORTS[security])
    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
        problems.append(("notify.email.port", port, t("config.between.hint", low=1, high=65535)))
        port = DEFAULT_PORTS[security]
    host = _text(email, "host", "notify.email", problems)
    sender = _sender(email, problems)
    username = _text(email, "username", "notify.email", problems)
    if not host:
        return None
    return Smtp(host, port, cast(Security, security), username, sender,
                environ.get(PASSWORD_ENV, ""))


def _table(value: Any, key: str, problems: list[tuple[str, object, str]]) -> dict[str, Any]:
    if isinstance(value, Mapping):
        return dict(value)
    problems.append((key, value, t("config.table.hint")))
    return {}


def _known(table: Mapping[str, Any], keys: tuple[str, ...], prefix: str,
           problems: list[tuple[str, object, str]]) -> None:
    for key in table:
        if key not in keys:
            problems.append((f"{prefix}.{key}", None, t("config.unknown.hint")))


def _text(table: Mapping[str, Any], key: str, prefix: str,
          problems: list[tuple[str, object, str]]) -> str:
    value = table.get(key, "")
    if isinstance(value, str):
        return value.strip()
    secret = key in ("secret", "webhook", "url")
    problems.append((f"{prefix}.{key}", _HIDDEN if secret else value, t("notify.text.hint")))
    return ""


def _address(table: Mapping[str, Any], key: str, prefix: str,
             problems: list[tuple[str, object, str]]) -> str:
    value = _text(table, key, prefix, problems)
    local, at, domain = value.partition("@")
    if value and not (local and at and "." in domain and " " not in value):
        problems.append((f"{prefix}.{key}", value, t("notify.address.hint")))
        return ""
    return value


def _sender(email: Mapping[str, Any], problems: list[tuple[str, object, str]]) -> str:
    """``ar@example.com`` or ``财务部 <ar@example.com>``: the address part is checked."""
    from email.utils import parseaddr

    value = _text(email, "sender", "notify.email", problems)
    if value and not _address({"sender": parseaddr(value)[1]}, "sender", "notify.email", []):
        problems.append(("notify.email.sender", value, t("notify.address.hint")))
        return ""
    return value


def _url(table: Mapping[str, Any], key: str, prefix: str,
         problems: list[tuple[str, object, str]]) -> str:
    value = _text(table, key, prefix, problems)
    parts = urlsplit(value)
    if value and not (parts.scheme in ("http", "https") and parts.netloc):
        problems.append((f"{prefix}.{key}", _HIDDEN, t("notify.url.hint")))
        return ""
    return value


def _raise(where: str, problems: list[tuple[str, object, str]]) -> None:
    """As the typed settings do: one problem as one error, several together."""
    from dunner.settings_reader import raise_problems

    raise_problems(where, problems, None)
