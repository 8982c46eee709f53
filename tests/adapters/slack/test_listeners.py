"""The delegate's dialogue and the coordinator's commands, through the real AsyncApp and Web API client."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bot.domain.model import DeliveryStatus, IncomingMessage, Position, Reply, Role, RoundStatus
from bot.i18n.catalogue import text
from tests.adapters.slack.conftest import Workspace, WorkspaceFactory, make_round
from tests.pseudo_catalogues import pseudo_catalogues

pytestmark = pytest.mark.fake_server


class TestDialogue:
    async def test_a_delegate_answers_every_recommendation_and_submits(self, slack: Workspace) -> None:
        """/consult join → buttons for each item, an amendment and a comment in forms → review → receipt."""
        code = await slack.invite("FRA", name="Anne")
        assert (await slack.command(f"join {code}")).status_code == 200
        await slack.settle()
        welcome, first = slack.posted()
        assert "Welcome, Anne" in welcome
        assert "France" in welcome
        assert first.startswith("R1 · Recommendation 1\n")
        assert "1 of 4" in first
        assert slack.api.ok("conversations.open")[0].args["users"] == "U1"

        mark = len(slack.api.calls)
        await slack.press("Support")
        await slack.settle()
        # One tap: recorded, and the next recommendation at once; "Add a comment" on the answer.
        recorded, r2 = slack.posted(since=mark)
        assert recorded == "R1 recorded: Support."
        assert r2.startswith("R2 · Recommendation 2")
        [update] = slack.api.of("chat.update")
        assert "✓ R1: Support" in str(update.args["blocks"])
        assert all(b["type"] != "actions" for b in update.args["blocks"])

        mark = len(slack.api.calls)
        await slack.press("Add a comment on R1")
        await slack.settle()
        assert slack.api.ok("views.open")[-1].args["view"]["private_metadata"].startswith("cm:dao:R1:")
        assert slack.posted(since=mark) == []  # the form alone: the engine hears of it when it is sent
        mark = len(slack.api.calls)
        response = await slack.submit("We welcome this.")
        assert response.status_code == 200
        assert response.content == b""
        await slack.settle()
        assert slack.posted(since=mark)[0] == "Comment on R1 saved."
        assert "2 of 4" in slack.posted(since=mark)[1]

        await slack.press("Support with amendments")
        await slack.settle()
        assert slack.api.ok("views.open")[-1].args["view"]["private_metadata"] == "am:dao:R2"
        empty = await slack.submit("   ")
        assert empty.json()["response_action"] == "errors"
        assert "empty" in empty.json()["errors"]["text"]
        too_long = await slack.submit("x" * 5000)
        assert "too long" in too_long.json()["errors"]["text"]
        assert not [u for u in slack.api.of("chat.update") if "R2: Support with amendments" in str(u.args)]
        assert (await slack.submit("Add 'where national authorities agree'.")).content == b""
        await slack.settle()

        for position in ("Oppose", "Reserve"):
            await slack.press(position)
            await slack.settle()
        review = slack.posted()[-1]
        assert "4 of 4 answered" in review
        assert "amendment: Add 'where national authorities agree'." in review

        mark = len(slack.api.calls)
        await slack.press("Submit for France")
        await slack.settle()
        [receipt] = slack.posted(since=mark)
        assert "Receipt DAO-FRA-01" in receipt

        answers = {k[2]: r for k, r in slack.store.state.responses.items() if k[1] == "FRA"}
        assert {ref: r.position for ref, r in answers.items()} == {
            "R1": Position.SUPPORT,
            "R2": Position.SUPPORT_WITH_AMENDMENTS,
            "R3": Position.OPPOSE,
            "R4": Position.RESERVE,
        }
        assert answers["R1"].comment == "We welcome this."
        assert answers["R2"].amendment == "Add 'where national authorities agree'."
        assert {r.channel for r in answers.values()} == {"slack"}
        assert len(slack.store.state.submissions) == 1

    async def test_a_wrong_code_is_refused_to_the_asker_alone_and_binds_nothing(self, slack: Workspace) -> None:
        """/consult join with a bad code: an ephemeral message, no identity, nothing posted in the DM."""
        await slack.command("join not-a-real-code")
        await slack.settle()
        assert slack.ephemeral() == [
            "That invitation code is not valid. Check it, or ask the Secretariat for a new one."
        ]
        assert slack.posted() == []
        assert slack.store.state.identities == {}

    async def test_typed_text_in_the_dm_is_understood(self, slack: Workspace) -> None:
        """A delegate may type the position and the amendment in the DM instead of using buttons and forms."""
        await slack.join("FRA", user="U1")
        mark = len(slack.api.calls)
        await slack.dm("no position")
        await slack.settle()
        assert slack.posted(since=mark)[0] == "R1 recorded: No position."
        assert slack.posted(since=mark)[1].startswith("R2 · ")
        await slack.dm("support with amendments")
        await slack.settle()
        await slack.dm("Noted &amp; agreed")
        await slack.settle()
        assert slack.store.state.responses[("dao", "FRA", "R2")].amendment == "Noted & agreed"

    async def test_the_bots_own_messages_and_edits_are_ignored(self, slack: Workspace) -> None:
        """Message events with a subtype or from a bot reach no use case."""
        await slack.join("FRA", user="U1")
        before = slack.store.commits
        body = slack.message_event("support")
        edited = body.replace('"channel_type": "im"', '"channel_type": "im", "subtype": "message_changed"')
        assert (await slack.post(edited, "application/json")).status_code == 200
        from_bot = slack.message_event("support").replace('"user": "U1"', '"user": "U1", "bot_id": "B9"')
        assert (await slack.post(from_bot, "application/json")).status_code == 200
        await slack.settle()
        assert slack.store.commits == before


class TestOrder:
    async def test_a_persons_next_message_is_handled_while_the_last_ones_replies_still_go_out(
        self, workspace_factory: WorkspaceFactory, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """Slack paces a DM (here one message a second): the replies to an answer take seconds to post.
        The person's next answer goes to the database meanwhile, not after them (with replicas, a later
        answer on another replica would otherwise be stored first); the replies still come in order."""
        slack: Workspace = await workspace_factory(messages_per_second=1)
        await slack.join("FRA", user="U1")
        handled: list[float] = []
        handle = slack.engine.handle

        async def timed(message: IncomingMessage) -> list[Reply]:
            replies = await handle(message)
            handled.append(time.monotonic())
            return replies

        monkeypatch.setattr(slack.engine, "handle", timed)
        mark = len(slack.api.calls)
        assert (await slack.dm("support")).status_code == 200  # R1, then R2 is shown
        assert (await slack.dm("oppose")).status_code == 200  # R2, at once
        await slack.settle()
        assert len(handled) == 2
        assert handled[1] - handled[0] < 0.5, "the second answer waited for the first one's replies"
        posted = slack.posted(since=mark)
        assert [p.split("\n")[0][:13] for p in posted if "recorded" in p] == ["R1 recorded: ", "R2 recorded: "]
        assert posted.index(next(p for p in posted if p.startswith("R2 recorded"))) > posted.index(
            next(p for p in posted if p.startswith("R1 recorded"))
        )


class TestFailures:
    async def test_an_unexpected_failure_is_logged_and_the_person_gets_an_apology(
        self, slack: Workspace, caplog: pytest.LogCaptureFixture
    ) -> None:
        """The database is down: the request is still acked, the error logged once, an apology sent."""
        await slack.join("FRA", user="U1")
        slack.database.broken = True
        mark = len(slack.api.calls)
        assert (await slack.dm("support")).status_code == 200
        assert (await slack.command("status")).status_code == 200
        await slack.settle()
        assert slack.posted(since=mark) == ["Something went wrong on our side. Please try again in a moment."]
        assert slack.ephemeral(since=mark) == ["Something went wrong on our side. Please try again in a moment."]
        assert [r.message for r in caplog.records if r.levelname == "ERROR"] == ["slack: handling a request failed"] * 2


class TestTheReadersLanguage:
    async def test_a_french_delegates_form_and_apology_are_in_french(self, slack: Workspace, tmp_path: Path) -> None:
        """The form a button opens is written in the reader's language (named by the button's block), and so is
        the apology when the service fails afterwards."""
        with pseudo_catalogues(tmp_path, ["fr"]):
            await self._in_french(slack)

    async def _in_french(self, slack: Workspace) -> None:
        await slack.join("FRA", user="U1")
        await slack.dm("language fr")
        await slack.settle()
        await slack.dm("edit R1")
        await slack.settle()
        [buttons] = [b for b in slack.api.ok("chat.postMessage")[-1].args["blocks"] if b["type"] == "actions"]
        assert buttons["block_id"].startswith("consult.lang.fr.")

        await slack.press(text("fr", "position.support_with_amendments"))
        await slack.settle()
        view = slack.api.ok("views.open")[-1].args["view"]
        assert view["title"]["text"].startswith(text("fr", "form.amendment.title"))
        assert view["submit"]["text"] == text("fr", "form.save")
        assert view["close"]["text"] == text("fr", "form.cancel")
        assert view["blocks"][0]["label"]["text"] == text("fr", "form.amendment.label")

        slack.database.broken = True
        mark = len(slack.api.calls)
        await slack.dm("support")
        await slack.settle()
        assert slack.posted(since=mark) == [text("fr", "error.generic")]
        assert text("fr", "error.generic") != text("en", "error.generic")

    async def test_an_older_message_without_a_language_opens_an_english_form(self, slack: Workspace) -> None:
        """Buttons posted before their block named a language still open a form (in English)."""
        from adapters.slack import render

        assert render.pressed_language({"actions": [{"block_id": "b"}]}) == "en"
        assert render.pressed_language({"actions": [{"block_id": "consult.lang.ar.0"}]}) == "ar"
        assert render.pressed_language({"actions": [{"block_id": "consult.lang.xx.0"}]}) == "en"
        assert render.pressed_language({}) == "en"


class TestEscaping:
    async def test_channel_mentions_in_a_comment_arrive_escaped(self, slack: Workspace) -> None:
        """`<!channel>` typed in a comment form reaches the Web API as text, never as a mention."""
        await slack.join("FRA", user="U1")
        await slack.press("Support")
        await slack.settle()
        await slack.press("Add a comment on R1")
        await slack.settle()
        await slack.submit("Please <!channel> & <!here> and <@U123>: look")
        await slack.settle()
        await slack.dm("review")
        await slack.settle()
        review = slack.api.ok("chat.postMessage")[-1]
        sections = [b["text"] for b in review.args["blocks"] if b["type"] == "section"]
        assert all(t["type"] == "plain_text" for t in sections)  # Slack parses no mention in plain_text
        assert "comment: Please <!channel> & <!here> and <@U123>: look" in "\n".join(t["text"] for t in sections)
        assert "<!" not in review.args["text"]
        assert (
            slack.store.state.responses[("dao", "FRA", "R1")].comment == "Please <!channel> & <!here> and <@U123>: look"
        )

    async def test_a_mention_typed_in_the_dm_is_not_echoed_as_one(self, slack: Workspace) -> None:
        """Slack turns a typed @channel into <!channel> in the event; our echo escapes it."""
        await slack.join("FRA", user="U1")
        await slack.dm("support with amendments")
        await slack.settle()
        await slack.dm("<!channel> heads up")
        await slack.settle()
        await slack.dm("edit R1")
        await slack.settle()
        item = slack.api.ok("chat.postMessage")[-1]
        sections = [b["text"] for b in item.args["blocks"] if b["type"] == "section"]
        assert "Amendment: <!channel> heads up" in "\n".join(t["text"] for t in sections if t["type"] == "plain_text")
        assert not any(t["type"] == "mrkdwn" for t in sections)
        assert "<!channel>" not in item.args["text"]


class TestCoordinators:
    async def _draft(self, slack: Workspace) -> None:
        async with slack.store.uow() as uow:
            await uow.rounds.add(make_round("dao2", status=RoundStatus.DRAFT))
            await uow.commit()

    @pytest.mark.parametrize("command", ["open dao2", "remind dao"])
    async def test_a_delegate_is_refused_and_nothing_happens(self, slack: Workspace, command: str) -> None:
        """A delegate's /consult open or remind gets an ephemeral refusal; no round, outbox or audit change."""
        await self._draft(slack)
        await slack.join("FRA", user="U1")
        mark = len(slack.api.calls)
        before = (
            slack.store.state.rounds["dao2"].status,
            len(slack.store.state.deliveries),
            len(slack.store.state.audit),
        )
        await slack.command(command, user="U1")
        await slack.settle()
        assert slack.ephemeral(since=mark) == ["You are not allowed to do that."]
        assert slack.posted(since=mark) == []
        after = (
            slack.store.state.rounds["dao2"].status,
            len(slack.store.state.deliveries),
            len(slack.store.state.audit),
        )
        assert after == before

    async def test_a_coordinator_opens_a_round_and_sends_reminders(self, slack: Workspace) -> None:
        """The same commands from a coordinator open the round, queue invitations and reminders."""
        await self._draft(slack)
        await slack.join("FRA", user="U1")
        await slack.join("UNS", user="U9", role=Role.COORDINATOR)
        mark = len(slack.api.calls)
        await slack.command("open dao2", user="U9")
        await slack.settle()
        assert slack.store.state.rounds["dao2"].status is RoundStatus.OPEN
        assert slack.posted(since=mark, user="U9") == ["Round dao2 is open: 1 invitations queued to 2 delegations."]
        await slack.command("remind dao", user="U9")
        await slack.settle()
        assert "Round dao: 1 reminder queued." in slack.posted(user="U9")
        kinds = sorted(d.kind for d in slack.store.state.deliveries.values())
        assert kinds == ["invitation", "reminder"]
        assert all(
            d.status is DeliveryStatus.PENDING and d.address.chat == "DU1"
            for d in slack.store.state.deliveries.values()
        )
        assert [e.action for e in slack.store.state.audit] == ["open", "remind"]
        assert slack.ephemeral(since=mark) == []

    async def test_status_of_a_round_for_a_coordinator(self, slack: Workspace) -> None:
        """/consult status ROUND shows every delegation's progress to a coordinator."""
        await slack.join("UNS", user="U9", role=Role.COORDINATOR)
        await slack.command("status dao", user="U9")
        await slack.settle()
        assert "0 submitted" in slack.posted(user="U9")[-1]

    async def test_an_uninvited_person_is_told_how_to_join(self, slack: Workspace) -> None:
        """Any /consult command from an unknown account: the not-invited message, ephemeral."""
        await slack.command("status dao", user="U5")
        await slack.settle()
        [refusal] = slack.ephemeral()
        assert refusal.startswith("This account is not linked to a delegation yet.")
