"""Texts of refusals of unreadable or hostile input files and safe output, as (English, Chinese)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
}
