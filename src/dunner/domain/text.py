"""Text normalisation: customer names, header cells and identifiers."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65536)  # a ledger repeats each customer's name on every row
def normalize_name(name: str) -> str:
    """Trimmed, full-width → half-width, internal runs of spaces folded to one, NUL dropped
    (it means nothing in a name, and PostgreSQL refuses it in a text column)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", name.replace("\x00", ""))).strip()


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The key two spellings of one customer share (case-insensitive for Latin letters)."""
    return normalize_name(name).casefold()


def identifier(value: object) -> str:
    """A cell holding an identifier (invoice number, phone) as text: ``13800001234``, not ``1.38E+10``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    return normalize_name(str(value))


def mask_phone(phone: str) -> str:
    """``13800001234`` → ``138****1234`` for group chats."""
    digits = phone.strip()
    if len(digits) >= 11:  # a mobile number (or longer): the usual 138****1234
        return f"{digits[:3]}****{digits[-4:]}"
    if len(digits) > 6:  # a short landline: too few digits to show seven of them
        return "*" * (len(digits) - 2) + digits[-2:]
    return "*" * len(digits)
