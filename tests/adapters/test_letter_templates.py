"""Letter templates: the shipped ones load in both languages; a broken replacement is refused
naming its file and what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from dunner.adapters.letter_docx import LEVELS, PLACEHOLDERS, load_template
from dunner.errors import DunnerError


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_shipped_templates_load_and_fill(level: int, lang: str) -> None:
    template = load_template(level, lang)
    assert template.source == f"dunner/templates/letters/level{level}.toml"
    filled = template.fill(dict.fromkeys(PLACEHOLDERS, "X"))
    assert filled.title and filled.body and "{" not in " ".join(filled.body + filled.after_table)


def test_the_shipped_level_2_and_3_name_the_deadline_and_3_the_limitation() -> None:
    for lang in ("zh", "en"):
        assert any("{deadline}" in p for p in load_template(2, lang).body)
        assert any("{limitation}" in p for p in load_template(3, lang).after_table)


def _refused(tmp_path: Path, text: str) -> str:
    (tmp_path / "level1.toml").write_text(text, encoding="utf-8")
    with pytest.raises(DunnerError) as caught:
        load_template(1, "en", tmp_path)
    assert str(tmp_path / "level1.toml") in caught.value.message
    return caught.value.message


GOOD = 'title = "T"\ngreeting = "G"\nbody = ["B"]\nafter_table = []\nclosing = []\n'


def test_a_replacement_is_used(tmp_path: Path) -> None:
    (tmp_path / "level1.toml").write_text("[en]\n" + GOOD, encoding="utf-8")
    assert load_template(1, "en", tmp_path).title == "T"


@pytest.mark.parametrize(("text", "says"), [
    ("[en]\n" + GOOD.replace('"B"', '"{amount}"'), "unknown placeholder {amount}"),
    ("[en]\n" + GOOD.replace('"B"', '"{}"'), "unknown placeholder {}"),
    ("[en]\n" + GOOD.replace('"B"', '"a { b"'), "lone brace"),
    ("[en]\n" + GOOD.replace('greeting = "G"\n', ""), "lacks en.greeting"),
    ("[en]\n" + GOOD + 'footer = "F"\n', "unknown entry en.footer"),
    ("[zh]\n" + GOOD, "lacks en"),
    ("[en\n", "cannot read"),
    # a language not asked for is checked too
    ("[en]\n" + GOOD + "[zh]\n" + GOOD.replace('"B"', '"{x}"'), "unknown placeholder {x}"),
])
def test_a_broken_replacement_is_refused(tmp_path: Path, text: str, says: str) -> None:
    assert says in _refused(tmp_path, text)
