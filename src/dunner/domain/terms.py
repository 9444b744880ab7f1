"""Payment terms (结算方式) and the due date each gives an invoice."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from dunner.domain.dates import add_months, days_in_month

Kind = Literal["cash", "batch", "monthly", "net", "month-end", "fapiao"]
DEFAULT_MONTHLY_DAY = 25

_CASH = {"cash", "现款现货", "现结", "现款", "货到付款", "款到发货"}
_BATCH = {"batch", "送二结一"}
_MONTHLY = re.compile(r"^(?:monthly:?|月结)(\d{1,2})?(?:日|号)?$")
_NET = re.compile(r"^(?:net:?|账期|帐期)?(\d{1,3})(?:天|日)?$")
# 月结30天: the month of issue closes, then 30 days (月结30日 is day 30 of the next month)
_MONTH_END = re.compile(r"^(?:month-end:?(\d{1,3})|月结(\d{1,3})天)$")
# 票到30天 / 票到付款 / 开票后30天 / 收票后30天 / fapiao:30: due N days after the tax invoice (发票)
_FAPIAO = re.compile(r"^(?:fapiao:?(\d{1,3})|(?:票到|开票后|收票后|收到发票后)(?:(\d{1,3})天|付款))$")


@dataclass(frozen=True)
class Terms:
    kind: Kind
    # net, month-end, fapiao: days after issue / the issue month / the fapiao; monthly: day of next month
    days: int = 0

    def __str__(self) -> str:
        return self.kind if self.kind in ("cash", "batch") else f"{self.kind}:{self.days}"


class TermsError(ValueError):
    """Text that names no payment terms."""


class UnsupportedTerms(TermsError):
    """Terms dunner recognises but cannot date (none at present: fapiao terms are dated from the
    tax invoice)."""


def parse_terms(text: str) -> Terms:
    """``现款现货`` / ``送二结一`` / ``月结25日`` / ``月结30天`` / ``账期30天`` / ``net:30`` /
    ``票到30天`` / ``fapiao:30`` → ``Terms``."""
    s = unicodedata.normalize("NFKC", text).strip().lower().replace(" ", "")
    if s in _CASH:
        return Terms("cash")
    if s in _BATCH:
        return Terms("batch")
    if m := _MONTHLY.match(s):
        day = int(m.group(1) or DEFAULT_MONTHLY_DAY)
        if not 1 <= day <= 31:
            raise TermsError(text)
        return Terms("monthly", day)
    if m := _NET.match(s):
        return Terms("net", int(m.group(1)))
    if m := _MONTH_END.match(s):
        return Terms("month-end", int(m.group(1) or m.group(2)))
    if m := _FAPIAO.match(s):
        return Terms("fapiao", int(m.group(1) or m.group(2) or 0))  # 票到付款: on the fapiao
    raise TermsError(text)


def due_date(
    terms: Terms,
    issued: date,
    next_issued: date | None,
    batch_fallback_days: int,
) -> date:
    """When an invoice falls due under ``terms`` (an explicit due date is the caller's to prefer);
    batch terms with no next delivery known fall due ``batch_fallback_days`` after issue."""
    if terms.kind == "cash":
        return issued
    if terms.kind == "batch":
        return next_issued if next_issued is not None else issued + timedelta(batch_fallback_days)
    if terms.kind == "monthly":
        return add_months(issued, 1, terms.days)
    if terms.kind == "month-end":
        month_end = issued.replace(day=days_in_month(issued.year, issued.month))
        return month_end + timedelta(days=terms.days)
    return issued + timedelta(days=terms.days)
