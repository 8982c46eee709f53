"""PTB's HTTP transport on aiohttp: the Bot API calls of the bot, the sender and the poller.

PTB's default transport (`HTTPXRequest`, httpx over httpcore and anyio) costs about 1.1 ms of CPU
per Bot API call on this product's machines, against 0.35 ms for the same call through an aiohttp
`ClientSession` (a sendMessage to the local fake Bot API, client and server together; see README,
Performance). A button press cost four calls then (answerCallbackQuery, the edit, the
acknowledgement, the next recommendation; three now): the transport was most of a press's time, more
than the engine and the database. aiohttp is already a dependency (slack-bolt's asynchronous app runs on it).

`AiohttpRequest` implements PTB's documented extension point, `telegram.request.BaseRequest`, as
PTB's own `HTTPXRequest` does: the same parameters (a JSON object of PTB's `json_payload`, whose
values are PTB's form values, objects JSON-encoded; multipart when a file is uploaded), the same
default timeouts, and the same errors (`TimedOut` for a timeout, also when
all `connection_pool_size` connections stay busy for `pool_timeout`; `NetworkError` for anything
else on the way). One difference: aiohttp has no write timeout of its own; a request's whole
exchange is bounded instead by the sum of its connect, write and read timeouts (PTB adds a long
poll's own wait to the read timeout, so getUpdates is not cut short).
"""

from __future__ import annotations

import asyncio
import re
import ssl
from typing import TYPE_CHECKING, Any

import aiohttp
import certifi
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

if TYPE_CHECKING:  # the type PTB's own signature uses (a private module of PTB: for the checker only)
    from telegram._utils.types import ODVInput

#: Connections kept open to the Bot API (PTB's default for HTTPXRequest).
CONNECTIONS = 256
#: The token's part of a Bot API URL (https://api.telegram.org/bot<token>/sendMessage).
_TOKEN_IN_URL = re.compile(r"/bot[^/\s]+/")
#: Telegram takes parameters "as application/json (except for uploading files)" (Bot API, Making requests).
_JSON = {"Content-Type": "application/json"}


class AiohttpRequest(BaseRequest):
    """`telegram.request.BaseRequest` over one aiohttp.ClientSession (opened by `initialize`)."""

    __slots__ = ("_connect", "_media_write", "_pool", "_read", "_session", "_slots", "_write")

    def __init__(
        self,
        connection_pool_size: int = CONNECTIONS,
        read_timeout: float | None = 5.0,
        write_timeout: float | None = 5.0,
        connect_timeout: float | None = 5.0,
        pool_timeout: float | None = 1.0,
        media_write_timeout: float | None = 20.0,
    ) -> None:
        self._slots = asyncio.BoundedSemaphore(connection_pool_size)  # a request holds one while it runs
        self._read, self._write, self._connect, self._pool = read_timeout, write_timeout, connect_timeout, pool_timeout
        self._media_write = media_write_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout in seconds (PTB adds a long poll's wait to it)."""
        return self._read

    async def initialize(self) -> None:
        """Open the connection pool (needs the running event loop)."""
        if self._session is None or self._session.closed:
            # The CA bundle PTB's httpx transport trusts (certifi), whatever the host's own store holds.
            trusted = ssl.create_default_context(cafile=certifi.where())
            connector = aiohttp.TCPConnector(limit=0, ssl=trusted)  # the slots above bound the connections
            self._session = aiohttp.ClientSession(
                connector=connector, headers={"User-Agent": self.USER_AGENT}, timeout=aiohttp.ClientTimeout(total=None)
            )

    async def shutdown(self) -> None:
        """Close the connections."""
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """One request; (HTTP status, body). PTB turns the body into results or errors."""
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data else None
        fields = request_data.json_parameters if request_data else None
        read, connect, pool = (
            _given(read_timeout, self._read),
            _given(connect_timeout, self._connect),
            _given(pool_timeout, self._pool),
        )
        write = _given(write_timeout, self._media_write if files else self._write)
        timeout = aiohttp.ClientTimeout(total=_sum(connect, write, read), sock_connect=connect, sock_read=read)
        # Without files, the parameters go as a JSON object (PTB's `json_payload`, objects such as a keyboard
        # already JSON-encoded strings, as in a form): a tenth of the CPU of aiohttp's form encoding.
        body: Any = _multipart(fields or {}, files) if files else request_data.json_payload if request_data else None
        headers = _JSON if body is not None and not files else None
        try:
            async with asyncio.timeout(pool):
                await self._slots.acquire()
        except TimeoutError:
            raise TimedOut(
                "Pool timeout: All connections in the connection pool are occupied. Request was *not* sent to "
                "Telegram. Consider adjusting the connection pool size or the pool timeout."
            ) from None
        try:
            async with session.request(method, url, data=body, headers=headers, timeout=timeout) as response:
                return response.status, await response.read()
        except TimeoutError as error:  # aiohttp's own timeouts derive from it
            raise TimedOut from error
        except aiohttp.ClientError as error:  # some name the URL, which holds the token: never in a message
            said = _TOKEN_IN_URL.sub("/bot<token>/", str(error))
            raise NetworkError(f"aiohttp.{error.__class__.__name__}: {said}") from error
        finally:
            self._slots.release()


def _given(value: ODVInput[float], default: float | None) -> float | None:
    """A timeout given for this call (a number, or None: no limit), else the default (PTB's DEFAULT_NONE)."""
    return value if value is None or isinstance(value, int | float) else default


def _sum(*parts: float | None) -> float | None:
    """Timeouts added up; None (no limit) if any of them is None."""
    return None if any(p is None for p in parts) else sum(p for p in parts if p is not None)


def _multipart(fields: dict[str, str], files: dict[str, Any]) -> aiohttp.FormData:
    """The parameters and the uploaded files as multipart/form-data (PTB's FieldTuple: name, content, type)."""
    form = aiohttp.FormData(quote_fields=False)
    for name, value in fields.items():
        form.add_field(name, value)
    for name, (filename, content, content_type) in files.items():
        form.add_field(name, content, filename=filename, content_type=content_type)
    return form
