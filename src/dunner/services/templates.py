"""The message templates a run uses: dunner's own, overridden from the config folder (the
folder holding config.toml, whether or not the file exists)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from dunner.adapters import message_templates as files
from dunner.config import Config, default_config_path
from dunner.domain.messages import Templates
from dunner.i18n import LANGUAGES


def config_dir(config: Config) -> Path:
    """The folder holding config.toml (the default one when no file was read)."""
    return (config.path or default_config_path()).parent


def message_templates(config: Config) -> dict[str, Templates]:
    """Every language's templates (language → template id → variants), checked: an override
    that names an unknown placeholder or template raises a config error naming the file."""
    folder = config_dir(config)
    stamps = tuple(_stamp(files.override_path(folder, lang)) for lang in LANGUAGES)
    return _load(folder, stamps)


def _stamp(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


@lru_cache(maxsize=8)
def _load(folder: Path, stamps: tuple[int | None, ...]) -> dict[str, Templates]:
    """Read once per folder and file version (``stamps`` change when a file does)."""
    return files.load(folder)
