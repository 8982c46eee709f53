"""Scripted people: Slack's signed HTTP side, each person's chat as the fakes show it, and delegates
who read their screen and act on it (pressing again, or typing "continue", when the bot says nothing).
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import json
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote, urlencode

import httpx
from slack_sdk.signature import SignatureVerifier

from adapters.slack.render import texts as slack_texts
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.reliability.service import SIGNING_SECRET, Service

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "slack"
PUSH_TITLES = ("Consultation:", "Reminder:")
#: An acknowledgement: a message of its own, or on Telegram a line under the question it answers ("✓ R1 recorded: ...").
RECORDED = re.compile(r"^(?:✓ )?(\S+) (recorded|unchanged): (.+)\.$", re.MULTILINE)
COMMENT_SAVED = re.compile(r"^Comment on (\S+) (?:already )?saved\.$", re.MULTILINE)
RECEIPT = re.compile(r"Receipt number: (\S+)\.")


def slack_fixture(name: str) -> dict[str, Any]:
    """A recorded Slack payload (a fresh copy)."""
    data: dict[str, Any] = json.loads((FIXTURES / f"{name}.json").read_text())
    return data


@dataclass
class SlackPeer:
    """Slack's side of HTTP events: signs and posts to the service, retries like Slack when it is down."""

    base: str
    secret: str
    team: str = "T1"
    #: Where slash-command answers go (the fake Slack's response URLs); None: a closed port.
    respond: Callable[[str], str] | None = None
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def headers(self, body: str, content_type: str, *, age: float = 0, secret: str | None = None) -> dict[str, str]:
        """Slack's headers for the body, signed now (or `age` seconds ago, or with another secret)."""
        timestamp = str(int(time.time() - age))
        signature = SignatureVerifier(secret or self.secret).generate_signature(timestamp=timestamp, body=body)
        assert signature is not None  # None only without a timestamp or a body
        return {"content-type": content_type, "x-slack-request-timestamp": timestamp, "x-slack-signature": signature}

    async def post(
        self, body: str, content_type: str, *, retry: int = 0, headers: dict[str, str] | None = None, **sign: Any
    ) -> httpx.Response:
        """POST /slack/events once (signed unless `headers` are given)."""
        sent = headers if headers is not None else self.headers(body, content_type, **sign)
        if retry:
            sent = sent | {"x-slack-retry-num": str(retry), "x-slack-retry-reason": "http_timeout"}
        async with httpx.AsyncClient(timeout=10) as client:
            return await client.post(f"{self.base}/slack/events", content=body.encode(), headers=sent)

    async def deliver(self, body: str, content_type: str, *, patience: float = 120) -> httpx.Response:
        """POST until the service answers (Slack retries with X-Slack-Retry-Num; a person presses again)."""
        deadline = time.monotonic() + patience
        attempt = 0
        while True:
            try:
                return await self.post(body, content_type, retry=attempt)
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                attempt += 1
                await asyncio.sleep(0.5)

    # -- payloads --------------------------------------------------------------------------------

    def command(self, user: str, text: str, *, trigger: str = "") -> str:
        """`/consult TEXT` as a form body."""
        n = next(self.ids)
        form = slack_fixture("slash_command") | {
            "text": text,
            "user_id": user,
            "team_id": self.team,
            "trigger_id": trigger or f"trigger-{user}-{n}",
            "response_url": self.respond(f"{user}-{n}") if self.respond else f"http://127.0.0.1:9/respond/{user}-{n}",
        }
        return urlencode(form)

    def dm(self, user: str, text: str, *, event_id: str = "") -> str:
        """A direct message to the bot (Events API JSON); Slack escapes &, < and >."""
        body = slack_fixture("message_im")
        escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        body["team_id"] = self.team
        body["event"] |= {"text": escaped, "user": user, "channel": f"D{user}", "team": self.team}
        body["event_id"] = event_id or f"Ev{user}{next(self.ids)}"
        return json.dumps(body)

    def press(self, user: str, ts: str, message: dict[str, Any], button: dict[str, Any]) -> str:
        """A block_actions payload for a press on `button` of the message `ts` in the user's DM."""
        payload = slack_fixture("block_actions")
        chat = f"D{user}"
        payload["user"] |= {"id": user, "team_id": self.team}
        payload["team"]["id"] = self.team
        payload["container"] |= {"message_ts": ts, "channel_id": chat}
        payload["channel"]["id"] = chat
        payload["message"] |= {"ts": ts, "text": message.get("text", ""), "blocks": message.get("blocks", [])}
        payload["actions"] = [{**button, "block_id": "b", "action_ts": f"{int(time.time())}.{next(self.ids):06d}"}]
        payload["trigger_id"] = f"trigger-{user}-{next(self.ids)}"
        return "payload=" + quote(json.dumps(payload))


def peer_for(service: Service, slack: FakeSlackApi | None = None) -> SlackPeer:
    """Slack's side for this service (slash-command answers to the fake's response URLs)."""
    return SlackPeer(base=service.http, secret=SIGNING_SECRET, respond=slack.response_url if slack else None)


FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


@dataclass(frozen=True)
class Screen:
    """One message the bot shows a person, as the platform shows it now."""

    index: int
    text: str
    buttons: tuple[str, ...]
    raw: Any

    @property
    def title(self) -> str:
        """The first line (titles are the first line on both channels)."""
        return self.text.strip().splitlines()[0].strip("* ") if self.text.strip() else ""

    @property
    def is_push(self) -> bool:
        """An invitation or a reminder (from the outbox), not an answer to what the person did."""
        return self.title.startswith(PUSH_TITLES)

    def button(self, label: str) -> str | None:
        """The button whose label is `label` (a leading ✓ ignored), or starts with it."""
        plain = [b.removeprefix("✓ ") for b in self.buttons]
        for exact in (True, False):
            for shown, name in zip(self.buttons, plain, strict=True):
                if (name == label) if exact else name.startswith(label):
                    return shown
        return None


class Chat(Protocol):
    """A person's conversation with the bot on one channel."""

    name: str

    def screens(self) -> list[Screen]: ...

    async def press(self, screen: Screen, label: str) -> None: ...

    async def say(self, text: str) -> None: ...


@dataclass
class TelegramChat:
    """A Telegram user talking to the bot through the fake Bot API (updates queued for getUpdates)."""

    api: FakeTelegramAPI
    user: int
    name: str = ""

    def screens(self) -> list[Screen]:
        """What the chat shows, oldest first."""
        return [
            Screen(
                index=i,
                text=m.get("text") or m.get("caption") or "",
                buttons=tuple(b["text"] for row in m.get("reply_markup", {}).get("inline_keyboard", []) for b in row),
                raw=m,
            )
            for i, m in enumerate(self.api.messages(str(self.user)))
        ]

    async def press(self, screen: Screen, label: str) -> None:
        """Press a button of a message (a callback query update)."""
        for row in screen.raw.get("reply_markup", {}).get("inline_keyboard", []):
            for button in row:
                if button["text"] == label:
                    self.api.queue(self.api.press_update(self.user, screen.raw, button["callback_data"]))
                    return
        raise LookupError(label)

    async def say(self, text: str) -> None:
        """Send a text message."""
        self.api.say(self.user, text, name=self.name or f"Delegate {self.user}")


@dataclass
class SlackChat:
    """A Slack user in their DM with the bot; requests are signed and retried while the service is down."""

    api: FakeSlackApi
    peer: SlackPeer
    user: str
    name: str = ""

    def screens(self) -> list[Screen]:
        """The DM's messages as Slack holds them now (chat.update replaces), oldest first."""
        chat = f"D{self.user}"
        found = []
        for i, ((channel, _ts), m) in enumerate((k, v) for k, v in self.api.messages.items() if k[0] == chat):
            del channel
            buttons = tuple(
                e["text"]["text"] for b in m.get("blocks", []) if b.get("type") == "actions" for e in b["elements"]
            )
            found.append(Screen(index=i, text=_unescape(slack_texts(m.get("blocks", []))), buttons=buttons, raw=m))
        return found

    async def press(self, screen: Screen, label: str) -> None:
        """Press a button (block_actions)."""
        for block in screen.raw.get("blocks", []):
            for button in block.get("elements", []) if block.get("type") == "actions" else []:
                if button["text"]["text"] == label:
                    await self.peer.deliver(self.peer.press(self.user, screen.raw["ts"], screen.raw, button), FORM)
                    return
        raise LookupError(label)

    async def say(self, text: str) -> None:
        """Write in the DM (a message event)."""
        await self.peer.deliver(self.peer.dm(self.user, text), JSON)

    async def command(self, text: str) -> None:
        """`/consult TEXT`."""
        await self.peer.deliver(self.peer.command(self.user, text), FORM)


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


@dataclass
class Plan:
    """What one delegate does: a position per recommendation, comments on some, submit or stop."""

    positions: dict[str, str]  # ref -> position label
    comments: dict[str, str] = field(default_factory=dict)  # ref -> comment typed
    submit: bool = True
    stop_at: str = ""  # stop when this recommendation is on screen (without answering it)


@dataclass
class Delegate:
    """Reads the newest screen and does what the plan says; nudges with "continue" when nothing comes."""

    chat: Chat
    plan: Plan
    patience: float = 25.0
    actions: int = 0
    nudges: int = 0
    done: bool = False
    log: list[str] = field(default_factory=list)

    def dialogue(self) -> list[Screen]:
        """The screens that answer the person (pushes left out)."""
        return [s for s in self.chat.screens() if not s.is_push]

    def decide(self) -> tuple[str, Callable[[], Awaitable[None]]] | None:
        """The next thing to do ("wait" when there is nothing to act on yet), or None when done."""
        screens = self.chat.screens()
        answers = [s for s in screens if not s.is_push]
        newest = answers[-1] if answers else None
        if newest is not None and newest.title.startswith("Receipt"):
            return None
        actionable = next((s for s in reversed(answers) if s.buttons), None)
        if actionable is None:
            push = next((s for s in reversed(screens) if s.is_push and s.button("Continue")), None)
            if push is None:
                return "wait", _pause
            return "continue", lambda: self.chat.press(push, push.button("Continue") or "")
        if newest is not None and newest.index > actionable.index:
            return "nudge", lambda: self.chat.say("continue")  # an answer without buttons came last
        screen = actionable
        if screen.button("No comment"):
            ref = _asks_comment_on(screen.text)
            if ref in self.plan.comments and ref not in self.comments_acknowledged():
                comment = self.plan.comments[ref]
                return f"comment {ref}", lambda: self.chat.say(comment)
            return f"no comment {ref}", lambda: self.chat.press(screen, screen.button("No comment") or "")
        # A comment planned on an answer just recorded: its "Add a comment" button, on the acknowledgement.
        said = self.comments_acknowledged()
        for ref in (r for r in self.plan.comments if r not in said):
            holder = next((s for s in reversed(answers) if s.button(f"Add a comment on {ref}")), None)
            if holder is not None:
                label = holder.button(f"Add a comment on {ref}") or ""
                return f"add a comment {ref}", functools.partial(self.chat.press, holder, label)
        ref = screen.title.split(" · ", 1)[0] if " · " in screen.title else ""
        if ref in self.plan.positions:
            if ref == self.plan.stop_at:
                asked = [r for r in self.plan.comments if r not in said and f"add a comment {r}" in self.log]
                if asked and "review" not in self.log[_last(self.log, f"add a comment {asked[0]}") :]:
                    # Its acknowledgement may have been lost in a restart: look at the review, as a person would.
                    return "review", lambda: self.chat.say("review")
                if asked:  # the comment's prompt has not come yet (or was lost): ask to see it again
                    return "nudge", lambda: self.chat.say("continue")
                return None
            position = screen.button(self.plan.positions[ref])
            if position is not None:
                return f"answer {ref}", lambda: self.chat.press(screen, position)
        submit = screen.button("Submit")
        if submit is not None:
            return ("submit", lambda: self.chat.press(screen, submit)) if self.plan.submit else None
        for label in ("Go to", "Continue"):
            found = screen.button(label)
            if found is not None:
                return label.lower(), functools.partial(self.chat.press, screen, found)
        return "nudge", lambda: self.chat.say("continue")

    async def run(self, *, deadline: float) -> None:
        """Act until the plan is complete (or the deadline passes)."""
        while time.monotonic() < deadline:
            step = self.decide()
            if step is None:
                self.done = True
                return
            what, act = step
            if what == "wait":
                await act()
                continue
            before = self.chat.screens()
            self.log.append(what)
            self.actions += 1
            await act()
            if not await self._answered(before, min(self.patience, max(deadline - time.monotonic(), 0))):
                self.nudges += 1
                self.log.append("(no answer: nudge)")
                await self.chat.say("continue")
                await self._answered(before, min(self.patience, max(deadline - time.monotonic(), 0)))

    async def _answered(self, before: list[Screen], within: float) -> bool:
        """Wait for a new answer with buttons (or a receipt) after the screens seen `before`."""
        seen = len([s for s in before if not s.is_push])
        end = time.monotonic() + within
        while time.monotonic() < end:
            answers = self.dialogue()
            fresh = answers[seen:]
            if any(s.buttons or s.title.startswith("Receipt") for s in fresh):
                await self._quiet()  # the rest of a multi-message answer (e.g. "R1 recorded" then R2 on Slack)
                return True
            await asyncio.sleep(0.25)
        return False

    async def _quiet(self, *, period: float = 1.5, at_most: float = 5.0) -> None:
        """Wait until no new message has come for `period` seconds (at most `at_most`): an answer of
        several messages ("R1 recorded", then R2, on Slack; a chat is paced at one message a second) is
        read whole, so the person acts on its last screen, not its first."""
        end = time.monotonic() + at_most
        count = len(self.chat.screens())
        quiet_since = time.monotonic()
        while time.monotonic() < end and time.monotonic() - quiet_since < period:
            await asyncio.sleep(0.1)
            now = len(self.chat.screens())
            if now != count:
                count, quiet_since = now, time.monotonic()

    # -- what the person saw ---------------------------------------------------------------------

    def acknowledged(self) -> dict[str, str]:
        """Every position the bot confirmed to this person: ref -> label (the last one wins)."""
        seen: dict[str, str] = {}
        for screen in self.dialogue():
            for ref, _, label in RECORDED.findall(screen.text):
                seen[ref] = label
        return seen

    def comments_acknowledged(self) -> set[str]:
        """Refs whose comment the bot confirmed saved, or a review showed."""
        screens = self.dialogue()
        reviewed = {
            ref
            for s in screens
            if s.title.startswith("Review")
            for ref, comment in self.plan.comments.items()
            if f"comment: {comment}" in s.text
        }
        return reviewed | {ref for s in screens for ref in COMMENT_SAVED.findall(s.text)}

    def receipts(self) -> set[str]:
        """Receipt numbers the person was shown."""
        return {r for s in self.dialogue() for r in RECEIPT.findall(s.text)}


def _last(log: list[str], entry: str) -> int:
    """Where `entry` last is in the log (0 if it is not)."""
    return max((i for i, e in enumerate(log) if e == entry), default=0)


async def _pause() -> None:
    await asyncio.sleep(0.5)


def _asks_comment_on(text: str) -> str:
    found = re.search(r"Add a comment on (\S+) if you wish", text)
    return found.group(1) if found else ""
