"""The ``[company]``, ``[gate]`` and ``[letters]`` settings: listed by ``config show``, checked
when the configuration is read."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.documents_ledger import company_config
from tests.conftest import Cli


def test_config_show_lists_the_company_fields_and_where_they_came_from(cli: Cli,
                                                                      tmp_path: Path) -> None:
    env = {"DUNNER_CONFIG": str(company_config(tmp_path))}
    doc = json.loads(cli("config", "show", "--json", env=env).stdout)
    settings = {s["key"]: s for s in doc["settings"]}
    assert settings["company.bank"]["value"] == "中国工商银行杭州文三路支行"
    assert settings["company.bank"]["source"].endswith("config.toml")
    assert settings["company.seal"] == {"key": "company.seal", "value": "", "source": "default"}
    for key in ("company.name", "company.address", "company.phone", "company.account",
                "company.contact", "gate.hold_grace_days", "letters.deadline_days"):
        assert key in settings


def test_a_bad_company_value_names_the_file_and_the_key(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("[company]\nname = 12\n", encoding="utf-8")
    result = cli("config", "show", env={"DUNNER_CONFIG": str(path)})
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"error: {path}: company.name = 12 is not valid",
                                          "hint: give a line of text in quotes"]


def test_a_seal_that_does_not_exist_is_named(cli: Cli, tmp_path: Path) -> None:
    from tests.cli.documents_ledger import enter

    enter(cli)
    config = company_config(tmp_path, seal="seal.png")
    result = cli("--config", str(config), "letter", "恒通", "--out", str(tmp_path / "l.docx"))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == f"error: the seal image {tmp_path / 'seal.png'} does not exist"
    assert not (tmp_path / "l.docx").exists()


def test_a_seal_image_goes_into_the_letter(cli: Cli, tmp_path: Path) -> None:
    import base64

    from docx import Document

    from tests.cli.documents_ledger import enter

    enter(cli)
    png = base64.b64decode(  # a 1×1 red PNG
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==")
    (tmp_path / "seal.png").write_bytes(png)
    out = tmp_path / "l.docx"
    result = cli("--config", str(company_config(tmp_path, seal="seal.png")), "letter", "恒通",
                 "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert len(Document(str(out)).inline_shapes) == 1
