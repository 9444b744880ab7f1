"""Warning signals derived from the record rather than typed in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

ON_TIME_SHARE = Decimal("0.9")
INSTALMENT_WINDOW_DAYS = 90


def payment_pattern_change(record: Sequence[tuple[date, date]], asked_installments: bool) -> bool:
    """A good payer turning: ≥ 90 % on time before, and the last two invoices paid late — or a
    request to pay in instalments. ``record`` is (due, paid on) for the last 12 months."""
    if asked_installments:
        return True
    ordered = sorted(record)
    if len(ordered) < 3:
        return False
    *before, second_last, last = ordered
    if not all(paid > due for due, paid in (second_last, last)):
        return False
    on_time = sum(1 for due, paid in before if paid <= due)
    return Decimal(on_time) / len(before) >= ON_TIME_SHARE


def asked_installments_recently(excuses: Sequence[tuple[date, str | None]], today: date) -> bool:
    since = today - timedelta(days=INSTALMENT_WINDOW_DAYS)
    return any(e == "installments" and since <= on <= today for on, e in excuses)
