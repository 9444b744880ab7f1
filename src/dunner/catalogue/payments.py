"""Texts of acceptance bills, tax invoices (fapiao) and late-payment interest, as (English, Chinese)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
}
