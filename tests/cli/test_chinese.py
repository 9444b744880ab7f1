"""``--lang zh`` says everything in Chinese: every command's output is scanned for English words
left outside names, ids, file names and units; a mistyped short name finds the real one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dunner.i18n import t
from tests.cli.five_customers import ok
from tests.cli.small_ledger import HENGTONG, XINDA, write_book
from tests.conftest import Cli

ENGLISH = re.compile(r"[A-Za-z]{3,}")
# what may stay in Latin letters: invoice numbers, action ids (hex), dates and times, flags
# (--db), config sections ([calendar]) and variables (DUNNER_DB), paths and file names, and the
# words Chinese writes so (EMS), and a command line to type (dunner customer edit)
KEPT = re.compile(r"\b[A-Z]-\d+\b|\b[0-9a-f]{8}\b|\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?|--[a-z-]+"
                  r"|\[[a-z_.]+\]|\b[A-Z][A-Z_]+\b|\S*/\S*|\S+\.(xlsx|db|toml|csv|ics)\b"
                  r"|\bdunner(?: [a-z]+)*(?: '[^']*')?(?: [a-z]+)*")  # a command to type stays as typed


def english(text: str, *names: str) -> list[str]:
    for name in names:
        text = text.replace(name, "")
    return ENGLISH.findall(KEPT.sub("", text))


def _paid(path: Path, paid: float) -> Path:
    """The small workbook with a paid column (H-1 paid ``paid``) and H-1's amount changed."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book.active
    assert sheet is not None
    sheet["G1"] = "已收金额"
    sheet["G2"] = paid
    if paid:
        sheet["E2"] = 9000.5
    book.save(path)
    return path


def test_every_command_speaks_chinese(cli: Cli, tmp_path: Path) -> None:
    book = write_book(tmp_path / "book.xlsx")
    outputs: list[tuple[str, str]] = []

    def run(*args: str) -> None:
        result = cli(*args, lang="zh")
        assert result.exit_code == 0, (args, result.stdout, result.stderr)
        outputs.append((" ".join(args), result.stdout + result.stderr))

    run("import", str(_paid(book, 0)))
    run("import", str(_paid(book, 2000)))  # an updated re-import: amount and paid changed
    run("customer", "edit", "鑫达", "--terms", "月结25日", "--status", "closed")
    run("customer", "edit", "鑫达", "--status", "active")
    run("pay", "恒通", "1000")
    run("log", "恒通", "call", "--outcome", "no_answer")
    run("log", "恒通", "wechat", "--outcome", "promised", "--excuse", "installments")
    run("promise", "恒通", "500", "2026-11-30")
    run("ack", "恒通", "8000.50")
    run("signal", "恒通", "key_person_change")
    for command in (("status",), ("grade",), ("grade", "恒通", "--explain"), ("plan", "--week"),
                    ("customer", "list"), ("customer", "show", "恒通"), ("customer", "show", "鑫达"),
                    ("report", "aging"), ("report", "aging", "--by", "owner"), ("remind",)):
        run(*command)
    assert "变更" in outputs[1][1]  # the re-import printed its change lines
    found = [(command, english(text, HENGTONG, XINDA)) for command, text in outputs]
    assert [(command, words) for command, words in found if words] == []


def test_config_show_sources_in_chinese(cli: Cli) -> None:
    rows = [line.split() for line in cli("config", "show", lang="zh").stdout.splitlines()[1:]]
    sources = {row[-1] for row in rows if len(row) > 2}  # keys and values are identifiers
    assert "默认" in sources and "default" not in sources


@pytest.mark.parametrize(("code", "words"), [
    ("cash", "现款现货"), ("batch", "送二结一"), ("monthly:25", "月结25日"),
    ("month-end:30", "月结30天"), ("net:60", "账期60天")])
def test_terms_in_chinese_on_screen_codes_in_json(cli: Cli, tmp_path: Path, code: str,
                                                  words: str) -> None:
    ok(cli, "customer", "add", HENGTONG, "--terms", code)
    assert words in cli("customer", "list", lang="zh").stdout
    assert words in cli("customer", "show", "恒通", lang="zh").stdout
    assert cli.json("customer", "list")[0]["terms"] == code
    assert code in ok(cli, "customer", "list").stdout  # English keeps the code


def test_a_short_name_with_a_typo_finds_the_name(cli: Cli) -> None:
    ok(cli, "customer", "add", "佛山恒达陶瓷有限公司")
    ok(cli, "customer", "add", "广州鑫达建材经营部")
    result = cli("customer", "show", "恒大", lang="zh")
    assert result.exit_code == 1
    assert t("word.hint") in result.stderr or "提示" in result.stderr
    assert "佛山恒达陶瓷有限公司" in result.stderr


@pytest.mark.parametrize(("code", "words"), [("active", "正常"), ("closed", "已关闭"),
                                             ("bankrupt", "已破产")])
def test_customer_status_in_chinese_on_screen_code_in_json(cli: Cli, code: str, words: str) -> None:
    ok(cli, "customer", "add", HENGTONG)
    ok(cli, "customer", "edit", "恒通", "--status", code)
    assert cli("customer", "list", lang="zh").stdout.splitlines()[1].endswith(words)
    assert words in cli("customer", "show", "恒通", lang="zh").stdout
    assert cli.json("customer", "list")[0]["status"] == code
