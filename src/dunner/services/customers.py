"""Customers: finding one by a typed name, listing, showing, adding and editing."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, union
from sqlalchemy.engine import Connection

from dunner.config import Config
from dunner.domain.receivables import Position, position
from dunner.domain.terms import TermsError, parse_terms
from dunner.domain.text import name_key, normalize_name
from dunner.domain.vocab import ROLES, STATUSES
from dunner.errors import DunnerError, NotFound, UsageError
from dunner.i18n import t
from dunner.ledger import repo, views
from dunner.services.context import AppContext
from dunner.services.portfolio import assess_all, money_facts


@dataclass(frozen=True)
class CustomerRef:
    id: int
    name: str


def resolve(conn: Connection, typed: str) -> CustomerRef:
    """The customer a person means: the exact name, else the only one containing the text."""
    key = name_key(typed)
    rows = repo.customer_names(conn)
    for cid, name, k in rows:
        if k == key:
            return CustomerRef(cid, name)
    partial = [(cid, name) for cid, name, k in rows if key and key in k]
    if len(partial) == 1:
        return CustomerRef(*partial[0])
    close = [n for _, n in partial][:5] or closest(typed, [name for _, name, _ in rows])
    hint = t("customer.suggest", names="、".join(close)) if close else t("customer.add_hint")
    code = "ambiguous_customer" if len(partial) > 1 else "unknown_customer"
    raise NotFound(code, t(f"customer.{code}", name=typed), hint)


def closest(typed: str, names: Sequence[str]) -> list[str]:
    """The (at most three) names most like what was typed, for a "did you mean" hint."""
    return difflib.get_close_matches(normalize_name(typed), list(names), n=3, cutoff=0.4)


def owner_names(conn: Connection) -> list[str]:
    """Every owner (rep) the ledger names: the distinct owners of customers and invoices."""
    cust, inv = views.CUSTOMER.c, views.INVOICE.c
    query = union(select(cust.owner).where(cust.owner != ""), select(inv.owner).where(inv.owner != ""))
    return sorted(conn.execute(query).scalars())


def check_owner(ctx: AppContext, owner: str | None) -> None:
    """Refuse an owner no customer or invoice has: a typo would otherwise plan nothing, silently."""
    if owner is None:
        return
    with ctx.ledger().read() as conn:
        known = owner_names(conn)
    if owner in known:
        return
    close = closest(owner, known)
    hint = (t("customer.suggest", names="、".join(close)) if close
            else t("owner.known", names="、".join(known)) if known else t("owner.none"))
    raise NotFound("unknown_owner", t("owner.unknown", name=owner), hint)


def terms_of(row: dict[str, Any], config: Config) -> str:
    return row.get("terms") or config.default_terms


def position_of(conn: Connection, config: Config, customer_id: int) -> Position:
    """One customer's invoices with due dates, open amounts and allocations, and its credit."""
    row = next(r for r in repo.customer_rows(conn) if r["id"] == customer_id)
    invoices, payments, claims = money_facts(conn, customer_id)
    return position(invoices[customer_id], payments[customer_id],
                    parse_terms(terms_of(row, config)), config.batch_fallback_days,
                    claims[customer_id])


def list_customers(ctx: AppContext, owner: str | None = None) -> list[dict[str, Any]]:
    """Every customer with the same open / overdue figures as ``grade`` and ``status``."""
    with ctx.ledger().read() as conn:
        rows = repo.customer_rows(conn)
    assessed = {a.file.id: a for a in assess_all(ctx)[0]}
    return [{**row, "terms": terms_of(row, ctx.config), "open": assessed[row["id"]].open,
             "overdue": assessed[row["id"]].overdue, "credit": assessed[row["id"]].credit}
            for row in rows if not owner or row["owner"] == owner]


def show_customer(ctx: AppContext, typed: str) -> dict[str, Any]:
    with ctx.ledger().read() as conn:
        ref = resolve(conn, typed)
        row = next(r for r in repo.customer_rows(conn) if r["id"] == ref.id)
        p = position_of(conn, ctx.config, ref.id)
        history = {name: repo.rows_for(conn, repo.TABLES[table], ref.id, order)
                   for name, table, order in (
                       ("people", "contact_person", "id"), ("payments", "payment", "id"),
                       ("contacts", "contact_log", "at"), ("promises", "promise", "due_on"),
                       ("acknowledgements", "acknowledgement", "on_date"),
                       ("signals", "signal", "on_date"))}
    return {"customer": {**row, "terms": terms_of(row, ctx.config)}, "position": p, **history}


def add_customer(ctx: AppContext, name: str, values: dict[str, Any]) -> CustomerRef:
    clean = normalize_name(name)
    if not clean:
        raise UsageError("empty_name", t("customer.empty_name"), t("customer.empty_name.hint"))
    _check_values(values)
    with ctx.ledger(create=True).write() as conn:
        key = name_key(clean)
        exists = conn.execute(repo.CUSTOMER.select().where(repo.CUSTOMER.c.name_key == key)).first()
        if exists:
            raise DunnerError("customer_exists", t("customer.exists", name=exists.name),
                              t("customer.exists.hint", name=exists.name))
        row = {"name": clean, "name_key": key, "created_on": ctx.today, **values}
        return CustomerRef(repo.insert_one(conn, repo.CUSTOMER, row), clean)


def edit_customer(ctx: AppContext, typed: str, values: dict[str, Any],
                  add_people: list[dict[str, str]], remove_people: list[str]) -> CustomerRef:
    _check_values(values)
    with ctx.ledger(create=True).write() as conn:
        ref = resolve(conn, typed)
        if "name" in values:
            values["name"] = normalize_name(values["name"])
            values["name_key"] = name_key(values["name"])
        if values:
            repo.update_one(conn, repo.CUSTOMER, ref.id, values)
        for person in add_people:
            repo.insert_one(conn, repo.PERSON, {"customer_id": ref.id, **person})
        for person_name in remove_people:
            if not repo.delete_where(conn, repo.PERSON, customer_id=ref.id, name=person_name):
                raise NotFound("unknown_person", t("person.unknown", name=person_name,
                                                   customer=ref.name), t("person.unknown.hint"))
        return CustomerRef(ref.id, values.get("name", ref.name))


def _check_values(values: dict[str, Any]) -> None:
    if "terms" in values:
        try:
            values["terms"] = str(parse_terms(values["terms"]))
        except TermsError as exc:
            raise UsageError("bad_terms", t("terms.bad", value=values["terms"]),
                             t("terms.hint")) from exc
    if values.get("status", "active") not in STATUSES:
        raise UsageError("bad_status", t("status.bad", value=values["status"]),
                         t("choices.hint", choices=", ".join(STATUSES)))


def parse_person(text: str) -> dict[str, str]:
    """``"王经理,decision,13800001234,wx_wang"`` → a contact person (role, phone, WeChat optional)."""
    parts = [p.strip() for p in text.replace("，", ",").split(",")]
    if not parts[0]:
        raise UsageError("bad_person", t("person.bad", value=text), t("person.bad.hint"))
    role = parts[1] if len(parts) > 1 and parts[1] else "other"
    if role not in ROLES:
        raise UsageError("bad_person", t("person.bad_role", value=role),
                         t("choices.hint", choices=", ".join(ROLES)))
    return {"name": normalize_name(parts[0]), "role": role,
            "phone": parts[2] if len(parts) > 2 else "", "wechat": parts[3] if len(parts) > 3 else ""}

