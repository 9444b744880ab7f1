"""Every command has help text with an example, and --help is fast to produce."""

from __future__ import annotations

from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from dunner.cli.app import app


def _commands() -> list[tuple[str, Any]]:
    root = typer.main.get_command(app)
    out: list[tuple[str, Any]] = []

    def walk(prefix: str, cmd: Any) -> None:
        out.append((prefix, cmd))
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(f"{prefix} {name}".strip(), sub)

    walk("", root)
    return out


@pytest.mark.parametrize(("name", "command"), _commands(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_command_has_help_with_an_example(name: str, command: Any) -> None:
    assert command.help, f"{name or 'dunner'} has no help text"
    assert "Example: dunner" in command.help


@pytest.mark.parametrize(("name", "command"), _commands(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_help_page_renders(name: str, command: Any) -> None:
    result = CliRunner().invoke(app, [*name.split(), "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
