"""What a user types, turned into the values services take (fen, dates, known words, terms,
people); each converter refuses bad text with one ``UsageError`` naming the value and the fix."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from dunner.domain.dates import DateError, parse_date_text
from dunner.domain.money import AmountError, parse_decimal, to_fen
from dunner.domain.roles import role_from_title
from dunner.domain.terms import Terms, TermsError, parse_terms
from dunner.domain.text import normalize_name
from dunner.domain.vocab import STATUSES
from dunner.errors import UsageError
from dunner.i18n import t
from dunner.services.bills import BillDraft
from dunner.services.customers import Person

_AT = re.compile(r"(?:(?P<day>.+?)[ T]+)?(?P<hh>\d{1,2}):(?P<mm>\d{2})(?::(?P<ss>\d{2}))?")


def amount(text: str, *, allow_zero: bool = False) -> int:
    """Yuan as typed (``1234.50``, ``¥1,234.50``) → fen; never negative, zero only if allowed."""
    try:
        fen = to_fen(parse_decimal(text))
    except AmountError as exc:
        raise UsageError("bad_amount", t("amount.bad", value=text), t("amount.hint")) from exc
    if fen < 0 or (fen == 0 and not allow_zero):
        raise UsageError("bad_amount", t("amount.not_positive", value=text), t("amount.hint"))
    return fen


def day(text: str, what: str) -> date:
    """A date typed as YYYY-MM-DD (or a form ``parse_date_text`` knows); ``what`` names the option."""
    try:
        return parse_date_text(text)
    except DateError as exc:
        raise UsageError("bad_date", t("date.bad", what=what, value=text), t("date.hint")) from exc


def optional_day(text: str | None, what: str) -> date | None:
    return day(text, what) if text else None


def contact_time(text: str, today: date) -> datetime:
    """'YYYY-MM-DD HH:MM' (seconds allowed), a date alone for 00:00 that day, or a time alone
    for that time ``today`` (the call made this morning). A time that is no time of day (25:00,
    24:00, 12:60) is refused, never rolled over or dropped."""
    bad = UsageError("bad_at", t("at.bad", value=text), t("at.hint"))
    s = unicodedata.normalize("NFKC", text).strip()
    match = _AT.fullmatch(s)
    try:
        if ":" not in s:
            on = parse_date_text(s)
            return datetime(on.year, on.month, on.day)
        if match is None:
            raise bad
        on = today if match["day"] is None else parse_date_text(match["day"])
        return datetime(on.year, on.month, on.day, int(match["hh"]), int(match["mm"]),
                        int(match["ss"] or 0))
    except (DateError, ValueError) as exc:
        raise bad from exc


def choice(value: str, allowed: tuple[str, ...], what: str) -> str:
    """One of the ledger's fixed words (a channel, an outcome, …), exactly as the ledger spells it."""
    if value in allowed:
        return value
    raise UsageError(f"bad_{what}", t("choice.bad", what=what, value=value),
                     t("choices.hint", choices=", ".join(allowed)))


def optional_choice(value: str | None, allowed: tuple[str, ...], what: str) -> str | None:
    return None if value is None else choice(value, allowed, what)


def excuse(text: str) -> str:
    """An excuse as the ledger's word, in Chinese or in English (``没钱``, ``no cash`` →
    ``no_cash``); an unknown one is refused with the closest words."""
    from dunner.domain.excuses import closest_words, excuse_from_word
    from dunner.domain.vocab import EXCUSES

    found = excuse_from_word(text)
    if found is not None:
        return found
    closest = closest_words(text)
    hint = (t("excuse.closest.hint", closest=" / ".join(closest), choices=", ".join(EXCUSES))
            if closest else t("choices.hint", choices=", ".join(EXCUSES)))
    raise UsageError("bad_excuse", t("choice.bad", what="excuse", value=text), hint)


def terms(text: str) -> Terms:
    try:
        return parse_terms(text)
    except TermsError as exc:
        raise UsageError("bad_terms", t("terms.bad", value=text), t("terms.hint")) from exc


def status(text: str) -> str:
    if text in STATUSES:
        return text
    raise UsageError("bad_status", t("status.bad", value=text),
                     t("choices.hint", choices=", ".join(STATUSES)))


def person(text: str) -> Person:
    """``"王经理,decision,13800001234,wx_wang"`` → a contact person (role, phone, WeChat optional)."""
    parts = [p.strip() for p in text.replace("，", ",").split(",")]
    if not parts[0]:
        raise UsageError("bad_person", t("person.bad", value=text), t("person.bad.hint"))
    given = parts[1] if len(parts) > 1 and parts[1] else "other"
    role = role_from_title(given)  # a role's own word, or a title: 老板, 出纳, 财务, 仓库
    if role is None:
        raise UsageError("bad_person", t("person.bad_role", value=given),
                         t("person.bad_title.hint"))
    return Person(normalize_name(parts[0]), role, parts[2] if len(parts) > 2 else "",
                  parts[3] if len(parts) > 3 else "")


# --- customer add / edit -------------------------------------------------------------------

MONEY = ("credit_limit", "registered_capital", "annual_revenue")
DATES = ("pause_until", "founded")
INTS = {"closing_day": (1, 31), "debt_ratio": (0, 1000)}


def customer_values(options: Mapping[str, Any]) -> dict[str, Any]:
    """The options given on the command line → column values, each checked (None: not given)."""
    from dunner.services.importing.rows import PARSERS

    out: dict[str, Any] = {}
    for name, value in options.items():
        if value is None:
            continue
        if name in MONEY:
            out[name] = amount(value, allow_zero=True)
        elif name in DATES:
            column = "paused_until" if name == "pause_until" else name
            out[column] = None if value.lower() == "none" else day(value, name)
        elif name in INTS:
            out[name] = _int(name, value)
        elif name == "distance":
            out["distance_km"] = _checked(PARSERS["distance"], name, value)
        elif name == "pay_days":
            out[name] = _checked(PARSERS["pay_days"], name, value) if value else ""
        elif name == "terms":
            out[name] = terms(value)
        elif name == "late_rate":
            out[name] = None if value.lower() == "none" else late_rate(value)
        elif name == "status":
            out[name] = status(value)
        else:
            out[name] = value
    return out


def _checked(parser: Callable[[object], Any], name: str, value: str) -> Any:
    try:
        return parser(value)
    except ValueError as exc:
        raise UsageError(f"bad_{name}", t("option.bad", option=name, value=value, reason=exc),
                         t(f"hint.{name}")) from exc


def _int(name: str, value: str) -> int:
    low, high = INTS[name]
    if not value.strip().isdigit() or not low <= int(value) <= high:
        raise UsageError(f"bad_{name}", t("option.range", option=name, value=value, low=low,
                                          high=high), t("option.range.hint", low=low, high=high))
    return int(value)


def late_rate(text: str) -> str:
    """``0.05%/day`` or ``6%/year`` → the rate in its one spelling."""
    from dunner.domain.interest import RateError, parse_rate

    try:
        return str(parse_rate(text))
    except RateError as exc:
        raise UsageError("bad_late_rate", t("late_rate.bad", value=text), t("late_rate.hint")) from exc


def bill(kind: str | None, number: str | None, matures: str | None,
         acceptor: str) -> BillDraft | None:
    """``pay --bill bank|commercial --bill-no N --matures D [--acceptor NAME]`` → a bill draft
    (None without --bill); the bill's options without --bill, or --bill without them, are refused."""
    from dunner.domain.bills import BILL_KINDS, BillKind

    if kind is None:
        if number or matures or acceptor:
            raise UsageError("bill_options", t("bill.options_need_bill"), t("bill.options.hint"))
        return None
    word = choice(kind, tuple(BILL_KINDS), "bill")
    if not number or not matures:
        raise UsageError("bill_options", t("bill.options_missing"), t("bill.options.hint"))
    return BillDraft(BillKind(word), number.strip(), day(matures, "--matures"), acceptor.strip())
