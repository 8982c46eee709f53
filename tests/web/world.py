"""The web channel's test world: the real composition (SQLite or PostgreSQL, seeded with the registry and
the sample round), the HTTP app the service serves, and helpers to make links and sign in."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import httpx

from adapters.http import build_app
from adapters.web import WebChannel
from bot.coordinator.signin import SignIn
from bot.domain.model import Actor, Role
from cli.runtime import Runtime
from cli.seeding import ensure_sample_round
from config.settings import load_settings
from main import build_channels, runtime
from tests.dbs import SQLITE, fresh_database

BASE = "http://127.0.0.1:8080"
SLUG = "a61-583"
_CSRF = re.compile(r'name="csrf" value="([0-9a-f]+)"')
_EVENT = re.compile(r'name="event" value="([A-Za-z0-9_-]+)"')


def csrf_of(page: str) -> str:
    """The CSRF token of a page's forms."""
    found = _CSRF.search(page)
    assert found, "no form with a CSRF token on the page"
    return found.group(1)


def event_of(page: str) -> str:
    """The event id of a page's first form with one."""
    found = _EVENT.search(page)
    assert found, "no form with an event id on the page"
    return found.group(1)


@dataclass
class Web:
    """The app and what stands behind it."""

    rt: Runtime
    channel: WebChannel
    app: object
    url: str

    def client(self) -> httpx.AsyncClient:
        """A browser of its own (its own cookies)."""
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url=BASE)  # type: ignore[arg-type]

    async def link(
        self, stakeholder: str, *, role: Role = Role.DELEGATE, name: str = "A. Delegate", language: str = "en"
    ) -> str:
        """A one-time sign-in link (its path) for a new participant."""
        sign_in = SignIn(self.rt.deps, channel="web")
        issued = await sign_in.issue(self.rt.operator, stakeholder, role=role, name=name, language=language)
        url = await self.channel.link(issued.code, issued.participant.stakeholder)
        return url.removeprefix(BASE)

    async def signed_in(
        self, stakeholder: str, *, role: Role = Role.DELEGATE, name: str = "A. Delegate", language: str = "en"
    ) -> httpx.AsyncClient:
        """A client signed in through a fresh link."""
        client = self.client()
        path = await self.link(stakeholder, role=role, name=name, language=language)
        page = await client.get(path)
        assert page.status_code == 200, page.text
        action = re.search(r'<form method="post" action="([^"]+)"', page.text)
        assert action is not None, "the sign-in page has a form"
        assert action.group(1) == path, "the sign-in form posts back to the link"
        answer = await client.post(path, data={"csrf": csrf_of(page.text)})
        assert answer.status_code == 303, answer.text
        return client


@asynccontextmanager
async def web_world(kind: str = SQLITE, **env: str) -> AsyncIterator[Web]:
    """A seeded database (SQLite, or PostgreSQL with `kind`, see tests/dbs.py) and the web app on it."""
    async with fresh_database(kind, migrated=False) as url:
        settings = load_settings({"CONSULTBOT_DATABASE_URL": url, **env})
        async with runtime(settings) as rt:
            await ensure_sample_round(rt.deps, Actor.operator("cli:test"))  # as `round create` + `round open`
            channel = build_channels(settings, rt.engine)["web"]
            assert isinstance(channel, WebChannel)
            app = build_app(channel.routes(), health=rt.health, figures=rt.engine.figures)
            yield Web(rt=rt, channel=channel, app=app, url=url)
