"""The web channel: pages under /web/ for delegates (answer, review, submit) and coordinators.

Server-rendered (Starlette + Jinja2, autoescaped), no JavaScript needed; served by the one HTTP
server through `routes()`. A page shows and a form posts: the web pushes nothing, so its Sender
keeps invitations and reminders for the channels that can (they are recorded as sent, shown on
the page instead).

    channel = WebChannel(engine, base_url=settings.public_url, link_hours=72, exporter=export.write)
    url = await channel.link(issued.code, issued.participant.stakeholder)   # a one-time sign-in link
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from adapters.web.coordinator import Compiler, CoordinatorPages, Exporter
from adapters.web.delegate import DelegatePages
from adapters.web.site import CHANNEL, HERE, Site, templates
from adapters.web.tokens import Tokens
from bot.coordinator.signin import SESSION_HOURS, SignIn
from bot.domain.model import Address, Reply
from bot.engine import Engine
from bot.ports import Deps

__all__ = ["CHANNEL", "WebChannel", "WebSender", "link_maker"]

#: Makes a one-time sign-in link from an invitation code and its delegation's code.
LinkMaker = Callable[[str, str], Awaitable[str]]


def link_maker(deps: Deps, *, base_url: str, link_hours: int) -> LinkMaker:
    """The sign-in link maker (for `consultbot link`, and for invitation e-mails): no server needed."""
    sign_in = SignIn(deps, channel=CHANNEL)
    keys: list[str] = []  # read once (its own short transaction), then kept: the key never changes

    async def link(code: str, stakeholder: str) -> str:
        if not keys:
            keys.append(await sign_in.key())
        tokens = Tokens(keys[0], link_hours=link_hours)
        return f"{base_url.rstrip('/')}/web/login/{tokens.link_token(code, stakeholder)}"

    return link


class WebSender:
    """A page cannot be pushed to: what would go to a browser is kept as sent, the page shows it."""

    async def send(self, address: Address, reply: Reply) -> str:
        """Nothing to send; no provider id."""
        return ""


class WebChannel:
    """The channel the composition root lists in its table (sender, routes, running, check)."""

    def __init__(
        self,
        engine: Engine,
        *,
        base_url: str,
        link_hours: int = 72,
        session_hours: int = SESSION_HOURS,
        exporter: Exporter | None = None,
        compiler: Compiler | None = None,
    ) -> None:
        self.site = Site(
            engine=engine,
            sign_in=SignIn(engine.deps, channel=CHANNEL, session_hours=session_hours),
            base_url=base_url.rstrip("/"),
            link_hours=link_hours,
            env=templates(),
        )
        self.delegate = DelegatePages(self.site)
        self.coordinator = CoordinatorPages(self.site, exporter=exporter, compiler=compiler)
        self._sender = WebSender()

    @property
    def sender(self) -> WebSender:
        """The channel's Sender."""
        return self._sender

    async def link(self, code: str, stakeholder: str) -> str:
        """A one-time sign-in link for an invitation code (for `consultbot link` and invitation e-mails)."""
        return await self.site.link(code, stakeholder)

    def app(self) -> Starlette:
        """The pages as one Starlette app, with its own error pages."""
        d, c = self.delegate, self.coordinator
        routes = [
            Route("/", d.home, methods=["GET"]),
            Route("/login/{token}", d.login_form, methods=["GET"]),
            Route("/login/{token}", d.login, methods=["POST"]),
            Route("/logout", d.logout, methods=["POST"]),
            Route("/language", d.language, methods=["POST"]),
            Route("/rounds/{slug}", d.round, methods=["GET"]),
            Route("/rounds/{slug}/answer", d.answer, methods=["POST"]),
            Route("/rounds/{slug}/review", d.review, methods=["GET"]),
            Route("/rounds/{slug}/submit", d.submit, methods=["POST"]),
            Route("/coord", c.overview, methods=["GET"]),
            Route("/coord/rounds/{slug}", c.round, methods=["GET"]),
            Route("/coord/rounds/{slug}/delegations/{code}", c.delegation, methods=["GET"]),
            Route("/coord/rounds/{slug}/chart.png", c.chart, methods=["GET"]),
            Route("/coord/rounds/{slug}/export.{fmt}", c.download, methods=["GET"]),
            Route("/coord/rounds/{slug}/compilation.docx", c.compilation, methods=["GET"]),
            Route("/coord/rounds/{slug}/confirm/{action}", c.confirm, methods=["GET"]),
            Route("/coord/rounds/{slug}/act/{action}", c.act, methods=["POST"]),
            Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
        ]
        return Starlette(routes=routes, exception_handlers={HTTPException: self._error})

    async def _error(self, request: Request, error: Exception) -> Response:
        assert isinstance(error, HTTPException)
        return self.site.page(request, "error.html", status=error.status_code, reason=error.detail)

    def routes(self) -> Sequence[BaseRoute]:
        """Everything under /web/."""
        return [Mount("/web", app=self.app())]

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Nothing to start: the HTTP server serves the pages."""
        yield

    async def check(self) -> str:
        """What `run --check` says: where the pages are."""
        return f"pages at {self.site.base_url}/web/"
