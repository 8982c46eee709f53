"""Keep the bot token out of the logs: it is part of every Bot API URL, which PTB's Bot logs at DEBUG
when it is built (and httpx at INFO, for a PTB transport on httpx; ours is on aiohttp, see transport.py)."""

from __future__ import annotations

import logging

#: Loggers whose records may carry a Bot API URL (a filter sees only its own logger's records).
LOGGERS = ("httpx", "httpcore", "aiohttp.client", "telegram.Bot", "telegram.ext.ExtBot")


class RedactToken(logging.Filter):
    """A filter that replaces the token with "<token>" in every record of the HTTP loggers."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record if its message holds the token; never drop it."""
        if self.token:
            message = record.getMessage()
            if self.token in message:
                record.msg, record.args = message.replace(self.token, "<token>"), ()
        return True

    def install(self) -> None:
        """Attach to the HTTP loggers (attaching twice is harmless)."""
        for name in LOGGERS:
            logging.getLogger(name).addFilter(self)

    def remove(self) -> None:
        """Detach again."""
        for name in LOGGERS:
            logging.getLogger(name).removeFilter(self)
