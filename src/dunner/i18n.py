"""The message catalogue: every user-facing text, in English and Chinese, chosen once per run."""

from __future__ import annotations

import os
from collections.abc import Mapping

from dunner.catalogue import MESSAGES

LANGUAGES = ("en", "zh")
_state = {"lang": "en"}


def detect_language(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """``--lang`` wins, then ``DUNNER_LANG``, then the locale (``zh*`` → Chinese), else English."""
    env = os.environ if environ is None else environ
    for value in (explicit, env.get("DUNNER_LANG")):
        if value:
            lang = value.strip().lower()[:2]
            if lang not in LANGUAGES:
                raise ValueError(value)
            return lang
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = env.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def set_language(lang: str) -> None:
    _state["lang"] = lang if lang in LANGUAGES else "en"


def language() -> str:
    return _state["lang"]


def t(key: str, /, **params: object) -> str:
    """The text for ``key`` in the current language, with ``{name}`` placeholders filled."""
    en, zh = MESSAGES[key]
    text = zh if _state["lang"] == "zh" else en
    return text.format(**params) if params else text
