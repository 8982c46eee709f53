"""Signed tokens (itsdangerous): sign-in links, the session cookie, and each form's CSRF token.

A link carries an invitation code and the delegation it is for, signed and time-stamped: a
tampered link fails its signature, an old one its age; the code itself still works only once
(the core checks that). The cookie carries the session token, signed too; the CSRF token is an
HMAC of that session token, so it needs no storage and no other session can forge it.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from itsdangerous import BadSignature, Signer, URLSafeTimedSerializer

_LINK_SALT = "consultbot.web.link"
_COOKIE_SALT = "consultbot.web.cookie"


class BadLink(Exception):
    """A link that is tampered with, malformed or too old."""


@dataclass(frozen=True, slots=True)
class LinkContent:
    """What a sign-in link says: the invitation code and its delegation."""

    code: str
    stakeholder: str


class Tokens:
    """Signs and checks links, cookies and CSRF tokens with one key."""

    def __init__(self, key: str, *, link_hours: int) -> None:
        self._key = key.encode()
        self._links = URLSafeTimedSerializer(key, salt=_LINK_SALT)
        self._cookies = Signer(key, salt=_COOKIE_SALT)
        self.link_seconds = link_hours * 3600

    def link_token(self, code: str, stakeholder: str) -> str:
        """The token of a sign-in link."""
        return str(self._links.dumps({"c": code, "s": stakeholder}))

    def read_link(self, token: str) -> LinkContent:
        """The content of a link token; BadLink if tampered with, malformed or expired."""
        try:
            data = self._links.loads(token, max_age=self.link_seconds)
        except BadSignature as error:  # SignatureExpired is one too
            raise BadLink(type(error).__name__) from None
        if not isinstance(data, dict) or not isinstance(data.get("c"), str) or not isinstance(data.get("s"), str):
            raise BadLink("malformed")
        return LinkContent(code=data["c"], stakeholder=data["s"])

    def cookie(self, session_token: str) -> str:
        """The cookie value for a session token."""
        return self._cookies.sign(session_token).decode()

    def read_cookie(self, value: str) -> str | None:
        """The session token in a cookie, or None if the cookie is not ours."""
        try:
            return self._cookies.unsign(value).decode()
        except BadSignature:
            return None

    def csrf(self, session_token: str) -> str:
        """The CSRF token every form of this session carries."""
        return hmac.new(self._key, b"csrf:" + session_token.encode(), hashlib.sha256).hexdigest()

    def csrf_ok(self, session_token: str, given: str) -> bool:
        """True if `given` is this session's CSRF token (constant-time)."""
        return hmac.compare_digest(self.csrf(session_token), given or "")

    def login_csrf(self, link_token: str) -> str:
        """The CSRF token of a sign-in form (no session exists yet: it is tied to the link)."""
        return hmac.new(self._key, b"login:" + link_token.encode(), hashlib.sha256).hexdigest()
