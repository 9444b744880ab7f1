"""Documents for a customer: the statement of account (对账单), the demand letter (催款函) and
the credit gate before a delivery — one customer's rows loaded, the domain's rules applied, the
file written through an adapter."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dunner.domain.assessment import (
    Assessment,
    CustomerFile,
    InvoiceView,
    assess,
    earliest_expiry,
)
from dunner.domain.gate import Decision, GateFacts, GateItem, GateRules, check
from dunner.domain.statement import LineKind, Statement, build_statement
from dunner.domain.terms import parse_terms
from dunner.errors import DunnerError, UsageError
from dunner.i18n import t
from dunner.ledger import repo
from dunner.services.context import AppContext
from dunner.services.customers import resolve, terms_of
from dunner.services.portfolio import load_files, money_facts, policy_from
from dunner.settings import CompanySettings

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

PAYER_ROLES = ("payer", "finance", "decision")  # whom a statement or letter is addressed to


@dataclass(frozen=True)
class Party:
    """The customer as a document names it."""

    id: int
    name: str
    owner: str
    address: str
    phone: str
    contact: str  # the person it is addressed to (payer, else finance, else decision maker)


@dataclass(frozen=True)
class StatementDoc:
    party: Party
    statement: Statement
    company: CompanySettings
    missing: list[str]  # [company] fields the statement lacks, as ``company.<field>``
    path: Path | None = None
    interest: int | None = None  # late-payment interest to ``as_of``: shown, never in the balance


@dataclass(frozen=True)
class GateResult:
    party: Party
    amount: int
    decision: Decision
    grade: str
    open: int
    credit_limit: int | None


@dataclass(frozen=True)
class LetterFacts:
    """A demand letter's figures: the overdue invoices (views), their total, the deadline and
    the earliest limitation date among them."""

    party: Party
    level: int
    invoices: tuple[InvoiceView, ...]
    total: int
    deadline: date
    limitation: date | None
    company: CompanySettings
    missing: list[str] = field(default_factory=list)
    path: Path | None = None
    interest: int | None = None  # late-payment interest to today (levels 2 and 3)


def config_folder(ctx: AppContext) -> Path:
    """The folder of the configuration file (where letter templates and a seal image live)."""
    from dunner.config import default_config_path

    return (ctx.config.path or default_config_path()).parent


def _party(conn: Connection, row: dict[str, Any]) -> Party:
    people = repo.rows_for(conn, "contact_person", row["id"], "id")
    ranked = sorted(people, key=lambda p: PAYER_ROLES.index(p["role"])
                    if p["role"] in PAYER_ROLES else len(PAYER_ROLES))
    contact = ranked[0]["name"] if ranked else ""
    return Party(row["id"], row["name"], row["owner"], row["address"], row["phone"], contact)


# --- statement of account ------------------------------------------------------------------

def statement(ctx: AppContext, customer: str, start: date | None = None,
              as_of: date | None = None) -> StatementDoc:
    """One customer's statement from ``start`` (default: its first record) to ``as_of``
    (default today), read for that customer alone."""
    day = as_of or ctx.today
    _period(start, day)
    with ctx.ledger().reader() as conn:
        ref = resolve(conn, customer)
        doc = _statement(conn, ctx, repo.customer_rows(conn, ref.id)[0], start, day)
    return replace(doc, interest=_interest(ctx, doc.party.name, day))


def _interest(ctx: AppContext, customer: str, as_of: date) -> int | None:
    """Late-payment interest to ``as_of`` when ``[interest] show`` asks for it, else None."""
    if not ctx.config.settings.interest.show:
        return None
    from dunner.services.interest import interest_for

    return interest_for(ctx, customer, as_of).total


def _period(start: date | None, as_of: date) -> None:
    if start is not None and start > as_of:
        raise UsageError("bad_period", t("statement.bad_period", start=start, as_of=as_of),
                         t("statement.bad_period.hint"))


def _statement(conn: Connection, ctx: AppContext, row: dict[str, Any], start: date | None,
               as_of: date) -> StatementDoc:
    cid = row["id"]
    invoices, payments, claims = money_facts(conn, cid)
    notes: dict[tuple[LineKind, int], str] = {}
    for inv in repo.rows_for(conn, "invoice", cid, "id"):
        notes[("invoice", inv["id"])] = inv["description"] or ""
    for pay in repo.rows_for(conn, "payment", cid, "id"):
        notes[("payment", pay["id"])] = " ".join(x for x in (pay["method"], pay["reference"]) if x)
    built = build_statement(invoices[cid], payments[cid], claims[cid],
                            parse_terms(terms_of(row, ctx.config)),
                            ctx.config.batch_fallback_days, as_of, start, notes)
    company = ctx.config.settings.company
    return StatementDoc(_party(conn, row), built, company, company.missing())


def write_statement(ctx: AppContext, customer: str, out: Path, start: date | None = None,
                    as_of: date | None = None) -> StatementDoc:
    """The statement, written to ``out`` (.xlsx, mode 0600)."""
    _suffix(out, ".xlsx")
    doc = statement(ctx, customer, start, as_of)
    _write_statement(doc, out)
    return replace(doc, path=out)


def all_statements(ctx: AppContext, start: date | None = None,
                   as_of: date | None = None) -> list[StatementDoc]:
    """The statement of every customer with a balance on ``as_of`` (owing, or paid ahead)."""
    day = as_of or ctx.today
    _period(start, day)
    with ctx.ledger().reader() as conn:
        docs = [_statement(conn, ctx, row, start, day) for row in repo.customer_rows(conn)]
    return [replace(d, interest=_interest(ctx, d.party.name, day)) for d in docs
            if d.statement.closing != 0]


def write_all_statements(ctx: AppContext, folder: Path, start: date | None = None,
                         as_of: date | None = None) -> list[StatementDoc]:
    """One statement file per customer with a balance, in ``folder``; none for the others.
    Every statement is built before the first file is written."""
    if folder.exists() and not folder.is_dir():
        raise UsageError("not_a_folder", t("statement.not_folder", path=folder),
                         t("statement.not_folder.hint"))
    docs = all_statements(ctx, start, as_of)
    names: set[str] = set()
    written = []
    for doc in docs:
        path = folder / _file_name(doc.party.name, doc.statement.as_of, names)
        _write_statement(doc, path)
        written.append(replace(doc, path=path))
    return written


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def _file_name(customer: str, as_of: date, taken: set[str]) -> str:
    """``对账单-<customer>-<date>.xlsx`` with what a file name cannot hold replaced; unique."""
    base = _UNSAFE.sub("_", customer).strip(" .") or "customer"
    name, n = f"{t('statement.file')}-{base}-{as_of.isoformat()}.xlsx", 1
    while name.lower() in taken:
        n += 1
        name = f"{t('statement.file')}-{base}-{n}-{as_of.isoformat()}.xlsx"
    taken.add(name.lower())
    return name


def _suffix(out: Path, suffix: str) -> None:
    if out.suffix.lower() != suffix:
        raise UsageError("bad_out", t("document.bad_suffix", path=out, suffix=suffix),
                         t("document.bad_suffix.hint", suffix=suffix))
    if out.is_dir():
        raise UsageError("bad_out", t("document.is_folder", path=out),
                         t("document.bad_suffix.hint", suffix=suffix))


def _write_statement(doc: StatementDoc, out: Path) -> None:
    from dunner.adapters.statement_xlsx import write_statement as write
    from dunner.services.document_text import statement_sheet

    write(out, statement_sheet(doc))


# --- demand letter -------------------------------------------------------------------------

def letter_facts(ctx: AppContext, customer: str, level: int) -> LetterFacts:
    """The overdue, undisputed invoices a letter of ``level`` names, with its deadline (the
    configured days ahead, moved to the next working day) and the limitation date."""
    from dunner.services.portfolio import calendar_from

    _level(level)
    with ctx.ledger().reader() as conn:
        ref = resolve(conn, customer)
        row = repo.customer_rows(conn, ref.id)[0]
        party = _party(conn, row)
        file = load_files(conn, ctx.config, ref.id)[0]
    a = assess(file, policy_from(ctx.config), ctx.today)
    views = tuple(v for v in a.invoices if v.days_overdue > 0 and v.item.open > 0
                  and v.item.key not in file.disputed)
    if not views:
        raise DunnerError("nothing_overdue", t("letter.nothing_overdue", customer=party.name),
                          t("letter.nothing_overdue.hint"))
    days = ctx.config.settings.letter_deadline_days
    deadline = calendar_from(ctx.config).next_working_day(ctx.today + timedelta(days=days))
    company = ctx.config.settings.company
    return LetterFacts(party, level, views, sum(v.item.open for v in views), deadline,
                       earliest_expiry(views, ctx.today), company, company.missing(),
                       interest=_interest(ctx, party.name, ctx.today) if level > 1 else None)


def write_letter(ctx: AppContext, customer: str, level: int, out: Path,
                 lang: str | None = None) -> LetterFacts:
    """The letter of ``level`` for the customer, written to ``out`` (.docx, mode 0600), in
    ``lang`` (default: the run's language)."""
    from dunner.adapters.letter_docx import load_template
    from dunner.adapters.letter_docx import write_letter as write
    from dunner.i18n import language
    from dunner.services.document_text import letter

    _level(level)
    _suffix(out, ".docx")
    words = lang or language()
    template = load_template(level, words, config_folder(ctx) / "templates" / "letters")
    facts = letter_facts(ctx, customer, level)
    seal = _seal(ctx)
    write(out, letter(facts, template, words, ctx.today, seal))
    return replace(facts, path=out)


def _level(level: int) -> None:
    if level not in (1, 2, 3):
        raise UsageError("bad_level", t("letter.bad_level", value=level), t("letter.bad_level.hint"))


def _seal(ctx: AppContext) -> Path | None:
    """The seal or letterhead image of ``[company] seal`` (relative to the config's folder)."""
    given = ctx.config.settings.company.seal
    if not given:
        return None
    path = Path(given).expanduser()
    path = path if path.is_absolute() else config_folder(ctx) / path
    if not path.is_file():
        raise DunnerError("seal_missing", t("letter.seal_missing", path=path),
                          t("letter.seal_missing.hint"))
    return path


# --- credit gate ---------------------------------------------------------------------------

def gate(ctx: AppContext, customer: str, amount: int = 0) -> GateResult:
    """May a delivery of ``amount`` fen go to the customer today? Reads that customer alone."""
    from dunner.services.bills import commercial_bills_outstanding

    with ctx.ledger().reader() as conn:
        ref = resolve(conn, customer)
        row = repo.customer_rows(conn, ref.id)[0]
        party = _party(conn, row)
        file = load_files(conn, ctx.config, ref.id)[0]
        bills = commercial_bills_outstanding(conn, ref.id, ctx.today,
                                             ctx.config.settings.terms.bill_grace_days)
    a = assess(file, policy_from(ctx.config), ctx.today)
    g = ctx.config.settings.gate
    decision = check(gate_facts(file, a, bills), GateRules(g.hold_grace_days, g.unsold_goods_times,
                                                    g.unsold_goods_days), ctx.today, amount)
    return GateResult(party, amount, decision, a.grade, a.open, file.credit_limit)


def gate_facts(f: CustomerFile, a: Assessment, bills: int = 0) -> GateFacts:
    """What the gate needs to know; ``bills``: commercial bills the customer gave that are
    still outstanding (credit in use until they are honoured)."""
    items = tuple(GateItem(v.item.number, v.item.issued, v.item.due, v.item.open)
                  for v in a.invoices if v.item.open > 0)
    excuses = tuple((c.at.date(), c.excuse) for c in f.contacts if c.excuse)
    return GateFacts(f.terms, f.status, a.grade, items, f.credit_limit, excuses, bills)
