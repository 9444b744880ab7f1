"""E-mail against a real SMTP server on loopback: the parts a mail client and a phone read, and
failures as one line without the password."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from dunner.adapters.ics import Event, ics_bytes
from dunner.adapters.notify import DeliveryError
from dunner.adapters.notify.email import Attachment, Mail, Smtp, send
from dunner.adapters.notify.retry import Retry
from tests.notify_servers import HOST, free_port, smtp_server

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
FAST = Retry(attempts=2, first_delay=0.01, total=10, timeout=5)
PASSWORD = "pw-Secret-4711"


def _mail() -> Mail:
    event = Event("abc-2026-11-23", datetime(2026, 11, 23, 15, 30), 15, "电话：恒通 ¥1.00", "话术")
    data = ics_bytes([event], "Asia/Shanghai", datetime(2026, 11, 23))
    return Mail((("张三", "zs@example.com"),), "[dunner] 张三：今日 1 项", "纯文本 ¥1.00\n",
                "<html><body><table><tr><td>恒通</td></tr></table></body></html>",
                (Attachment("dunner-2026-11-23.ics", data, "text", "calendar", (("method", "PUBLISH"),)),))


def test_text_html_and_calendar_parts() -> None:
    from icalendar import Calendar

    with smtp_server() as inbox:
        send(Smtp(HOST, inbox.port, "none", sender="dunner@example.com"), _mail(), FAST)
    [(rcpt, msg)] = inbox.received
    assert rcpt == ["zs@example.com"]
    assert msg["Subject"] == "[dunner] 张三：今日 1 项"
    assert "张三" in msg["To"]
    assert msg.get_body(("plain",)).get_content().rstrip() == "纯文本 ¥1.00"  # type: ignore[union-attr]
    assert "<table>" in msg.get_body(("html",)).get_content()  # type: ignore[union-attr]
    [ics] = [p for p in msg.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert ics.get_filename() == "dunner-2026-11-23.ics"
    cal = Calendar.from_ical(ics.get_payload(decode=True))
    [ev] = cal.walk("VEVENT")
    assert ev.decoded("dtstart").date() == date(2026, 11, 23)


def test_login_with_the_password_from_the_environment() -> None:
    with smtp_server(login=("dunner@example.com", PASSWORD)) as inbox:
        send(Smtp(HOST, inbox.port, "none", "dunner@example.com", password=PASSWORD), _mail(), FAST)
    assert len(inbox.received) == 1


def test_a_refused_login_is_one_line_without_the_password() -> None:
    with smtp_server(login=("dunner@example.com", PASSWORD)) as inbox:
        with pytest.raises(DeliveryError) as caught:
            send(Smtp(HOST, inbox.port, "none", "dunner@example.com", password="wrong-" + PASSWORD),
                 _mail(), FAST)
    assert inbox.received == []
    assert "refused the login of dunner@example.com" in caught.value.message
    assert PASSWORD not in caught.value.message and "\n" not in caught.value.message
    assert not caught.value.transient


def test_a_refused_connection_is_a_transient_failure() -> None:
    port = free_port()  # nothing listens there
    with pytest.raises(DeliveryError) as caught:
        send(Smtp(HOST, port, "none", password=PASSWORD), _mail(), FAST)
    assert f"{HOST}:{port}" in caught.value.message and caught.value.transient


def test_smtp_settings_never_show_the_password() -> None:
    assert PASSWORD not in repr(Smtp(HOST, 25, "none", "u", password=PASSWORD))
