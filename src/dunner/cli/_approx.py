"""Approximate figures on screen: a ``~`` before an amount an export gave only roughly (an
opening balance, an aging table's bucket), and one line saying what the mark means."""

from __future__ import annotations

from dunner.cli import _render
from dunner.i18n import t

MARK = "~"


def money(fen: int | None, approximate: bool) -> str:
    """``~¥1,234.50`` when the amount holds an approximate figure, else ``¥1,234.50``."""
    return (MARK if approximate else "") + _render.money(fen)


def flag(approximate: bool) -> dict[str, bool]:
    """``"approximate": true`` for the JSON of an object holding an estimate; nothing elsewhere."""
    return {"approximate": True} if approximate else {}


def legend(shown: bool) -> None:
    """The mark explained, under a result that shows it."""
    if shown:
        _render.lines(t("approximate.legend"))
