"""What one owner's daily digest holds — today's actions with their ready-to-paste messages,
promises due and broken, new overdue, payments, what falls due soon, limitation alerts and
disputes — its summary counts, and the form safe for a group chat (phones masked, no address)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import date, time, timedelta
from typing import Any

from dunner.domain.assessment import Assessment
from dunner.domain.planner import Action
from dunner.domain.vocab import Channel, PromiseState, Purpose
from dunner.domain.wording import message
from dunner.i18n import t

DUE_SOON_DAYS = 3  # "falling due within 3 days": the digest's look-ahead
# Mainland mobiles (optionally +86) and landlines with an area code: what a group never sees whole.
_MOBILE = re.compile(r"(?<![\d+])((?:\+?86[- ]?)?1[3-9]\d)[- ]?(\d{4})[- ]?(\d{4})(?!\d)")
_LANDLINE = re.compile(r"(?<![\d-])(0\d{2,3})[- ]?(\d{3,4})[- ]?(\d{4})(?!\d)")


def mask_phones(text: str) -> str:
    """``13812341234`` → ``138****1234``; ``020-87654321`` → ``020-****4321``. Invoice numbers
    and amounts are left alone (a phone is a whole run of digits in a phone's shape)."""
    text = _MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", text)
    return _LANDLINE.sub(lambda m: f"{m.group(1)}-****{m.group(3)}", text)


@dataclass(frozen=True)
class Contact:
    """What a rep needs at hand for an action, from the customer's file: never sent to a group
    except the phone, masked."""

    phone: str = ""
    address: str = ""
    notes: str = ""
    person: str = ""  # whom to reach: name and role (the right person for the action)


@dataclass(frozen=True)
class DigestAction:
    id: str
    at: time
    customer: str
    channel: Channel
    purpose: Purpose
    invoices: tuple[str, ...]
    amount: int  # fen
    message: str  # ready to paste
    contact: Contact = Contact()


@dataclass(frozen=True)
class Item:
    """One line of a digest section: a customer, an amount (fen), a date, the invoices."""

    customer: str
    amount: int
    day: date | None = None
    invoices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Digest:
    owner: str
    day: date
    since: date  # the first day the "since the last digest" sections cover
    actions: tuple[DigestAction, ...] = ()
    promises_due: tuple[Item, ...] = ()
    promises_broken: tuple[Item, ...] = ()
    newly_overdue: tuple[Item, ...] = ()
    payments: tuple[Item, ...] = ()
    due_soon: tuple[Item, ...] = ()
    limitation: tuple[Item, ...] = ()
    disputes: tuple[Item, ...] = ()
    group: bool = False  # the masked form for a chat group

    @property
    def by_channel(self) -> list[tuple[Channel, int]]:
        """Today's actions per channel, in the channels' fixed order."""
        counts = Counter(a.channel for a in self.actions)
        return [(c, counts[c]) for c in Channel if counts[c]]

    @property
    def to_collect(self) -> int:
        """What today's actions are about, in fen (one action per customer a day: no double count)."""
        return sum(a.amount for a in self.actions)

    @property
    def empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self)
                       if isinstance(getattr(self, f.name), tuple))


SECTIONS = ("promises_due", "promises_broken", "newly_overdue", "payments", "due_soon",
            "limitation", "disputes")


@dataclass(frozen=True)
class Payment:
    customer_id: int
    amount: int
    day: date  # the day it entered the ledger (or was paid, when that is unknown)


@dataclass
class _Owner:
    actions: list[DigestAction] = field(default_factory=list)
    lists: dict[str, list[Item]] = field(default_factory=lambda: {k: [] for k in SECTIONS})


def build(day: date, since: Mapping[str, date], default_since: date, actions: Iterable[Action],
          assessments: Sequence[Assessment], payments: Iterable[Payment],
          contacts: Mapping[int, Contact], owners: Iterable[str] = ()) -> dict[str, Digest]:
    """Each owner's digest for ``day``: ``actions`` are the plan's for that day; ``since`` maps an
    owner to the day after which nothing has been reported yet (the last delivered digest's day),
    ``default_since`` stands for owners never sent one. ``owners`` get a digest even when empty."""
    out: dict[str, _Owner] = {o: _Owner() for o in owners}

    def of(owner: str) -> _Owner:
        return out.setdefault(owner, _Owner())

    for act in actions:
        if act.day == day:
            contact = contacts.get(act.candidate.customer_id, Contact())
            of(act.owner).actions.append(_action(act, contact))
    names = {a.file.id: (a.file.name, a.file.owner) for a in assessments}
    for a in assessments:
        start = since.get(a.file.owner, default_since)
        _customer_items(a, day, start, lambda owner: of(owner).lists)
    for p in payments:
        name, owner = names.get(p.customer_id, ("", ""))
        if name and since.get(owner, default_since) <= p.day < day:
            of(owner).lists["payments"].append(Item(name, p.amount, p.day))
    return {owner: _digest(owner, day, since.get(owner, default_since), o)
            for owner, o in sorted(out.items())}


def _digest(owner: str, day: date, since: date, o: _Owner) -> Digest:
    def section(key: str) -> tuple[Item, ...]:
        return tuple(sorted(o.lists[key], key=_item_order))

    return Digest(owner, day, since, tuple(sorted(o.actions, key=lambda x: (x.at, x.customer, x.id))),
                  promises_due=section("promises_due"), promises_broken=section("promises_broken"),
                  newly_overdue=section("newly_overdue"), payments=section("payments"),
                  due_soon=section("due_soon"), limitation=section("limitation"),
                  disputes=section("disputes"))


def _item_order(i: Item) -> tuple[date, str, tuple[str, ...]]:
    return (i.day or date.min, i.customer, i.invoices)


def _action(a: Action, contact: Contact) -> DigestAction:
    c = a.candidate
    p = a.contact
    if p is not None and c.contact:  # the person the action is for, with their own phone
        contact = replace(contact, phone=p.phone or contact.phone,
                          person=t("plan.person", name=p.name, role=t(f"role.{p.role}"))
                          if p.name else "")
    return DigestAction(c.id, a.at, a.customer, c.channel, c.purpose, c.invoices, c.amount,
                        message(a), contact)


def _customer_items(a: Assessment, day: date, since: date, lists: Any) -> None:
    """A customer's lines in its owner's sections (an invoice's own owner for invoice lines)."""
    name, owner = a.file.name, a.file.owner
    for p, state in a.promise_states:
        if p.due_on == day and state == PromiseState.OPEN:
            lists(owner)["promises_due"].append(Item(name, p.amount, p.due_on))
        elif since <= p.due_on < day and state in (PromiseState.BROKEN, PromiseState.PARTLY_KEPT):
            lists(owner)["promises_broken"].append(Item(name, a.promise_short(p), p.due_on))
    soon = day + timedelta(days=DUE_SOON_DAYS)
    disputed: dict[str, list[Any]] = {}
    for i in a.invoices:
        if i.item.open <= 0:
            continue
        due = i.item.due
        if i.item.key in a.file.disputed:
            disputed.setdefault(i.owner or owner, []).append(i)
        elif since <= due < day:
            lists(i.owner or owner)["newly_overdue"].append(
                Item(name, i.item.open, due, (i.item.number,)))
        elif day <= due <= soon:
            lists(i.owner or owner)["due_soon"].append(Item(name, i.item.open, due, (i.item.number,)))
    for who, items in disputed.items():
        lists(who)["disputes"].append(Item(name, sum(i.item.open for i in items), None,
                                           tuple(i.item.number for i in items)))
    if alert := a.limitation_alert:
        lists(owner)["limitation"].append(Item(name, alert[1], alert[0]))


def for_group(d: Digest) -> Digest:
    """The digest as a chat group may see it: phone numbers masked wherever they appear,
    addresses and credit-file notes left out."""
    def masked(item: Item) -> Item:
        return replace(item, customer=mask_phones(item.customer),
                       invoices=tuple(mask_phones(n) for n in item.invoices))

    actions = tuple(replace(a, customer=mask_phones(a.customer), message=mask_phones(a.message),
                            invoices=tuple(mask_phones(n) for n in a.invoices),
                            contact=Contact(phone=mask_phones(a.contact.phone),
                                            person=a.contact.person))
                    for a in d.actions)
    d = replace(d, owner=mask_phones(d.owner), actions=actions, group=True)
    for key in SECTIONS:
        d = replace(d, **{key: tuple(masked(i) for i in getattr(d, key))})  # type: ignore[arg-type]
    return d


@dataclass(frozen=True)
class OwnerLine:
    """One owner's row in the all-owners summary."""

    owner: str
    actions: int
    by_channel: tuple[tuple[Channel, int], ...]
    to_collect: int
    promises_due: int
    promises_broken: int
    newly_overdue: int


def overview(digests: Iterable[Digest]) -> list[OwnerLine]:
    """The all-owners summary (for the boss): each owner's counts and amount to collect."""
    return [OwnerLine(d.owner, len(d.actions), tuple(d.by_channel), d.to_collect,
                      len(d.promises_due), len(d.promises_broken), len(d.newly_overdue))
            for d in digests]
