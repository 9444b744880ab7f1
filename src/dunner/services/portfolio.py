"""The whole ledger loaded once as plain rows and assessed in memory — no per-customer queries."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING, Any

from dunner.config import Config
from dunner.domain.allocation import Claim, Remittance
from dunner.domain.assessment import (
    AckRow,
    Assessment,
    ContactFact,
    CustomerFile,
    Policy,
    PromiseRow,
    SignalFact,
    assess,
)
from dunner.domain.calendar import WorkCalendar, china_calendar
from dunner.domain.fapiao import UNTRACKED
from dunner.domain.people import Person
from dunner.domain.receivables import InvoiceFact
from dunner.domain.terms import parse_terms
from dunner.domain.timing import Prefs
from dunner.ledger import repo
from dunner.services.context import AppContext
from dunner.services.gc_pause import no_cycles

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


def calendar_from(config: Config) -> WorkCalendar:
    """Mainland China's working days with the configured holidays and working days on top."""
    cal = config.settings.calendar
    return china_calendar().with_overrides(cal.holidays, cal.workdays)


def policy_from(config: Config) -> Policy:
    """The grading policy: the typed ``[grading]`` and ``[terms]`` settings, as they are."""
    s = config.settings
    g = s.grading
    return Policy(g.thresholds, g.escalation, g.weights, g.grades, g.recovery_curve,
                  g.bankrupt_recovery, calendar_from(config), s.terms.batch_fallback_days,
                  g.limitation_alert_days)


Grouped = defaultdict[int, list[Any]]


def money_facts(conn: Connection, scope: repo.Scope = None) -> tuple[Grouped, Grouped, Grouped]:
    """Invoices, recorded payments and paid-column claims as the rules see them, by customer id."""
    from dunner.services.fapiao import fapiao_of

    tracked = fapiao_of(conn, scope)
    invoices: Grouped = defaultdict(list)
    rough = {r[0] for r in repo.approximate_invoices(conn, scope)}
    new = tuple.__new__  # a record made from its tuple: half the cost of calling its class
    for iid, cid, number, issued, due, amount in repo.invoice_facts(conn, scope):
        invoices[cid].append(new(InvoiceFact, (iid, number, issued, amount, due,
                                               tracked.get(iid, UNTRACKED), iid in rough)))
    payments: Grouped = defaultdict(list)
    claims: Grouped = defaultdict(list)
    for pid, cid, paid_on, amount, number, origin, recorded_on in repo.payment_facts(conn, scope):
        if origin == "paid_column":
            claims[cid].append(Claim(pid, recorded_on or date.min, amount, number or ""))
        else:
            payments[cid].append(new(Remittance, (pid, paid_on, amount, number)))
    return invoices, payments, claims


def load_files(conn: Connection, config: Config, scope: repo.Scope = None) -> list[CustomerFile]:
    """Every customer's file (or one customer's, or one owner's customers') from ten plain
    queries, whatever the size."""
    groups: dict[str, defaultdict[int, list[Any]]] = {k: defaultdict(list) for k in (
        "promises", "acks", "contacts", "signals")}
    groups["invoices"], groups["payments"], groups["claims"] = money_facts(conn, scope)
    people: defaultdict[int, list[Person]] = defaultdict(list)
    for cid, name, role, phone, wechat in repo.person_facts(conn, scope):
        people[cid].append(Person(name, role, phone or "", wechat or ""))
    for cid, made_on, due_on, amount, plan in repo.promise_facts(conn, scope):
        groups["promises"][cid].append(PromiseRow(made_on, due_on, amount, plan))
    for cid, on, balance in repo.ack_facts(conn, scope):
        groups["acks"][cid].append(AckRow(on, balance))
    for cid, at, channel, outcome, excuse, evidence, _action in repo.contact_facts(conn, scope):
        groups["contacts"][cid].append(ContactFact(at, channel, outcome, excuse, evidence))
    for cid, on, kind, resolved in repo.signal_facts(conn, scope):
        groups["signals"][cid].append(SignalFact(on, kind, resolved))
    owners = repo.invoice_owners_apart(conn, scope)
    disputed = frozenset(repo.disputed_invoices(conn, scope))
    default_terms = config.default_terms
    # customers with the same preferences share one record: the rules that cache their answers
    # by preferences then find them without comparing records field by field
    shared: dict[Prefs, Prefs] = {}
    return [CustomerFile(
        row["id"], row["name"], row["owner"], parse_terms(row["terms"] or default_terms),
        status=row["status"], credit_limit=row["credit_limit"],
        invoices=tuple(groups["invoices"][row["id"]]), payments=tuple(groups["payments"][row["id"]]),
        claims=tuple(groups["claims"][row["id"]]),
        promises=tuple(groups["promises"][row["id"]]), acks=tuple(groups["acks"][row["id"]]),
        contacts=tuple(groups["contacts"][row["id"]]), signals=tuple(groups["signals"][row["id"]]),
        invoice_owners=owners, prefs=_one_of(prefs_of(row), shared), city=row["city"],
        distance_km=row["distance_km"],
        disputed=disputed, since=row["created_on"], address=row["address"] or "",
        people=(*people[row["id"]], *_company_line(row))) for row in repo.customer_rows(conn, scope)]


def _company_line(row: dict[str, Any]) -> tuple[Person, ...]:
    """The customer's own phone and WeChat, when it has any: the last resort of every action."""
    phone, wechat = row.get("phone") or "", row.get("wechat") or ""
    return (Person("", "other", phone, wechat),) if phone or wechat else ()


def _one_of(prefs: Prefs, shared: dict[Prefs, Prefs]) -> Prefs:
    """The record of ``shared`` equal to ``prefs`` (``prefs`` itself, the first time)."""
    return shared.setdefault(prefs, prefs)


def prefs_of(row: dict[str, Any]) -> Prefs:
    days = tuple(int(d) for d in row["pay_days"].split(",") if d.strip().isdigit())
    return Prefs(bool(row["no_monday"]), bool(row["no_morning"]), bool(row["do_not_contact"]),
                 row["paused_until"], days, row["closing_day"])


def assess_all(ctx: AppContext, as_of: date | None = None,
               scope: repo.Scope = None) -> tuple[list[Assessment], list[int]]:
    """Every customer (or those of ``scope``) assessed as of a day, and the years whose holidays
    are unknown."""
    policy = policy_from(ctx.config)
    day = as_of or ctx.today
    with no_cycles(), ctx.ledger().reader() as conn:
        files = load_files(conn, ctx.config, scope)
        results = [assess(f, policy, day) for f in files]
    expiries = [a.limitation_expires for a in results if a.limitation_expires]
    unknown = policy.calendar.unknown_years(day, max(expiries)) if expiries else []
    return results, unknown
