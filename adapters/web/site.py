"""What every page shares: the signed-in visitor, rendering (Jinja2, autoescaped), forms, flashes.

Text comes from the core's catalogue in the reader's language (the templates call `t(key, **params)`);
`lang` and `dir` follow it, dates and names go through bot/i18n/formats.py, and every value filled into a
sentence is isolated (<bdi>) so that "120/193" never flips in a right-to-left page. The reader's
language is their participant's choice (the switcher on every page, or `language CODE` in a chat);
before anyone signs in, the browser's Accept-Language among the six.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse

from adapters.web.tokens import Tokens
from bot.coordinator.signin import SignIn, Visitor
from bot.domain.model import FORMS, IncomingMessage, Reply, Role
from bot.engine import Engine
from bot.i18n import formats
from bot.i18n.catalogue import position_label, text
from bot.i18n.timefmt import when

HERE = Path(__file__).resolve().parent
COOKIE = "consultbot_session"
FLASH = "consultbot_flash"
CHANNEL = "web"
#: The languages offered by the switcher, in the UN's order, each in its own name (never translated).
LANGUAGE_NAMES = {"ar": "العربية", "zh": "中文", "en": "English", "fr": "Français", "ru": "Русский", "es": "Español"}
_BACK = re.compile(r"^/web/[A-Za-z0-9_./?=&#-]*$")
_EVENT = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
#: Sent with every page: nothing from elsewhere runs, frames or receives the address (links carry tokens).
HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def templates() -> Environment:
    """The Jinja2 environment: autoescape on for every template."""
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def isolated(value: object) -> Markup:
    """A value wrapped in a bidirectional isolate, escaped."""
    return Markup("<bdi>{}</bdi>").format(value)


def reader_language(request: Request) -> str:
    """The first of the six languages the browser asks for (Accept-Language, by its weights); English."""
    wanted: list[tuple[float, int, str]] = []
    for n, part in enumerate(request.headers.get("accept-language", "")[:500].split(",")):
        tag, _, weight = part.strip().partition(";q=")
        try:
            quality = float(weight) if weight else 1.0
        except ValueError:
            continue
        code = tag.strip().lower().split("-")[0]
        if code in LANGUAGE_NAMES and quality > 0:
            wanted.append((-quality, n, code))
    return min(wanted)[2] if wanted else "en"


def back_to(value: object) -> str:
    """Where a form sends the reader back to: a path of ours, else the home page (never another site)."""
    return value if isinstance(value, str) and _BACK.match(value) and "//" not in value else "/web/"


@dataclass(kw_only=True)
class Site:
    """The web channel's shared parts (built once by WebChannel)."""

    engine: Engine
    sign_in: SignIn
    base_url: str
    link_hours: int
    env: Environment
    _tokens: Tokens | None = None

    @property
    def secure(self) -> bool:
        """Cookies are Secure when the public URL is https."""
        return self.base_url.startswith("https://")

    async def tokens(self) -> Tokens:
        """The signer, with the key read from the database at first use."""
        if self._tokens is None:
            self._tokens = Tokens(await self.sign_in.key(), link_hours=self.link_hours)
        return self._tokens

    def csrf(self, session_token: str) -> str:
        """The CSRF token of this session's forms (the key is loaded: a visitor was found first)."""
        assert self._tokens is not None, "call visitor() first"
        return self._tokens.csrf(session_token)

    async def link(self, code: str, stakeholder: str) -> str:
        """The sign-in link for an invitation code."""
        tokens = await self.tokens()
        return f"{self.base_url}/web/login/{tokens.link_token(code, stakeholder)}"

    # -- who is asking ---------------------------------------------------------------------------

    async def session_token(self, request: Request) -> str | None:
        """The session token in the request's cookie, if the cookie is ours."""
        value = request.cookies.get(COOKIE)
        return (await self.tokens()).read_cookie(value) if value else None

    async def visitor(self, request: Request, *roles: Role) -> tuple[Visitor, str]:
        """The signed-in visitor and their session token; 401 if none, 403 without one of `roles`."""
        token = await self.session_token(request)
        visitor = await self.sign_in.visitor(token) if token else None
        if visitor is None or token is None:
            raise HTTPException(401, text(reader_language(request), "web.refused.session"))
        if roles and not visitor.has_role(*roles):
            raise HTTPException(403, text(visitor.participant.language, "web.forbidden"))
        return visitor, token

    async def form(self, request: Request, token: str) -> FormData:
        """The posted form, once its CSRF token is checked (403 and nothing done otherwise)."""
        form = await request.form()
        given = form.get("csrf")
        if not isinstance(given, str) or not (await self.tokens()).csrf_ok(token, given):
            raise HTTPException(403, text(reader_language(request), "web.csrf"))
        return form

    # -- the core ----------------------------------------------------------------------------------

    async def handle(
        self, visitor: Visitor, form: FormData, *, action: str = "", say: str = "", fields: dict[str, str] | None = None
    ) -> list[Reply]:
        """One form post as one message to the Engine; the form's event id makes a double post one effect."""
        event = form.get("event")
        event_id = event if isinstance(event, str) and _EVENT.match(event) else secrets.token_urlsafe(16)
        message = IncomingMessage(
            channel=CHANNEL,
            account=visitor.account,
            chat=visitor.account,
            text=say,
            action=action,
            event_id=f"{visitor.participant.id}:{event_id}",
            direct=False,
            capabilities=FORMS,
            fields=tuple((fields or {}).items()),
        )
        return await self.engine.handle(message)

    # -- pages ---------------------------------------------------------------------------------------

    def page(
        self,
        request: Request,
        name: str,
        *,
        lang: str = "",
        zone: str = "America/New_York",
        visitor: Visitor | None = None,
        status: int = 200,
        csrf: str = "",
        **values: Any,
    ) -> HTMLResponse:
        """Render a template in the reader's language and direction (the browser's before sign-in)."""
        lang = formats.language_of(lang or reader_language(request))

        def t(key: str, **params: object) -> Markup:
            """The catalogue's text, escaped, each value in a <bdi> (`count` is given as it is: it picks
            the plural form)."""
            marks = {name: f"\ue000{n}\ue001" for n, name in enumerate(params) if name != "count"}
            shown = str(escape(text(lang, key, **{**params, **marks})))
            for name, mark in marks.items():
                shown = shown.replace(mark, str(isolated(params[name])))
            return Markup(shown)  # escaped above; the marks became escaped <bdi> values

        flash = unquote(request.cookies.get(FLASH, ""))

        def shown(value: object) -> object:
            """A table cell: a moment in the reader's zone and language, yes/no in words, else as it is."""
            if isinstance(value, bool):
                return text(lang, "web.yes") if value else ""
            if isinstance(value, datetime):
                return formats.short(value, zone, lang)
            return value

        body = self.env.get_template(name).render(
            lang=lang,
            dir="rtl" if formats.is_rtl(lang) else "ltr",
            t=t,
            label=lambda position: position_label(lang, position),
            when=lambda at: when(at, zone, lang),
            shown=shown,
            country=lambda code, name="": formats.country(code, lang, name=name),
            languages=LANGUAGE_NAMES,
            here=request.url.path + (f"?{request.url.query}" if request.url.query else ""),
            visitor=visitor,
            csrf=csrf,
            event=secrets.token_urlsafe(16),
            flash=flash[:2000] if request.method == "GET" else "",
            **values,
        )
        response = HTMLResponse(body, status_code=status, headers=HEADERS)
        if flash and request.method == "GET":
            response.delete_cookie(FLASH, path="/web")
        return response

    def redirect(self, url: str, *, flash: str = "") -> RedirectResponse:
        """303 to `url` (post, redirect, get), with a line to show there."""
        response = RedirectResponse(url, status_code=303, headers=HEADERS)
        if flash:
            response.set_cookie(
                FLASH,
                quote(flash[:1000]),
                max_age=60,
                path="/web",
                httponly=True,
                secure=self.secure,
                samesite="strict",
            )
        return response


def replies_text(replies: list[Reply]) -> str:
    """The replies' texts on one line each (their titles first)."""
    return "\n".join(part for r in replies for part in (r.title, r.text) if part)
