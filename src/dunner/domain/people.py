"""The right person (找对人): whom an action reaches at the customer, chosen by what it is about.

Money is talked about with the one who pays (the payer, else finance, else the one who decides);
visits, letters and legal reviews go to the one who decides; a quality dispute to the one who
accepted the goods. A customer nobody can be reached at gets a task to find the payer first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from dunner.domain.vocab import Channel, Purpose


@dataclass(frozen=True)
class Person:
    """A person at the customer (or, with no name, the company's own line)."""

    name: str
    role: str = "other"  # decision, acceptance, payer, finance, other
    phone: str = ""
    wechat: str = ""

    @property
    def reachable(self) -> bool:
        return bool(self.phone.strip() or self.wechat.strip())


MONEY = ("payer", "finance", "decision", "other", "acceptance")
DECIDER = ("decision", "payer", "finance", "other", "acceptance")
GOODS = ("acceptance", "decision", "payer", "finance", "other")
# the role order each purpose looks for; a visit, letter or legal review always wants the decider
BY_PURPOSE: Mapping[Purpose, tuple[str, ...]] = {Purpose.RESOLVE_DISPUTE: GOODS}
BY_CHANNEL: Mapping[Channel, tuple[str, ...]] = {
    Channel.VISIT: DECIDER, Channel.LETTER: DECIDER, Channel.LEGAL: DECIDER}


def whom(people: Sequence[Person], purpose: Purpose, channel: Channel,
         wanted: str | None = None) -> Person | None:
    """The person for an action: by the role the purpose (or channel) looks for, the reachable
    before the unreachable, the first recorded of a role first; ``wanted`` (a role an excuse
    asks for) goes ahead of the usual order. None: the customer has no one on file."""
    order = BY_PURPOSE.get(purpose) or BY_CHANNEL.get(channel) or MONEY
    if wanted is not None:
        order = (wanted, *(r for r in order if r != wanted))
    rank = {role: i for i, role in enumerate(order)}

    def key(indexed: tuple[int, Person]) -> tuple[bool, int, bool, int]:
        i, p = indexed
        # a visit needs no number: the role decides; anything else needs a way to reach them
        return (not p.reachable and channel != Channel.VISIT, rank.get(p.role, len(order)),
                not p.name, i)

    ranked = sorted(enumerate(people), key=key)
    return ranked[0][1] if ranked else None


def reachable(people: Sequence[Person]) -> bool:
    """Whether anyone (or the company's own line) can be called or messaged."""
    return any(p.reachable for p in people)
