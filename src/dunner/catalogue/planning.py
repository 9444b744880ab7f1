"""Texts of people on actions, instalments, routes and thanks, as (English, Chinese)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
}
