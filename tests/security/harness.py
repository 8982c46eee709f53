"""Runs corpus cases against `consultbot run`: sends each request, collects what the bot said, dumps the database."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import html
import itertools
import json
import re
import time
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any
from urllib.parse import quote

import httpx
from sqlalchemy import update
from sqlalchemy.pool import NullPool

from adapters.slack.render import texts as slack_texts
from bot.coordinator import rounds as coordination
from bot.domain.model import Role
from bot.i18n.catalogue import EN
from bot.outreach.joining import hash_code
from storage import create_engine_for
from storage.tables import InvitationRow
from tests.fakes.slack_api import FakeSlackApi
from tests.fakes.telegram_api import FakeTelegramAPI
from tests.reliability.people import SlackPeer, peer_for, slack_fixture
from tests.reliability.service import SIGNING_SECRET, WEBHOOK_SECRET, Service
from tests.reliability.world import SEEDER, Dump, a_round, changes, dump, run, seed, utc_now
from tests.security.corpus import FORM, JSON, SLUG, Case, Request

POOL = 30
FRA_TG = [810_001 + i for i in range(POOL)]
FRA_SLACK = [f"U8{i:03d}" for i in range(POOL)]
VICTIM_TG, VICTIM_SLACK = 820_001, "U8201"
COORDINATOR_TG, DIGEST_TG = 830_001, 830_002
#: What a case may leave changed without saying: the marks of processed events.
MARKS = "inbound_events"


def bound_people() -> list[tuple[str, Role, str, str, str]]:
    """Everyone already joined: (stakeholder, role, channel, account, chat)."""
    people = [("FRA", Role.DELEGATE, "telegram", str(a), str(a)) for a in FRA_TG]
    people += [("FRA", Role.DELEGATE, "slack", f"T1:{u}", f"D{u}") for u in FRA_SLACK]
    people += [
        ("BRA", Role.DELEGATE, "telegram", str(VICTIM_TG), str(VICTIM_TG)),
        ("BRA", Role.DELEGATE, "slack", f"T1:{VICTIM_SLACK}", f"D{VICTIM_SLACK}"),
        ("UNS", Role.COORDINATOR, "telegram", str(COORDINATOR_TG), str(COORDINATOR_TG)),
        ("ODSG", Role.DIGEST, "telegram", str(DIGEST_TG), str(DIGEST_TG)),
    ]
    return people


async def prepare(url: str) -> dict[str, str]:
    """The world of the corpus; returns the invitation codes by name."""
    rounds = [a_round(SLUG, items=2), a_round("other", items=1, audience=["AFG"]), a_round("draft", items=1)]
    rounds.append(a_round("shut", items=1))
    await seed(url, rounds=rounds)
    for slug in (SLUG, "other", "shut"):  # before anyone joins: no invitation goes out during the corpus
        await run(url, lambda uow, now, slug=slug: coordination.open_round(uow, SEEDER, slug, now))
    await run(url, lambda uow, now: coordination.close_round(uow, SEEDER, "shut", now))
    invited = await seed(
        url, people=[("DEU", Role.DELEGATE), ("ITA", Role.DELEGATE), ("ESP", Role.DELEGATE)], bound=bound_people()
    )
    valid, expired = invited[0].code, invited[1].code
    used = invited[3].code  # the code a bound delegate joined with
    await _expire(url, expired)
    # Codes are read case-blind (Crockford base32: "7k3m" is "7K3M"); one symbol off is another code.
    typo = valid[:-1] + ("0" if valid[-1] != "0" else "1")
    return {
        "valid": valid,
        "valid-typo": typo,
        "valid-zw": valid[:5] + "\u200b" + valid[5:],
        "expired": expired,
        "used": used,
    }


async def _expire(url: str, code: str) -> None:
    """Age an invitation past its expiry (no port does that: the test writes the row itself)."""
    engine = create_engine_for(url, poolclass=NullPool)
    try:
        async with engine.begin() as connection:
            statement = update(InvitationRow).where(InvitationRow.code_hash == hash_code(code))
            await connection.execute(statement.values(expires_at=utc_now() - timedelta(days=1)))
    finally:
        await engine.dispose()


@dataclass
class Sent:
    """What was last sent to Slack, to replay it byte for byte."""

    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Hostile:
    """The running service, the fakes, and the bookkeeping that lets each case be checked alone."""

    url: str
    service: Service
    telegram: FakeTelegramAPI
    slack: FakeSlackApi
    codes: dict[str, str]
    peer: SlackPeer = field(init=False)
    last: Sent = field(default_factory=Sent)
    strangers: itertools.count[int] = field(default_factory=lambda: itertools.count(900_001))
    serial: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    turn: int = 0

    def __post_init__(self) -> None:
        self.peer = peer_for(self.service, self.slack)

    # -- running one case ------------------------------------------------------------------------

    async def check(self, case: Case) -> list[str]:
        """Run the case; the problems found (empty when it got its answer and changed nothing else)."""
        self.turn += 1
        who = self._people(case)
        for step in case.setup:
            mark = self._mark()
            await self.send(step, who)
            await self._quiet(step, answered_since=mark)  # every set-up step is answered
        before = await self._dump()
        mark = self._mark()
        status = await self.send(case.request, who)
        problems = [] if status == case.status else [f"HTTP {status}, expected {case.status}"]
        shown = await self._answer(case, mark)
        problems += self._judge_answer(case, shown, mark)
        await self._quiet(case.request)
        problems += self._judge_changes(case, before, await self._dump())
        if case.setup or case.stores or case.spares:
            # Out of the comment step it was left in, so that the account's next text is read as such.
            reset = Request("tg-text" if case.request.via.startswith("tg-") else "slack-dm", who=case.request.who)
            mark = self._mark()
            await self.send(_with_text(reset, "review"), who)
            await self._quiet(reset, answered_since=mark)
        return problems

    def _people(self, case: Case) -> dict[str, Any]:
        """The accounts this case speaks with (a different delegate each turn; a new stranger each case)."""
        index, stranger = self.turn % POOL, next(self.strangers)
        telegram = {"delegate": FRA_TG[index], "victim": VICTIM_TG, "coordinator": COORDINATOR_TG, "digest": DIGEST_TG}
        slack = {"delegate": FRA_SLACK[index], "victim": VICTIM_SLACK}
        who = case.request.who
        return {
            "tg": telegram.get(who, stranger),
            "slack": slack.get(who, f"UX{stranger}"),
            "team": "T2" if who == "foreign-team" else "T1",
        }

    # -- sending ---------------------------------------------------------------------------------

    async def send(self, request: Request, who: dict[str, Any]) -> int:
        """Send one request; the HTTP status the service answered."""
        text = request.text.format(**self.codes) if "{" in request.text else request.text
        if request.via.startswith("tg-"):
            return await self._telegram(request, who["tg"], text)
        return await self._slack(request, who["slack"], who["team"], text)

    async def _telegram(self, request: Request, user: int, text: str) -> int:
        if request.via == "tg-text":
            body = json.dumps(self.telegram.text_update(user, text))
        elif request.via == "tg-press":
            body = json.dumps(self._press_update(user, request.data, request.chat_of))
        else:
            kind, _, rest = request.body.partition(":")
            if kind == "text":
                body = json.dumps(self.telegram.text_update(user, rest))
            elif kind == "press":
                body = json.dumps(self._press_update(user, rest, ""))
            else:
                body = rest
        headers: dict[bytes, bytes] = {b"content-type": b"application/json"}  # bytes: a secret may not be ASCII
        url = f"{self.service.http}/telegram/webhook"
        secret = _telegram_secret(request.sign, self.telegram.token)
        if request.sign == "misspelt-header":
            headers[b"X-Telegram-Bot-Api-Secret"] = WEBHOOK_SECRET.encode()
        elif request.sign == "in-query":
            url += f"?secret_token={WEBHOOK_SECRET}"
        elif secret is not None:
            headers[b"X-Telegram-Bot-Api-Secret-Token"] = secret.encode()  # a lookalike is not ASCII
        async with httpx.AsyncClient(timeout=60) as client:
            answer = await client.post(url, content=body.encode("utf-8", "surrogateescape"), headers=headers)
        return answer.status_code

    def _press_update(self, user: int, data: str, chat_of: str) -> dict[str, Any]:
        chat = VICTIM_TG if chat_of == "victim" else user
        message = {
            "message_id": next(self.serial),
            "date": int(time.time()),
            "chat": {"id": chat, "type": "private"},
            "from": {"id": 123456, "is_bot": True, "first_name": "Consult"},
            "text": "R2 · Recommendation 2",
        }
        update = self.telegram.press_update(user, message, "x")
        update["callback_query"]["data"] = data
        return update

    async def _slack(self, request: Request, user: str, team: str, text: str) -> int:
        if request.replay:
            body, headers = self.last.body, dict(self.last.headers)
            if request.retry:
                headers |= {"x-slack-retry-num": str(request.retry), "x-slack-retry-reason": "http_timeout"}
            return await self._post(body, headers)
        if request.via == "slack-raw":
            kind, _, rest = request.body.partition(":")
            payload = {
                "dm": lambda: self._dm(user, team, rest, True),
                "command": lambda: self._command(user, team, rest),
            }
            payload["press"] = lambda: self._press(user, team, rest, "")
            body_text = payload[kind]() if kind in payload and request.body != "" else request.body
        elif request.via == "slack-dm":
            body_text = self._dm(user, team, text, request.escaped)
        elif request.via == "slack-command":
            body_text = self._command(user, team, text)
        else:
            body_text = self._press(user, team, request.data, request.chat_of)
        body = body_text.encode("utf-8", "surrogateescape")
        kind = {"slack-dm": JSON, "slack-command": FORM, "slack-press": FORM}.get(request.via, request.content_type)
        headers = _slack_headers(body, kind, request.sign)
        if request.sign == "tampered-body":
            body += b" "
        if request.retry:
            headers |= {"x-slack-retry-num": str(request.retry), "x-slack-retry-reason": "http_timeout"}
        self.last = Sent(body, headers)
        return await self._post(body, headers)

    async def _post(self, body: bytes, headers: dict[str, str]) -> int:
        async with httpx.AsyncClient(timeout=60) as client:
            answer = await client.post(f"{self.service.http}/slack/events", content=body, headers=headers)
        return answer.status_code

    def _dm(self, user: str, team: str, text: str, escaped: bool) -> str:
        body = slack_fixture("message_im")
        shown = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") if escaped else text
        body["team_id"] = team
        body["event"] |= {"text": shown, "user": user, "channel": f"D{user}", "team": team}
        body["event_id"] = f"Ev{next(self.serial)}"
        return json.dumps(body)

    def _command(self, user: str, team: str, text: str) -> str:
        return self.peer.command(user, text, trigger=f"trigger-{next(self.serial)}").replace(
            "team_id=T1", f"team_id={team}"
        )

    def _press(self, user: str, team: str, value: str, chat_of: str) -> str:
        chat = f"D{VICTIM_SLACK}" if chat_of == "victim" else f"D{user}"
        payload = slack_fixture("block_actions")
        ts = f"1800000000.{next(self.serial):06d}"
        payload["user"] |= {"id": user, "team_id": team}
        payload["team"]["id"] = team
        payload["container"] |= {"message_ts": ts, "channel_id": chat}
        payload["channel"]["id"] = chat
        payload["message"] |= {"ts": ts}
        button = {"action_id": "consult.0", "type": "button", "text": {"type": "plain_text", "text": "x"}}
        payload["actions"] = [{**button, "value": value, "block_id": "b", "action_ts": f"{time.time():.6f}"}]
        payload["trigger_id"] = f"trigger-{next(self.serial)}"
        return "payload=" + quote(json.dumps(payload))

    # -- reading what happened -------------------------------------------------------------------

    def _mark(self) -> tuple[int, int]:
        return len(self.telegram.calls), len(self.slack.calls)

    def _said(self, mark: tuple[int, int]) -> list[tuple[str, str, str]]:
        """What the bot said since `mark`: (channel, as sent, as shown)."""
        said = []
        for call in self.telegram.calls[mark[0] :]:
            if call.method in ("sendmessage", "editmessagetext", "sendphoto"):
                sent = str(call.params.get("text") or call.params.get("caption") or "")
                shown = html.unescape(re.sub(r"<[^>]*>", "", sent)).replace("\u2060", "")  # word joiners: invisible
                said.append(("telegram", sent, shown))
        for slack_call in self.slack.calls[mark[1] :]:
            if slack_call.method in ("chat.postMessage", "respond", "chat.update"):
                blocks = slack_call.args.get("blocks") or []
                # Slack parses only mrkdwn: the notification text and any mrkdwn object. plain_text shows as sent.
                parsed = [str(slack_call.args.get("text", "")), *_mrkdwn_texts(blocks)]
                said.append(("slack", "\n".join(parsed), slack_texts(blocks)))
        return said

    async def _answer(self, case: Case, mark: tuple[int, int]) -> list[tuple[str, str, str]]:
        """Wait for the expected answer (Slack answers after its ack); for none, a moment of silence.

        Telegram's webhook answers once the update is handled, and a refused request is refused
        before anything runs: silence is then immediate. A Slack request acknowledged with 200 may
        still be at work in the background: silence takes a while to prove.
        """
        background = case.request.via.startswith("slack") and case.status == 200
        deadline = time.monotonic() + (20 if case.answer else 0.8 if background else 0)
        while time.monotonic() < deadline:
            said = self._said(mark)
            if case.answer and any(_matches(case.answer, shown) for _, _, shown in said):
                await asyncio.sleep(0.1)
                return self._said(mark)
            await asyncio.sleep(0.05)
        return self._said(mark)

    def _judge_answer(self, case: Case, said: list[tuple[str, str, str]], mark: tuple[int, int]) -> list[str]:
        problems = []
        refused = [c for c in self.telegram.calls[mark[0] :] if c.method == "sendmessage" and c.status != 200]
        if refused:
            problems.append(f"Telegram refused what the bot sent: {[c.status for c in refused]}")
        if not case.answer:
            if said:
                problems.append(f"expected silence, the bot said {[s for _, _, s in said]}")
            return problems
        answers = [(channel, sent, shown) for channel, sent, shown in said if _matches(case.answer, shown)]
        if not answers:
            problems.append(f"expected {case.answer!r}, the bot said {[s[:120] for _, _, s in said]}")
        for channel, sent, shown in answers:
            if case.shows and case.shows not in shown:
                problems.append(f"the answer does not show {case.shows!r} as typed: {shown[:200]!r}")
            if channel == "slack" and "<" in sent:
                problems.append(f"a Slack token or link could fire: {sent[:200]!r}")
        return problems

    async def _dump(self) -> Dump:
        return await dump(self.url)

    async def _quiet(self, request: Request, *, answered_since: tuple[int, int] | None = None) -> None:
        """Let Slack's background answers finish: no call to the fakes for a short while (Telegram's webhook
        has answered when the request returns). With `answered_since`, a reply is expected: wait for the
        first call after that mark before the silence counts (on a busy machine the work after Slack's
        ack can take longer than the silence, and would then land in the next case's snapshot)."""
        if request.via.startswith("tg-"):
            return
        if answered_since is not None:
            for _ in range(100):
                if self._mark() != answered_since:
                    break
                await asyncio.sleep(0.1)
        last = self._mark()
        for _ in range(40):
            await asyncio.sleep(0.15)
            now = self._mark()
            if now == last:
                return
            last = now

    def _judge_changes(self, case: Case, before: Dump, after: Dump) -> list[str]:
        found = {t: c for t, c in changes(before, after).items() if t != MARKS}
        problems = []
        if case.spares:
            if "identities" in found:
                problems.append(f"identities changed: {found['identities']}")
            for table, (gone, added) in found.items():
                touched = [r for r in gone + added if case.spares in r]
                if touched:
                    problems.append(f"{case.spares}'s rows changed in {table}: {touched}")
            for table, count in case.effects.items():
                gone, added = found.get(table, ([], []))
                if len(added) - len(gone) != count:
                    problems.append(f"{table}: expected {count} new rows, got {len(added) - len(gone)}")
            return problems
        if case.stores:
            allowed = {"responses", "revisions", "conversations"}
            comments = [r for r in after["responses"] if case.stores in r]
            if not comments:
                problems.append(f"the comment {case.stores!r} was not stored as typed")
            found = {t: c for t, c in found.items() if t not in allowed}
        for table, (gone, added) in found.items():
            expected = case.effects.get(table, 0)
            if gone or len(added) != expected:
                problems.append(f"{table} changed: gone {gone[:3]}, added {added[:3]}")
        for table, count in case.effects.items():
            if table not in found and count:
                problems.append(f"{table}: expected {count} new rows, none")
        return problems


def _matches(key: str, shown: str) -> bool:
    """True if `shown` holds the catalogue text of `key` (its fixed parts, in order)."""
    source = EN[key]
    if isinstance(source, tuple):  # a plural: either form
        return any(_matches_text(form, shown) for form in source)
    return _matches_text(source, shown)


def _matches_text(template: str, shown: str) -> bool:
    parts = [p for p in re.split(r"\{[^}]*\}", template) if p.strip()]
    at = 0
    for part in parts:
        found = shown.find(part.strip(), at)
        if found < 0:
            return False
        at = found + len(part.strip())
    return True


def _telegram_secret(variant: str, token: str) -> str | None:
    return {
        "valid": WEBHOOK_SECRET,
        "missing": None,
        "empty": "",
        "wrong": "wrong_secret_0000000000000",
        "prefix": WEBHOOK_SECRET[:-1],
        "suffix": WEBHOOK_SECRET + "x",
        "swapped-case": WEBHOOK_SECRET.swapcase(),
        "padded": f"{WEBHOOK_SECRET} {WEBHOOK_SECRET}",
        "slack-secret": SIGNING_SECRET,
        "bot-token": token,
        "lookalike": WEBHOOK_SECRET.replace("e", "е"),  # Cyrillic e
        "misspelt-header": None,
        "in-query": None,
    }[variant]


def _slack_headers(body: bytes, content_type: str, variant: str) -> dict[str, str]:
    now = int(time.time())
    timestamp = {"stale-6min": now - 360, "stale-1day": now - 86_400, "future-6min": now + 360}.get(variant, now)
    stamp = "yesterday" if variant == "timestamp-text" else str(timestamp)
    secret = "not-the-signing-secret" if variant == "wrong-secret" else SIGNING_SECRET
    signed = b"{}" if variant == "other-body" else body
    digest = hmac.new(secret.encode(), b"v0:" + stamp.encode() + b":" + signed, hashlib.sha256).hexdigest()
    signature = {
        "empty-signature": "",
        "zero-signature": "v0=" + "0" * 64,
        "v1-signature": f"v1={digest}",
        "upper-hex": f"v0={digest.upper()}",
    }.get(variant, f"v0={digest}")
    headers = {"content-type": content_type, "x-slack-request-timestamp": stamp, "x-slack-signature": signature}
    if variant == "no-signature":
        del headers["x-slack-signature"]
    if variant == "no-timestamp":
        del headers["x-slack-request-timestamp"]
    return headers


def _with_text(request: Request, text: str) -> Request:
    return Request(request.via, who=request.who, text=text)


def _mrkdwn_texts(value: object) -> list[str]:
    """Every mrkdwn text object's text in blocks (what Slack would parse for tokens and links)."""
    if isinstance(value, dict):
        own = [str(value.get("text", ""))] if value.get("type") == "mrkdwn" else []
        return own + [t for v in value.values() for t in _mrkdwn_texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _mrkdwn_texts(v)]
    return []
