"""Messages that escalate politely: which step a customer's next message is at, which variant of
that step's text it takes, how it greets the person, and the text with its fields filled.

Templates are plain data (one language: template id → its variants); loading and checking them
is done outside the domain. A template id is ``<kind>.<form>``: the form is ``message`` (WeChat,
SMS, e-mail) or ``call`` (a call opener); the kinds are the escalation steps, ``thanks``,
``instalment_reminder``, ``instalment_followup`` and ``excuse.<excuse>``."""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from dunner.domain.vocab import Channel, Purpose

Templates = Mapping[str, tuple[str, ...]]  # one language: template id → variants


class Step(StrEnum):
    """How firm a collection message is, from the first friendly reminder on."""

    FIRST = "first"  # a friendly reminder: the invoices, the amount, the days overdue
    SECOND = "second"  # asks for a payment date
    FIRM = "firm"  # names what the contract allows: stopped deliveries, a formal letter
    BROKEN_PROMISE = "broken_promise"  # quotes the promise's amount and date
    BEFORE_LETTER = "before_letter"  # the formal demand letter is next


# The month's contacts already made before a message move it up a step: 0–1 → first,
# 2–3 → second, 4 and more → firm.
STEP_FROM: tuple[tuple[int, Step], ...] = ((4, Step.FIRM), (2, Step.SECOND), (0, Step.FIRST))
FORMS: Mapping[Channel, str] = {Channel.WECHAT: "message", Channel.SMS: "message",
                                Channel.EMAIL: "message", Channel.CALL: "call"}
FORM_NAMES = ("message", "call")
EXCUSE_KINDS = ("boss_absent", "no_cash", "not_pay_day", "unsold_goods", "quality",
                "installments")
STEP_KINDS = frozenset(s.value for s in Step)
KINDS = (*(s.value for s in Step), "thanks", "instalment_reminder", "instalment_followup",
         *(f"excuse.{e}" for e in EXCUSE_KINDS))
TEMPLATE_IDS = frozenset(f"{kind}.{form}" for kind in KINDS for form in FORM_NAMES)
# A step template needs two different texts at least, so consecutive messages never repeat.
MIN_VARIANTS = 2
# Every placeholder a template may use; a field the caller does not have reads as "—".
PLACEHOLDERS: Mapping[str, str] = {
    "greeting": "王经理，您好 / Hello Wang Jun — the person, else the company",
    "customer": "the customer's name",
    "owner": "the rep who sends it",
    "invoices": "the invoice numbers",
    "amount": "the amount the message is about",
    "days": "days overdue (the oldest invoice)",
    "due": "the due date (of the invoices, the promise or the instalment)",
    "promised": "the amount promised",
    "promised_on": "the date promised",
    "paid": "the amount paid",
    "pay_day": "the customer's next pay day",
    "expected_on": "the date the customer expects the money",
    "instalment": "the instalment's number (k of n)",
    "instalments": "how many instalments the plan has",
    "month": "the month paid in full (thanks)",
}
MISSING = "—"

# A name that ends in one of these already carries a title (王经理, 李总, 陈会计, 赵工).
_TITLES = ("总", "经理", "老板", "董", "会计", "出纳", "主任", "主管", "先生", "女士", "小姐",
           "老师", "师傅", "工", "科长", "处长", "部长", "厂长", "店长", "总监", "助理", "姐",
           "哥")
ROLE_TITLES: Mapping[str, str] = {"decision": "总", "payer": "经理", "finance": "会计",
                                  "acceptance": "经理"}
_COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容",
                      "令狐", "夏侯", "长孙", "宇文", "司徒", "端木", "独孤", "南宫", "西门")


def step_for(month_contacts_so_far: int, broken_promise: bool, letter_next: bool) -> Step:
    """The step of a customer's next collection message: after a broken promise it quotes the
    promise; before a demand letter it says one is next; else it firms up with the month's
    contacts already made."""
    if broken_promise:
        return Step.BROKEN_PROMISE
    if letter_next:
        return Step.BEFORE_LETTER
    return next(step for least, step in STEP_FROM if month_contacts_so_far >= least)


def variant_seed(customer_id: int, number: int) -> int:
    """Which variant a message takes: the customer's id shifts where its cycle starts (customers
    contacted on one day read different texts), and ``number`` — the message's ordinal among
    the customer's messages of its form — moves one variant on each time, so two consecutive
    messages never read the same."""
    return customer_id + number


def render(templates: Templates, template_id: str, seed: int, fields: Mapping[str, object]) -> str:
    """The variant ``seed`` picks of ``template_id`` with its placeholders filled (a date as
    YYYY-MM-DD, a field not given as "—")."""
    variants = templates[template_id]
    text = variants[seed % len(variants)]
    return text.format_map(_Fields(fields))


class _Fields(dict[str, object]):
    def __init__(self, fields: Mapping[str, object]) -> None:
        super().__init__({k: v.isoformat() if isinstance(v, date) else v
                          for k, v in fields.items() if v is not None})

    def __missing__(self, key: str) -> str:
        return MISSING


def placeholders(text: str) -> list[str]:
    """The placeholders ``text`` uses, in order (``{}`` and ``{0}`` read as ``""`` and ``"0"``);
    ``ValueError`` when its braces do not pair up."""
    return [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]


def template_problems(templates: Templates) -> list[tuple[str, str]]:
    """(template id, what is wrong) for each template id dunner does not know, each placeholder
    it does not know, unpaired braces, and a step with fewer than two different texts."""
    out: list[tuple[str, str]] = []
    for template_id, variants in templates.items():
        if template_id not in TEMPLATE_IDS:
            out.append((template_id, "unknown_template"))
            continue
        for text in variants:
            try:
                names = placeholders(text)
            except ValueError:
                out.append((template_id, "braces"))
                continue
            out.extend((template_id, f"placeholder:{n}") for n in names if n not in PLACEHOLDERS)
        if template_id.split(".")[0] in STEP_KINDS and len(set(variants)) < MIN_VARIANTS:
            out.append((template_id, "variants"))
    return out


def greeting(lang: str, customer: str, person: str = "", role: str | None = None) -> str:
    """How a message opens: the person by name with a polite title (``王经理，您好``; a name with
    no title takes the surname and one from the role: 王强 the payer → ``王经理，您好``), else
    the company (``杭州恒通五金有限公司您好``)."""
    name = person.strip()
    if lang != "zh":
        return f"Hello {name or customer}"
    if not name:
        return f"{customer}您好"
    if name.endswith(_TITLES) or not _chinese(name):
        return f"{name}，您好"
    title = ROLE_TITLES.get(role or "")
    if title is None or len(name) > 4:
        return f"{name}，您好"
    surname = name[:2] if name[:2] in _COMPOUND_SURNAMES else name[0]
    return f"{surname}{title}，您好"


def _chinese(text: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in text)


@dataclass(frozen=True)
class Situation:
    """What decides a customer's next message: the action's purpose, the month's contacts
    already made (``contacts_so_far``) and this message's ordinal among the customer's messages
    of its form (``number``; default ``contacts_so_far``), a broken promise, a letter next, the
    last excuse, an instalment, and whom it goes to."""

    customer_id: int
    purpose: Purpose = Purpose.COLLECT
    contacts_so_far: int = 0
    number: int | None = None
    broken_promise: bool = False
    letter_next: bool = False
    excuse: str | None = None
    instalment: bool = False  # a promise that is one instalment of a plan
    person: str = ""
    role: str | None = None


def situation(customer_id: int, purpose: Purpose, detail: Mapping[str, object]) -> Situation:
    """The situation a planned action's ``detail`` describes. Keys read: ``contacts_so_far``
    (else the slot number ``n`` less one), ``n`` (the message's number), ``broken_promise``,
    ``letter_next``, ``excuse``, ``instalment`` (present: one instalment of a plan),
    ``person`` and ``role``."""
    n = detail.get("n")
    number = n if isinstance(n, int) else None
    so_far = detail.get("contacts_so_far")
    excuse, person, role = detail.get("excuse"), detail.get("person"), detail.get("role")
    return Situation(
        customer_id, purpose,
        so_far if isinstance(so_far, int) else max((number or 1) - 1, 0), number,
        bool(detail.get("broken_promise")), bool(detail.get("letter_next")),
        excuse if isinstance(excuse, str) else None, "instalment" in detail,
        person if isinstance(person, str) else "", role if isinstance(role, str) else None)


def template_id(channel: Channel, s: Situation) -> str | None:
    """The template a planned action's text comes from (None: not a message or call dunner
    words from templates — the catalogue's text stands)."""
    form = FORMS.get(channel)
    if form is None:
        return None
    if s.purpose == Purpose.THANKS:
        return f"thanks.{form}"
    if s.purpose == Purpose.INSTALMENT_REMINDER or (s.instalment and
                                                     s.purpose == Purpose.PROMISE_REMINDER):
        return f"instalment_reminder.{form}"
    if s.purpose == Purpose.PROMISE_FOLLOWUP:
        return f"instalment_followup.{form}" if s.instalment else f"broken_promise.{form}"
    if s.purpose != Purpose.COLLECT:
        return None
    if s.excuse in EXCUSE_KINDS:
        return f"excuse.{s.excuse}.{form}"
    return f"{step_for(s.contacts_so_far, s.broken_promise, s.letter_next)}.{form}"


def compose(templates: Templates, lang: str, channel: Channel, s: Situation,
            fields: Mapping[str, object]) -> str | None:
    """The text of a planned message or call opener from the templates of ``lang`` (None when
    no template covers it). ``fields`` are display values by placeholder (money already
    formatted; dates may be ``date``); ``greeting`` is made here from the person and
    ``fields["customer"]``, and a promise's follow-up quotes its own amount and date."""
    tid = template_id(channel, s)
    if tid is None or tid not in templates:
        return None
    values = dict(fields)
    values["greeting"] = greeting(lang, str(fields.get("customer", "")), s.person, s.role)
    if s.purpose == Purpose.PROMISE_FOLLOWUP:
        values.setdefault("promised", fields.get("amount"))
        values.setdefault("promised_on", fields.get("due"))
    number = s.contacts_so_far if s.number is None else s.number
    return render(templates, tid, variant_seed(s.customer_id, number), values)
