"""Keep secrets out of every log line: tokens, signing and webhook secrets, passwords, invitation codes.

Installed by the composition root on the handlers of the root logger, so it sees every record of
every library (PTB logs the parameters of each Bot API call at DEBUG, setWebhook's secret_token
and the texts of updates among them). It rewrites the message and the traceback text; it never
drops a record.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

#: An invitation code where one is typed or linked: "/start CODE", "join CODE", "?start=CODE".
_CODE = re.compile(r"(?i)((?:\bstart|\bjoin)(?:@\w+)?(?:\s|\+|%20|=)+)([A-Za-z0-9_-]{6,64})")
#: An invitation code anywhere by its shape (an e-mail's body): seven groups of four Crockford symbols.
_SHAPE = re.compile(r"\b[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){6}\b")
_SHORTEST = 6  # shorter values would blot out ordinary words


class Redact(logging.Filter):
    """A filter that replaces each secret with "<secret>" and each invitation code with "<code>"."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = sorted({s for s in secrets if len(s) >= _SHORTEST}, key=len, reverse=True)

    def clean(self, text: str) -> str:
        """The text without secrets or codes."""
        for secret in self.secrets:
            text = text.replace(secret, "<secret>")
        return _SHAPE.sub("<code>", _CODE.sub(r"\1<code>", text))

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message and traceback in place; keep it."""
        message = record.getMessage()
        cleaned = self.clean(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.clean(record.exc_text)
        if record.stack_info:
            record.stack_info = self.clean(record.stack_info)
        return True

    def install(self, logger: logging.Logger | None = None) -> None:
        """Attach to every handler of the logger (the root logger by default)."""
        for handler in (logger or logging.getLogger()).handlers:
            handler.addFilter(self)
