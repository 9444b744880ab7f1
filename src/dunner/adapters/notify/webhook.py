"""Group-chat robots: WeCom and DingTalk markdown, a Feishu card, a generic JSON post — signed
where the robot wants it, split under its size limit, its own error answer taken as a failure,
and always in the group form of a digest (phones masked, no address, no notes)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import parse_qsl, quote, urlsplit

from dunner.adapters.notify import DeliveryError, render, scrub
from dunner.adapters.notify.retry import DEFAULT_RETRY, Retry, with_retries
from dunner.domain.digest import Digest, for_group
from dunner.domain.money import fen_str
from dunner.i18n import t

Kind = Literal["wecom", "dingtalk", "feishu", "generic"]
KINDS: tuple[Kind, ...] = ("wecom", "dingtalk", "feishu", "generic")
NAMES = {"wecom": "WeCom", "dingtalk": "DingTalk", "feishu": "Feishu", "generic": "webhook"}
# What one message may hold, in UTF-8 bytes, from each robot's documentation: WeCom's markdown
# content 4096; DingTalk's message text 20,000; Feishu's whole request body 20 KB (its cards
# allow 30 KB, the custom robot's body less). A little is kept back for the part numbers.
LIMITS = {"wecom": 4096, "dingtalk": 20_000, "feishu": 20_000}
RESERVE = 160  # the part number, and Feishu's timestamp and signature
NEWLINE = {"dingtalk": "  \n"}  # DingTalk's markdown breaks a line only after two spaces
JOIN = {"dingtalk": "\n\n"}
# Error codes that mean "too fast, try later" (WeCom 45009, DingTalk 130101, Feishu 9499/11232).
RATE_LIMITED = frozenset({45009, 130101, 9499, 11232})


@dataclass(frozen=True)
class Robot:
    kind: Kind
    url: str = field(repr=False)  # holds the robot's key
    secret: str = field(default="", repr=False)  # DingTalk / Feishu signing secret

    @property
    def secrets(self) -> list[str]:
        """Everything of the robot's that must never be shown: the secret, the URL's query values
        and its long path parts (Feishu's hook id)."""
        parts = urlsplit(self.url)
        values = [v for _, v in parse_qsl(parts.query)]
        return [self.secret, self.url, *values, *(p for p in parts.path.split("/") if len(p) >= 16)]

    @property
    def where(self) -> str:
        return t("notify.robot", kind=NAMES[self.kind], host=urlsplit(self.url).netloc.rpartition("@")[2])


def post_digest(robot: Robot, digest: Digest, retry: Retry = DEFAULT_RETRY,
                now: Callable[[], float] = time.time) -> int:
    """Post a digest (its group form) as one or more messages; returns how many were sent."""
    group = for_group(digest)
    bodies = payloads(robot.kind, render.title(group),
                      render.markdown_blocks(group, NEWLINE.get(robot.kind, "\n")), group)
    for body in bodies:
        with_retries(lambda b=body: _post_once(robot, b, retry.timeout, now), retry)  # type: ignore[misc]
    return len(bodies)


def payloads(kind: Kind, title: str, blocks: Sequence[str], digest: Digest) -> list[dict[str, Any]]:
    """The robot's message bodies, the blocks packed under its size limit, each part numbered."""
    if kind == "generic":
        return [_generic(title, (JOIN.get(kind, "\n")).join(blocks), digest)]
    limit = LIMITS[kind] - RESERVE
    chunks = _pack(blocks, JOIN.get(kind, "\n"), lambda text: _size(kind, title, text), limit)
    if len(chunks) > 1:
        chunks = [f"({i}/{len(chunks)}) {c}" for i, c in enumerate(chunks, start=1)]
    return [_body(kind, title, c) for c in chunks]


def _body(kind: Kind, title: str, text: str) -> dict[str, Any]:
    if kind == "wecom":
        return {"msgtype": "markdown", "markdown": {"content": text}}
    if kind == "dingtalk":
        return {"msgtype": "markdown", "markdown": {"title": title, "text": text}}
    return {"msg_type": "interactive",
            "card": {"config": {"wide_screen_mode": True},
                     "header": {"title": {"tag": "plain_text", "content": title}},
                     "elements": [{"tag": "markdown", "content": text}]}}


def _size(kind: Kind, title: str, text: str) -> int:
    """The bytes the robot counts against its limit: the text, or (Feishu) the whole body."""
    if kind == "feishu":
        return len(json.dumps(_body(kind, title, text), ensure_ascii=False).encode())
    return len(text.encode())


def _pack(blocks: Sequence[str], join: str, size: Callable[[str], int], limit: int) -> list[str]:
    chunks: list[str] = []
    current = ""
    for block in blocks:
        for piece in _cut(block, size, limit):
            joined = f"{current}{join}{piece}" if current else piece
            if current and size(joined) > limit:
                chunks.append(current)
                current = piece
            else:
                current = joined
    return [*chunks, current] if current else chunks


def _cut(block: str, size: Callable[[str], int], limit: int) -> list[str]:
    """A block too big for one message alone (a very long line), cut between characters."""
    if size(block) <= limit:
        return [block]
    out, piece = [], ""
    for ch in block:
        if piece and size(piece + ch) > limit:
            out.append(piece)
            piece = ""
        piece += ch
    return [*out, piece] if piece else out


def _generic(title: str, text: str, d: Digest) -> dict[str, Any]:
    return {"title": title, "owner": d.owner, "date": d.day.isoformat(),
            "summary": render.summary(d), "text": text,
            "actions": [{"id": a.id, "time": a.at.strftime("%H:%M"), "customer": a.customer,
                         "channel": str(a.channel), "purpose": str(a.purpose),
                         "invoices": list(a.invoices), "amount": fen_str(a.amount),
                         "message": a.message, "phone": a.contact.phone} for a in d.actions]}


def signed(robot: Robot, body: dict[str, Any], now: float) -> tuple[str, dict[str, Any]]:
    """The URL and body as the robot checks them. DingTalk: HMAC-SHA256 of ``timestamp\\nsecret``
    keyed by the secret, base64, URL-encoded into ``timestamp`` and ``sign`` query parameters
    (milliseconds). Feishu: HMAC-SHA256 of nothing keyed by ``timestamp\\nsecret``, base64, in
    the body's ``timestamp`` and ``sign`` (seconds)."""
    if not robot.secret or robot.kind not in ("dingtalk", "feishu"):
        return robot.url, body
    if robot.kind == "dingtalk":
        stamp = str(int(now * 1000))
        digest = hmac.new(robot.secret.encode(), f"{stamp}\n{robot.secret}".encode(),
                          hashlib.sha256).digest()
        sign = quote(base64.b64encode(digest).decode(), safe="")
        sep = "&" if urlsplit(robot.url).query else "?"
        return f"{robot.url}{sep}timestamp={stamp}&sign={sign}", body
    stamp = str(int(now))
    digest = hmac.new(f"{stamp}\n{robot.secret}".encode(), b"", hashlib.sha256).digest()
    return robot.url, {"timestamp": stamp, "sign": base64.b64encode(digest).decode(), **body}


def _post_once(robot: Robot, body: dict[str, Any], timeout: float, now: Callable[[], float]) -> None:
    url, payload = signed(robot, body, now())
    data = json.dumps(payload, ensure_ascii=False).encode()
    request = urllib.request.Request(url, data=data, method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only, checked
            answer = response.read(65536)
    except urllib.error.HTTPError as exc:
        code = exc.code
        wait = _retry_after(exc.headers.get("Retry-After") if exc.headers else None)
        raise _failure(robot, t("notify.http", where=robot.where, code=code),
                       transient=code == 429 or code >= 500, retry_after=wait) from None
    except TimeoutError:
        raise _failure(robot, t("notify.timeout", server=robot.where), transient=True,
                       whole=True) from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        timed_out = isinstance(reason, TimeoutError)
        text = (t("notify.timeout", server=robot.where) if timed_out else
                t("notify.unreachable", server=robot.where,
                  reason=getattr(reason, "strerror", None) or reason))
        raise _failure(robot, text, transient=True, whole=True) from None
    except OSError as exc:
        raise _failure(robot, t("notify.unreachable", server=robot.where,
                                reason=exc.strerror or exc), transient=True, whole=True) from None
    _check_answer(robot, answer)


def _check_answer(robot: Robot, answer: bytes) -> None:
    """WeCom and DingTalk answer ``errcode``, Feishu ``code`` (or ``StatusCode``): not 0 is a
    failure even with HTTP 200."""
    try:
        doc = json.loads(answer.decode("utf-8", "replace")) if answer.strip() else {}
    except ValueError:
        doc = {}
    if not isinstance(doc, dict):
        return
    for key, text_key in (("errcode", "errmsg"), ("code", "msg"), ("StatusCode", "StatusMessage")):
        code = doc.get(key)
        if isinstance(code, int) and code != 0:
            raise _failure(robot, t("notify.robot_error", where=robot.where, code=code,
                                    answer=str(doc.get(text_key, ""))[:200]),
                           transient=code in RATE_LIMITED)


def _retry_after(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None


def _failure(robot: Robot, text: str, transient: bool = False,
             retry_after: float | None = None, whole: bool = False) -> DeliveryError:
    return DeliveryError(scrub(text, robot.secrets), transient=transient, retry_after=retry_after,
                         server=whole)
