"""The packaged message templates (both languages, every step, never a threat) and the
overrides from the config folder, checked when they are read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dunner.adapters.message_templates import load, override_path, packaged
from dunner.domain.messages import STEP_KINDS, TEMPLATE_IDS, Situation, compose, placeholders
from dunner.domain.vocab import Channel, Purpose
from dunner.errors import DunnerError, InputRejected

ZH, EN = packaged("zh"), packaged("en")
THREATS_ZH = ("黑名单", "曝光", "起诉", "上门", "后果自负", "走着瞧", "否则", "警告", "律师", "法院",
              "报警", "公安", "征信", "讨债", "最后通牒", "别怪")
THREATS_EN = ("threat", "expose", "blacklist", "sue", "court", "lawyer", "police", "or else",
              "warn", "shame", "debt collector", "last chance", "consequences", "credit record")


def _all(templates: dict[str, tuple[str, ...]], kind: str) -> list[str]:
    return [text for tid, texts in templates.items() if tid.startswith(kind + ".")
            for text in texts]


def test_every_template_in_both_languages() -> None:
    assert set(ZH) == set(EN) == TEMPLATE_IDS


@pytest.mark.parametrize("template", sorted(TEMPLATE_IDS))
def test_both_languages_use_the_same_placeholders(template: str) -> None:
    def names(texts: tuple[str, ...]) -> set[str]:
        return {n for text in texts for n in placeholders(text)}

    assert names(ZH[template]) == names(EN[template])
    assert all(t.startswith("{greeting}") for t in ZH[template] + EN[template])


@pytest.mark.parametrize("template", sorted(TEMPLATE_IDS))
def test_several_different_texts_per_template(template: str) -> None:
    for texts in (ZH[template], EN[template]):
        assert len(set(texts)) == len(texts) >= 2
    if template.split(".")[0] in STEP_KINDS and template.endswith(".message"):
        assert len(ZH[template]) >= 3 and len(EN[template]) >= 3


def test_never_a_threat() -> None:
    for text in (t for texts in ZH.values() for t in texts):
        assert not [w for w in THREATS_ZH if w in text], text
    for text in (t for texts in EN.values() for t in texts):
        assert not [w for w in THREATS_EN if re.search(rf"\b{w}", text, re.I)], text


def test_steps_escalate() -> None:
    assert all("{days}" in t for t in _all(ZH, "first") + _all(EN, "first"))
    assert all("付款日期" in t or "哪天" in t or "日期" in t for t in _all(ZH, "second"))
    assert all("date" in t or "day" in t for t in _all(EN, "second"))
    # the firm step names what the contract allows, courteously
    assert all("发货" in t for t in _all(ZH, "firm"))
    assert all("deliver" in t or "supply" in t or "order" in t for t in _all(EN, "firm"))
    assert all("请" in t or "麻烦" in t or "您" in t for t in _all(ZH, "firm"))
    assert all("{promised}" in t or "{promised_on}" in t for t in _all(ZH, "broken_promise"))
    assert all("{promised_on}" in t for t in _all(EN, "broken_promise"))
    assert all("函" in t for t in _all(ZH, "before_letter"))
    assert all("letter" in t or "notice" in t for t in _all(EN, "before_letter"))


def test_excuse_texts() -> None:
    assert all("分期" in t for t in _all(ZH, "excuse.no_cash"))
    assert all("instalment" in t for t in _all(EN, "excuse.no_cash"))
    assert all("{pay_day}" in t for t in _all(ZH, "excuse.not_pay_day") + _all(EN, "excuse.not_pay_day"))
    assert all("先付" in t for t in _all(ZH, "excuse.unsold_goods"))
    assert all("part of" in t for t in _all(EN, "excuse.unsold_goods"))
    assert all("签收单" in t or "照片" in t for t in _all(ZH, "excuse.quality"))
    assert all("哪天" in t for t in _all(ZH, "excuse.boss_absent"))


def test_thanks_and_instalments() -> None:
    assert all("谢" in t and "{month}" in t for t in _all(ZH, "thanks"))
    assert all("thank" in t.lower() for t in _all(EN, "thanks"))
    for kind in ("instalment_reminder", "instalment_followup"):
        for t in _all(ZH, kind) + _all(EN, kind):
            assert {"{instalment}", "{instalments}", "{amount}", "{due}"} <= set(
                re.findall(r"\{\w+\}", t)), t


def test_composed_chinese_message_reads_whole() -> None:
    text = compose(ZH, "zh", Channel.WECHAT, Situation(1, contacts_so_far=0, person="王经理"),
                   {"customer": "杭州恒通五金有限公司", "owner": "张三", "invoices": "A-1",
                    "amount": "¥1,000.00", "days": 12})
    assert text is not None and text.startswith("王经理，您好") and "张三" in text
    assert "A-1" in text and "¥1,000.00" in text and "12" in text and "—" not in text
    text = compose(EN, "en", Channel.CALL, Situation(1, purpose=Purpose.PROMISE_FOLLOWUP),
                   {"customer": "Hengtong", "owner": "Zhang", "amount": "¥500.00",
                    "due": "2026-11-20", "invoices": "A-1"})
    assert text is not None and "¥500.00" in text and "2026-11-20" in text


def test_without_overrides_the_packaged_ones(tmp_path: Path) -> None:
    assert load(tmp_path) == {"en": EN, "zh": ZH}
    assert load(None) == {"en": EN, "zh": ZH}


def _write(folder: Path, lang: str, text: str) -> Path:
    path = override_path(folder, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_an_override_replaces_template_by_template(tmp_path: Path) -> None:
    path = _write(tmp_path, "zh", '[firm]\nmessage = ["{greeting}，甲 {amount}", "{greeting}，乙"]\n'
                                  '[excuse.no_cash]\ncall = "{greeting}，可以分期"\n')
    assert path == tmp_path / "templates" / "messages" / "zh.toml"
    got = load(tmp_path)
    assert got["zh"]["firm.message"] == ("{greeting}，甲 {amount}", "{greeting}，乙")
    assert got["zh"]["excuse.no_cash.call"] == ("{greeting}，可以分期",)
    assert got["zh"]["firm.call"] == ZH["firm.call"]  # the rest stays dunner's own
    assert got["en"] == EN


def test_an_unknown_placeholder_names_the_file_the_template_and_the_placeholder(
        tmp_path: Path) -> None:
    path = _write(tmp_path, "en", '[second]\nmessage = ["{greeting} {amout}", "{greeting}"]\n')
    with pytest.raises(DunnerError) as err:
        load(tmp_path)
    assert err.value.code == "config_invalid"
    assert err.value.message == (f"{path}: template second.message uses {{amout}}, which is not "
                                 "a placeholder dunner knows")
    assert err.value.hint.startswith("use one of: greeting, customer, owner, invoices, amount")


@pytest.mark.parametrize(("text", "message"), [
    ('[frist]\nmessage = ["a", "b"]\n', "frist.message is not a message template dunner knows"),
    ('[firm]\nmessage = ["{greeting} one"]\n', "template firm.message needs at least two different texts"),
    ('[thanks]\nmessage = ["{month"]\n', "template thanks.message has a brace without its pair"),
    ('[thanks]\nmessage = 3\n', "template thanks.message must be a text or a list of texts"),
    ('[thanks]\nmessage = []\n', "template thanks.message must be a text or a list of texts"),
])
def test_other_template_errors(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, "zh", text)
    with pytest.raises(DunnerError) as err:
        load(tmp_path)
    assert err.value.message == f"{path}: {message}"
    assert err.value.hint


def test_several_problems_are_listed_together(tmp_path: Path) -> None:
    path = _write(tmp_path, "zh", '[first]\nmessage = ["{x}", "{y}"]\ncall = ["{greeting}"]\n')
    with pytest.raises(InputRejected) as err:
        load(tmp_path)
    assert err.value.message == f"{path}: 3 message templates are not valid"
    assert [(p.source, p.code) for p in err.value.problems] == [
        (str(path), "template_placeholder"), (str(path), "template_placeholder"),
        (str(path), "template_variants")]


def test_bad_toml_is_one_config_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "zh", "[first\n")
    with pytest.raises(DunnerError) as err:
        load(tmp_path)
    assert err.value.message.startswith(f"cannot read config file {path}:")
