"""Texts of the ledger check, backups and upgrades, as (English, Chinese)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
}
