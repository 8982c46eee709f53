"""SlackSender against the fake Web API: pacing, 429 and Retry-After, errors, uploads, long replies."""

from __future__ import annotations

import socket
import time
from datetime import timedelta
from random import Random

import pytest
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import SlackChannel, SlackSender
from adapters.slack.pacing import Pace
from bot.delivery.dispatch import DispatchPolicy, dispatch_due
from bot.delivery.retry import RetryPolicy
from bot.domain.errors import TemporaryFailure, Unreachable
from bot.domain.model import Address, Choice, Delivery, DeliveryStatus, Identity, NewParticipant, Reply, Role
from bot.engine import Engine
from bot.ports import Deps
from tests.adapters.slack.conftest import SECRET, STAKEHOLDERS, START, TOKEN
from tests.fakes import FixedClock, MemoryStore
from tests.fakes.slack_api import FakeSlackApi

pytestmark = pytest.mark.fake_server

DM = Address("slack", "DU1")


@pytest.fixture
async def sender(api: FakeSlackApi) -> SlackSender:
    client = AsyncWebClient(token=TOKEN, base_url=api.base_url, retry_handlers=[])
    return SlackSender(client, pace=Pace(rate=100, burst=3), backoff=0.05)


class TestSending:
    async def test_a_reply_is_posted_with_blocks_and_returns_its_ts(
        self, api: FakeSlackApi, sender: SlackSender
    ) -> None:
        """One chat.postMessage to the chat, buttons included; the ts comes back."""
        ts = await sender.send(DM, Reply(title="Hello", text="Body", choices=(Choice("Go", "go:dao"),)))
        [call] = api.of("chat.postMessage")
        assert ts == call.result["ts"]
        assert call.args["channel"] == "DU1"
        assert call.args["blocks"][-1]["elements"][0]["value"] == "go:dao"
        assert call.args["unfurl_links"] is False

    async def test_a_reply_with_more_than_fifty_blocks_is_split(self, api: FakeSlackApi, sender: SlackSender) -> None:
        """A very long text becomes several messages, each within Slack's limits (50 blocks, ~12,000 characters)."""
        long_text = "\n".join("x" * 2900 for _ in range(60))
        await sender.send(DM, Reply(text=long_text))
        calls = api.of("chat.postMessage")
        assert len(calls) == 20  # three sections of 2,900 per message
        assert all(c.ok and len(c.args["blocks"]) <= 50 for c in calls)

    async def test_an_image_is_uploaded_to_the_chat(self, api: FakeSlackApi, sender: SlackSender) -> None:
        """Reply.image goes through files.getUploadURLExternal, the upload URL, completeUploadExternal."""
        await sender.send(DM, Reply(title="Digest", text="Positions", image=b"\x89PNG fake"))
        assert [c.method for c in api.calls] == [
            "chat.postMessage",
            "files.getUploadURLExternal",
            "upload",
            "files.completeUploadExternal",
        ]
        assert api.of("files.completeUploadExternal")[0].args["channel_id"] == "DU1"
        assert api.of("upload")[0].args["size"] == len(b"\x89PNG fake")

    async def test_an_ephemeral_answer_goes_to_the_response_url(self, api: FakeSlackApi, sender: SlackSender) -> None:
        """respond() posts an ephemeral message to a slash command's response_url."""
        await sender.respond(api.response_url("k"), Reply(text="Only you can see this"))
        [call] = api.of("respond")
        assert call.args["response_type"] == "ephemeral"
        assert call.args["text"] == "Only you can see this"


class TestFailures:
    async def test_a_short_retry_after_is_waited_out(self, api: FakeSlackApi, sender: SlackSender) -> None:
        """429 with Retry-After: 1 → the sender waits a second and the message goes."""
        api.rate_limit("chat.postMessage", retry_after=1)
        started = time.monotonic()
        ts = await sender.send(DM, Reply(text="hi"))
        first, second = api.of("chat.postMessage")
        assert ts
        assert first.status == 429
        assert second.ok
        assert second.at - first.at >= 1.0
        assert time.monotonic() - started >= 1.0

    async def test_a_long_retry_after_is_left_to_the_dispatcher(self, api: FakeSlackApi, sender: SlackSender) -> None:
        """429 with Retry-After: 30 → TemporaryFailure(retry_after=30), no waiting here."""
        api.rate_limit("chat.postMessage", retry_after=30)
        with pytest.raises(TemporaryFailure) as raised:
            await sender.send(DM, Reply(text="hi"))
        assert raised.value.retry_after == 30
        assert len(api.of("chat.postMessage")) == 1

    async def test_a_transient_server_error_is_retried(self, api: FakeSlackApi, sender: SlackSender) -> None:
        """internal_error once, then success."""
        api.fail("chat.postMessage", "internal_error")
        assert await sender.send(DM, Reply(text="hi"))
        assert [c.ok for c in api.of("chat.postMessage")] == [False, True]

    async def test_network_errors_are_retried_then_reported_as_temporary(self) -> None:
        """Nothing listens on the port: a few tries, then TemporaryFailure."""
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        client = AsyncWebClient(token=TOKEN, base_url=f"http://127.0.0.1:{port}/api/", retry_handlers=[])
        sender = SlackSender(client, pace=Pace(rate=100), backoff=0.01)
        with pytest.raises(TemporaryFailure, match="network"):
            await sender.send(DM, Reply(text="hi"))

    @pytest.mark.parametrize("error", ["account_inactive", "channel_not_found", "is_archived", "user_not_found"])
    async def test_a_gone_recipient_is_unreachable(self, api: FakeSlackApi, sender: SlackSender, error: str) -> None:
        """These errors mean nobody will read the chat: Unreachable, tried once."""
        api.fail("chat.postMessage", error, channel="DU1")
        with pytest.raises(Unreachable, match=error):
            await sender.send(DM, Reply(text="hi"))
        assert len(api.of("chat.postMessage")) == 1

    async def test_other_errors_are_temporary_and_not_retried_at_once(
        self, api: FakeSlackApi, sender: SlackSender
    ) -> None:
        """An error we do not know (not a payload bug): the dispatcher retries with back-off, then gives up."""
        api.fail("chat.postMessage", "some_new_error")
        with pytest.raises(TemporaryFailure, match="some_new_error"):
            await sender.send(DM, Reply(text="hi"))
        assert len(api.of("chat.postMessage")) == 1


class TestPacing:
    async def test_one_channel_is_paced_and_others_are_not_held_up(self, api: FakeSlackApi) -> None:
        """At 10 messages/s and no burst, five to one channel take 0.4 s; one to another goes at once."""
        client = AsyncWebClient(token=TOKEN, base_url=api.base_url, retry_handlers=[])
        sender = SlackSender(client, pace=Pace(rate=10, burst=1))
        for _ in range(5):
            await sender.send(DM, Reply(text="hi"))
        started = time.monotonic()
        await sender.send(Address("slack", "DU2"), Reply(text="hi"))
        assert time.monotonic() - started < 0.1
        to_one = [c.at for c in api.of("chat.postMessage") if c.args["channel"] == "DU1"]
        assert to_one[-1] - to_one[0] >= 0.35

    async def test_after_a_429_the_channel_waits_for_everyone(self) -> None:
        """Retry-After holds every later message to that channel."""
        now = [100.0]
        pace = Pace(rate=1, burst=3, clock=lambda: now[0])
        pace.hold("DU1", 5)
        assert pace.reserve("DU1") == pytest.approx(6.0)
        assert pace.reserve("DU2") == 0.0


class TestDispatcher:
    async def _world(self) -> tuple[MemoryStore, Deps]:
        store = MemoryStore()
        deps = Deps(new_uow=store.uow, clock=FixedClock(START))
        async with store.uow() as uow:
            await uow.registry.add_stakeholders(STAKEHOLDERS)
            person = await uow.registry.add_participant(NewParticipant(stakeholder="FRA", role=Role.DELEGATE))
            await uow.registry.bind_identity(
                Identity(channel="slack", account="T1:U1", participant_id=person.id, chat="DU1")
            )
            delivery = Delivery(
                kind="reminder", dedupe_key="remind:1", address=DM, reply=Reply(text="Reminder"), due_at=START
            )
            await uow.outbox.add(delivery)
            await uow.commit()
        return store, deps

    def _channel(self, api: FakeSlackApi, store: MemoryStore, deps: Deps) -> SlackChannel:
        return SlackChannel(bot_token=TOKEN, signing_secret=SECRET, engine=Engine(deps), api_url=api.base_url)

    async def test_an_inactive_account_marks_the_identity_unreachable(self, api: FakeSlackApi) -> None:
        """account_inactive through dispatch_due: delivery dead, identity unreachable."""
        store, deps = await self._world()
        api.fail("chat.postMessage", "account_inactive", channel="DU1")
        outcome = await dispatch_due(deps, self._channel(api, store, deps).sender, owner="test")
        assert outcome.dead == 1
        assert store.state.identities[("slack", "T1:U1")].reachable is False
        [delivery] = store.state.deliveries.values()
        assert delivery.status is DeliveryStatus.DEAD

    async def test_a_long_rate_limit_reschedules_the_delivery(self, api: FakeSlackApi) -> None:
        """429 with Retry-After: 30 through dispatch_due: pending again, due 30 s later (up to the jitter
        more), and not counted as a failed attempt."""
        store, deps = await self._world()
        api.rate_limit("chat.postMessage", retry_after=30)
        outcome = await dispatch_due(deps, self._channel(api, store, deps).sender, owner="test")
        assert outcome.retried == 1
        [delivery] = store.state.deliveries.values()
        assert delivery.status is DeliveryStatus.PENDING
        longest = 30 * (1 + DispatchPolicy().retry.jitter)
        assert START + timedelta(seconds=30) <= delivery.due_at <= START + timedelta(seconds=longest)
        assert delivery.attempts == 0

    async def test_a_delivery_is_sent(self, api: FakeSlackApi) -> None:
        """The happy path: the reminder is posted and marked sent."""
        store, deps = await self._world()
        outcome = await dispatch_due(deps, self._channel(api, store, deps).sender, owner="test")
        assert outcome.sent == 1
        assert "Reminder" in str(api.of("chat.postMessage")[0].args["blocks"])


class TestRetryPolicy:
    async def test_the_policy_given_decides_and_a_429_is_no_failed_attempt(self, api: FakeSlackApi) -> None:
        """Two attempts at most, yet four short 429s before them are waited out (each with a jitter draw)."""
        draws: list[float] = []
        source = Random(5)

        def random() -> float:
            draws.append(source.random())
            return draws[-1]

        client = AsyncWebClient(token=TOKEN, base_url=api.base_url, retry_handlers=[])
        policy = RetryPolicy(attempts=2, first_delay=0.01, jitter=0.01, random=random)
        sender = SlackSender(client, pace=Pace(rate=100, burst=10), retry=policy)
        api.rate_limit("chat.postMessage", retry_after=0, times=4)
        api.fail("chat.postMessage", "internal_error", times=2)
        with pytest.raises(TemporaryFailure, match="internal_error"):
            await sender.send(DM, Reply(text="hi"))
        assert len(api.of("chat.postMessage")) == 4 + 2
        assert len(draws) == 4 + 1, "four told waits, one back-off"


class TestPayloadBugs:
    @pytest.mark.parametrize("code", ["msg_blocks_too_long", "invalid_blocks", "msg_too_long"])
    async def test_a_refused_payload_is_a_bug_reported_loudly_not_retried(
        self, api: FakeSlackApi, sender: SlackSender, caplog: pytest.LogCaptureFixture, code: str
    ) -> None:
        """One call, an ERROR log naming the code, a counted failure, and a PermanentFailure (the row dies)."""
        from adapters.slack.sender import PayloadRefused
        from bot.delivery.telemetry import TELEMETRY
        from bot.domain.errors import PermanentFailure

        before = TELEMETRY.value("send_failures", channel="slack", cause=code)
        api.fail("chat.postMessage", code)
        with pytest.raises(PayloadRefused) as refused:
            await sender.send(DM, Reply(text="Hello"))
        assert isinstance(refused.value, PermanentFailure)
        assert len(api.of("chat.postMessage")) == 1
        assert any(r.levelname == "ERROR" and code in r.getMessage() for r in caplog.records)
        assert TELEMETRY.value("send_failures", channel="slack", cause=code) == before + 1

    async def test_the_delegate_gets_an_apology_when_an_answer_is_refused(self) -> None:
        """Work after the ack that ends in a refused payload apologises instead of vanishing."""
        from adapters.slack.background import Background
        from adapters.slack.sender import PayloadRefused

        apologies: list[str] = []

        async def answer() -> None:
            raise PayloadRefused("msg_blocks_too_long")

        async def apologise() -> None:
            apologies.append("sorry")

        background = Background()
        background.spawn(answer(), apology=apologise)
        await background.idle()
        assert apologies == ["sorry"]
