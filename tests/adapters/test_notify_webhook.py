"""Group robots against a real HTTP server on loopback: each robot's payload, DingTalk's and
Feishu's signatures checked as the robot checks them, masking, error answers, retries, splitting."""

from __future__ import annotations

import base64
import hashlib
import hmac
import socket
import time
from datetime import date
from datetime import time as clock

import pytest

from dunner.adapters.notify import DeliveryError
from dunner.adapters.notify.retry import Retry
from dunner.adapters.notify.webhook import LIMITS, Robot, post_digest
from dunner.domain.digest import Contact, Digest, DigestAction, Item
from dunner.domain.vocab import Channel, Purpose
from tests.notify_servers import robot_server

DAY = date(2026, 11, 23)
FAST = Retry(attempts=3, first_delay=0.01, max_delay=0.05, total=10, timeout=5)
SECRET = "SECd41d8cd98f00b204e9800998ecf8427e"
PHONE = "13812341234"


def digest(n: int = 2) -> Digest:
    contact = Contact(PHONE, "杭州市滨江区江南大道 1 号", "老板爱喝茶，别提价格")
    actions = tuple(DigestAction(f"id{k:05d}", clock(10), f"杭州恒通五金有限公司{k}", Channel.CALL,
                                 Purpose.COLLECT, (f"XS2026-{k:04d}",), 1_234_56 + k,
                                 f"您好，我是张三。单号 XS2026-{k:04d} 已逾期，请问何时安排付款？", contact)
                    for k in range(n))
    return Digest("张三", DAY, date(2026, 11, 20), actions,
                  promises_due=(Item("杭州恒通五金有限公司", 500_000, DAY),))


@pytest.mark.parametrize("kind", ["wecom", "dingtalk", "feishu", "generic"])
def test_payload_shape_and_masking(kind: str) -> None:
    with robot_server() as server:
        sent = post_digest(Robot(kind, server.url), digest(), FAST)  # type: ignore[arg-type]
    assert sent == 1 and len(server.requests) == 1
    body = server.requests[0].body
    raw = server.requests[0].raw.decode()
    if kind == "wecom":
        assert body["msgtype"] == "markdown" and "杭州恒通五金有限公司0" in body["markdown"]["content"]
    elif kind == "dingtalk":
        assert body["msgtype"] == "markdown"
        assert body["markdown"]["title"] and "id00001" in body["markdown"]["text"]
    elif kind == "feishu":
        assert body["msg_type"] == "interactive"
        assert body["card"]["elements"][0]["tag"] == "markdown"
        assert "id00000" in body["card"]["elements"][0]["content"]
    else:
        assert body["owner"] == "张三" and body["date"] == "2026-11-23"
        assert [a["id"] for a in body["actions"]] == ["id00000", "id00001"]
        assert body["actions"][0]["amount"] == "1234.56"
    assert PHONE not in raw and "138****1234" in raw
    assert "江南大道" not in raw and "老板爱喝茶" not in raw


def _ding_sign(stamp: str, secret: str) -> str:
    mac = hmac.new(secret.encode(), f"{stamp}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(mac).decode()


def test_dingtalk_signature_is_the_robots() -> None:
    with robot_server() as server:
        post_digest(Robot("dingtalk", server.url, SECRET), digest(), FAST)
    query = server.requests[0].query  # parse_qs undid the URL encoding, as DingTalk does
    assert query["access_token"] == "TOKEN-SECRET-123456"
    stamp = query["timestamp"]
    assert abs(int(stamp) - time.time() * 1000) < 60_000  # milliseconds
    assert query["sign"] == _ding_sign(stamp, SECRET)
    assert "sign" not in server.requests[0].body


def test_feishu_signature_is_the_robots() -> None:
    with robot_server("/open-apis/bot/v2/hook/0f3c9d5e-hook-id-secret-0001") as server:
        post_digest(Robot("feishu", server.url, SECRET), digest(), FAST)
    body = server.requests[0].body
    stamp = body["timestamp"]
    assert abs(int(stamp) - time.time()) < 60  # seconds
    key = f"{stamp}\n{SECRET}".encode()
    assert body["sign"] == base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


@pytest.mark.parametrize(("kind", "answer"), [
    ("wecom", {"errcode": 93000, "errmsg": "invalid webhook url"}),
    ("dingtalk", {"errcode": 310000, "errmsg": "sign not match"}),
    ("feishu", {"code": 19021, "msg": "sign match fail or timestamp is not within one hour"}),
])
def test_the_robots_own_error_answer_is_a_failure(kind: str, answer: dict[str, object]) -> None:
    with robot_server() as server:
        server.ok = answer
        robot = Robot(kind, server.url, SECRET)  # type: ignore[arg-type]
        with pytest.raises(DeliveryError) as caught:
            post_digest(robot, digest(), FAST)
    assert str(answer.get("errcode", answer.get("code"))) in caught.value.message
    assert len(server.requests) == 1  # a refusal is not retried
    for secret in (SECRET, "TOKEN-SECRET-123456", server.url):
        assert secret not in caught.value.message


def test_a_500_is_retried_then_delivered() -> None:
    with robot_server() as server:
        server.answers = [(500, {"error": "busy"}), (429, {"errcode": 45009})]
        post_digest(Robot("wecom", server.url), digest(), FAST)
    assert len(server.requests) == 3


def test_retries_are_bounded() -> None:
    with robot_server() as server:
        server.answers = [(503, {})] * 10
        with pytest.raises(DeliveryError) as caught:
            post_digest(Robot("wecom", server.url), digest(), FAST)
    assert len(server.requests) == FAST.attempts
    assert "503" in caught.value.message and "TOKEN" not in caught.value.message


def test_a_robot_that_never_answers_times_out() -> None:
    with socket.socket() as listener:  # accepts connections (the backlog) and never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(5)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/send?key=KEY-SECRET-99999"
        started = time.monotonic()
        with pytest.raises(DeliveryError) as caught:
            post_digest(Robot("wecom", url), digest(), Retry(attempts=2, first_delay=0.01,
                                                             total=5, timeout=0.5))
    assert time.monotonic() - started < 5
    assert "KEY-SECRET" not in caught.value.message and caught.value.transient


@pytest.mark.parametrize("kind", ["wecom", "dingtalk", "feishu"])
def test_a_2000_line_digest_is_split_under_the_robots_limit(kind: str) -> None:
    big = digest(700)  # three lines an action: over 2,000 lines
    with robot_server() as server:
        parts = post_digest(Robot(kind, server.url, SECRET), big, FAST)  # type: ignore[arg-type]
    assert parts == len(server.requests) > 1
    texts = []
    for r in server.requests:
        if kind == "wecom":
            text = r.body["markdown"]["content"]
            assert len(text.encode()) <= LIMITS["wecom"] == 4096
        elif kind == "dingtalk":
            text = r.body["markdown"]["text"]
            assert len(text.encode()) <= LIMITS["dingtalk"] == 20_000
        else:
            text = r.body["card"]["elements"][0]["content"]
            assert len(r.raw) <= LIMITS["feishu"] == 20_000  # the whole request body
        texts.append(text)
    assert texts[0].startswith(f"(1/{parts})")
    joined = "\n".join(texts)
    assert all(f"id{k:05d}" in joined for k in range(700))  # nothing lost between the parts
