"""``dunner letter``: the .docx opened again with python-docx — invoices, total, deadline,
limitation date, polite wording — templates replaced from the config folder, and the letter
logged with evidence restarting the limitation period."""

from __future__ import annotations

import os
import stat
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests.cli.documents_ledger import company_config, enter
from tests.cli.five_customers import ok
from tests.conftest import Cli

THREATS = ("黑名单", "曝光", "上门讨债", "后果自负", "走着瞧", "威胁", "家人", "公开", "媒体",
           "threat", "blacklist", "expose", "shame", "public", "family", "consequences will")


@pytest.fixture
def book(cli: Cli) -> Cli:
    return enter(cli)


def run(cli: Cli, config: Path | None, *args: str, lang: str = "en"):
    from dunner.cli.app import app

    argv = ["--db", str(cli.db), "--today", cli.today.isoformat(), "--lang", lang,
            *(["--config", str(config)] if config else []), *args]
    return cli.runner.invoke(app, argv, catch_exceptions=False)


def text_of(path: Path) -> str:
    from docx import Document

    doc = Document(str(path))
    cells = [c.text for table in doc.tables for row in table.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


@pytest.mark.parametrize("level", [1, 2, 3])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_level_names_the_overdue_invoices_and_the_total_politely(
        book: Cli, tmp_path: Path, level: int, lang: str) -> None:
    out = tmp_path / f"l{level}.docx"
    result = run(book, company_config(tmp_path), "letter", "恒通", "--level", str(level),
                 "--out", str(out), lang=lang)
    assert result.exit_code == 0, result.stderr
    text = text_of(out)
    assert "H-1" in text and "-2+3" in text  # both overdue
    assert "H-3" not in text  # due 12-01: not overdue yet
    assert "¥1,300.51" in text  # the total of the overdue invoices
    assert "1202000000000000000" in text and "中国工商银行杭州文三路支行" in text
    lowered = text.lower()
    assert [w for w in THREATS if w in lowered] == []
    assert ("催款函" in text or "付款" in text) if lang == "zh" else ("Dear" in text)


def test_level_2_sets_its_deadline_on_a_working_day(cli: Cli, tmp_path: Path) -> None:
    from dunner.domain.calendar import china_calendar

    book = enter(Cli(cli.db, date(2026, 9, 24)))  # + 7 days = 10-01, the National Day holiday
    out = tmp_path / "l2.docx"
    result = run(book, company_config(tmp_path), "letter", "恒通", "--level", "2", "--out",
                 str(out), "--json")
    deadline = date.fromisoformat(__import__("json").loads(result.stdout)["deadline"])
    assert deadline == date(2026, 10, 8)
    assert china_calendar().is_working_day(deadline)
    assert "8 October 2026" in text_of(out)


def test_level_3_names_the_limitation_date_and_the_lawful_route(book: Cli, tmp_path: Path) -> None:
    out = tmp_path / "l3.docx"
    result = run(book, company_config(tmp_path), "letter", "恒通", "--level", "3", "--out",
                 str(out), "--json")
    doc = __import__("json").loads(result.stdout)
    grade = book.json("grade", "恒通")[0]
    assert doc["limitation_expires"] == "2029-09-05"  # the payment of 09-05 restarted H-1
    assert doc["limitation_expires"] == min(i["limitation_expires"] for i in grade["invoices"]
                                            if i["days_overdue"] > 0)
    text = text_of(out)
    assert "5 September 2029" in text
    for route in ("lawyer's letter", "payment order", "lawsuit"):
        assert route in text
    zh = tmp_path / "l3zh.docx"
    assert run(book, company_config(tmp_path), "letter", "恒通", "--level", "3", "--out", str(zh),
               lang="zh").exit_code == 0
    zh_text = text_of(zh)
    assert "2029年9月5日" in zh_text and "支付令" in zh_text and "律师函" in zh_text


def test_lang_option_gives_the_english_letter(book: Cli, tmp_path: Path) -> None:
    out = tmp_path / "en.docx"
    result = run(book, company_config(tmp_path), "letter", "恒通", "--level", "1", "--out",
                 str(out), "--lang", "en", lang="zh")
    assert result.exit_code == 0, result.stderr
    assert "Payment reminder" in text_of(out)
    assert "已写入" in result.stdout  # the run itself still speaks Chinese


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_the_letter_is_0600_and_marks_missing_company_fields(book: Cli, tmp_path: Path) -> None:
    out = tmp_path / "l.docx"
    result = ok(book, "letter", "恒通", "--level", "1", "--out", str(out))
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert "company.bank" in result.stderr and "company.account" in result.stderr
    assert "[not set: company.bank in config.toml]" in text_of(out)


def test_a_template_in_the_config_folder_replaces_the_built_in_one(book: Cli,
                                                                   tmp_path: Path) -> None:
    (tmp_path / "templates" / "letters").mkdir(parents=True)
    (tmp_path / "templates" / "letters" / "level1.toml").write_text(
        '[en]\ntitle = "Our own reminder"\ngreeting = "Hello {customer},"\n'
        'body = ["{count} invoices, {total}."]\nafter_table = []\nclosing = ["Regards,"]\n',
        encoding="utf-8")
    out = tmp_path / "own.docx"
    assert run(book, company_config(tmp_path), "letter", "恒通", "--out", str(out)).exit_code == 0
    text = text_of(out)
    assert "Our own reminder" in text and "2 invoices, ¥1,300.51." in text


def test_an_unknown_placeholder_is_a_clear_error_naming_the_file(book: Cli, tmp_path: Path) -> None:
    (tmp_path / "templates" / "letters").mkdir(parents=True)
    template = tmp_path / "templates" / "letters" / "level2.toml"
    template.write_text('[en]\ntitle = "T"\ngreeting = "Dear {customer},"\n'
                        'body = ["Pay by {due_date}."]\nafter_table = []\nclosing = []\n',
                        encoding="utf-8")
    out = tmp_path / "bad.docx"
    result = run(book, company_config(tmp_path), "letter", "恒通", "--level", "2", "--out",
                 str(out))
    assert result.exit_code == 1
    first = result.stderr.splitlines()[0]
    assert first == f"error: the letter template {template} uses an unknown placeholder {{due_date}}"
    assert "customer, company" in result.stderr
    assert not out.exists()


@pytest.mark.parametrize(("args", "code", "start"), [
    (("letter", "恒通", "--level", "4", "--out", "x.docx"), 2, "error: --level 4 is not a letter level"),
    (("letter", "恒通", "--out", "x.pdf"), 2, "error: x.pdf should be a .docx file"),
    (("letter", "恒通"), 2, "error: say where to write it"),
    (("letter", "已结清", "--out", "x.docx"), 1, "error: 苏州已结清贸易公司 has no overdue"),
    (("letter", "恒通", "--out", "x.docx", "--lang", "fr"), 2, "error: --lang fr is not a letter"),
])
def test_bad_input(book: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                   args: tuple[str, ...], code: int, start: str) -> None:
    monkeypatch.chdir(tmp_path)
    result = book(*args)
    assert result.exit_code == code
    assert result.stderr.startswith(start)
    assert list(tmp_path.glob("x.*")) == []


def test_a_letter_logged_with_evidence_restarts_the_limitation_period(book: Cli) -> None:
    def expiry(cli: Cli) -> set[str]:
        return {i["limitation_expires"] for i in cli.json("grade", "鑫达")[0]["invoices"]}

    assert expiry(book) == {"2029-07-02"}  # X-1 due 2026-07-01, nothing since (a Sunday)
    ok(book, "log", "鑫达", "letter", "--at", "2026-11-20 10:00")
    assert expiry(book) == {"2029-07-02"}  # no proof of delivery: no restart
    ok(book, "log", "鑫达", "letter", "--evidence", "--at", "2026-11-21 10:00")
    assert expiry(book) == {"2029-11-21"}


def test_levels_2_and_3_show_the_interest_apart_from_the_total(book: Cli, tmp_path: Path) -> None:
    interest = book.json("interest", "恒通")["total"]
    amount = f"¥{Decimal(interest):,.2f}"
    for level, shown in ((1, False), (2, True), (3, True)):
        out = tmp_path / f"l{level}.docx"
        ok(book, "letter", "恒通", "--level", str(level), "--out", str(out))
        text = text_of(out)
        assert (f"not included in the total above: {amount}" in text) is shown
        assert "¥1,300.51" in text
