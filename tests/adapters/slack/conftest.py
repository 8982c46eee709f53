"""A Slack workspace for the adapter's tests: the real AsyncApp behind our HTTP app, a fake Web API.

`Workspace` plays Slack's side: it signs and posts slash commands, direct messages, button presses
and form submissions built from the recorded payloads in tests/fixtures/slack, and reads what the
app said through the fake Web API.
"""

from __future__ import annotations

import asyncio
import copy
import itertools
import json
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import httpx
import pytest
from slack_sdk.signature import SignatureVerifier

from adapters.http import build_app
from adapters.slack import SlackChannel
from adapters.slack.render import texts
from bot.domain.model import Recommendation, Role, Round, RoundStatus, Stakeholder
from bot.engine import Engine
from bot.outreach import joining
from bot.ports import Deps, UnitOfWork
from tests.fakes import FakeUnitOfWork, FixedClock, MemoryStore
from tests.fakes.slack_api import FakeSlackApi

SECRET = "test-signing-secret"
TOKEN = "xoxb-test-token"
START = datetime(2027, 3, 1, 14, 0, tzinfo=UTC)
FIXTURES = Path(__file__).parents[2] / "fixtures" / "slack"

STAKEHOLDERS = [
    Stakeholder(code="FRA", name="France", groups=("Western European and Others Group",)),
    Stakeholder(code="BRA", name="Brazil", groups=("Latin American and Caribbean Group",)),
    Stakeholder(code="UNS", name="UN Secretariat", kind="un_entity"),
]


def fixture(name: str) -> dict[str, Any]:
    """A recorded payload from tests/fixtures/slack (a fresh copy)."""
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text())
    return data


def make_round(slug: str = "dao", *, status: RoundStatus = RoundStatus.OPEN, items: int = 4) -> Round:
    """A round of `items` recommendations for every Member State."""
    return Round(
        slug=slug,
        title="Delivering as One",
        deadline=START + timedelta(days=14),
        recommendations=tuple(
            Recommendation(ref=f"R{i}", section="Country level", title=f"Recommendation {i}", text=f"Text of R{i}.")
            for i in range(1, items + 1)
        ),
        status=status,
    )


@dataclass
class Database:
    """How the database behaves: `seconds` to open a transaction, or `broken` (tests set them)."""

    seconds: float = 0.0
    broken: bool = False


class TroubledUnitOfWork(FakeUnitOfWork):
    """A unit of work on a database that may be slow or broken."""

    def __init__(self, store: MemoryStore, database: Database) -> None:
        super().__init__(store)
        self.database = database

    async def __aenter__(self) -> TroubledUnitOfWork:
        await asyncio.sleep(self.database.seconds)
        if self.database.broken:
            raise ConnectionError("the database is down")
        await super().__aenter__()
        return self


@dataclass
class Workspace:
    """Slack's side of the conversation, and what the app did."""

    http: httpx.AsyncClient
    api: FakeSlackApi
    channel: SlackChannel
    store: MemoryStore
    clock: FixedClock
    database: Database
    engine: Engine
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    # -- sending requests as Slack does ----------------------------------------------------------

    async def post(
        self, body: str, content_type: str, *, age: float = 0, secret: str = SECRET, retry: int = 0
    ) -> httpx.Response:
        """POST /slack/events, signed like Slack (optionally `age` seconds old, or with another secret)."""
        timestamp = str(int(time.time() - age))
        signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
        assert signature is not None  # None only without a timestamp or a body
        headers = {"content-type": content_type, "x-slack-request-timestamp": timestamp, "x-slack-signature": signature}
        if retry:
            headers |= {"x-slack-retry-num": str(retry), "x-slack-retry-reason": "http_timeout"}
        return await self.http.post("/slack/events", content=body, headers=headers)

    async def command(self, text: str, *, user: str = "U1", **options: Any) -> httpx.Response:
        """`/consult TEXT` typed by `user` in #general."""
        form = fixture("slash_command") | {
            "text": text,
            "user_id": user,
            "trigger_id": f"trigger-{next(self.ids)}",
            "response_url": self.api.response_url(f"{user}-{next(self.ids)}"),
        }
        return await self.post(urlencode(form), "application/x-www-form-urlencoded", **options)

    def message_event(self, text: str, *, user: str = "U1", event_id: str = "") -> str:
        """The JSON body of a direct message to the bot."""
        body = fixture("message_im")
        body["event"] |= {"text": text, "user": user, "channel": f"D{user}"}
        body["event_id"] = event_id or f"Ev{next(self.ids)}"
        return json.dumps(body)

    async def dm(self, text: str, *, user: str = "U1", event_id: str = "", **options: Any) -> httpx.Response:
        """`user` writes `text` (as Slack escapes it) in their DM with the bot."""
        return await self.post(self.message_event(text, user=user, event_id=event_id), "application/json", **options)

    def press_payload(self, label: str, *, user: str = "U1") -> dict[str, Any]:
        """The block_actions payload of pressing the newest button labelled `label` in the user's DM."""
        for (chat, ts), message in reversed(self.api.messages.items()):
            if chat != f"D{user}":
                continue
            for block in message["blocks"]:
                for button in block.get("elements", []) if block["type"] == "actions" else []:
                    if button["text"]["text"].removeprefix("✓ ").startswith(label):
                        payload = fixture("block_actions")
                        payload["user"]["id"] = user
                        payload["container"] |= {"message_ts": ts, "channel_id": chat}
                        payload["channel"]["id"] = chat
                        payload["message"] |= {"ts": ts, "text": message["text"], "blocks": message["blocks"]}
                        block_id = block.get("block_id", "b")  # Slack names the pressed button's block
                        payload["actions"] = [
                            {**button, "block_id": block_id, "action_ts": f"18000001{next(self.ids)}.0"}
                        ]
                        payload["trigger_id"] = f"trigger-{next(self.ids)}"
                        return payload
        raise AssertionError(f"no button {label!r} in {user}'s DM")

    async def send_payload(self, payload: dict[str, Any], **options: Any) -> httpx.Response:
        """POST an interactivity payload (form-encoded `payload=` JSON)."""
        return await self.post("payload=" + quote(json.dumps(payload)), "application/x-www-form-urlencoded", **options)

    async def press(self, label: str, *, user: str = "U1") -> httpx.Response:
        """Press the newest button labelled `label` in the user's DM."""
        return await self.send_payload(self.press_payload(label, user=user))

    def form_payload(self, text: str, *, user: str = "U1") -> dict[str, Any]:
        """Submitting the newest form the app opened, with `text` typed in it."""
        opened = self.api.ok("views.open")[-1]
        view = opened.result["view"]
        payload = fixture("view_submission")
        payload["user"]["id"] = user
        payload["view"] |= {
            "id": view["id"],
            "private_metadata": view["private_metadata"],
            "state": {"values": {"text": {"text": {"type": "plain_text_input", "value": text}}}},
        }
        return payload

    async def submit(self, text: str, *, user: str = "U1") -> httpx.Response:
        """Type `text` in the newest form and press Save."""
        return await self.send_payload(self.form_payload(text, user=user))

    # -- reading what happened ---------------------------------------------------------------------

    async def settle(self) -> None:
        """Wait until every acknowledged request has been answered."""
        await self.channel.idle(grace=30)

    def posted(self, *, since: int = 0, user: str = "U1") -> list[str]:
        """Texts of the messages posted to the user's DM (calls from index `since`)."""
        return [
            texts(c.args["blocks"])
            for c in self.api.calls[since:]
            if c.method == "chat.postMessage" and c.ok and c.args["channel"] == f"D{user}"
        ]

    def ephemeral(self, *, since: int = 0) -> list[str]:
        """Texts shown to the asker alone (slash-command response_url answers)."""
        return [texts(c.args.get("blocks", [])) for c in self.api.calls[since:] if c.method == "respond"]

    async def invite(self, stakeholder: str, role: Role = Role.DELEGATE, name: str = "") -> str:
        """A one-time invitation code, as `consultbot invite` makes it."""
        deps = Deps(new_uow=self.store.uow, clock=self.clock)
        async with self.store.uow() as uow:
            issued = await joining.issue(uow, deps, stakeholder=stakeholder, role=role, name=name)
            await uow.commit()
        return issued.code

    async def join(self, stakeholder: str, *, user: str, role: Role = Role.DELEGATE) -> None:
        """`user` joins with a fresh code, and the app has answered."""
        code = await self.invite(stakeholder, role)
        assert (await self.command(f"join {code}", user=user)).status_code == 200
        await self.settle()


async def seed(store: MemoryStore) -> None:
    """Stakeholders and one open round."""
    async with store.uow() as uow:
        await uow.registry.add_stakeholders(STAKEHOLDERS)
        await uow.rounds.add(make_round())
        await uow.commit()


@pytest.fixture
async def api() -> AsyncIterator[FakeSlackApi]:
    async with FakeSlackApi() as fake:
        yield fake


WorkspaceFactory = Callable[..., Any]


@pytest.fixture
async def workspace_factory(api: FakeSlackApi) -> AsyncIterator[Callable[..., Any]]:
    """Builds a Workspace (its `database` can be made slow or broken)."""
    opened: list[Workspace] = []

    async def build(*, app_token: str | None = None, messages_per_second: float = 100) -> Workspace:
        store = MemoryStore()
        await seed(store)
        clock = FixedClock(START)
        database = Database()

        def new_uow() -> UnitOfWork:
            return TroubledUnitOfWork(store, database)

        engine = Engine(Deps(new_uow=new_uow, clock=clock))
        channel = SlackChannel(
            bot_token=TOKEN,
            signing_secret=SECRET,
            engine=engine,
            app_token=app_token,
            api_url=api.base_url,
            messages_per_second=messages_per_second,
        )

        async def healthy() -> bool:
            return True

        async def no_figures() -> dict[str, float]:
            return {}

        app = build_app(channel.routes(), health=healthy, figures=no_figures)
        http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://slack.test")
        space = Workspace(
            http=http, api=api, channel=channel, store=store, clock=clock, database=database, engine=engine
        )
        opened.append(space)
        return space

    yield build
    for space in opened:
        await space.settle()
        await space.http.aclose()


@pytest.fixture
async def slack(workspace_factory: Callable[..., Any]) -> Workspace:
    """A workspace with a healthy database."""
    space: Workspace = await workspace_factory()
    return space


def snapshot(store: MemoryStore) -> Any:
    """A deep copy of what the store holds, to show that nothing changed."""
    return copy.deepcopy(store.state.__dict__ | {"ids": None})
