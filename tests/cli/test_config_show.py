"""``config show``: every setting once, with where its value came from."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import Cli

CONFIG = 'lang = "zh"\ntimezone = "Asia/Shanghai"\n[owners."张三"]\nemail = "z@example.com"\n'


def _table_keys(stdout: str) -> list[str]:
    return [line.split()[0] for line in stdout.splitlines()[1:] if line.strip()]


@pytest.mark.parametrize("config", [None, CONFIG])
def test_every_key_once_in_the_table_and_in_json(cli: Cli, tmp_path: Path, config) -> None:
    env = {}
    if config is not None:
        (tmp_path / "config.toml").write_text(config, encoding="utf-8")
        env = {"DUNNER_CONFIG": str(tmp_path / "config.toml")}
    table = cli("config", "show", env=env)
    assert table.exit_code == 0, table.stderr
    doc = json.loads(cli("config", "show", "--json", env=env).stdout)
    for keys in (_table_keys(table.stdout), [s["key"] for s in doc["settings"]]):
        assert [k for k, n in Counter(keys).items() if n > 1] == []
        assert {"database", "today", "lang", "timezone", "terms.default"} <= set(keys)
    assert set(doc) == {"path", "settings"}  # no second copy of database, today, lang


def test_sources_of_database_today_and_lang(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text(CONFIG, encoding="utf-8")
    env = {"DUNNER_CONFIG": str(tmp_path / "config.toml")}
    settings = {s["key"]: s for s in json.loads(cli("config", "show", "--json", env=env).stdout)
                ["settings"]}
    assert settings["database"] == {"key": "database", "value": str(cli.db), "source": "--db"}
    assert settings["today"] == {"key": "today", "value": "2026-11-23", "source": "--today"}
    assert settings["lang"] == {"key": "lang", "value": "en", "source": "--lang"}

    from typer.testing import CliRunner

    from dunner.cli.app import app

    result = CliRunner().invoke(app, ["config", "show", "--json"],
                                env={**env, "DUNNER_DB": "postgresql://u:hunter2@h/x"})
    settings = {s["key"]: s for s in json.loads(result.stdout)["settings"]}
    assert settings["database"] == {"key": "database", "value": "postgresql://u:***@h/x",
                                    "source": "DUNNER_DB"}
    assert settings["today"]["source"] == "clock"
    assert settings["lang"] == {"key": "lang", "value": "zh", "source": env["DUNNER_CONFIG"]}
    assert "hunter2" not in result.stdout
