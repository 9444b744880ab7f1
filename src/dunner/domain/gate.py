"""The credit gate (发货前信用检查): may a new delivery go to this customer, and if not, why.

Every rule that holds a delivery is checked, so the answer lists all the reasons with the
figures behind each (which invoices, how many days, the limit and its use)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from dunner.domain.grading import FINAL_STATUSES
from dunner.domain.terms import Terms

HOLD_GRADE = "D"  # a customer graded D gets goods for cash only
UNSOLD_GOODS = "unsold_goods"


class Rule(StrEnum):
    """Why a delivery is held; the order is the order reasons are listed in."""

    STATUS = "status"  # the customer is closed or bankrupt
    GRADE = "grade_d"
    CASH_UNPAID = "cash_unpaid"  # 现款现货 and a delivery is unpaid
    BATCH_UNPAID = "batch_unpaid"  # 送二结一 and more than the latest delivery is unpaid
    OVERDUE = "overdue"  # 前款不结，后货不送
    CREDIT_LIMIT = "credit_limit"
    UNSOLD_GOODS = "unsold_goods"  # "the goods have not sold" again while owing overdue money


@dataclass(frozen=True)
class GateItem:
    """An open invoice as the gate sees it (amounts in fen)."""

    number: str
    issued: date
    due: date
    open: int


@dataclass(frozen=True)
class GateFacts:
    terms: Terms
    status: str
    grade: str
    items: tuple[GateItem, ...]  # the customer's open invoices on the day of the check
    credit_limit: int | None = None  # fen; None or 0: no limit agreed
    excuses: tuple[tuple[date, str], ...] = ()  # (day, excuse) of the logged contacts
    other_use: int = 0  # further credit in use (e.g. commercial bills not yet honoured)


@dataclass(frozen=True)
class GateRules:
    """The thresholds, from ``[gate]`` in the configuration (its defaults are the settings')."""

    hold_grace_days: int  # an invoice overdue more than this holds deliveries
    unsold_goods_times: int  # "goods not sold" this many times …
    unsold_goods_days: int  # … within this many days, while owing overdue money


@dataclass(frozen=True)
class Reason:
    """One rule that holds the delivery and its figures."""

    rule: Rule
    invoices: tuple[tuple[str, int, int], ...] = ()  # (number, open fen, days overdue)
    amount: int = 0  # fen: what the invoices owe, or the use of the credit line
    limit: int = 0  # fen: the credit limit
    asked: int = 0  # fen: the new delivery's amount
    days: int = 0  # the grace (overdue) or the window (unsold goods)
    dates: tuple[date, ...] = ()  # the days the excuse was given
    word: str = ""  # the grade or the status
    bills: int = 0  # fen of the credit in use that is commercial bills not yet honoured


@dataclass(frozen=True)
class Decision:
    reasons: tuple[Reason, ...]

    @property
    def allow(self) -> bool:
        return not self.reasons


def _listed(items: Sequence[GateItem], today: date) -> tuple[tuple[str, int, int], ...]:
    return tuple((i.number, i.open, max((today - i.due).days, 0)) for i in items)


def check(facts: GateFacts, rules: GateRules, today: date, amount: int = 0) -> Decision:
    """Every rule that holds a new delivery of ``amount`` fen on ``today``; none: allowed."""
    items = sorted((i for i in facts.items if i.open > 0 and i.issued <= today),
                   key=lambda i: (i.issued, i.number))
    overdue = [i for i in items if (today - i.due).days > 0]
    reasons: list[Reason] = []
    if facts.status in FINAL_STATUSES:
        reasons.append(Reason(Rule.STATUS, word=facts.status))
    if facts.grade == HOLD_GRADE:
        reasons.append(Reason(Rule.GRADE, word=facts.grade))
    if facts.terms.kind == "cash" and items:
        reasons.append(Reason(Rule.CASH_UNPAID, _listed(items, today), sum(i.open for i in items)))
    if facts.terms.kind == "batch" and len(items) > 1:
        reasons.append(Reason(Rule.BATCH_UNPAID, _listed(items, today), sum(i.open for i in items)))
    late = [i for i in overdue if (today - i.due).days > rules.hold_grace_days]
    if late:
        reasons.append(Reason(Rule.OVERDUE, _listed(late, today), sum(i.open for i in late),
                              days=rules.hold_grace_days))
    use = sum(i.open for i in items) + facts.other_use
    if facts.credit_limit and use + amount > facts.credit_limit:
        reasons.append(Reason(Rule.CREDIT_LIMIT, amount=use, limit=facts.credit_limit, asked=amount,
                              bills=facts.other_use))
    since = today - timedelta(days=rules.unsold_goods_days)
    said = sorted(day for day, excuse in facts.excuses if excuse == UNSOLD_GOODS and since < day <= today)
    if overdue and len(said) >= rules.unsold_goods_times:
        reasons.append(Reason(Rule.UNSOLD_GOODS, _listed(overdue, today),
                              sum(i.open for i in overdue), days=rules.unsold_goods_days,
                              dates=tuple(said)))
    return Decision(tuple(reasons))
