"""EmailSender: the core's Sender for the mail channel; keeps a copy of each sent digest as an .eml file."""

from __future__ import annotations

import asyncio
import logging
import os
import re
from email.utils import parseaddr
from pathlib import Path

from jinja2 import Environment

from adapters.email import compose
from adapters.email.smtp import SmtpPool
from bot.domain.errors import Unreachable
from bot.domain.model import Address, Reply

log = logging.getLogger(__name__)

#: The replies kept for the record, by their key.
ARCHIVED = ("digest",)


class EmailSender:
    """Sends a reply to an e-mail address through the relay; returns the Message-ID."""

    def __init__(self, pool: SmtpPool, *, mail_from: str, archive_dir: Path | None = None) -> None:
        self.pool = pool
        self.mail_from = mail_from
        self.envelope_from = parseaddr(mail_from)[1]
        self.archive_dir = archive_dir
        self._env: Environment | None = None

    async def send(self, address: Address, reply: Reply) -> str:
        """Build the message and hand it to the relay (see adapters/email/smtp.py for what may be raised)."""
        if not compose.is_plain_address(address.chat):
            raise Unreachable("not an e-mail address")
        self._env = self._env or compose.environment()
        message = compose.build(self._env, reply, to=address.chat, sender=self.mail_from)
        data = compose.as_bytes(message)  # once: the bytes sent are the bytes archived
        await self.pool.send(data, sender=self.envelope_from, recipient=address.chat)
        message_id = str(message["Message-ID"])
        if self.archive_dir is not None and reply.key in ARCHIVED:
            await asyncio.to_thread(_archive, self.archive_dir, message_id, address.chat, data)
        return message_id

    async def close(self) -> None:
        """Close the relay connections."""
        await self.pool.close()


def _archive(directory: Path, message_id: str, to: str, data: bytes) -> None:
    """Write the message as DIR/YYYY-MM-DD-<id>-<to>.eml (the same message again: the same file)."""
    directory.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.@-]", "_", f"{message_id.strip('<>').split('@')[0][:16]}-{to}")
    path = directory / f"digest-{stem}.eml"
    partial = path.with_suffix(".eml.part")
    partial.write_bytes(data)
    os.replace(partial, path)
    log.info("digest to %s archived as %s", to, path)
