"""Record-keeping commands through the CLI: exit codes, exact error lines, JSON shapes."""

from __future__ import annotations

import json
import os
import stat

import pytest


@pytest.fixture
def ledger(cli):
    """Two customers with three invoices, added through the commands a clerk would use."""
    assert cli("customer", "add", "杭州恒通五金有限公司", "--owner", "张三", "--terms", "月结25日",
               "--credit-limit", "50000", "--pay-days", "10,25",
               "--person", "王经理,payer,13800001234").exit_code == 0
    assert cli("customer", "add", "广州鑫达建材经营部", "--owner", "李四").exit_code == 0
    from dunner.ledger import repo
    from dunner.ledger.db import open_ledger

    ledger = open_ledger(str(cli.db))
    with ledger.write() as conn:
        ids = {r["name"]: r["id"] for r in repo.customer_rows(conn)}
        cid = ids["杭州恒通五金有限公司"]
        for number, issued, amount in (("A-1", "2026-08-01", 100_000), ("A-2", "2026-09-01", 50_050),
                                       ("A-3", "2026-10-01", 20_000)):
            repo.insert_one(conn, repo.INVOICE, {"customer_id": cid, "number": number,
                                                 "issued": _d(issued), "amount": amount})
    ledger.close()
    return cli


def _d(text: str):
    from datetime import date

    return date.fromisoformat(text)


def test_customer_list_json_shape(ledger) -> None:
    rows = ledger.json("customer", "list")
    first = next(r for r in rows if r["customer"] == "杭州恒通五金有限公司")
    assert first["open"] == "1700.50"
    # monthly:25 → A-1 due 2026-09-25 and A-2 due 2026-10-25 are overdue on 2026-11-23; A-3 not yet
    assert first["overdue"] == "1500.50"
    assert first["terms"] == "monthly:25"
    assert first["credit_limit"] == "50000.00"


def test_pay_allocates_oldest_first_and_keeps_credit(ledger) -> None:
    out = ledger.json("pay", "恒通", "1800", "--date", "2026-11-20", "--ref", "转账0031")
    assert out["customer"] == "杭州恒通五金有限公司"
    assert out["allocated"] == [{"invoice": "A-1", "amount": "1000.00"},
                                {"invoice": "A-2", "amount": "500.50"},
                                {"invoice": "A-3", "amount": "200.00"}]
    assert out["credit"] == "99.50"
    assert out["open"] == "0.00"


def test_pay_named_invoice_first(ledger) -> None:
    out = ledger.json("pay", "恒通", "200", "--invoice", "A-3")
    assert out["allocated"] == [{"invoice": "A-3", "amount": "200.00"}]


def test_unknown_customer_suggests_close_names(ledger) -> None:
    result = ledger("pay", "杭州恒通五金有线公司", "100")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: no customer named '杭州恒通五金有线公司'",
        "hint: did you mean: 杭州恒通五金有限公司",
    ]
    assert result.stdout == ""


def test_ambiguous_part_lists_candidates(ledger) -> None:
    assert ledger("customer", "add", "杭州恒通物流有限公司").exit_code == 0
    result = ledger("log", "恒通", "call")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "error: '恒通' matches more than one customer",
        "hint: did you mean: 杭州恒通五金有限公司、杭州恒通物流有限公司",
    ]


@pytest.mark.parametrize(("args", "message"), [
    (("pay", "恒通", "12.345"), "error: '12.345' is not an amount"),
    (("pay", "恒通", "0"), "error: the amount '0' must be greater than zero"),
    (("pay", "恒通", "abc"), "error: 'abc' is not an amount"),
    (("pay", "恒通", "100", "--date", "2026-02-30"), "error: --date '2026-02-30' is not a date"),
    (("pay", "恒通", "100", "--invoice", "Z-9"), "error: 杭州恒通五金有限公司 has no invoice 'Z-9'"),
    (("log", "恒通", "fax"), "error: channel 'fax' is not one dunner knows"),
    (("log", "恒通", "call", "--outcome", "happy"), "error: outcome 'happy' is not one dunner knows"),
    (("promise", "恒通", "5000", "2026-11-01"), "error: the promised date 2026-11-01 is already past"),
    (("signal", "恒通", "rumour"), "error: kind 'rumour' is not one dunner knows"),
    (("customer", "edit", "恒通", "--terms", "whenever"),
     "error: 'whenever' are not payment terms dunner knows"),
    (("customer", "edit", "恒通", "--status", "sleeping"),
     "error: status 'sleeping' is not one dunner knows"),
    (("customer", "add", "杭州恒通五金有限公司"), "error: customer '杭州恒通五金有限公司' already exists"),
])
def test_bad_input_gets_one_clear_line_and_a_hint(ledger, args, message) -> None:
    result = ledger(*args)
    assert result.exit_code in (1, 2)
    lines = result.stderr.splitlines()
    assert lines[0] == message
    assert lines[1].startswith("hint: ")
    assert "Traceback" not in result.stderr


def test_json_error_shape(ledger) -> None:
    result = ledger("customer", "show", "nobody", "--json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    assert doc["error"]["code"] == "unknown_customer"
    assert doc["error"]["message"] == "no customer named 'nobody'"
    assert result.stderr == ""


def test_log_promise_ack_signal_show_in_history(ledger) -> None:
    assert ledger("log", "恒通", "call", "--outcome", "promised", "--excuse", "no_cash",
                  "--note", "月底前付一半", "--at", "2026-11-20 15:30", "--evidence").exit_code == 0
    assert ledger("promise", "恒通", "5000", "2026-11-30").exit_code == 0
    assert ledger("ack", "恒通", "1700.50", "--date", "2026-11-15").exit_code == 0
    assert ledger("signal", "恒通", "key_person_change", "--note", "财务经理离职").exit_code == 0
    doc = ledger.json("customer", "show", "恒通")
    assert doc["contacts"][0]["channel"] == "call"
    assert doc["contacts"][0]["at"] == "2026-11-20 15:30"
    assert doc["contacts"][0]["evidence"] is True
    assert doc["contacts"][0]["who"] == "张三"
    assert doc["promises"][0]["amount"] == "5000.00"
    assert doc["promises"][0]["due_on"] == "2026-11-30"
    assert doc["promises"][0]["made_on"] == "2026-11-23"
    assert doc["acknowledgements"][0]["balance"] == "1700.50"
    assert doc["signals"][0]["kind"] == "key_person_change"
    assert doc["people"] == [{"name": "王经理", "role": "payer", "phone": "13800001234", "wechat": ""}]
    assert [i["number"] for i in doc["invoices"]] == ["A-1", "A-2", "A-3"]
    assert doc["invoices"][0]["days_overdue"] == 59


def test_customer_edit_preferences_and_people(ledger) -> None:
    result = ledger("customer", "edit", "恒通", "--no-monday", "--do-not-contact",
                    "--pause-until", "2026-12-01", "--status", "closed", "--debt-ratio", "65",
                    "--registered-capital", "¥1,000,000", "--add-person", "李会计,finance,13900002222",
                    "--remove-person", "王经理")
    assert result.exit_code == 0, result.stderr
    c = ledger.json("customer", "show", "恒通")
    assert c["customer"]["no_monday"] is True
    assert c["customer"]["do_not_contact"] is True
    assert c["customer"]["paused_until"] == "2026-12-01"
    assert c["customer"]["status"] == "closed"
    assert c["customer"]["debt_ratio"] == 65
    assert c["customer"]["registered_capital"] == "1000000.00"
    assert [p["name"] for p in c["people"]] == ["李会计"]
    assert ledger("customer", "edit", "恒通", "--pause-until", "none").exit_code == 0
    assert ledger.json("customer", "show", "恒通")["customer"]["paused_until"] is None


def test_chinese_messages(ledger) -> None:
    result = ledger("pay", "不存在的公司", "100", lang="zh")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "错误: 没有名为 '不存在的公司' 的客户"


@pytest.mark.sqlite_only("the database file's mode")
def test_database_file_is_private(ledger) -> None:
    mode = stat.S_IMODE(os.stat(ledger.db).st_mode)
    assert mode == 0o600


def test_config_show_and_path(cli, tmp_path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text('timezone = "Asia/Shanghai"\n[terms]\ndefault = "monthly:10"\n'
                   '[notify.email]\npassword = "s3cret"\n', encoding="utf-8")
    result = cli("config", "show", "--json", env={"DUNNER_CONFIG": str(cfg)})
    assert result.exit_code == 0, result.stderr
    settings = {s["key"]: s for s in json.loads(result.stdout)["settings"]}
    assert settings["terms.default"] == {"key": "terms.default", "value": "monthly:10", "source": str(cfg)}
    assert settings["terms.batch_fallback_days"]["source"] == "default"
    assert settings["notify.email.password"]["value"] == "***"
    assert "s3cret" not in result.stdout
    path = cli("config", "path", env={"DUNNER_CONFIG": str(cfg)})
    assert path.stdout.strip() == str(cfg)


def test_bad_today_is_a_usage_error(cli) -> None:
    from typer.testing import CliRunner

    from dunner.cli.app import app

    result = CliRunner().invoke(app, ["--db", str(cli.db), "--today", "tomorrow", "customer", "list"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == "error: --today 'tomorrow' is not a date"


def test_dunner_today_env_is_honoured(cli) -> None:
    from typer.testing import CliRunner

    from dunner.cli.app import app

    cli("customer", "add", "甲公司")
    result = CliRunner().invoke(app, ["--db", str(cli.db), "promise", "甲公司", "10", "2026-01-02"],
                                env={"DUNNER_TODAY": "2026-01-01"})
    assert result.exit_code == 0, result.stderr
