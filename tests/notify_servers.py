"""Real servers on loopback for the delivery tests: an SMTP server (aiosmtpd) that keeps what it
receives, and an HTTP server (http.server in a thread) that plays a group robot."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@dataclass
class Inbox:
    """What the SMTP server accepted: (envelope recipients, parsed message)."""

    port: int = 0
    received: list[tuple[list[str], EmailMessage]] = field(default_factory=list)
    delay: float = 0.0  # seconds a message takes to be accepted (a slow server)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self.delay:
            import asyncio

            await asyncio.sleep(self.delay)
        msg = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        self.received.append((list(envelope.rcpt_tos), msg))  # type: ignore[arg-type]
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for rcpt, m in self.received if address in rcpt]


@contextmanager
def smtp_server(login: tuple[str, str] | None = None, port: int | None = None,
                delay: float = 0.0) -> Iterator[Inbox]:
    """An SMTP server on loopback; with ``login``, AUTH is offered (without TLS) and only that
    user and password are let in."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    inbox = Inbox(port or free_port(), delay=delay)

    def check(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = (isinstance(data, LoginPassword) and login is not None
              and (data.login.decode(), data.password.decode()) == login)
        return AuthResult(success=ok, handled=False)

    options: dict[str, Any] = {}
    if login is not None:
        options = {"authenticator": check, "auth_require_tls": False, "auth_required": True}
    controller = Controller(inbox, hostname=HOST, port=inbox.port, **options)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


@dataclass
class Request:
    path: str
    query: dict[str, str]
    body: dict[str, Any]
    raw: bytes


@dataclass
class Robot:
    """A group robot: records every request; answers from ``answers`` in turn, then ``ok``."""

    url: str = ""
    requests: list[Request] = field(default_factory=list)
    answers: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    ok: dict[str, Any] = field(default_factory=lambda: {"errcode": 0, "errmsg": "ok"})


@contextmanager
def robot_server(path: str = "/robot/send?access_token=TOKEN-SECRET-123456") -> Iterator[Robot]:
    robot = Robot()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            robot.requests.append(Request(parts.path, query, json.loads(raw), raw))
            status, answer = robot.answers.pop(0) if robot.answers else (200, robot.ok)
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer((HOST, 0), Handler)
    robot.url = f"http://{HOST}:{server.server_address[1]}{path}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield robot
    finally:
        server.shutdown()
        server.server_close()
