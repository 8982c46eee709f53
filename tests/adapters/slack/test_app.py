"""SlackChannel over HTTP: request verification, retried deliveries, and the 3-second ack."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

import httpx
import pytest
from starlette.routing import Route

from adapters.slack import SlackChannel
from bot.domain.model import Address, Position, Reply
from tests.adapters.slack.conftest import SECRET, TOKEN, Workspace, fixture, snapshot

pytestmark = pytest.mark.fake_server


class TestRoutes:
    def test_one_post_route_for_everything_slack_sends(self) -> None:
        """Events, actions, commands and view submissions share POST /slack/events."""
        channel = SlackChannel(bot_token=TOKEN, signing_secret=SECRET, engine=None)  # type: ignore[arg-type]
        [route] = channel.routes()
        assert isinstance(route, Route)
        assert route.path == "/slack/events"
        assert route.methods == {"POST"}

    async def test_url_verification_is_answered(self, slack: Workspace) -> None:
        """Slack's challenge when the events URL is configured."""
        body = '{"type": "url_verification", "token": "x", "challenge": "abc123"}'
        response = await slack.post(body, "application/json")
        assert response.status_code == 200
        assert response.json() == {"challenge": "abc123"}


class TestVerification:
    async def test_a_forged_signature_gets_401_and_changes_nothing(self, slack: Workspace) -> None:
        """Signed with another secret: 401, no engine call, no Web API call."""
        code = await slack.invite("FRA")
        before = snapshot(slack.store)
        assert (await slack.command(f"join {code}", secret="not-the-secret")).status_code == 401
        assert (await slack.dm("support", secret="not-the-secret")).status_code == 401
        await slack.settle()
        assert snapshot(slack.store) == before
        assert slack.api.calls == []

    async def test_a_stale_timestamp_gets_401_and_changes_nothing(self, slack: Workspace) -> None:
        """Correctly signed but six minutes old (a replay): 401, nothing happens."""
        code = await slack.invite("FRA")
        before = snapshot(slack.store)
        assert (await slack.command(f"join {code}", age=6 * 60)).status_code == 401
        await slack.settle()
        assert snapshot(slack.store) == before
        assert slack.api.calls == []

    async def test_a_timestamp_within_five_minutes_is_accepted(self, slack: Workspace) -> None:
        """Four minutes of clock skew is still inside Slack's window."""
        code = await slack.invite("FRA")
        assert (await slack.command(f"join {code}", age=4 * 60)).status_code == 200
        await slack.settle()
        assert len(slack.store.state.identities) == 1


class TestRetries:
    async def test_the_same_event_three_times_has_one_effect(self, slack: Workspace) -> None:
        """A direct message delivered, then retried twice (X-Slack-Retry-Num): 200 each time, one answer."""
        await slack.join("FRA", user="U1")
        body = slack.message_event("oppose", event_id="Ev0SAME")
        mark = len(slack.api.calls)
        statuses = [(await slack.post(body, "application/json", retry=n)).status_code for n in (0, 1, 2)]
        await slack.settle()
        assert statuses == [200, 200, 200]
        [recorded, following] = slack.posted(since=mark)
        assert recorded == "R1 recorded: Oppose."
        assert following.startswith("R2 · ")
        revisions = [r for r in slack.store.state.revisions if r.ref == "R1"]
        assert [r.position for r in revisions] == [Position.OPPOSE]

    async def test_the_same_press_delivered_twice_has_one_effect(self, slack: Workspace) -> None:
        """One button press arriving twice: one revision, one reply, one update."""
        await slack.join("FRA", user="U1")
        payload = slack.press_payload("Support")
        mark = len(slack.api.calls)
        assert (await slack.send_payload(payload)).status_code == 200
        assert (await slack.send_payload(payload, retry=1)).status_code == 200
        await slack.settle()
        assert len(slack.store.state.revisions) == 1
        assert len(slack.posted(since=mark)) == 2
        assert len(slack.api.of("chat.update")) == 1


Send = Callable[[Workspace], Awaitable[httpx.Response]]


async def _command(space: Workspace) -> httpx.Response:
    return await space.command("status")


async def _dm(space: Workspace) -> httpx.Response:
    return await space.dm("support")


async def _press(space: Workspace) -> httpx.Response:
    return await space.send_payload(space.press_payload("Support with amendments"))


async def _submit(space: Workspace) -> httpx.Response:
    return await space.submit("An amendment.")


class TestAckTime:
    @pytest.mark.slow  # ten seconds or more: `make test-all` (CI) runs it
    async def test_every_request_is_acked_within_three_seconds_with_a_slow_database(self, slack: Workspace) -> None:
        """Each transaction takes 3.5 s, yet commands, messages, presses and forms are acked in < 3 s."""
        slow = slack
        await slow.join("FRA", user="U1")
        slow.database.seconds = 3.5
        timings: dict[str, float] = {}
        for name, send in {"command": _command, "dm": _dm, "press": _press, "form": _submit}.items():
            started = time.monotonic()
            response = await send(slow)
            timings[name] = time.monotonic() - started
            assert response.status_code == 200, name
            if name == "press":
                # The form opens at once, before the slow engine has answered the press.
                await slow.api.wait_for(lambda: bool(slow.api.ok("views.open")), within=2.5)
            await slow.settle()
        assert max(timings.values()) < 3.0, timings
        # Only the form waits for the engine (at most FORM_BUDGET), to show text errors inside it.
        assert max(timings["command"], timings["dm"], timings["press"]) < 1.0, timings
        # The work still happened after the ack: the amendment typed in the form was stored.
        assert slow.store.state.responses[("dao", "FRA", "R2")].amendment == "An amendment."  # R1 answered by "support"
        assert any("Amendment to R2 saved." in posted for posted in slow.posted())


class TestSocketMode:
    async def test_running_holds_a_socket_mode_connection_that_answers(
        self, workspace_factory: Callable[..., Awaitable[Workspace]]
    ) -> None:
        """With an app token, running() connects; a slash command arrives over the socket, is acked, answered."""
        space = await workspace_factory(app_token="xapp-test")
        code = await space.invite("FRA")
        payload = fixture("slash_command") | {"text": f"join {code}", "response_url": space.api.response_url()}
        async with space.channel.running():
            await space.api.wait_for(lambda: space.api.connected == 1)
            await space.api.push({"envelope_id": "env-1", "type": "slash_commands", "payload": payload})
            await space.api.wait_for(lambda: any(a.get("envelope_id") == "env-1" for a in space.api.acks))
            await space.settle()
        assert space.api.connected == 0
        assert len(space.store.state.identities) == 1
        assert "Welcome" in space.posted()[0]

    async def test_while_running_web_api_calls_share_one_connection(self, slack: Workspace) -> None:
        """One HTTP session for every call while running (the SDK's default opens one per call)."""
        async with slack.channel.running():
            for n in range(5):
                await slack.channel.sender.send(Address("slack", "D1"), Reply(text=f"note {n}"))
        assert len(slack.api.of("chat.postMessage")) == 5
        assert len(slack.api.connections) == 1

    async def test_without_an_app_token_running_holds_nothing(self, slack: Workspace) -> None:
        """HTTP mode: running() opens no connection."""
        async with slack.channel.running():
            pass
        assert slack.api.of("apps.connections.open") == []
