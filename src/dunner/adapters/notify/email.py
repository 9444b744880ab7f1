"""E-mail through SMTP (implicit TLS, STARTTLS or plain): a text part, an HTML part with the
same table and attachments (the day's calendar), retried with back-off when it is worth it."""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid, parseaddr
from typing import Literal

from dunner.adapters.notify import DeliveryError, scrub
from dunner.adapters.notify.retry import DEFAULT_RETRY, Retry, with_retries
from dunner.i18n import t

Security = Literal["tls", "starttls", "none"]
SECURITIES: tuple[Security, ...] = ("tls", "starttls", "none")


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    security: Security
    username: str = ""
    sender: str = ""
    password: str = field(default="", repr=False)  # from the environment, never the config

    @property
    def from_address(self) -> str:
        """The bare address mail comes from (``sender`` may carry a name: ``财务部 <ar@x.com>``)."""
        return parseaddr(self.sender)[1] or self.username

    @property
    def from_header(self) -> str:
        name, address = parseaddr(self.sender)
        return formataddr((name or "dunner", address or self.username))


@dataclass(frozen=True)
class Attachment:
    filename: str
    data: bytes
    maintype: str = "application"
    subtype: str = "octet-stream"
    params: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Mail:
    to: tuple[tuple[str, str], ...]  # (display name, address)
    subject: str
    text: str
    html: str
    attachments: tuple[Attachment, ...] = ()


def message(smtp: Smtp, mail: Mail) -> EmailMessage:
    """The MIME message: multipart/alternative (text, HTML), inside multipart/mixed when it
    carries attachments; UTF-8 throughout, headers encoded as the standard says."""
    msg = EmailMessage()
    msg["From"] = smtp.from_header
    msg["To"] = ", ".join(formataddr(pair) for pair in mail.to)
    msg["Subject"] = mail.subject
    msg["Date"] = formatdate(localtime=True)
    domain = smtp.from_address.rpartition("@")[2] or "dunner.invalid"
    msg["Message-ID"] = make_msgid("dunner", domain=domain)
    msg.set_content(mail.text, charset="utf-8")
    msg.add_alternative(mail.html, subtype="html", charset="utf-8")
    for a in mail.attachments:
        msg.add_attachment(a.data, maintype=a.maintype, subtype=a.subtype, filename=a.filename,
                           params=dict(a.params))
    return msg


def send(smtp: Smtp, mail: Mail, retry: Retry = DEFAULT_RETRY) -> None:
    """Deliver one message; ``DeliveryError`` (one line, no secret in it) when it could not be."""
    msg = message(smtp, mail)
    with_retries(lambda: _send_once(smtp, msg, retry.timeout), retry)


def _send_once(smtp: Smtp, msg: EmailMessage, timeout: float) -> None:
    server = f"{smtp.host}:{smtp.port}"
    try:
        _deliver(smtp, msg, timeout)
    except smtplib.SMTPAuthenticationError as exc:
        raise _failure(smtp, t("notify.smtp.auth", server=server, user=smtp.username,
                               code=exc.smtp_code), whole=True) from None
    except smtplib.SMTPRecipientsRefused as exc:
        raise _failure(smtp, t("notify.smtp.refused_to", server=server,
                               to=", ".join(exc.recipients))) from None
    except smtplib.SMTPResponseException as exc:
        answer = exc.smtp_error.decode("utf-8", "replace") if isinstance(exc.smtp_error, bytes) \
            else str(exc.smtp_error)
        raise _failure(smtp, t("notify.smtp.answer", server=server, code=exc.smtp_code,
                               answer=answer.splitlines()[0] if answer else ""),
                       transient=400 <= exc.smtp_code < 500) from None
    except ssl.SSLError as exc:
        raise _failure(smtp, t("notify.smtp.tls", server=server, reason=exc.reason or exc),
                       whole=True) from None
    except TimeoutError:
        raise _failure(smtp, t("notify.timeout", server=server), transient=True, whole=True) from None
    except smtplib.SMTPException as exc:  # disconnected, no AUTH offered, …
        raise _failure(smtp, t("notify.smtp.other", server=server, reason=exc),
                       transient=isinstance(exc, smtplib.SMTPServerDisconnected)) from None
    except OSError as exc:  # refused, unreachable, name not found
        raise _failure(smtp, t("notify.unreachable", server=server,
                               reason=exc.strerror or exc), transient=True, whole=True) from None


def _deliver(smtp: Smtp, msg: EmailMessage, timeout: float) -> None:
    context = ssl.create_default_context()
    conn: smtplib.SMTP
    if smtp.security == "tls":
        conn = smtplib.SMTP_SSL(smtp.host, smtp.port, timeout=timeout, context=context)
    else:
        conn = smtplib.SMTP(smtp.host, smtp.port, timeout=timeout)
    with conn:
        if smtp.security == "starttls":
            conn.starttls(context=context)
        if smtp.username:
            conn.login(smtp.username, smtp.password)
        refused = conn.send_message(msg)
    if refused:  # some recipients accepted, some not: those not are a failure to report
        raise smtplib.SMTPRecipientsRefused(refused)


def _failure(smtp: Smtp, text: str, transient: bool = False, whole: bool = False) -> DeliveryError:
    return DeliveryError(scrub(text, [smtp.password]), transient=transient, server=whole)
