"""The authorisation matrix: every role × every action, allowed or refused as DESIGN.md says.

Each cell runs on a fresh database (SQLite, real storage) through the core's own entry points: the
Engine for what people do in chat, bot.coordinator.rounds for the command-line actions (export, invite).
An allowed action gets its answer; a refused one gets "not allowed" (or "not invited", or nothing to
answer for a delegation outside the round) and leaves the database as it was.

The same matrix runs again through the web channel's pages (a browser signed in by a one-time link),
where a refusal is an HTTP 401, 403 or 400 that changes nothing; that one on PostgreSQL too (when
TEST_POSTGRES_URL is set).

DESIGN.md: a delegate reads and writes only their own delegation's answers; a focal point may submit
for the delegation (where it has none, any delegate may); coordinators create, open, extend, close,
see status, remind, export and invite; the digest reader receives the digest and may ask for it, and
reads the status it summarises. Coordinators and the digest reader speak for the Secretariat and the
Deputy Secretary-General's office, which a round of Member States does not ask to answer.
"""

from __future__ import annotations

import atexit
import itertools
import re
import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import make_url

from adapters import export
from adapters.http import build_app
from adapters.web import WebChannel
from bot.coordinator import followup
from bot.coordinator import rounds as coordination
from bot.coordinator.signin import SignIn
from bot.domain.errors import BotError
from bot.domain.model import Actor, IncomingMessage, Position, Reply, Response, Role
from bot.engine import Engine
from bot.ports import UnitOfWork
from bot.records import exports
from tests.dbs import SQLITE, database_params, fresh_database
from tests.reliability.world import SEEDER, a_round, changes, deps_for, dump, run, seed

SLUG, DRAFT = "mx", "mx-later"
ROLES = ("delegate", "delegate-alone", "focal-point", "coordinator", "digest-reader", "unknown")
ACTIONS = (
    "answer",
    "submit",
    "read status",
    "read another delegation",
    "open",
    "close",
    "extend",
    "remind",
    "export",
    "digest",
    "invite",
)
Y, N = True, False
#: DESIGN.md as a table. "delegate": of a delegation with a focal point; "delegate-alone": without one.
MATRIX: dict[str, tuple[bool, ...]] = {
    #                          deleg. alone  focal  coord. digest unknown
    "answer": (Y, Y, Y, N, N, N),
    "submit": (N, Y, Y, N, N, N),
    "read status": (Y, Y, Y, Y, Y, N),
    "read another delegation": (N, N, N, Y, Y, N),
    "open": (N, N, N, Y, N, N),
    "close": (N, N, N, Y, N, N),
    "extend": (N, N, N, Y, N, N),
    "remind": (N, N, N, Y, N, N),
    "export": (N, N, N, Y, N, N),
    "digest": (N, N, N, Y, Y, N),
    "invite": (N, N, N, Y, N, N),
}
#: Who each role is: (stakeholder, role, Telegram account).
PEOPLE = {
    "delegate": ("FRA", Role.DELEGATE, "4001"),
    "focal-point": ("FRA", Role.FOCAL_POINT, "4002"),
    "delegate-alone": ("DEU", Role.DELEGATE, "4003"),
    "coordinator": ("UNS", Role.COORDINATOR, "4004"),
    "digest-reader": ("ODSG", Role.DIGEST, "4005"),
    "neighbour": ("BRA", Role.DELEGATE, "4006"),  # another delegation, with an answer to keep private
    # The senior official who facilitates the round's only section, and an entity that facilitates nothing.
    "facilitator": ("UNDP", Role.DELEGATE, "4007"),
    "other-entity": ("WHO", Role.DELEGATE, "4008"),
}
#: Nobody has submitted in the matrix's round: the export asks for the drafts (the question is who may export).
DRAFTS = exports.Options(drafts=True)
REFUSALS = {"error.not_allowed", "error.not_invited", "error.unknown_round", "error.no_open_round"}


@dataclass
class World:
    """A fresh database with the people above and two rounds (one open, one draft)."""

    url: str
    engine: Engine
    events: itertools.count[int]

    async def say(self, account: str, text: str = "", action: str = "") -> list[Reply]:
        """What the person gets for a message or a press."""
        message = IncomingMessage(
            channel="telegram", account=account, chat=account, text=text, action=action,
            event_id=str(next(self.events)),
        )  # fmt: skip
        return await self.engine.handle(message)


class _Template:
    """The world, built once per process; each test works on a copy of the file."""

    path: Path | None = None


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    async with _sqlite_world(tmp_path) as found:
        yield found


@asynccontextmanager
async def _sqlite_world(tmp_path: Path) -> AsyncIterator[World]:
    if _Template.path is None:
        directory = Path(tempfile.mkdtemp(prefix="consultbot-matrix-"))
        atexit.register(shutil.rmtree, directory, True)
        async with fresh_database(SQLITE) as url:
            await _build(url)
            shutil.copyfile(make_url(url).database or "", directory / "world.db")
        _Template.path = directory / "world.db"
    shutil.copyfile(_Template.path, tmp_path / "world.db")
    url = f"sqlite+aiosqlite:///{tmp_path / 'world.db'}"
    deps, engine = deps_for(url)
    try:
        yield World(url=url, engine=Engine(deps), events=itertools.count(1))
    finally:
        await engine.dispose()


@pytest.fixture(params=database_params(slow_on_postgres=True))
async def any_world(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[World]:
    """The world on SQLite (a copy of the template) or on a PostgreSQL schema of its own, built afresh."""
    if request.param == SQLITE:
        async with _sqlite_world(tmp_path) as world:
            yield world
        return
    async with fresh_database(request.param) as url:
        await _build(url)
        deps, engine = deps_for(url)
        try:
            yield World(url=url, engine=Engine(deps), events=itertools.count(1))
        finally:
            await engine.dispose()


async def _build(url: str) -> None:
    """Rounds, people, answers (the engines are disposed: the file is complete when this returns)."""
    facilitated = replace(a_round(SLUG, items=2), facilitators=(("Country level", "UNDP"),))
    await seed(url, rounds=[facilitated, a_round(DRAFT, items=1)])
    await run(url, lambda uow, now: coordination.open_round(uow, SEEDER, SLUG, now))
    invited = await seed(
        url, bound=[(code, role, "telegram", account, account) for code, role, account in PEOPLE.values()]
    )
    ids = {person.stakeholder: person.participant_id for person in invited}
    for code in ("FRA", "DEU", "BRA"):  # every delegation has answered everything: submitting is possible
        await _answer_all(url, code, ids[code])


async def _answer_all(url: str, code: str, participant: int) -> None:
    async def work(uow: UnitOfWork, now: datetime) -> None:
        for ref in ("R1", "R2"):
            response = Response(
                round=SLUG, stakeholder=code, ref=ref, position=Position.SUPPORT, comment=f"{code} private note",
                participant_id=participant, channel="telegram", updated_at=now - timedelta(hours=1),
            )  # fmt: skip
            await uow.responses.save(response, coordination.revision_of(response))

    await run(url, work)


async def act(world: World, role: str, action: str) -> tuple[bool, str]:
    """Try the action as the role: (allowed?, what was answered)."""
    account = PEOPLE[role][2] if role in PEOPLE else "4999"
    chat = {
        "answer": ("", f"p:{SLUG}:R1:o"),
        "submit": (f"submit {SLUG}", ""),
        # A delegation's own progress; for the Secretariat and the DSG's office, the round's.
        "read status": (f"status {SLUG}" if role in ("coordinator", "digest-reader") else "status", ""),
        "read another delegation": (f"status {SLUG}", ""),
        "open": (f"open {DRAFT}", ""),
        "close": (f"close {SLUG}", ""),
        "extend": (f"extend {SLUG} 2031-01-31T18:00-05:00", ""),
        "remind": (f"remind {SLUG}", ""),
        "digest": (f"digest {SLUG}", ""),
    }  # fmt: skip
    if action in chat:
        text, press = chat[action]
        replies = await world.say(account, text=text, action=press)
        keys = [r.key for r in replies]
        refused = any(k in REFUSALS for k in keys) or not replies
        return not refused, ",".join(keys)
    actor = _actor(role)
    try:
        if action == "export":
            await run(world.url, lambda uow, now: coordination.export(uow, actor, SLUG, now, "csv", DRAFTS))
        else:
            deps, engine = deps_for(world.url)
            try:
                await run(world.url, lambda uow, now: coordination.invite(uow, deps, actor, "ITA", Role.DELEGATE))
            finally:
                await engine.dispose()
    except BotError as error:
        return False, error.reply_key
    return True, action


def _actor(role: str) -> Actor:
    """The actor bot.coordinator.rounds sees for a person of this role (as the Engine builds it from a chat)."""
    if role not in PEOPLE:
        return Actor(name="unknown", channel="telegram")
    stakeholder, kind, _ = PEOPLE[role]
    return Actor(name=f"someone ({stakeholder})", channel="telegram", roles=frozenset({kind}), stakeholder=stakeholder)


CELLS = [(role, action) for action in ACTIONS for role in ROLES]


@pytest.mark.parametrize(("role", "action"), CELLS, ids=[f"{a}-by-{r}" for r, a in CELLS])
async def test_role_and_action(world: World, role: str, action: str) -> None:
    """The cell's verdict is DESIGN.md's; a refusal leaves every table as it was."""
    allowed = MATRIX[action][ROLES.index(role)]
    before = await dump(world.url)
    got, said = await act(world, role, action)
    assert got is allowed, f"{action} by {role}: {'allowed' if got else 'refused'} ({said}), DESIGN says otherwise"
    if not allowed:
        found = {t: c for t, c in changes(before, await dump(world.url)).items() if t != "inbound_events"}
        assert not found, f"a refused {action} by {role} changed {found}"


async def test_a_delegate_reads_only_their_own_delegations_answers(world: World) -> None:
    """France's review and status show France's answers and never Brazil's note."""
    for text in ("review", "status", f"review {SLUG}"):
        replies = await world.say(PEOPLE["delegate"][2], text=text)
        shown = "\n".join(r.title + "\n" + r.text for r in replies)
        assert "BRA private note" not in shown
        assert "Brazil" not in shown
    review = await world.say(PEOPLE["delegate"][2], text="review")
    assert "FRA private note" in review[0].text


def test_the_matrix_has_every_role_and_action() -> None:
    """Five roles (the delegate twice: with and without a focal point) × eleven actions."""
    assert set(MATRIX) == set(ACTIONS)
    assert all(len(verdicts) == len(ROLES) for verdicts in MATRIX.values())


# -- the same matrix through the web channel's pages -------------------------------------------------

#: What the web pages offer (the digest and invitations are not web actions).
WEB_ACTIONS = (
    "answer",
    "submit",
    "read status",
    "read another delegation",
    "open",
    "close",
    "extend",
    "remind",
    "export",
)
WEB_CELLS = [(role, action) for action in WEB_ACTIONS for role in ROLES]


@asynccontextmanager
async def web_client(world: World, role: str) -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    """A browser signed in through a one-time link as a person of `role` (none for "unknown"), and its CSRF token."""
    deps, engine = deps_for(world.url)
    channel = WebChannel(Engine(deps), base_url="http://127.0.0.1:8080", exporter=export.write)
    app = build_app(channel.routes(), health=_healthy, figures=Engine(deps).figures)
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1:8080")
    try:
        csrf = "not-a-token"
        if role in PEOPLE:
            stakeholder, kind, _ = PEOPLE[role]
            issued = await SignIn(deps, channel="web").issue(Actor.operator("matrix"), stakeholder, role=kind)
            path = (await channel.link(issued.code, stakeholder)).removeprefix("http://127.0.0.1:8080")
            page = await client.get(path)
            signed = await client.post(path, data={"csrf": _csrf(page.text)})
            assert signed.status_code == 303
            csrf = _csrf((await client.get("/web/", follow_redirects=True)).text)
        yield client, csrf
    finally:
        await client.aclose()
        await engine.dispose()


async def _healthy() -> bool:
    return True


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    assert found, "a form with a CSRF token"
    return found.group(1)


async def web_act(client: httpx.AsyncClient, csrf: str, role: str, action: str) -> int:
    """Try the action on the web pages; the HTTP status answered."""
    form = {"csrf": csrf, "event": f"matrix{next(_EVENTS)}"}
    coordinator = f"/web/coord/rounds/{SLUG}"
    match action:
        case "answer":
            response = await client.post(f"/web/rounds/{SLUG}/answer", data={**form, "ref": "R1", "position": "oppose"})
        case "submit":
            response = await client.post(f"/web/rounds/{SLUG}/submit", data=form)
        case "read status":
            own = coordinator if role in ("coordinator", "digest-reader") else f"/web/rounds/{SLUG}"
            response = await client.get(own)
        case "read another delegation":
            response = await client.get(f"{coordinator}/delegations/BRA")
        case "open":
            response = await client.post(f"/web/coord/rounds/{DRAFT}/act/open", data=form)
        case "extend":
            response = await client.post(f"{coordinator}/act/extend", data={**form, "deadline": "2031-01-31T18:00"})
        case "export":
            response = await client.get(f"{coordinator}/export.csv")
        case _:
            response = await client.post(f"{coordinator}/act/{action}", data=form)
    return response.status_code


_EVENTS = itertools.count(1)


@pytest.mark.parametrize(("role", "action"), WEB_CELLS, ids=[f"web-{a}-by-{r}" for r, a in WEB_CELLS])
async def test_role_and_action_on_the_web(any_world: World, role: str, action: str) -> None:
    """The web channel gives DESIGN.md's verdict too (401/403/400 when refused), and a refusal changes nothing;
    on SQLite and on PostgreSQL."""
    world = any_world
    allowed = MATRIX[action][ROLES.index(role)]
    async with web_client(world, role) as (client, csrf):
        before = await dump(world.url)
        status = await web_act(client, csrf, role, action)
    got = status < 400
    assert got is allowed, f"{action} by {role} on the web: HTTP {status}, DESIGN says {'yes' if allowed else 'no'}"
    if not allowed:
        assert status in (400, 401, 403)
        found = {t: c for t, c in changes(before, await dump(world.url)).items() if t != "inbound_events"}
        assert not found, f"a refused {action} by {role} on the web changed {found}"


# -- facilitators' questions and the follow-up track (issue 19) ---------------------------------
QUESTION_ROLES = ("delegate", "focal-point", "neighbour", "coordinator", "digest-reader", "other-entity", "facilitator")


async def _ask(world: World) -> str:
    """France asks a question on R1 (section "Country level", facilitated by UNDP); its label."""
    replies = await world.say(PEOPLE["delegate"][2], text="question R1 Is the budget part of this?")
    assert replies[0].key == "question.sent", replies[0].text
    return replies[0].text.split()[2]  # "Your question Q-1 on R1 …"


@pytest.mark.parametrize("role", QUESTION_ROLES)
async def test_only_the_facilitator_of_the_area_answers_its_questions(world: World, role: str) -> None:
    """Anyone else gets "not allowed" and the question stays unanswered, nothing sent."""
    label = await _ask(world)
    before = await dump(world.url)
    replies = await world.say(PEOPLE[role][2], text=f"answer {label} Yes, it is.")
    found = {t: c for t, c in changes(before, await dump(world.url)).items() if t != "inbound_events"}
    if role == "facilitator":
        assert replies[0].key == "question.answer_sent"
        assert set(found) == {"questions", "deliveries"}
    else:
        assert [r.key for r in replies] == ["error.not_allowed"], (role, replies)
        assert not found, f"a refused answer by {role} changed {found}"
    published = await world.say(PEOPLE[role][2], text=f"publish {label}")
    if role != "facilitator":
        assert [r.key for r in published] == ["error.not_allowed"]


@pytest.mark.parametrize("role", ["delegate", "focal-point", "digest-reader", "facilitator"])
async def test_only_coordinators_change_the_track(world: World, role: str) -> None:
    """The track is the Secretariat's: anyone but a coordinator is refused and nothing changes."""
    request = followup.TrackRequest(round=SLUG, ref="R1", status="in progress", lead="UNDP")
    before = await dump(world.url)
    with pytest.raises(BotError) as refused:
        await run(world.url, lambda uow, now: followup.track(uow, _actor(role), [request], now))
    assert refused.value.reply_key == "error.not_allowed"
    assert not changes(before, await dump(world.url))
    done = await run(world.url, lambda uow, now: followup.track(uow, _actor("coordinator"), [request], now))
    assert [(e.ref, e.status, e.lead) for e in done] == [("R1", "in progress", "UNDP")]


async def test_a_delegate_never_sees_another_delegations_questions_unless_published(world: World) -> None:
    """Brazil sees nothing of France's question, nor of its answer, until the facilitator publishes it."""
    label = await _ask(world)
    neighbour, facilitator = PEOPLE["neighbour"][2], PEOPLE["facilitator"][2]

    async def brazil_sees() -> str:
        shown = [*await world.say(neighbour, text="questions"), *await world.say(neighbour, text="edit R1")]
        return "\n".join(r.title + "\n" + r.text for r in shown)

    assert "Is the budget part" not in await brazil_sees()
    await world.say(facilitator, text=f"answer {label} No, that is another decision.")
    assert "Is the budget part" not in await brazil_sees()
    assert "another decision" not in await brazil_sees()
    own = await world.say(PEOPLE["focal-point"][2], text="questions")
    assert "another decision" in own[0].text  # France's other participant sees their delegation's answer
    await world.say(facilitator, text=f"publish {label}")
    assert "another decision" in await brazil_sees()
