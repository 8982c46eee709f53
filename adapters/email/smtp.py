"""A few SMTP connections to the relay, kept open and reused; SMTP replies become the core's SendErrors.

4xx (greylisting, "421 too busy") and a lost connection are temporary: the outbox tries again with
back-off. 5xx on a recipient means the address is refused for good: Unreachable. A refused login or
sender is the whole channel's problem: ChannelUnavailable. Nothing here ever logs the password.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl

import aiosmtplib

from adapters.email.config import SmtpConfig
from bot.domain.errors import ChannelUnavailable, PermanentFailure, TemporaryFailure, Unreachable

log = logging.getLogger(__name__)

CHANNEL = "email"


class SmtpPool:
    """Up to `size` connections to one relay; each send takes one, and gives it back if all went well."""

    def __init__(self, config: SmtpConfig, *, size: int = 8, timeout: float = 30.0) -> None:
        self.config = config
        self.timeout = timeout
        self._slots = asyncio.Semaphore(size)
        self._idle: list[aiosmtplib.SMTP] = []
        self._tls = ssl.create_default_context()  # certificate and host name checked

    async def send(self, message: bytes, *, sender: str, recipient: str) -> None:
        """Hand one message for one recipient to the relay; raises a SendError when it is not accepted."""
        async with self._slots:
            for attempt in (1, 2):
                reused = attempt == 1 and bool(self._idle)
                client = self._idle.pop() if reused else await self._connect()
                try:
                    await _send(client, message, sender, recipient)
                except (aiosmtplib.SMTPServerDisconnected, ConnectionError) as error:
                    await _close(client)
                    if reused:  # an idle connection the relay had dropped: once more, on a fresh one
                        continue
                    raise TemporaryFailure(f"the relay closed the connection ({type(error).__name__})") from None
                except BaseException:
                    await _close(client)
                    raise
                self._idle.append(client)
                return

    async def check(self) -> str:
        """Connect and log in once; what was reached, or ChannelUnavailable."""
        client = await self._connect()
        await _close(client)
        return self.config.describe()

    async def close(self) -> None:
        """Say QUIT on every idle connection."""
        idle, self._idle = self._idle, []
        for client in idle:
            await _close(client)

    async def _connect(self) -> aiosmtplib.SMTP:
        config = self.config
        client = aiosmtplib.SMTP(
            hostname=config.host,
            port=config.port,
            use_tls=config.tls == "implicit",
            start_tls=config.tls == "starttls",
            tls_context=self._tls if config.tls != "none" else None,
            timeout=self.timeout,
        )
        try:
            await client.connect()
            if config.username:
                await client.login(config.username, config.password)
        except aiosmtplib.SMTPAuthenticationError as error:
            await _close(client)
            raise ChannelUnavailable(CHANNEL, f"{config.describe()} refused the login ({error.code})") from None
        except aiosmtplib.SMTPResponseException as error:
            await _close(client)
            if 400 <= error.code < 500:
                raise TemporaryFailure(f"the relay is busy ({error.code} {_short(error.message)})") from None
            raise ChannelUnavailable(CHANNEL, f"{config.describe()} answered {error.code}") from None
        except (aiosmtplib.SMTPException, OSError, ssl.SSLError) as error:
            await _close(client)
            raise ChannelUnavailable(CHANNEL, f"cannot reach {config.describe()} ({type(error).__name__})") from None
        return client


async def _send(client: aiosmtplib.SMTP, message: bytes, sender: str, recipient: str) -> None:
    try:
        await client.sendmail(sender, [recipient], message)
    except aiosmtplib.SMTPRecipientsRefused as error:
        refused = error.recipients[0] if error.recipients else None
        code = refused.code if refused else 550
        text = _short(refused.message) if refused else ""
        if 400 <= code < 500:
            raise TemporaryFailure(f"{code} {text}") from None
        raise Unreachable(f"{code} {text}") from None
    except aiosmtplib.SMTPSenderRefused as error:
        if 400 <= error.code < 500:
            raise TemporaryFailure(f"{error.code} {_short(error.message)}") from None
        raise ChannelUnavailable(CHANNEL, f"the relay refuses the sender ({error.code})") from None
    except aiosmtplib.SMTPServerDisconnected:
        raise
    except aiosmtplib.SMTPResponseException as error:
        if 400 <= error.code < 500:
            raise TemporaryFailure(f"{error.code} {_short(error.message)}") from None
        raise PermanentFailure(f"{error.code} {_short(error.message)}") from None
    except (aiosmtplib.SMTPTimeoutError, aiosmtplib.SMTPException, OSError) as error:
        raise TemporaryFailure(f"no answer from the relay ({type(error).__name__})") from None


async def _close(client: aiosmtplib.SMTP) -> None:
    if client.is_connected:
        with contextlib.suppress(aiosmtplib.SMTPException, OSError, asyncio.TimeoutError):
            await client.quit(timeout=5)
    client.close()


def _short(message: str) -> str:
    return " ".join(message.split())[:200]
