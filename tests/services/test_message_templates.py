"""The templates a run uses come from the folder holding config.toml, read again when a file
changes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dunner.adapters.message_templates import packaged
from dunner.config import load_config
from dunner.errors import DunnerError
from dunner.services.templates import config_dir, message_templates


def _override(folder: Path, lang: str, text: str) -> Path:
    path = folder / "templates" / "messages" / f"{lang}.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_next_to_the_config_file(tmp_path: Path) -> None:
    folder = tmp_path / "公司配置"
    folder.mkdir()
    (folder / "config.toml").write_text('lang = "zh"\n', encoding="utf-8")
    _override(folder, "zh", '[thanks]\nmessage = ["{greeting}，谢谢{month}按时付款"]\n')
    config = load_config(str(folder / "config.toml"))
    assert config_dir(config) == folder
    got = message_templates(config)
    assert got["zh"]["thanks.message"] == ("{greeting}，谢谢{month}按时付款",)
    assert got["zh"]["first.message"] == packaged("zh")["first.message"]
    assert got["en"] == packaged("en")


def test_in_the_default_config_folder_without_a_config_file(tmp_path: Path) -> None:
    folder = tmp_path / "xdg-config" / "dunner"  # where conftest points the user config folder
    config = load_config()
    assert config.path is None and config_dir(config) == folder
    assert message_templates(config)["en"] == packaged("en")
    _override(folder, "en", '[thanks]\ncall = ["{greeting}, thanks!", "{greeting}, thank you!"]\n')
    assert message_templates(config)["en"]["thanks.call"] == ("{greeting}, thanks!",
                                                              "{greeting}, thank you!")


def test_a_changed_file_is_read_again(tmp_path: Path) -> None:
    (tmp_path / "config.toml").write_text("", encoding="utf-8")
    config = load_config(str(tmp_path / "config.toml"))
    path = _override(tmp_path, "zh", '[thanks]\nmessage = ["{greeting}，谢谢"]\n')
    assert message_templates(config)["zh"]["thanks.message"] == ("{greeting}，谢谢",)
    path.write_text('[thanks]\nmessage = ["{greeting}，{thanks}"]\n', encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    with pytest.raises(DunnerError) as err:
        message_templates(config)
    assert err.value.message == (f"{path}: template thanks.message uses {{thanks}}, which is not "
                                 "a placeholder dunner knows")
