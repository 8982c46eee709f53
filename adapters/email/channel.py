"""EmailChannel: what the service needs of the mail channel (a sender; no inbound routes)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from adapters.email.config import SmtpConfig
from adapters.email.sender import EmailSender
from adapters.email.smtp import SmtpPool

if TYPE_CHECKING:
    from starlette.routing import BaseRoute


class EmailChannel:
    """Outbound only: invitations, reminders and digests by e-mail through the organisation's relay."""

    def __init__(self, *, smtp_url: str, mail_from: str, archive_dir: Path | None = None, connections: int = 8) -> None:
        self.config = SmtpConfig.from_url(smtp_url)
        self.pool = SmtpPool(self.config, size=connections)
        self._sender = EmailSender(self.pool, mail_from=mail_from, archive_dir=archive_dir)

    @property
    def sender(self) -> EmailSender:
        """The Sender the dispatcher uses for addresses on the mail channel."""
        return self._sender

    def routes(self) -> Sequence[BaseRoute]:
        """None: replies to our e-mails go to the Secretariat's mailbox, not to the bot."""
        return ()

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Check the relay once (ChannelUnavailable if it cannot be reached); close its connections at the end."""
        await self.pool.check()
        try:
            yield
        finally:
            await self.pool.close()

    async def check(self) -> str:
        """`run --check`: connect and log in, nothing sent."""
        return await self.pool.check()
