"""Reaching all 193 delegations: `round open` e-mails 250 contacts through a real SMTP server, exactly once.

The database is real (SQLite, and PostgreSQL when TEST_POSTGRES_URL is set), the SMTP server is
aiosmtpd on 127.0.0.1, and the messages are parsed back with the `email` package.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.coordinator import rounds as coordination
from bot.domain.model import MAIL, IncomingMessage
from bot.engine import Engine
from bot.i18n.timefmt import when
from bot.planning import planner
from bot.ports import Deps
from storage import SqlUnitOfWork, create_engine_for, create_session_factory
from tests.adapters.email.mailing_world import (
    CODE,
    OPERATOR,
    ZONES,
    Drain,
    contact_lines,
    email_sender,
    open_round,
    set_up,
    start_clock,
)
from tests.dbs import db_url  # noqa: F401  (the fixture: a fresh database per test, SQLite and PostgreSQL)
from tests.fakes.memory import FixedClock
from tests.fakes.smtp_server import SmtpServer, body

pytestmark = pytest.mark.fake_server


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with SmtpServer() as server:
        yield server


@pytest.fixture
async def database(db_url: str) -> AsyncIterator[AsyncEngine]:  # noqa: F811  (db_url is the fixture)
    engine = create_engine_for(db_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def clock() -> FixedClock:
    return start_clock()


@pytest.fixture
def deps(database: AsyncEngine, clock: FixedClock) -> Deps:
    sessions = create_session_factory(database)
    return Deps(new_uow=lambda: SqlUnitOfWork(sessions), clock=clock)


class TestInvitationFanOut:
    async def test_round_open_sends_exactly_one_invitation_per_address(
        self, deps: Deps, clock: FixedClock, smtp: SmtpServer, database: AsyncEngine
    ) -> None:
        """250 addresses of 193 delegations: 250 e-mails, each with a text and an HTML part, the deadline in
        the reader's own time zone, and a code that joins the right person; opening again sends nothing."""
        round_ = await set_up(deps)
        assert await open_round(deps, round_.slug) == (0, 250)
        drain = Drain(deps, clock, email_sender(smtp.url), database)
        outcome = await drain()
        await drain.sender.close()
        assert (outcome.sent, outcome.dead) == (250, 0)
        received = smtp.recorder.received
        lines = {line.email: line for line in contact_lines()}
        assert sorted(r.to for r in received) == sorted(lines)
        assert len({r.message["Message-ID"] for r in received}) == 250
        for got in received:
            message = got.message
            assert message.get_content_type() == "multipart/alternative"
            plain = body(message, "plain")
            html = body(message, "html")
            deadline = when(round_.deadline, lines[got.to].timezone)
            assert deadline in plain
            assert deadline in html
            assert round_.title in message["Subject"]
            assert CODE.search(plain) is not None
        assert {lines[r.to].timezone for r in received} == set(ZONES)
        # A code from an e-mail joins its reader, in a chat, once.
        engine = Engine(deps)
        for n, got in enumerate(received[:3]):
            code = CODE.search(body(got.message, "plain"))
            assert code is not None
            account = f"tg-{n}"
            joined = await engine.handle(
                IncomingMessage(channel="telegram", account=account, chat=account, text=f"/start {code.group(0)}")
            )
            assert joined[0].key == "join.ok"
            async with deps.new_uow() as uow:
                identity = await uow.registry.identity("telegram", account)
                assert identity is not None
                person = await uow.registry.participant(identity.participant_id)
                assert person is not None
                assert person.email == got.to
        # Opening again, or `invite --round --all`, queues nothing new.
        async with deps.new_uow() as uow:
            assert await coordination.invite_contacts(uow, deps, OPERATOR, round_.slug, clock()) == 0
            await uow.commit()
        assert (await drain()).sent == 0
        assert len(smtp.recorder.received) == 250

    async def test_a_busy_relay_is_waited_out(
        self, deps: Deps, clock: FixedClock, smtp: SmtpServer, database: AsyncEngine
    ) -> None:
        """421 for a minute: every e-mail is tried again with back-off, and each goes once the relay recovers."""
        round_ = await set_up(deps, addresses=20)
        await open_round(deps, round_.slug)
        smtp.recorder.busy.set()
        busy_until = clock() + timedelta(minutes=1)

        def tick(now: datetime) -> None:
            if now >= busy_until:
                smtp.recorder.busy.clear()

        drain = Drain(deps, clock, email_sender(smtp.url), database)
        outcome = await drain(tick=tick)
        await drain.sender.close()
        assert smtp.recorder.busy_answers >= 20
        assert outcome.retried >= 20
        assert (outcome.sent, outcome.dead) == (20, 0)
        assert sorted(r.to for r in smtp.recorder.received) == sorted(line.email for line in contact_lines(20))

    async def test_a_refused_address_is_unreachable_and_the_others_go(
        self, deps: Deps, clock: FixedClock, smtp: SmtpServer, database: AsyncEngine
    ) -> None:
        """550 for one address: that contact is marked unreachable (status and digest show it), the others get
        theirs, and a later invitation leaves the dead address out."""
        round_ = await set_up(deps, addresses=20)
        gone = contact_lines(20)[4]
        smtp.recorder.refuse.add(gone.email)
        await open_round(deps, round_.slug)
        drain = Drain(deps, clock, email_sender(smtp.url), database)
        outcome = await drain()
        await drain.sender.close()
        assert (outcome.sent, outcome.dead) == (19, 1)
        assert gone.email not in {r.to for r in smtp.recorder.received}
        async with deps.new_uow() as uow:
            report = await coordination.report(uow, OPERATOR, round_.slug)
            [person] = [p for p in await uow.registry.contacts(gone.stakeholder) if p.email == gone.email]
        assert not person.email_reachable
        assert [(u.stakeholder, u.channel) for u in report.unreachable] == [(gone.stakeholder, MAIL)]
        assert [d.address.chat for d in report.dead_deliveries] == [gone.email]
        assert "unreachable: 550" in report.dead_deliveries[0].last_error


class TestRemindersByEmail:
    async def test_contacts_not_in_a_chat_are_reminded_by_email(
        self, deps: Deps, clock: FixedClock, smtp: SmtpServer, database: AsyncEngine
    ) -> None:
        """A reminder goes by e-mail to each contact who has not joined a chat; one who joined Telegram (and
        did not choose e-mail) is reminded there instead."""
        round_ = await set_up(deps, addresses=6)
        await open_round(deps, round_.slug)
        drain = Drain(deps, clock, email_sender(smtp.url), database)
        await drain()
        first = smtp.recorder.received[0]
        code = CODE.search(body(first.message, "plain"))
        assert code is not None
        await Engine(deps).handle(
            IncomingMessage(channel="telegram", account="tg", chat="tg", text=f"/start {code[0]}")
        )
        async with deps.new_uow() as uow:
            assert await coordination.remind(uow, OPERATOR, round_.slug, clock()) == 6  # 5 e-mails, 1 Telegram
            await uow.commit()
        async with deps.new_uow() as uow:
            later = clock() + timedelta(days=60)  # every reminder due by then (working hours aside)
            claimed = await uow.outbox.claim_due(now=later, owner="look", lease_until=later, limit=100)
        queued = [d for d in claimed if d.kind == "reminder"]
        assert sorted(d.address.channel for d in queued) == [MAIL] * 5 + ["telegram"]
        assert first.to not in {d.address.chat for d in queued}
        await drain.sender.close()

    async def test_without_a_mail_channel_contacts_get_no_reminder_emails(self, deps: Deps, clock: FixedClock) -> None:
        """With e-mail off, a reminder run queues nothing for contacts (it would only end as a dead delivery)."""
        round_ = await set_up(deps, addresses=3)
        await open_round(deps, round_.slug)
        async with deps.new_uow() as uow:
            assert await coordination.remind(uow, OPERATOR, round_.slug, clock(), mail=False) == 0
            assert await coordination.remind(uow, OPERATOR, round_.slug, clock()) == 3


class TestScheduledOpening:
    async def test_a_round_opened_by_the_planner_invites_contacts_by_email(
        self, deps: Deps, clock: FixedClock, smtp: SmtpServer, database: AsyncEngine
    ) -> None:
        """A draft whose opening time comes opens on the planner's pass, and its contacts get their e-mails."""
        round_ = await set_up(deps, addresses=5)
        async with deps.new_uow() as uow:
            await uow.rounds.set_opens(round_.slug, clock() + timedelta(hours=1))
            await uow.commit()
        assert (await planner.plan(deps)).opened == ()
        clock.advance(hours=1)
        assert (await planner.plan(deps)).opened == (round_.slug,)
        drain = Drain(deps, clock, email_sender(smtp.url), database)
        assert (await drain()).sent == 5
        await drain.sender.close()
        assert sorted(r.to for r in smtp.recorder.received) == sorted(c.email for c in contact_lines(5))


class TestDeadlineNoticesByEmail:
    async def test_a_moved_deadline_is_told_by_email_once_per_deadline(
        self, deps: Deps, clock: FixedClock, smtp: SmtpServer, database: AsyncEngine
    ) -> None:
        """Extending the deadline e-mails each contact not in a chat the new deadline in their own time zone;
        the one who joined Telegram is told there; moving it to the same moment again sends nothing more, and
        moving it once more sends one notice each for the new deadline."""
        round_ = await set_up(deps, addresses=6)
        await open_round(deps, round_.slug)
        drain = Drain(deps, clock, email_sender(smtp.url), database)
        await drain()
        first = smtp.recorder.received[0]
        code = CODE.search(body(first.message, "plain"))
        assert code is not None
        await Engine(deps).handle(
            IncomingMessage(channel="telegram", account="tg", chat="tg", text=f"/start {code[0]}")
        )
        smtp.recorder.received.clear()
        later = round_.deadline + timedelta(days=7)
        async with deps.new_uow() as uow:
            moved = await coordination.move_deadline(uow, OPERATOR, round_.slug, later, clock())
            await uow.commit()
        assert moved.notified == 6  # 5 e-mails, 1 Telegram
        async with deps.new_uow() as uow:  # the same deadline again: nothing new
            assert (await coordination.move_deadline(uow, OPERATOR, round_.slug, later, clock())).notified == 0
            await uow.commit()
        outcome = await drain()
        assert outcome.dead == 1  # the Telegram notice: no Telegram sender in this test
        lines = {line.email: line for line in contact_lines(6)}
        received = smtp.recorder.received
        assert sorted(r.to for r in received) == sorted(set(lines) - {first.to})
        for got in received:
            assert "Deadline moved" in got.message["Subject"]
            assert when(later, lines[got.to].timezone) in body(got.message, "plain")
        # A second move: one notice each for that deadline. The Telegram account was given up above (this
        # dispatcher only sends e-mail), so its owner, a contact no longer reachable in a chat, gets an e-mail.
        async with deps.new_uow() as uow:
            again = await coordination.move_deadline(uow, OPERATOR, round_.slug, later + timedelta(days=1), clock())
            await uow.commit()
        assert again.notified == 6
        assert (await drain()).sent == 6
        assert sorted(r.to for r in smtp.recorder.received[5:]) == sorted(lines)
        await drain.sender.close()

    async def test_invitations_not_yet_sent_go_with_the_new_deadline(
        self, deps: Deps, clock: FixedClock, smtp: SmtpServer, database: AsyncEngine
    ) -> None:
        """The deadline moves while the invitation e-mails still wait in the outbox: each contact gets one
        invitation, with the new deadline and a code that works, and one deadline notice."""
        round_ = await set_up(deps, addresses=5)
        await open_round(deps, round_.slug)
        later = round_.deadline + timedelta(days=7)
        async with deps.new_uow() as uow:
            moved = await coordination.move_deadline(uow, OPERATOR, round_.slug, later, clock(), deps=deps)
            await uow.commit()
        assert moved.notified == 5
        drain = Drain(deps, clock, email_sender(smtp.url), database)
        assert (await drain()).sent == 10
        await drain.sender.close()
        lines = {line.email: line for line in contact_lines(5)}
        invitations = [r for r in smtp.recorder.received if "Deadline moved" not in r.message["Subject"]]
        assert sorted(r.to for r in invitations) == sorted(lines)
        for got in invitations:
            plain = body(got.message, "plain")
            assert when(later, lines[got.to].timezone) in plain
            assert when(round_.deadline, lines[got.to].timezone) not in plain
        code = CODE.search(body(invitations[0].message, "plain"))
        assert code is not None
        joined = await Engine(deps).handle(
            IncomingMessage(channel="telegram", account="tg", chat="tg", text=f"/start {code[0]}")
        )
        assert joined[0].key == "join.ok"

    async def test_without_a_mail_channel_contacts_get_no_deadline_emails(self, deps: Deps, clock: FixedClock) -> None:
        """With e-mail off, a moved deadline queues nothing for contacts not in a chat."""
        round_ = await set_up(deps, addresses=3)
        await open_round(deps, round_.slug)
        async with deps.new_uow() as uow:
            later = round_.deadline + timedelta(days=7)
            assert (
                await coordination.move_deadline(uow, OPERATOR, round_.slug, later, clock(), mail=False)
            ).notified == 0
            assert (
                await coordination.move_deadline(uow, OPERATOR, round_.slug, later + timedelta(days=1), clock())
            ).notified == 3
