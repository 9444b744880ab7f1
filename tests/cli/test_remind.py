"""``dunner remind`` end to end against real servers on loopback: one mail per owner with the day's
actions and calendar, once a day, never on a rest day, failures retried by the next run, the
catch-up of a missed day, group robots, and no secret in any output."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from dunner.adapters.notify.retry import Retry
from tests.cli.small_ledger import HENGTONG, XINDA, write_book
from tests.conftest import Cli, known_since
from tests.notify_servers import HOST, Inbox, free_port, robot_server, smtp_server

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")

ZS, LS, BOSS = "zs@example.com", "ls@example.com", "boss@example.com"
PASSWORD = "smtp-Pass-Word-0815"
HOOK_SECRET = "SECfeedface0123456789abcdef"
HOLIDAY = date(2026, 10, 1)  # National Day
MAKEUP_SATURDAY = date(2026, 10, 10)  # 调休: a working Saturday in the chinesecalendar data


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    from dunner.services import reminding

    monkeypatch.setattr(reminding, "RETRY", Retry(attempts=2, first_delay=0.01, total=10, timeout=5))


@pytest.fixture
def ledger(cli: Cli, tmp_path: Path) -> Cli:
    """The two-customer workbook, kept since August, each with a phone on file."""
    result = cli("import", str(write_book(tmp_path / "book.xlsx")))
    assert result.exit_code == 0, result.stdout + result.stderr
    known_since(cli, date(2026, 8, 1))
    for name, phone in ((HENGTONG, "0571-87654321"), (XINDA, "020-87654321")):
        assert cli("customer", "edit", name, "--phone", phone).exit_code == 0
    return cli


def write_config(tmp_path: Path, port: int, *, username: str = "", boss: bool = False,
                 webhook: str = "", kind: str = "wecom") -> dict[str, str]:
    lines = ['[owners."张三"]', f'email = "{ZS}"', '[owners."李四"]', f'email = "{LS}"',
             "[notify.email]", f'host = "{HOST}"', f"port = {port}", 'security = "none"',
             'sender = "dunner@example.com"']
    if username:
        lines.append(f'username = "{username}"')
    if webhook:
        lines += ["[notify.webhook]", f'kind = "{kind}"', f'url = "{webhook}"',
                  f'secret = "{HOOK_SECRET}"']
    if boss:
        lines[0:0] = ["[notify]", f'boss = "{BOSS}"']
    path = tmp_path / "config.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return {"DUNNER_CONFIG": str(path), "DUNNER_SMTP_PASSWORD": PASSWORD}


@pytest.fixture
def inbox(tmp_path: Path) -> Iterator[tuple[Inbox, dict[str, str]]]:
    with smtp_server() as box:
        yield box, write_config(tmp_path, box.port, boss=True)


def remind(cli: Cli, env: dict[str, str], *args: str, lang: str = "en") -> Any:
    return cli("remind", *args, env=env, lang=lang)


def plan_ids(cli: Cli, owner: str) -> list[str]:
    return [a["id"] for a in cli.json("plan", "--owner", owner)["actions"]]


def text_of(msg: EmailMessage) -> str:
    return msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]


def test_one_mail_per_owner_with_actions_ids_and_a_calendar(ledger: Cli, inbox: Any) -> None:
    from icalendar import Calendar

    box, env = inbox
    result = remind(ledger, env, "--to", "email")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert len(box.to(ZS)) == len(box.to(LS)) == len(box.to(BOSS)) == 1
    for address, owner, customer, other in ((ZS, "张三", HENGTONG, XINDA), (LS, "李四", XINDA, HENGTONG)):
        [msg] = box.to(address)
        text, html = text_of(msg), msg.get_body(("html",)).get_content()  # type: ignore[union-attr]
        ids = plan_ids(ledger, owner)
        assert ids, "the small ledger plans an action for each owner on TODAY"
        for part in (text, html):
            assert customer in part and other not in part
            assert all(i in part for i in ids)
        assert "<table" in html and text.splitlines()[1].startswith("Today ")
        [ics] = [p for p in msg.iter_attachments() if p.get_content_type() == "text/calendar"]
        events = Calendar.from_ical(ics.get_payload(decode=True)).walk("VEVENT")
        assert sorted(str(e["uid"]).split("-")[0] for e in events) == sorted(ids)
    boss = text_of(box.to(BOSS)[0])
    assert "张三" in boss and "李四" in boss
    assert "sent: e-mail for 张三 to zs@example.com" in result.stdout


def test_the_summary_line_in_chinese(ledger: Cli, inbox: Any) -> None:
    box, env = inbox
    assert remind(ledger, env, "--to", "email", "--owner", "张三", lang="zh").exit_code == 0
    [msg] = box.to(ZS)
    plan = ledger.json("plan", "--owner", "张三")["actions"]
    word = {"call": "电话", "visit": "拜访", "wechat": "微信"}[plan[0]["channel"]]
    assert len(plan) == 1 and plan[0]["amount"] == "10000.50"
    assert text_of(msg).splitlines()[1] == f"今日 1 项：{word} 1；待收 ¥10,000.50"
    assert msg["Subject"].startswith("[dunner] 张三 · 2026-11-23 周一：今日 1 项")


@pytest.mark.postgres_too
def test_sent_once_a_day_and_again_with_force(ledger: Cli, inbox: Any) -> None:
    box, env = inbox
    assert remind(ledger, env, "--to", "email").exit_code == 0
    again = remind(ledger, env, "--to", "email")
    assert again.exit_code == 0
    assert "already sent today: e-mail for 张三" in again.stdout
    assert len(box.to(ZS)) == 1
    forced = remind(ledger, env, "--to", "email", "--owner", "张三", "--force")
    assert forced.exit_code == 0 and len(box.to(ZS)) == 2 and len(box.to(LS)) == 1


def test_nothing_on_a_holiday_something_on_a_makeup_saturday(ledger: Cli, inbox: Any) -> None:
    box, env = inbox
    ledger.today = HOLIDAY
    result = remind(ledger, env, "--to", "email")
    assert result.exit_code == 0 and box.received == []
    assert result.stdout == "2026-10-01 (Thu) is not a working day in mainland China: no digest sent\n"
    ledger.today = MAKEUP_SATURDAY
    assert MAKEUP_SATURDAY.weekday() == 5
    result = remind(ledger, env, "--to", "email")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert len(box.to(ZS)) == len(box.to(LS)) == 1


def test_a_refused_connection_fails_and_the_next_run_delivers(ledger: Cli, tmp_path: Path) -> None:
    port = free_port()
    env = write_config(tmp_path, port)
    failed = remind(ledger, env, "--to", "email")
    assert failed.exit_code == 1
    [line, hint] = failed.stderr.splitlines()
    assert line.startswith("error: 2 digests not sent: e-mail for 张三 (zs@example.com) not sent: "
                           f"cannot reach {HOST}:{port}")
    assert hint.startswith("hint: nothing was recorded")
    with smtp_server(port=port) as box:
        again = remind(ledger, env, "--to", "email")
    assert again.exit_code == 0, again.stdout + again.stderr
    assert len(box.to(ZS)) == len(box.to(LS)) == 1


def test_a_refused_login_fails_and_the_next_run_delivers(ledger: Cli, tmp_path: Path) -> None:
    with smtp_server(login=("dunner@example.com", PASSWORD)) as box:
        env = write_config(tmp_path, box.port, username="dunner@example.com")
        wrong = remind(ledger, {**env, "DUNNER_SMTP_PASSWORD": "not-the-" + PASSWORD}, "--to", "email")
        assert wrong.exit_code == 1 and box.received == []
        assert "refused the login of dunner@example.com (535)" in wrong.stderr
        assert PASSWORD not in wrong.stdout + wrong.stderr
        right = remind(ledger, env, "--to", "email")
        assert right.exit_code == 0, right.stdout + right.stderr
        assert len(box.to(ZS)) == len(box.to(LS)) == 1


def test_no_password_in_the_environment_is_one_line(ledger: Cli, tmp_path: Path) -> None:
    env = write_config(tmp_path, free_port(), username="dunner@example.com")
    env["DUNNER_SMTP_PASSWORD"] = ""
    result = remind(ledger, env, "--to", "email")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == ("error: the mail server needs a password and "
                                             "DUNNER_SMTP_PASSWORD is not set")


def test_a_password_in_the_config_file_is_refused_unshown(ledger: Cli, tmp_path: Path) -> None:
    env = write_config(tmp_path, free_port())
    path = Path(env["DUNNER_CONFIG"])
    path.write_text(path.read_text() + f'password = "{PASSWORD}"\n', encoding="utf-8")
    result = remind(ledger, env, "--to", "email")
    assert result.exit_code == 1
    assert "notify.email.password" in result.stderr and "DUNNER_SMTP_PASSWORD" in result.stderr
    assert PASSWORD not in result.stdout + result.stderr


@pytest.mark.postgres_too
def test_a_missed_day_is_caught_up(ledger: Cli, inbox: Any) -> None:
    """Monday's digest is sent; a payment is recorded on Monday afternoon; Tuesday the machine is
    off; Wednesday's digest lists the payment (since Monday's digest, not merely yesterday)."""
    box, env = inbox
    assert remind(ledger, env, "--to", "email", "--owner", "张三").exit_code == 0
    assert ledger("pay", HENGTONG, "1234.56").exit_code == 0  # recorded on Monday 11-23
    ledger.today = date(2026, 11, 25)
    assert remind(ledger, env, "--to", "email", "--owner", "张三").exit_code == 0
    text = text_of(box.to(ZS)[-1])
    assert "Payments received since 2026-11-23" in text and "¥1,234.56" in text


def test_stdout_prints_the_digest_and_records_nothing(ledger: Cli, inbox: Any) -> None:
    box, env = inbox
    first = remind(ledger, env)
    assert first.exit_code == 0 and HENGTONG in first.stdout and XINDA in first.stdout
    assert remind(ledger, env, "--to", "email").exit_code == 0  # not "already sent" by stdout
    assert len(box.to(ZS)) == 1


@pytest.mark.postgres_too
def test_dry_run_sends_and_records_nothing(ledger: Cli, inbox: Any) -> None:
    box, env = inbox
    result = remind(ledger, env, "--to", "email", "--dry-run")
    assert result.exit_code == 0 and box.received == []
    assert "dry run: would send e-mail for 张三 to zs@example.com" in result.stdout
    assert remind(ledger, env, "--to", "email").exit_code == 0
    assert len(box.to(ZS)) == 1


def test_json_document(ledger: Cli, inbox: Any) -> None:
    _, env = inbox
    result = remind(ledger, env, "--to", "email", "--json")
    assert result.exit_code == 0 and result.stderr == ""
    doc = json.loads(result.stdout)
    assert doc["date"] == "2026-11-23" and doc["working_day"] is True
    states = {(d["owner"], d["state"]) for d in doc["deliveries"]}
    assert {("张三", "sent"), ("李四", "sent"), ("@boss", "sent")} <= states
    [zs] = [d for d in doc["digests"] if d["owner"] == "张三"]
    assert zs["actions"][0]["customer"] == HENGTONG and zs["actions"][0]["amount"] == "10000.50"


def test_a_team_robot_gets_each_owner_masked_and_signed(ledger: Cli, tmp_path: Path) -> None:
    assert ledger("customer", "edit", HENGTONG, "--phone", "13812341234").exit_code == 0
    with robot_server("/robot/send?access_token=TEAM-TOKEN-424242") as robot:
        env = write_config(tmp_path, free_port(), webhook=robot.url, kind="dingtalk")
        result = remind(ledger, env, "--to", "webhook")
        assert result.exit_code == 0, result.stdout + result.stderr
        again = remind(ledger, env, "--to", "webhook")
    assert len(robot.requests) == 2 and "already sent today" in again.stdout
    raw = b"".join(r.raw for r in robot.requests).decode()
    assert "13812341234" not in raw and "138****1234" in raw
    assert all(r.query["sign"] and r.query["timestamp"] for r in robot.requests)
    for output in (result.stdout, result.stderr, again.stdout, again.stderr):
        assert "TEAM-TOKEN" not in output and HOOK_SECRET not in output


def test_a_robot_error_answer_fails_the_run(ledger: Cli, tmp_path: Path) -> None:
    with robot_server("/cgi-bin/webhook/send?key=WECOM-KEY-777777") as robot:
        robot.ok = {"errcode": 93000, "errmsg": "invalid webhook url"}
        env = write_config(tmp_path, free_port(), webhook=robot.url)
        result = remind(ledger, env, "--to", "webhook", "--owner", "张三")
    assert result.exit_code == 1
    assert "answered error 93000: invalid webhook url" in result.stderr
    assert "WECOM-KEY" not in result.stdout + result.stderr


def test_secrets_never_appear_in_any_output(ledger: Cli, tmp_path: Path) -> None:
    """Every way a run can print — success, dry run, JSON, failures, config show — is grepped."""
    port = free_port()
    url = "http://127.0.0.1:9/cgi-bin/webhook/send?key=HOOK-KEY-SECRET-31337"
    env = write_config(tmp_path, port, username="dunner@example.com", webhook=url)
    outputs = [remind(ledger, env, *args) for args in (
        ("--to", "email"), ("--to", "webhook"), ("--to", "email", "--dry-run"),
        ("--to", "webhook", "--json"), ("--to", "email", "--json"), ())]
    outputs.append(ledger("config", "show", env=env))
    with smtp_server(port=port, login=("dunner@example.com", PASSWORD)):
        outputs.append(remind(ledger, env, "--to", "email"))
    text = "".join(o.stdout + o.stderr for o in outputs)
    assert "HOOK-KEY-SECRET" not in text and PASSWORD not in text and HOOK_SECRET not in text
    assert "sent: e-mail for 张三" in text


def test_bad_notify_settings_are_all_reported(ledger: Cli, tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[owners."张三"]\nemail = "not-an-address"\nwebhook = "ftp://x/KEY-SECRET-1"\n'
                    '[notify.email]\nhost = "h"\nsecurity = "ssl"\nport = "25"\n'
                    '[notify.webhook]\nkind = "slack"\n', encoding="utf-8")
    result = remind(ledger, {"DUNNER_CONFIG": str(path)}, "--to", "email")
    assert result.exit_code == 1
    for key in ("owners.张三.email", "owners.张三.webhook", "notify.email.security",
                "notify.email.port", "notify.webhook.kind"):
        assert key in result.stderr
    assert "KEY-SECRET" not in result.stderr


def test_the_example_config_is_accepted(ledger: Cli) -> None:
    example = Path(__file__).resolve().parents[2] / "examples" / "config.toml"
    result = remind(ledger, {"DUNNER_CONFIG": str(example), "DUNNER_SMTP_PASSWORD": PASSWORD},
                    "--to", "email", "--dry-run")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "dry run: would send e-mail for 张三 to zhangsan@example.com" in result.stdout


def test_a_named_sender_is_the_from_header(ledger: Cli, tmp_path: Path) -> None:
    with smtp_server() as box:
        env = write_config(tmp_path, box.port)
        path = Path(env["DUNNER_CONFIG"])
        path.write_text(path.read_text().replace('sender = "dunner@example.com"',
                                                 'sender = "财务部 <ar@example.com>"'), encoding="utf-8")
        assert remind(ledger, env, "--to", "email", "--owner", "张三").exit_code == 0
    [msg] = box.to(ZS)
    assert msg["From"].addresses[0].display_name == "财务部"
    assert msg["From"].addresses[0].addr_spec == "ar@example.com"


def test_date_picks_the_digests_day(ledger: Cli, inbox: Any) -> None:
    box, env = inbox
    rest = remind(ledger, env, "--to", "email", "--date", HOLIDAY.isoformat())
    assert rest.exit_code == 0 and "2026-10-01 (Thu) is not a working day" in rest.stdout
    saturday = remind(ledger, env, "--to", "email", "--owner", "张三", "--date", "2026-10-10")
    assert saturday.exit_code == 0, saturday.stdout + saturday.stderr
    [msg] = box.to(ZS)
    assert "2026-10-10 Sat" in text_of(msg)
    bad = remind(ledger, env, "--to", "fax")
    assert bad.exit_code == 2 and "--to 'fax' is not a way dunner delivers" in bad.stderr
