"""Where and how to reach the mail relay: CONSULTBOT_SMTP_URL read into a value."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

#: Hosts on this machine: a relay there may be spoken to in plain text (a local Postfix, a test server).
LOOPBACK = ("localhost",)


@dataclass(frozen=True, slots=True, kw_only=True)
class SmtpConfig:
    """A relay: host, port, login, and how the connection is protected.

    `tls` is "implicit" (smtps://, TLS from the first byte), "starttls" (smtp:// to another host:
    upgraded before anything is said, certificate checked) or "none" (smtp:// to this machine).
    """

    host: str
    port: int
    tls: str
    username: str = ""
    password: str = field(default="", repr=False)

    @classmethod
    def from_url(cls, url: str) -> SmtpConfig:
        """smtp://user:password@host:587 (STARTTLS), smtps://host:465 (implicit TLS), smtp://127.0.0.1:1025."""
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("expected smtp://[user:password@]host[:port] or smtps://…")
        try:
            port = parts.port
        except ValueError:
            raise ValueError("the port must be a number from 1 to 65535") from None
        tls = "implicit" if parts.scheme == "smtps" else "none" if is_loopback(parts.hostname) else "starttls"
        return cls(
            host=parts.hostname,
            port=port or (465 if tls == "implicit" else 587),
            tls=tls,
            username=unquote(parts.username or ""),
            password=unquote(parts.password or ""),
        )

    def describe(self) -> str:
        """E.g. "smtp.example.org:587 (STARTTLS) as consult@example.org", never the password."""
        how = {"implicit": "TLS", "starttls": "STARTTLS", "none": "plain, this machine"}[self.tls]
        who = f" as {self.username}" if self.username else ""
        return f"{self.host}:{self.port} ({how}){who}"


def is_loopback(host: str) -> bool:
    """True for this machine's own addresses."""
    if host.lower() in LOOPBACK:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
