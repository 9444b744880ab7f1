"""How a statement and a demand letter read: the worded sheet and letter the adapters write,
built from the documents' figures in the run's (or the letter's) language."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from dunner.adapters.letter_docx import Letter, Template
from dunner.adapters.statement_xlsx import StatementSheet
from dunner.domain.aging import BUCKET_NAMES
from dunner.domain.gate import Reason, Rule
from dunner.domain.money import fen_to_decimal, yuan
from dunner.i18n import language, set_language, t
from dunner.services.documents import LetterFacts, StatementDoc
from dunner.settings import CompanySettings

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def company_field(company: CompanySettings, name: str) -> str:
    """A [company] value, or a marker saying it is not set and where to set it."""
    value: str = getattr(company, name)
    return value or t("company.missing", field=f"company.{name}")


def long_date(day: date | None) -> str:
    """2026年11月23日 / 23 November 2026; a dash for no date."""
    if day is None:
        return "—"
    if language() == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def statement_sheet(doc: StatementDoc) -> StatementSheet:
    """The statement's sheet: header lines, the movements with a running balance, the aging of
    what is open and the block the customer signs and stamps."""
    s, party, company = doc.statement, doc.party, doc.company
    period = (t("statement.period", start=s.start, as_of=s.as_of) if s.start
              else t("statement.period_all", as_of=s.as_of))
    info: list[tuple[str, object]] = [
        (t("statement.from_company"), company_field(company, "name")),
        (t("statement.company_contact"), t("statement.contact_line",
                                           contact=company_field(company, "contact"),
                                           phone=company_field(company, "phone"))),
        (t("statement.company_address"), company_field(company, "address")),
        (t("statement.company_account"), t("statement.account_line",
                                           bank=company_field(company, "bank"),
                                           account=company_field(company, "account"))),
        (t("statement.to_customer"), party.name),
        (t("statement.customer_contact"), " ".join(x for x in (party.contact, party.phone) if x)),
        (t("statement.period_label"), period),
    ]
    if party.address:
        info.insert(6, (t("statement.customer_address"), party.address))
    rows: list[list[object]] = [[s.start, t("statement.opening"), "", None, None, None,
                                 fen_to_decimal(s.opening), ""]]
    for line in s.lines:
        rows.append([line.on, t(f"statement.kind.{line.kind}"), line.reference, line.due,
                     fen_to_decimal(line.debit) if line.debit else None,
                     fen_to_decimal(line.credit) if line.credit else None,
                     fen_to_decimal(line.balance), line.note])
    rows.append(["", t("statement.period_total"), "", None, fen_to_decimal(s.invoiced),
                 fen_to_decimal(s.paid), None, ""])
    rows.append([s.as_of, t("statement.closing"), "", None, None, None,
                 fen_to_decimal(s.closing), ""])
    aging: list[tuple[str, object]] = [(t(f"bucket.{b}"), fen_to_decimal(s.aging[b]))
                                       for b in BUCKET_NAMES]
    aging.append((t("word.total"), fen_to_decimal(sum(s.aging.values()))))
    if s.credit:
        aging.append((t("statement.credit"), fen_to_decimal(s.credit)))
    if doc.interest:
        aging.append((t("statement.interest", as_of=s.as_of), fen_to_decimal(doc.interest)))
    return StatementSheet(
        t("statement.title"), info,
        [t("statement.col.date"), t("statement.col.kind"), t("statement.col.number"),
         t("col.due"), t("statement.col.debit"), t("statement.col.credit"),
         t("statement.col.balance"), t("statement.col.note")],
        rows, (4, 5, 6), t("statement.aging", as_of=s.as_of), aging,
        [t("statement.confirm"), t("statement.confirm_balance", customer=party.name,
                                   company=company_field(company, "name"), as_of=s.as_of,
                                   amount=yuan(s.closing)),
         t("statement.confirm_differences"), "", t("statement.confirm_sign"), ""],
        t("statement.return"),
        t("statement.footer", customer=party.name, amount=f"{fen_to_decimal(s.closing)}"),
        t("statement.title"))


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Word a document in ``lang`` and return to the run's language afterwards."""
    before = language()
    set_language(lang)
    try:
        yield
    finally:
        set_language(before)


def letter(facts: LetterFacts, template: Template, lang: str, today: date,
           seal: Path | None) -> Letter:
    """The letter's filled texts, invoice table and payment details, in ``lang``."""
    company = facts.company
    with speaking(lang):
        oldest = min(v.item.due for v in facts.invoices)
        values = {"customer": facts.party.name, "company": company_field(company, "name"),
                  "today": long_date(today), "total": yuan(facts.total),
                  "count": len(facts.invoices), "oldest_due": long_date(oldest),
                  "max_days": max(v.days_overdue for v in facts.invoices),
                  "deadline": long_date(facts.deadline), "limitation": long_date(facts.limitation),
                  "contact": company_field(company, "contact"),
                  "phone": company_field(company, "phone")}
        rows = [[v.item.number, v.item.issued.isoformat(), v.item.due.isoformat(),
                 yuan(v.item.open), str(v.days_overdue)] for v in facts.invoices]
        return Letter(
            lang, template.fill(values),
            [t("col.invoice"), t("letter.col.issued"), t("col.due"), t("letter.col.open"),
             t("col.days_overdue")],
            rows, [t("word.total"), "", "", yuan(facts.total), ""],
            [t("letter.interest", today=long_date(today), amount=yuan(facts.interest))]
            if facts.interest else [],
            [t("letter.pay_to"), t("letter.pay_name", name=company_field(company, "name")),
             t("letter.pay_bank", bank=company_field(company, "bank")),
             t("letter.pay_account", account=company_field(company, "account")),
             t("letter.pay_contact", contact=company_field(company, "contact"),
               phone=company_field(company, "phone"))],
            [company_field(company, "name"), long_date(today)],
            t("letter.seal_space"), seal)


def reason_message(r: Reason) -> str:
    """One reason the gate holds a delivery, with the figures behind it."""
    items = "、".join(t("gate.item", number=n, amount=yuan(fen), days=days) if days else
                     t("gate.item_due", number=n, amount=yuan(fen))
                     for n, fen, days in r.invoices)
    if r.rule is Rule.STATUS:
        return t("gate.status", status=t(f"gate.status.{r.word}"))
    if r.rule is Rule.GRADE:
        return t("gate.grade_d", grade=r.word)
    if r.rule is Rule.CASH_UNPAID:
        return t("gate.cash_unpaid", invoices=items, amount=yuan(r.amount))
    if r.rule is Rule.BATCH_UNPAID:
        return t("gate.batch_unpaid", count=len(r.invoices), invoices=items, amount=yuan(r.amount))
    if r.rule is Rule.OVERDUE:
        return t("gate.overdue", grace=r.days, invoices=items, amount=yuan(r.amount))
    if r.rule is Rule.CREDIT_LIMIT:
        text = t("gate.credit_limit", limit=yuan(r.limit), use=yuan(r.amount), asked=yuan(r.asked),
                 total=yuan(r.amount + r.asked))
        return text + (t("gate.credit_bills", bills=yuan(r.bills)) if r.bills else "")
    return t("gate.unsold_goods", times=len(r.dates), days=r.days, amount=yuan(r.amount),
             dates="、".join(d.isoformat() for d in r.dates))
