"""Problems are data: where, what, and how to fix it — collected, never raised one by one."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, e.g. ``ledger.xlsx:应收!C12``: not a date."""

    source: str
    code: str
    message: str
    hint: str = ""

    def line(self) -> str:
        text = f"{self.source}: {self.message}"
        return f"{text} — {self.hint}" if self.hint else text
