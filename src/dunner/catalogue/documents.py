"""Texts of statements, demand letters, the credit gate and company settings, as (English, Chinese)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
}
