"""Delivering the daily digest: e-mail (SMTP), group-chat robots (webhooks), and how it reads."""

from __future__ import annotations

from collections.abc import Iterable

from dunner.errors import DunnerError


class DeliveryError(DunnerError):
    """A digest not delivered: ``transient`` ones (a timeout, 429, 5xx) are worth another try;
    ``server`` ones (unreachable, login refused) fail every other message to the same place too."""

    def __init__(self, message: str, *, transient: bool = False,
                 retry_after: float | None = None, server: bool = False) -> None:
        super().__init__("delivery_failed", message)
        self.transient = transient
        self.retry_after = retry_after
        self.server = server


def scrub(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret (password, webhook key, signing secret) replaced by ``***``:
    a server's answer or a library's error may quote what it was given."""
    for secret in sorted((s for s in secrets if s and len(s) >= 4), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text
