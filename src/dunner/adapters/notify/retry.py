"""Bounded retries with back-off: a few tries, each wait longer, never past a total time."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from dunner.adapters.notify import DeliveryError

T = TypeVar("T")


@dataclass(frozen=True)
class Retry:
    attempts: int = 4  # tries in all
    first_delay: float = 2.0  # seconds before the second try; each next wait doubles
    max_delay: float = 30.0
    total: float = 120.0  # the whole send, waits included, ends within this
    timeout: float = 20.0  # one connection or request


DEFAULT_RETRY = Retry()


def with_retries(send: Callable[[], T], policy: Retry,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> T:
    """``send()``; a transient ``DeliveryError`` is tried again after a growing wait (or the
    server's ``Retry-After`` when it is shorter than the cap) while tries and time are left."""
    start = clock()
    for attempt in range(1, policy.attempts + 1):
        try:
            return send()
        except DeliveryError as exc:
            delay = policy.first_delay * 2 ** (attempt - 1)
            if exc.retry_after is not None:
                delay = max(delay, exc.retry_after)
            delay = min(delay, policy.max_delay)
            if (not exc.transient or attempt == policy.attempts
                    or clock() - start + delay + policy.timeout > policy.total):
                raise
            sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises
