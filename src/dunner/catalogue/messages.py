"""Texts of message templates by step, greetings and answers to excuses, as (English, Chinese)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
}
