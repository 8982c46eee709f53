"""Invitations, coordinator commands, the outbox they fill, and the dispatcher that empties it."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from bot.coordinator import rounds as coordination
from bot.delivery.dispatch import DispatchPolicy, dispatch_due
from bot.delivery.retry import RetryPolicy
from bot.domain.errors import TemporaryFailure, Unreachable
from bot.domain.model import Actor, DelegationState, DeliveryStatus, Identity, Role, RoundStatus
from bot.outreach import joining
from tests.fakes import FakeSender
from tests.unit.conftest import World, keys

OPERATOR = Actor.operator("cli:test")


def as_draft(world: World, slug: str = "dao") -> None:
    """Put the world's open round back to a draft, so that opening it queues its invitations."""
    rounds = world.store.state.rounds
    rounds[slug] = replace(rounds[slug], status=RoundStatus.DRAFT)


async def issue(world: World, stakeholder: str = "FRA", role: Role = Role.DELEGATE) -> str:
    async with world.uow() as uow:
        issued = await coordination.invite(uow, world.engine.deps, OPERATOR, stakeholder, role)
        await uow.commit()
    return issued.code


class TestInvitations:
    async def test_a_code_binds_the_account_once(self, world: World) -> None:
        """`/start CODE` binds the chat account and shows the round; the same code again is refused."""
        code = await issue(world)
        replies = await world.say("tg-100", f"/start {code}")
        assert keys(replies) == ["join.ok", "item"]
        assert "Round: Delivering as One. 4 recommendations" in replies[0].text, "before the first recommendation"
        assert "France" in replies[0].text
        assert world.store.state.identities[("console", "tg-100")].participant_id > 0
        again = await world.say("tg-200", f"/start {code}")
        assert keys(again) == ["join.used_code"]
        assert ("console", "tg-200") not in world.store.state.identities

    async def test_codes_are_stored_hashed_only(self, world: World) -> None:
        code = await issue(world)
        assert code not in world.store.state.invitations
        assert joining.hash_code(code) in world.store.state.invitations

    async def test_codes_are_easy_to_read_out_and_type(self, world: World) -> None:
        """Seven groups of four Crockford symbols (140 bits, DESIGN.md asks at least 128), no leading dash; typed
        loosely (lower case, spaces or no separators, I/L for 1 and O for 0), they still work."""
        code = await issue(world)
        assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){6}", code)
        assert len(code.replace("-", "")) * 5 >= 128
        typed = code.lower().replace("-", " ").replace("1", "l").replace("0", "o")
        assert keys(await world.say("tg-100", f"join {typed}")) == ["join.ok", "item"]
        bare = (await issue(world)).replace("-", "").lower()  # no separators at all
        assert keys(await world.say("tg-101", f"join {bare}")) == ["join.ok", "item"]

    def test_codes_do_not_repeat(self) -> None:
        """Ten thousand codes, all different."""
        assert len({joining.new_code() for _ in range(10_000)}) == 10_000

    async def test_an_expired_code_binds_nothing(self, world: World) -> None:
        code = await issue(world)
        world.clock.advance(days=15)
        assert keys(await world.say("tg-100", f"join {code}")) == ["join.expired_code"]
        assert ("console", "tg-100") not in world.store.state.identities

    async def test_guessing_is_slowed_down(self, world: World) -> None:
        """After five wrong codes in 15 minutes, even a right code waits."""
        code = await issue(world)
        for attempt in range(5):
            assert keys(await world.say("tg-9", f"/start WRONG{attempt}")) == ["join.bad_code"]
        assert keys(await world.say("tg-9", f"/start {code}")) == ["join.slow_down"]
        world.clock.advance(minutes=16)
        assert keys(await world.say("tg-9", f"/start {code}"))[0] == "join.ok"

    async def test_an_unknown_account_is_told_how_to_join(self, world: World) -> None:
        replies = await world.say("stranger", "support")
        assert keys(replies) == ["error.not_invited"]
        assert world.store.state.responses == {}


class TestCoordinatorCommandsInChat:
    async def test_a_delegate_cannot_open_close_remind_or_read_others(self, world: World) -> None:
        """Each refused, and nothing changes (no delivery, no audit entry, round still open)."""
        fra = await world.person("FRA")
        for command in ("open dao", "close dao", "remind dao", "status NOR", "extend dao 2027-04-01T10:00+00:00"):
            assert keys(await world.say(fra, command)) == ["error.not_allowed"], command
        assert world.store.state.deliveries == {}
        assert world.store.state.audit == []
        assert world.store.state.rounds["dao"].status.value == "open"

    async def test_a_coordinator_reminds_and_sees_status(self, world: World) -> None:
        """The coordinator's remind queues one reminder per reachable delegate of unsubmitted delegations."""
        boss = await world.person("UNS", Role.COORDINATOR)
        await world.person("FRA")
        await world.person("NOR")
        replies = await world.say(boss, "remind dao")
        assert replies[0].text == "Round dao: 2 reminders queued."
        assert [e.action for e in world.store.state.audit] == ["remind"]
        status = await world.say(boss, "status dao")
        assert "0 submitted · 0 in progress · 5 not started (of 5 delegations)" in status[0].text


class TestOpeningAndReminding:
    async def test_opening_invites_each_reachable_participant_once(self, world: World) -> None:
        """Opening twice (or a retried job) queues each invitation once: the dedupe key holds."""
        fra = await world.person("FRA")
        await world.person("NOR")
        async with world.uow() as uow:
            await uow.registry.bind_identity(
                Identity(channel="console", account="fra-x", participant_id=fra.id, chat="fra-x", reachable=False)
            )
            await uow.commit()
        as_draft(world)
        for _ in range(2):
            async with world.uow() as uow:
                await coordination.open_round(uow, OPERATOR, "dao", world.clock())
                await uow.commit()
        deliveries = list(world.store.state.deliveries.values())
        assert sorted(d.address.chat for d in deliveries) == ["fra-1", "nor-2"]
        assert all(d.kind == "invitation" for d in deliveries)

    async def test_reminders_skip_delegations_that_submitted(self, world: World) -> None:
        fra, nor = await world.person("FRA"), await world.person("NOR")
        replies = await world.say(fra, "start")
        for _ in range(4):
            replies = await world.press(fra, "Support", replies)
        assert keys(await world.say(fra, "submit")) == ["receipt"]
        async with world.uow() as uow:
            assert await coordination.remind(uow, OPERATOR, "dao", world.clock()) == 1
            await uow.commit()
        (reminder,) = world.store.state.deliveries.values()
        assert reminder.participant_id == nor.id
        assert "answered 0 of 4" in reminder.reply.text

    async def test_the_report_counts_states_by_group(self, world: World) -> None:
        fra = await world.person("FRA")
        await world.press(fra, "Support", await world.say(fra, "start"))
        async with world.uow() as uow:
            report = await coordination.report(uow, OPERATOR, "dao")
        states = {d.stakeholder: d.state for d in report.delegations}
        assert states["FRA"] is DelegationState.IN_PROGRESS
        assert states["NOR"] is DelegationState.NOT_STARTED
        weog = next(g for g in report.groups if g.group == "Western European and Others Group")
        assert (weog.total, weog.in_progress, weog.not_started) == (2, 1, 1)


class TestDispatcher:
    async def queue(self, world: World) -> None:
        await world.person("FRA")
        await world.person("NOR")
        as_draft(world)
        async with world.uow() as uow:
            await coordination.open_round(uow, OPERATOR, "dao", world.clock())
            await uow.commit()

    async def test_due_deliveries_are_sent_once(self, world: World) -> None:
        await self.queue(world)
        sender = FakeSender()
        outcome = await dispatch_due(world.engine.deps, sender, owner="a")
        assert outcome.sent == 2
        assert (await dispatch_due(world.engine.deps, sender, owner="b")).claimed == 0
        assert len(sender.sent) == 2

    async def test_retry_after_is_honoured(self, world: World) -> None:
        await self.queue(world)
        sender = FakeSender(failures={"fra-1": TemporaryFailure("429", retry_after=30)})
        await dispatch_due(world.engine.deps, sender, owner="a")
        assert [a.chat for a, _ in sender.sent] == ["nor-2"]
        world.clock.advance(seconds=29)
        assert (await dispatch_due(world.engine.deps, sender, owner="a")).claimed == 0
        sender.failures.clear()
        world.clock.advance(seconds=1 + 30 * DispatchPolicy().retry.jitter)  # a told wait: up to the jitter longer
        assert (await dispatch_due(world.engine.deps, sender, owner="a")).sent == 1

    async def test_unreachable_marks_the_identity_and_stops(self, world: World) -> None:
        await self.queue(world)
        sender = FakeSender(failures={"fra-1": Unreachable("403: bot was blocked by the user")})
        outcome = await dispatch_due(world.engine.deps, sender, owner="a")
        assert (outcome.sent, outcome.dead) == (1, 1)
        assert not world.store.state.identities[("console", "fra-1")].reachable

    async def test_a_delivery_dies_after_the_last_attempt(self, world: World) -> None:
        await self.queue(world)
        sender = FakeSender(failures={"fra-1": TemporaryFailure("502")})
        policy = DispatchPolicy(retry=RetryPolicy(attempts=3))
        for _ in range(5):
            await dispatch_due(world.engine.deps, sender, owner="a", policy=policy)
            world.clock.advance(hours=2)
        dead = [d for d in world.store.state.deliveries.values() if d.status is DeliveryStatus.DEAD]
        assert [d.address.chat for d in dead] == ["fra-1"]
        assert dead[0].attempts == 3

    async def test_a_lease_expires_and_the_row_comes_back(self, world: World) -> None:
        """A sender that died mid-send gives its rows back after the lease."""
        await self.queue(world)
        async with world.uow() as uow:
            claimed = await uow.outbox.claim_due(
                now=world.clock(), owner="dead", lease_until=world.clock() + timedelta(minutes=5), limit=10
            )
            await uow.commit()
        assert len(claimed) == 2
        sender = FakeSender()
        assert (await dispatch_due(world.engine.deps, sender, owner="b")).claimed == 0
        world.clock.advance(minutes=6)
        assert (await dispatch_due(world.engine.deps, sender, owner="b")).sent == 2


class TestPermanentFailures:
    async def test_a_refused_message_dies_at_once_and_the_person_stays_reachable(self, world: World) -> None:
        from bot.domain.errors import PermanentFailure

        await TestDispatcher().queue(world)
        sender = FakeSender(failures={"fra-1": PermanentFailure("400: can't parse entities")})
        outcome = await dispatch_due(world.engine.deps, sender, owner="a")
        assert (outcome.sent, outcome.dead) == (1, 1)
        assert world.store.state.identities[("console", "fra-1")].reachable
