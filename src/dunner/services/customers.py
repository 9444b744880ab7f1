"""Customers: finding one by a typed name, listing, showing, adding and editing."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from dunner.config import Config
from dunner.domain.receivables import Position, position
from dunner.domain.terms import Terms, parse_terms
from dunner.domain.text import name_key, normalize_name
from dunner.errors import DunnerError, NotFound, UsageError
from dunner.i18n import t
from dunner.ledger import repo
from dunner.services.context import AppContext
from dunner.services.portfolio import assess_all, money_facts

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection


@dataclass(frozen=True)
class CustomerRef:
    id: int
    name: str


@dataclass(frozen=True)
class Person:
    """A contact person: role one of ``vocab.ROLES``."""

    name: str
    role: str = "other"
    phone: str = ""
    wechat: str = ""


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
    """The (at most three) names most like what was typed, for a "did you mean" hint: a name
    difflib finds alike, then one holding the text with one character mistyped (恒大 for 恒达:
    in a long name difflib sees a two-character short name as barely alike)."""
    text = normalize_name(typed)
    alike = difflib.get_close_matches(text, list(names), n=3, cutoff=0.4)
    typo = [n for n in names if _one_off(text, n)]
    return list(dict.fromkeys([*alike, *typo]))[:3]


def _one_off(text: str, name: str) -> bool:
    """Whether ``name`` holds ``text`` (two characters or more) with one character changed."""
    n = len(text)
    return n >= 2 and any(sum(a != b for a, b in zip(text, name[i:i + n], strict=True)) == 1
                          for i in range(len(name) - n + 1))


def check_owner(ctx: AppContext, owner: str | None) -> None:
    """Refuse an owner no customer or invoice has: a typo would otherwise plan nothing, silently."""
    if owner is None:
        return
    with ctx.ledger().reader() as conn:
        known = repo.owner_names(conn)
    if owner in known:
        return
    close = closest(owner, known)
    hint = (t("customer.suggest", names="、".join(close)) if close
            else t("owner.known", names="、".join(known)) if known else t("owner.none"))
    raise NotFound("unknown_owner", t("owner.unknown", name=owner), hint)


def terms_of(row: dict[str, Any], config: Config) -> str:
    return row.get("terms") or config.default_terms


def position_of(conn: Connection, config: Config, customer_id: int,
                today: date | None = None) -> Position:
    """One customer's invoices with due dates, open amounts and allocations, and its credit
    (``today`` dates what fapiao terms leave pending)."""
    row = repo.customer_rows(conn, customer_id)[0]
    invoices, payments, claims = money_facts(conn, customer_id)
    return position(invoices[customer_id], payments[customer_id],
                    parse_terms(terms_of(row, config)), config.batch_fallback_days,
                    claims[customer_id], today)


# Beyond this many customers, one read of the whole ledger costs less than a read per customer.
FEW_CUSTOMERS = 20


def positions_of(conn: Connection, config: Config, ids: set[int]) -> Iterator[tuple[int, Position]]:
    """``position_of`` for each of ``ids``, one at a time: a few customers read one by one,
    more from one read of every customer's rows (an import of a new period can leave
    thousands of customers with invoices the file no longer lists)."""
    if len(ids) <= FEW_CUSTOMERS:
        yield from ((cid, position_of(conn, config, cid)) for cid in ids)
        return
    terms = {row["id"]: terms_of(row, config) for row in repo.customer_rows(conn)}
    invoices, payments, claims = money_facts(conn)
    for cid in ids:
        yield cid, position(invoices[cid], payments[cid], parse_terms(terms[cid]),
                            config.batch_fallback_days, claims[cid])


def list_customers(ctx: AppContext, owner: str | None = None) -> list[dict[str, Any]]:
    """Every customer (or one owner's) with the same open / overdue figures as ``grade`` and
    ``status``."""
    scope = repo.Owner(owner) if owner else None
    with ctx.ledger().reader() as conn:
        rows = repo.customer_rows(conn, scope)
    assessed = {a.file.id: a for a in assess_all(ctx, scope=scope)[0]}
    return [{**row, "terms": terms_of(row, ctx.config), "open": assessed[row["id"]].open,
             "overdue": assessed[row["id"]].overdue, "credit": assessed[row["id"]].credit}
            for row in rows]


def show_customer(ctx: AppContext, typed: str) -> dict[str, Any]:
    """One customer's row, position, disputes (invoice number → reason) and history, read for
    that customer alone."""
    with ctx.ledger().reader() as conn:
        ref = resolve(conn, typed)
        row = repo.customer_rows(conn, ref.id)[0]
        p = position_of(conn, ctx.config, ref.id, ctx.today)
        disputes = repo.disputes(conn, ref.id)
        history = {name: repo.rows_for(conn, table, ref.id, order)
                   for name, table, order in (
                       ("people", "contact_person", "id"), ("payments", "payment", "id"),
                       ("contacts", "contact_log", "at"), ("promises", "promise", "due_on"),
                       ("acknowledgements", "acknowledgement", "on_date"),
                       ("signals", "signal", "on_date"))}
    # a rise of a workbook's paid column is a record of its own: what of it payments recorded
    # already explain (counted once) goes with it, so the history need not read as two payments
    history["payments"] = [{**r, "explained": p.explained.get(r["id"], 0)}
                           if r["origin"] == "paid_column" else r for r in history["payments"]]
    return {"customer": {**row, "terms": terms_of(row, ctx.config)}, "position": p,
            "disputes": disputes, **history}


def add_customer(ctx: AppContext, name: str, values: Mapping[str, Any],
                 people: Sequence[Person] = ()) -> CustomerRef:
    """A new customer and its contact people, in one transaction. ``values`` are column values
    (``terms`` a ``Terms``, money in fen, dates as ``date``)."""
    clean = normalize_name(name)
    if not clean:
        raise UsageError("empty_name", t("customer.empty_name"), t("customer.empty_name.hint"))
    with ctx.ledger(create=True).writer() as conn:
        key = name_key(clean)
        exists = repo.customer_id_by_key(conn, key)
        if exists:
            raise DunnerError("customer_exists", t("customer.exists", name=exists[1]),
                              t("customer.exists.hint", name=exists[1]))
        row = {"name": clean, "name_key": key, "created_on": ctx.today, **_columns(values)}
        ref = CustomerRef(repo.insert_one(conn, "customer", row), clean)
        _add_people(conn, ref, people)
    return ref


def edit_customer(ctx: AppContext, typed: str, values: Mapping[str, Any],
                  add_people: Sequence[Person] = (), remove_people: Sequence[str] = ()) -> CustomerRef:
    """Change column values (as for ``add_customer``; ``name`` renames) and people, at once."""
    changes = _columns(values)
    with ctx.ledger(create=True).writer() as conn:
        ref = resolve(conn, typed)
        if "name" in changes:
            changes["name"] = normalize_name(changes["name"])
            changes["name_key"] = name_key(changes["name"])
            other = repo.customer_id_by_key(conn, changes["name_key"])
            if other and other[0] != ref.id:
                raise DunnerError("customer_exists", t("customer.exists", name=other[1]),
                                  t("customer.exists.hint", name=other[1]))
        if changes:
            repo.update_one(conn, "customer", ref.id, changes)
        _add_people(conn, ref, add_people)
        for person_name in remove_people:
            if not repo.delete_where(conn, "contact_person", customer_id=ref.id, name=person_name):
                raise NotFound("unknown_person", t("person.unknown", name=person_name,
                                                   customer=ref.name), t("person.unknown.hint"))
        return CustomerRef(ref.id, changes.get("name", ref.name))


def _columns(values: Mapping[str, Any]) -> dict[str, Any]:
    """Values as the ledger stores them: terms in their one spelling (``monthly:25``)."""
    return {k: str(v) if isinstance(v, Terms) else v for k, v in values.items()}


def _add_people(conn: Connection, ref: CustomerRef, people: Sequence[Person]) -> None:
    """Add each person; one with the name of a person the customer has updates that person
    instead (the role as given; a phone or WeChat id left empty keeps the one recorded)."""
    for person in people:
        row = {**asdict(person), "name": normalize_name(person.name)}
        existing = repo.person_id(conn, ref.id, row["name"])
        if existing is None:
            repo.insert_one(conn, "contact_person", {"customer_id": ref.id, **row})
        else:
            repo.update_one(conn, "contact_person", existing,
                            {k: v for k, v in row.items() if v or k == "role"})

