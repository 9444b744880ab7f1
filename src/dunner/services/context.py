"""What every use case needs: the configuration, the ledger, the language and "today"."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from dunner.config import Config, default_db_path, load_config
from dunner.domain.dates import DateError, parse_date_text
from dunner.errors import UsageError
from dunner.i18n import detect_language, set_language, t
from dunner.ledger.db import Ledger, open_ledger


@dataclass
class AppContext:
    config: Config
    db: str
    today: date
    lang: str
    # where "database", "today" and "lang" came from: an option, a DUNNER_* variable, …
    origins: dict[str, str] = field(default_factory=dict)
    _ledger: Ledger | None = field(default=None, repr=False)

    def ledger(self, create: bool = False) -> Ledger:
        """The ledger; a missing SQLite file is an error unless ``create`` (the commands that
        record something), and then it is made on first use, so a run that fails before it
        writes leaves no empty ledger behind a mistyped ``--db``."""
        if self._ledger is None:
            self._ledger = open_ledger(self.db, create, defer=True)
        return self._ledger

    def effective(self) -> list[tuple[str, object, str]]:
        """(key, value, source) of the settings options and DUNNER_* variables decide; they
        stand in for the configuration's own (its ``lang``) in ``config show``."""
        from dunner.ledger.failures import safe

        return [("database", safe(self.db), self.origins.get("database", "")),
                ("today", self.today, self.origins.get("today", "")),
                ("lang", self.lang, self.origins.get("lang", ""))]

    def close(self) -> None:
        if self._ledger is not None:
            self._ledger.close()
            self._ledger = None


def build_context(db: str | None = None, config: str | None = None, today: str | None = None,
                  lang: str | None = None, environ: Mapping[str, str] | None = None) -> AppContext:
    """Options win over DUNNER_* variables, which win over the config file and the defaults."""
    env = os.environ if environ is None else environ
    try:
        language = detect_language(lang, env)
    except ValueError as exc:
        raise UsageError("bad_lang", t("lang.bad", value=exc), t("lang.bad.hint")) from exc
    set_language(language)
    cfg = load_config(config, env)
    if not (lang or env.get("DUNNER_LANG")) and cfg.values.get("lang"):
        language = detect_language(str(cfg.values["lang"]), {})
        set_language(language)
    db_value = db or env.get("DUNNER_DB") or str(default_db_path())
    origins = {"database": _origin(db, "--db", env, "DUNNER_DB") or "default",
               "today": _origin(today, "--today", env, "DUNNER_TODAY") or "clock",
               "lang": _origin(lang, "--lang", env, "DUNNER_LANG")
               or (cfg.sources.get("lang", "") if cfg.values.get("lang") else "locale")}
    return AppContext(cfg, db_value, resolve_today(today or env.get("DUNNER_TODAY"), cfg), language,
                      origins)


def _origin(option: str | None, flag: str, env: Mapping[str, str], variable: str) -> str:
    return flag if option else variable if env.get(variable) else ""


def resolve_today(value: str | None, config: Config) -> date:
    """``--today`` / ``DUNNER_TODAY`` if given, else the date now in the configured time zone."""
    if value:
        try:
            return parse_date_text(value)
        except DateError as exc:
            raise UsageError("bad_today", t("today.bad", value=value), t("date.hint")) from exc
    import pendulum

    try:
        now = pendulum.now(config.timezone)
        return date(now.year, now.month, now.day)
    except Exception as exc:  # pendulum raises its own error types for an unknown zone
        raise UsageError("bad_timezone", t("timezone.bad", value=config.timezone),
                         t("timezone.bad.hint")) from exc


def parse_user_date(value: str, what: str) -> date:
    """Superseded by ``cli._parse.day`` (typed text is the CLI's to parse); kept only while
    ``cli/plan.py`` (``--from``) and ``cli/report.py`` (``--as-of``) still call it."""
    try:
        return parse_date_text(value)
    except DateError as exc:
        raise UsageError("bad_date", t("date.bad", what=what, value=value), t("date.hint")) from exc
