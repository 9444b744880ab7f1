"""The message catalogue: every key used exists, in both languages, with the same placeholders."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from dunner.catalogue import MESSAGES
from dunner.i18n import detect_language, set_language, t

SRC = Path(__file__).resolve().parents[1] / "src" / "dunner"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_both_languages_have_the_same_placeholders(key: str) -> None:
    en, zh = MESSAGES[key]
    assert _fields(en) == _fields(zh)
    assert bool(en) == bool(zh)


def test_every_literal_key_used_in_code_exists() -> None:
    used = set()
    for path in SRC.rglob("*.py"):
        used |= set(re.findall(r'\bt\("([a-z_.]+)"', path.read_text(encoding="utf-8")))
    assert sorted(used - set(MESSAGES)) == []


def test_t_switches_language() -> None:
    set_language("zh")
    assert t("word.error") == "错误"
    set_language("en")
    assert t("word.error") == "error"


@pytest.mark.parametrize(("explicit", "env", "expected"), [
    ("zh", {}, "zh"),
    (None, {"DUNNER_LANG": "en"}, "en"),
    (None, {"LANG": "zh_CN.UTF-8"}, "zh"),
    (None, {"LANG": "en_US.UTF-8"}, "en"),
    (None, {"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
    (None, {}, "en"),
    ("en", {"DUNNER_LANG": "zh"}, "en"),
])
def test_language_detection(explicit: str | None, env: dict[str, str], expected: str) -> None:
    assert detect_language(explicit, env) == expected


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError):
        detect_language("fr", {})


def test_keys_built_at_run_time_exist() -> None:
    from dunner.domain.vocab import ROLES
    from dunner.services.importing.headers import FIELDS

    families = [f"hint.{f}" for f in FIELDS] + [f"role.{r}" for r in ROLES]
    for reason in ("not_workbook", "encrypted", "too_big", "bomb", "too_many", "encoding"):
        families += [f"import.refuse.{reason}", f"import.refuse.{reason}.hint"]
    families += [f"import.count.{k}" for k in ("customers", "invoices", "payments")]
    families += [f"customer.{c}" for c in ("unknown_customer", "ambiguous_customer")]
    assert [k for k in families if k not in MESSAGES] == []
