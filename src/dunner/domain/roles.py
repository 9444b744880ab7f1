"""A contact person's role (找对人) read from a job title as people write it: 老板 → decision,
出纳 → payer, 财务 → finance, 仓库 → acceptance."""

from __future__ import annotations

import unicodedata

from dunner.domain.vocab import ROLES

# Checked in this order, so the more particular word wins: 财务总监 is finance, 仓库经理
# acceptance, 出纳会计 payer, 总经理 decision. English words are matched as whole words.
_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("payer", ("出纳", "付款", "cashier", "payer", "accounts payable")),
    ("finance", ("财务", "会计", "账务", "finance", "accountant", "accounting", "cfo",
                 "controller")),
    ("acceptance", ("仓库", "仓管", "库管", "验收", "质检", "品管", "收货", "warehouse",
                    "acceptance", "quality", "qc", "receiving", "storekeeper")),
    ("decision", ("老板", "老总", "总经理", "董事长", "董事", "总裁", "法人", "厂长", "店长",
                  "负责人", "boss", "owner", "ceo", "general manager", "gm", "director",
                  "president", "decision")),
)


def role_from_title(text: str) -> str | None:
    """The role a title names (``老板`` → ``decision``, ``出纳`` → ``payer``, ``财务``/``会计``
    → ``finance``, ``仓库``/``验收``/``质检`` → ``acceptance``); a role's own word is itself;
    None when the title names no role dunner knows."""
    s = unicodedata.normalize("NFKC", text).strip().casefold()
    if not s:
        return None
    if s in ROLES:
        return s
    words = f" {' '.join(s.replace('_', ' ').replace('-', ' ').split())} "
    for role, titles in _WORDS:
        for title in titles:
            if (title in s) if not title.isascii() else (f" {title} " in words):
                return role
    return None
