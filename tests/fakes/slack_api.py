"""A fake Slack Web API on 127.0.0.1: answers like Slack, records every call, injects 429s and errors.

Point the real AsyncWebClient at `base_url` (it keeps the trailing slash). Besides `/api/{method}`, the
server plays the file upload URLs (`/upload/{file_id}`) and slash-command `response_url`s
(`/respond/{key}`), recorded as the pseudo-methods "upload" and "respond", and a Socket Mode
WebSocket (`apps.connections.open` with an xapp- token, then `push()` envelopes; acks land in `acks`).

As strict as Slack where its limits are documented or widely reported: blocks and views are checked
with slack_sdk's own Block Kit models (`Block.parse(...).to_dict()` and `View.to_dict()` run their
validators), a message holds at most 50 blocks (`invalid_blocks`) and at most about 12,000
characters of block text in all (`msg_blocks_too_long`, slackapi/bolt-js#2509 and #2867), its `text`
at most 40,000 (`msg_too_long`), a modal at most 100 blocks and inputs of at most 3,000 characters.
`check_message()` and `check_view()` apply the same rules to a payload without a server, and
`effects()` names what Slack would format in a message (bold, mention, emoji...) for the text tests.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

from aiohttp import web
from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

#: Form fields the Web API receives as JSON text.
_JSON_FIELDS = ("blocks", "files", "view", "attachments")
MESSAGE_BLOCKS, VIEW_BLOCKS, TEXT_BUDGET, TEXT_LIMIT, INPUT_LIMIT = 50, 100, 12_000, 40_000, 3000
#: What mrkdwn makes of text: (effect, pattern). A zero-width character beside a control character breaks it.
_MRKDWN = (
    ("bold", re.compile(r"(?<![\w*])\*[^\s*\u200b\u2060][^*\n]*\*")),
    ("italic", re.compile(r"(?<![\w_])_[^\s_\u200b\u2060][^_\n]*_")),
    ("strike", re.compile(r"(?<![\w~])~[^\s~\u200b\u2060][^~\n]*~")),
    ("code", re.compile(r"`[^`\u200b\u2060][^`]*`")),
    ("quote", re.compile(r"^(?:>|&gt;)", re.M)),
    ("emoji", re.compile(r":[a-z0-9_+-]+:")),
    ("mention", re.compile(r"<[!@#][^>]*>")),
    ("link", re.compile(r"<[a-z]+:[^>]*>|https?://")),
)


class Refused(Exception):
    """What Slack answers {"ok": false, "error": ...} for."""

    def __init__(self, error: str, detail: str = "") -> None:
        super().__init__(f"{error}: {detail}" if detail else error)
        self.error = error


def text_size(value: object) -> int:
    """Characters of text in blocks (every `text` string, buttons and contexts included)."""
    if isinstance(value, dict):
        return sum(len(v) if k == "text" and isinstance(v, str) else text_size(v) for k, v in value.items())
    if isinstance(value, list):
        return sum(text_size(v) for v in value)
    return 0


def check_blocks(blocks: Any, *, limit: int = MESSAGE_BLOCKS) -> None:
    """Each block as slack_sdk's models accept it; at most `limit` of them; inputs within 3,000."""
    if not isinstance(blocks, list) or len(blocks) > limit:
        raise Refused("invalid_blocks", f"{len(blocks) if isinstance(blocks, list) else '?'} blocks")
    for raw in blocks:
        try:
            parsed = Block.parse(raw)
            if parsed is None or parsed.to_dict().get("type") != raw.get("type"):
                raise Refused("invalid_blocks", f"unknown block {raw.get('type')!r}")
        except (SlackObjectFormationError, KeyError, TypeError, AttributeError) as error:
            raise Refused("invalid_blocks", str(error)) from error
        element = raw.get("element") or {}
        if element.get("type") == "plain_text_input" and not 1 <= element.get("max_length", INPUT_LIMIT) <= INPUT_LIMIT:
            raise Refused("invalid_blocks", "plain_text_input max_length must be 1-3000")


def check_message(args: dict[str, Any]) -> None:
    """chat.postMessage / chat.update: Block Kit rules, the 50-block and ~12,000-character budgets."""
    blocks = args.get("blocks")
    if len(str(args.get("text", ""))) > TEXT_LIMIT:
        raise Refused("msg_too_long")
    if blocks is not None:
        check_blocks(blocks)
        if text_size(blocks) > TEXT_BUDGET:
            raise Refused("msg_blocks_too_long", f"{text_size(blocks)} characters of text")
    elif not str(args.get("text", "")).strip():
        raise Refused("no_text")


def check_view(view: dict[str, Any]) -> None:
    """views.open: slack_sdk's View validators (title, submit, close, 100 blocks, private_metadata)."""
    try:
        View(**view).to_dict()
    except (SlackObjectFormationError, TypeError) as error:
        raise Refused("invalid_arguments", str(error)) from error
    check_blocks(view.get("blocks", []), limit=VIEW_BLOCKS)


def effects(message: dict[str, Any]) -> list[tuple[str, str]]:
    """What Slack would format or notify in a message: (effect, text) for mrkdwn texts, none for plain_text.

    The notification `text` counts as mrkdwn; a plain_text object with `emoji: true` turns :codes: into emoji.
    """
    found: list[tuple[str, str]] = []

    def scan(obj: object) -> None:
        if isinstance(obj, dict):
            if obj.get("type") == "mrkdwn" and isinstance(obj.get("text"), str):
                found.extend(_effects(obj["text"], verbatim=bool(obj.get("verbatim"))))
            elif obj.get("type") == "plain_text" and obj.get("emoji", True):
                found.extend(("emoji", m.group()) for m in _MRKDWN[5][1].finditer(str(obj.get("text", ""))))
            for value in obj.values():
                scan(value)
        elif isinstance(obj, list):
            for value in obj:
                scan(value)

    scan(message.get("blocks", []))
    found.extend(_effects(str(message.get("text", "")), verbatim=False))
    return found


def _effects(text: str, *, verbatim: bool) -> list[tuple[str, str]]:
    return [
        (effect, match.group())
        for effect, pattern in _MRKDWN
        if not (verbatim and effect == "link")
        for match in pattern.finditer(text)
    ]


@dataclass(frozen=True, slots=True)
class Call:
    """One request the fake received."""

    method: str
    args: dict[str, Any]
    ok: bool = True
    status: int = 200
    at: float = 0.0
    result: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class _Rule:
    method: str
    error: str
    channel: str | None
    times: int
    retry_after: int | None = None


@dataclass
class FakeSlackApi:
    """The fake server; use `async with FakeSlackApi() as api:`."""

    team_id: str = "T1"
    bot_user: str = "UBOT"
    calls: list[Call] = field(default_factory=list)
    #: The messages as Slack holds them now, by (channel, ts): chat.update replaces them.
    messages: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    _rules: list[_Rule] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    #: What Socket Mode clients sent back (one ack per envelope).
    acks: list[dict[str, Any]] = field(default_factory=list)
    _sockets: list[web.WebSocketResponse] = field(default_factory=list)
    #: The client ends (host, port) of the TCP connections Web API calls came over.
    connections: set[tuple[str, int]] = field(default_factory=set)
    _runner: web.AppRunner | None = None
    _port: int = 0

    async def __aenter__(self) -> Self:
        app = web.Application(middlewares=[self._note_connection])
        app.router.add_post("/api/{method}", self._api)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_post("/respond/{key}", self._respond)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self._port = self._runner.addresses[0][1]
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        assert self._runner is not None
        for socket in self._sockets:
            await socket.close()
        await self._runner.cleanup()

    @property
    def root(self) -> str:
        """http://127.0.0.1:PORT"""
        return f"http://127.0.0.1:{self._port}"

    @property
    def base_url(self) -> str:
        """The Web API base URL, with its trailing slash."""
        return f"{self.root}/api/"

    def response_url(self, key: str = "1") -> str:
        """A slash command's response_url served by this fake."""
        return f"{self.root}/respond/{key}"

    # -- injecting trouble ------------------------------------------------------------------

    def fail(self, method: str, error: str, *, channel: str | None = None, times: int = 1) -> None:
        """Answer the next `times` calls of `method` (to `channel`, if given) with {"ok": false, "error": ...}."""
        self._rules.append(_Rule(method, error, channel, times))

    def rate_limit(self, method: str, retry_after: int, *, times: int = 1) -> None:
        """Answer the next `times` calls of `method` with HTTP 429 and `Retry-After`."""
        self._rules.append(_Rule(method, "ratelimited", None, times, retry_after))

    @property
    def connected(self) -> int:
        """How many Socket Mode clients are connected."""
        return len(self._sockets)

    async def push(self, envelope: dict[str, Any]) -> None:
        """Send a Socket Mode envelope to every connected client."""
        for socket in self._sockets:
            await socket.send_json(envelope)

    # -- reading what happened --------------------------------------------------------------

    def of(self, *methods: str) -> list[Call]:
        """The calls of these methods, in order (failed ones included)."""
        return [c for c in self.calls if c.method in methods]

    def ok(self, *methods: str) -> list[Call]:
        """The calls of these methods that succeeded."""
        return [c for c in self.of(*methods) if c.ok]

    async def wait_for(self, check: Callable[[], bool], *, within: float = 10.0) -> None:
        """Poll until `check()` holds (the app answers Slack in background tasks)."""
        deadline = time.monotonic() + within
        while not check():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; calls: {[c.method for c in self.calls]}")
            await asyncio.sleep(0.01)

    # -- the server -------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        args = await _read(request)
        token_kind = "xapp-" if method == "apps.connections.open" else "xoxb-"
        if not request.headers.get("Authorization", "").startswith(f"Bearer {token_kind}"):
            return self._answer(method, args, {"ok": False, "error": "not_authed"})
        rule = self._take_rule(method, args)
        if rule is not None and rule.retry_after is not None:
            headers = {"Retry-After": str(rule.retry_after)}
            return self._answer(method, args, {"ok": False, "error": "ratelimited"}, status=429, headers=headers)
        if rule is not None:
            return self._answer(method, args, {"ok": False, "error": rule.error})
        try:
            if method in ("chat.postMessage", "chat.update", "chat.postEphemeral"):
                check_message(args)
            elif method == "views.open":
                check_view(args.get("view") or {})
        except Refused as refused:
            return self._answer(method, args, {"ok": False, "error": refused.error, "detail": str(refused)})
        return self._answer(method, args, self._result(method, args))

    def _result(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        n = next(self._ids)
        match method:
            case "apps.connections.open":
                return {"ok": True, "url": f"ws://127.0.0.1:{self._port}/socket"}
            case "auth.test":
                return {"ok": True, "team_id": self.team_id, "user_id": self.bot_user, "bot_id": "BBOT"}
            case "chat.postMessage":
                ts = f"1800000000.{n:06d}"
                message = {"ts": ts, "text": args.get("text", ""), "blocks": args.get("blocks", [])}
                self.messages[(args["channel"], ts)] = message
                return {"ok": True, "channel": args["channel"], "ts": ts, "message": message}
            case "chat.postEphemeral":
                return {"ok": True, "message_ts": f"1800000000.{n:06d}"}
            case "chat.update":
                key = (args["channel"], args["ts"])
                self.messages[key] = {"ts": args["ts"], "text": args.get("text", ""), "blocks": args.get("blocks", [])}
                return {"ok": True, "channel": args["channel"], "ts": args["ts"], "text": args.get("text", "")}
            case "views.open":
                return {"ok": True, "view": {**args.get("view", {}), "id": f"V{n}", "hash": f"h{n}"}}
            case "conversations.open":
                return {"ok": True, "channel": {"id": "D" + str(args.get("users", "")).split(",")[0]}}
            case "files.getUploadURLExternal":
                return {"ok": True, "upload_url": f"{self.root}/upload/F{n}", "file_id": f"F{n}"}
            case "files.completeUploadExternal":
                return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in args.get("files", [])]}
            case _:
                return {"ok": True}

    @web.middleware
    async def _note_connection(self, request: web.Request, handler: Any) -> web.StreamResponse:
        peer = request.transport.get_extra_info("peername") if request.transport else None
        if peer and request.path.startswith("/api/"):
            self.connections.add((str(peer[0]), int(peer[1])))
        response: web.StreamResponse = await handler(request)
        return response

    def _take_rule(self, method: str, args: dict[str, Any]) -> _Rule | None:
        for rule in self._rules:
            if rule.method == method and rule.channel in (None, args.get("channel")):
                rule.times -= 1
                if rule.times <= 0:
                    self._rules.remove(rule)
                return rule
        return None

    def _answer(
        self,
        method: str,
        args: dict[str, Any],
        body: dict[str, Any],
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> web.Response:
        ok = bool(body.get("ok"))
        self.calls.append(Call(method, args, ok=ok, status=status, at=time.monotonic(), result=body))
        return web.json_response(body, status=status, headers=headers)

    async def _upload(self, request: web.Request) -> web.Response:
        data = await request.read()
        self.calls.append(Call("upload", {"file_id": request.match_info["file_id"], "size": len(data)}))
        return web.Response(text=f"OK - {len(data)}", content_type="text/plain")

    async def _respond(self, request: web.Request) -> web.Response:
        body = await request.json()
        try:
            check_message(body)
        except Refused as refused:
            self.calls.append(Call("respond", {"key": request.match_info["key"], **body}, ok=False, status=400))
            return web.Response(status=400, text=refused.error, content_type="text/plain")
        self.calls.append(Call("respond", {"key": request.match_info["key"], **body}, at=time.monotonic()))
        return web.Response(text="ok", content_type="text/plain")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(autoping=True)
        await socket.prepare(request)
        self._sockets.append(socket)
        await socket.send_json({"type": "hello", "num_connections": len(self._sockets)})
        async for frame in socket:
            if frame.type == web.WSMsgType.TEXT:
                self.acks.append(json.loads(frame.data))
        self._sockets.remove(socket)
        return socket


async def _read(request: web.Request) -> dict[str, Any]:
    """The call's arguments from the query string and a JSON or form body (JSON-text fields decoded)."""
    args: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        args.update(await request.json())
    elif request.can_read_body:
        args.update({k: v for k, v in (await request.post()).items() if isinstance(v, str)})
    for name in _JSON_FIELDS:
        if isinstance(args.get(name), str):
            args[name] = json.loads(args[name])
    return args
