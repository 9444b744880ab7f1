"""The ledger's fixed words: channels, outcomes, excuses, signal kinds, roles, statuses."""

from __future__ import annotations

CHANNELS = ("wechat", "call", "visit", "email", "sms", "letter", "legal")
OUTCOMES = ("reached", "no_answer", "unreachable", "promised", "refused", "disputed",
            "invoice_not_received", "awaiting_approval", "in_payment_pipe", "paid")
EXCUSES = ("boss_absent", "no_cash", "not_pay_day", "unsold_goods", "quality", "installments",
           "other")
SIGNAL_KINDS = ("key_person_change", "relocation", "business_change", "off_season_bulk_order",
                "dumping", "payment_pattern_change", "bankruptcy_risk", "other")
ROLES = ("decision", "acceptance", "payer", "finance", "other")
STATUSES = ("active", "closed", "bankrupt")
