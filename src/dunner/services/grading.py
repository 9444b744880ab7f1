"""Grading use case: every customer's (or one's) assessment, filtered and sorted by risk."""

from __future__ import annotations

from dataclasses import dataclass

from dunner.domain.assessment import Assessment
from dunner.domain.grading import CLASSES
from dunner.errors import UsageError
from dunner.i18n import t
from dunner.services.context import AppContext
from dunner.services.customers import resolve
from dunner.services.portfolio import assess_all

GRADE_LETTERS = ("A", "B", "C", "D")


@dataclass(frozen=True)
class GradeReport:
    assessments: list[Assessment]
    unknown_years: list[int]


def risk_order(a: Assessment) -> tuple[int, int, str]:
    return (a.score, -a.overdue, a.file.name)


def grade(ctx: AppContext, customer: str | None = None, cls: str | None = None,
          letter: str | None = None) -> GradeReport:
    if cls is not None and cls not in CLASSES:
        raise UsageError("bad_class", t("choice.bad", what="--class", value=cls),
                         t("choices.hint", choices=", ".join(CLASSES)))
    if letter is not None and letter.upper() not in GRADE_LETTERS:
        raise UsageError("bad_grade", t("choice.bad", what="--grade", value=letter),
                         t("choices.hint", choices=", ".join(GRADE_LETTERS)))
    only = None
    if customer is not None:  # one customer's file is read and assessed, not the whole ledger
        with ctx.ledger().reader() as conn:
            only = resolve(conn, customer).id
    chosen, unknown = assess_all(ctx, scope=only)
    if cls is not None:
        chosen = [a for a in chosen if any(i.cls == cls for i in a.invoices)]
    if letter is not None:
        chosen = [a for a in chosen if a.grade == letter.upper()]
    return GradeReport(sorted(chosen, key=risk_order), unknown)
