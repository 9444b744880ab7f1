"""The ledger's fixed words: classes, channels, purposes, promise states, outcomes, excuses, …

The words a rule branches on are ``StrEnum``s, so a typo is a type error; each member *is* its
string, so it compares, hashes, formats and serialises to JSON as the ledger's own word."""

from __future__ import annotations

from enum import StrEnum


class Class(StrEnum):
    """A receivable class (分级), from the least to the most serious: the order is the rule."""

    CURRENT = "current"
    COLLECTING = "collecting"
    DOUBTFUL = "doubtful"
    BAD = "bad"
    DEAD = "dead"


class Channel(StrEnum):
    """How an action is done: the contact channels a log records, and ``task`` (internal work)."""

    WECHAT = "wechat"
    CALL = "call"
    VISIT = "visit"
    EMAIL = "email"
    SMS = "sms"
    LETTER = "letter"
    LEGAL = "legal"
    TASK = "task"


class Purpose(StrEnum):
    """Why a planned action is there."""

    RECONFIRM = "reconfirm"
    PROMISE_REMINDER = "promise_reminder"
    PROMISE_FOLLOWUP = "promise_followup"
    COLLECT = "collect"
    DEMAND_LETTER = "demand_letter"
    LEGAL_REVIEW = "legal_review"
    RESOLVE_DISPUTE = "resolve_dispute"
    ACKNOWLEDGEMENT = "acknowledgement"
    INSTALMENT_REMINDER = "instalment_reminder"
    THANKS = "thanks"
    FIND_CONTACT = "find_contact"
    HELP_SELL = "help_sell"
    FAPIAO = "fapiao"  # issue or resend the tax invoice before the receivable is chased


class PromiseState(StrEnum):
    OPEN = "open"
    KEPT = "kept"
    PARTLY_KEPT = "partly_kept"
    BROKEN = "broken"


class Status(StrEnum):
    ACTIVE = "active"
    CLOSED = "closed"
    BANKRUPT = "bankrupt"


CHANNELS = tuple(c for c in Channel if c is not Channel.TASK)  # what ``dunner log`` records
OUTCOMES = ("reached", "no_answer", "unreachable", "promised", "refused", "disputed",
            "invoice_not_received", "awaiting_approval", "in_payment_pipe", "paid")
EXCUSES = ("boss_absent", "no_cash", "not_pay_day", "unsold_goods", "quality", "installments",
           "other")
SIGNAL_KINDS = ("key_person_change", "relocation", "business_change", "off_season_bulk_order",
                "dumping", "payment_pattern_change", "bankruptcy_risk", "bill_dishonoured", "other")
ROLES = ("decision", "acceptance", "payer", "finance", "other")
STATUSES = tuple(Status)
