"""Command-line values converted without pydantic: the same values reach the commands, a bad
one is one clear line naming the option, and what is not plain is left to typer."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pytest
import typer
from typer.testing import CliRunner

from dunner.cli import _coerce
from tests.conftest import Cli


@pytest.mark.parametrize(("args", "said"), [
    (("plan", "--days", "0"), "Invalid value for '--days': 0 is less than 1; use 1 or more."),
    (("plan", "--days", "400"), "Invalid value for '--days': 400 is more than 366; use 366 or less."),
    (("plan", "--days", "x"), "Invalid value for '--days': 'x' is not a whole number."),
    (("instalments", "恒通", "--count", "121"),
     "Invalid value for '--count': 121 is more than 120; use 120 or less."),
])
def test_a_bad_number_is_one_line_naming_the_option(cli: Cli, args: tuple[str, ...], said: str) -> None:
    done = cli(*args)
    assert done.exit_code == 2
    assert said in done.stderr
    assert "Traceback" not in done.stderr


def test_good_values_reach_the_command(tmp_path: Path) -> None:
    seen: dict[str, object] = {}
    app = typer.Typer()

    @app.command()
    def run(path: Path, days: Annotated[int | None, typer.Option(min=1, max=9)] = None,
            name: str = "x", flag: Annotated[bool, typer.Option("--flag/--no-flag")] = False,
            maps: Annotated[list[str] | None, typer.Option("--map")] = None,
            out: Annotated[Path | None, typer.Option()] = None) -> None:
        seen.update(path=path, days=days, name=name, flag=flag, maps=maps, out=out)

    _coerce.install()
    from typer import core

    assert getattr(core.build_runtime_param, "_dunner_plain", False)
    done = CliRunner().invoke(app, [str(tmp_path / "a.xlsx"), "--days", " 7", "--name", "甲",
                                    "--flag", "--map", "a=b", "--map", "c=d"])
    assert done.exit_code == 0, done.output
    assert seen == {"path": tmp_path / "a.xlsx", "days": 7, "name": "甲", "flag": True,
                    "maps": ["a=b", "c=d"], "out": None}


def test_only_plain_annotations_are_taken() -> None:
    assert _coerce._plain(str) is str
    assert _coerce._plain(int | None) is int
    assert _coerce._plain(Path | None) is Path
    assert _coerce._plain(bool) is bool
    assert _coerce._plain(float) is None  # typer's own conversion
    assert _coerce._plain(str | int) is None
    assert _coerce._plain(list[str]) is None


def test_a_flag_from_text() -> None:
    class Info:
        min = max = None

    assert _coerce._flag("Yes", None, None, ValueError) is True
    assert _coerce._flag(" off ", None, None, ValueError) is False
    with pytest.raises(TypeError):  # ValueError takes no ctx/param: the error type is typer's
        _coerce._flag("maybe", None, None, ValueError)
    assert _coerce._whole("12", Info(), None, None, ValueError) == 12


def test_nothing_is_installed_on_a_typer_without_the_expected_hook(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from typer import core

    monkeypatch.delattr(core, "build_runtime_param")
    _coerce.install()  # no error, and nothing put in its place
    assert not hasattr(core, "build_runtime_param")
