"""A real SMTP server on 127.0.0.1 (aiosmtpd) that records what it accepts and can be told to refuse.

It runs in a thread of its own (aiosmtpd's Controller), so the code under test talks to it over a
socket exactly as to an organisation's relay. Behaviours a test may switch on:
- `busy`: answer 421 to every recipient while it is set (a relay under load);
- `refuse`: addresses answered 550 (a mailbox that does not exist);
- `hold_after`: accept this many messages, then hold the next one's DATA until `release` is set
  (a send caught in flight when the process is killed).
"""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


@dataclass
class Received:
    """One accepted message: the envelope recipient and the parsed message."""

    to: str
    message: EmailMessage
    raw: bytes


def body(message: EmailMessage, subtype: str) -> str:
    """The content of the message's text/`subtype` body ("plain" or "html"); fails if it has none."""
    part = message.get_body((subtype,))
    assert part is not None, f"no text/{subtype} body"
    content = part.get_content()
    assert isinstance(content, str)
    return content


@dataclass
class Recorder:
    """aiosmtpd's handler: the messages accepted, and the switches."""

    received: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    busy: threading.Event = field(default_factory=threading.Event)
    busy_answers: int = 0
    hold_after: int | None = None
    held: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)
    arrived: threading.Condition = field(default_factory=threading.Condition)

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]) -> str:
        if self.busy.is_set():
            self.busy_answers += 1
            return "421 4.3.2 Too busy, try again later"
        if address.lower() in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        hold = self.hold_after is not None and len(self.received) >= self.hold_after
        raw = bytes(envelope.original_content or envelope.content)
        parsed = email.message_from_bytes(raw, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        with self.arrived:  # the relay has the message; with `hold`, its answer never reaches the sender
            for to in envelope.rcpt_tos:
                self.received.append(Received(to=to, message=parsed, raw=raw))
            self.arrived.notify_all()
        if hold:
            self.held.set()
            while not self.release.is_set():  # the test kills the sender meanwhile
                await _sleep(0.05)
        return "250 2.0.0 Accepted"

    def wait_for(self, count: int, timeout: float = 120.0) -> bool:
        """Block until `count` messages have arrived (False if they did not within `timeout`)."""
        with self.arrived:
            return self.arrived.wait_for(lambda: len(self.received) >= count, timeout=timeout)

    def to(self, address: str) -> list[Received]:
        """What arrived for one address."""
        return [r for r in self.received if r.to == address]


async def _sleep(seconds: float) -> None:
    import asyncio

    await asyncio.sleep(seconds)


class SmtpServer:
    """Start with `with SmtpServer() as smtp:`; `smtp.url` is its CONSULTBOT_SMTP_URL."""

    def __init__(self) -> None:
        self.recorder = Recorder()
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._controller = Controller(self.recorder, hostname="127.0.0.1", port=self.port, data_size_limit=None)

    @property
    def url(self) -> str:
        """The plain local URL (no TLS, no login)."""
        return f"smtp://127.0.0.1:{self.port}"

    def __enter__(self) -> SmtpServer:
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.recorder.release.set()
        self._controller.stop()
