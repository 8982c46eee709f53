"""A fake Telegram Bot API on 127.0.0.1:0 for the real python-telegram-bot: records, injects, enforces.

    async with FakeTelegramAPI() as api:               # api.base_url -> ApplicationBuilder.base_url
        api.fail("sendMessage", status=429, retry_after=1)   # the next sendMessage answers 429
        update_id = api.say(42, "/start CODE")                # queued for getUpdates
        api.messages("42")                                    # what the user's chat shows now

Every call is recorded with its `time.monotonic()` arrival time. HTML is checked as strictly as
Telegram does (a stray `&` or `<` is a 400) and turned into plain text plus entities; like Telegram,
the fake also finds mentions, commands, hashtags, cashtags, e-mail addresses and links in the text
(`auto` entities). Lengths are UTF-16 code units (text 1-4,096, caption 0-1,024), callback data
1-64 bytes, at most 100 buttons; a photo is refused past width + height 10,000 or a ratio of 20
(PHOTO_INVALID_DIMENSIONS) and records the size Telegram would keep (long side at most 2,560).
`check_message()` applies the same rules to a payload without a server (the stress tests use it).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, Self

from aiohttp import web

_JSON_FIELDS = frozenset({"reply_markup", "allowed_updates", "entities", "caption_entities", "reply_parameters"})
_SENDS = frozenset({"sendmessage", "sendphoto", "senddocument"})
_EXTRAS = ("html", "forced", "shown")  # kept on stored messages for tests; not part of the Bot API
#: What Telegram turns into entities by itself in any text (its real rules use a TLD list; close enough).
_AUTO = (
    ("email", re.compile(r"(?<![\w.@])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b")),
    (
        "url",
        re.compile(
            r"(?<![\w@])(?:https?://[^\s<>]+|(?:[A-Za-z0-9-]+\.)+(?:com|org|net|int|io|test|example|info|ru|cn|fr|uk|de)\b[^\s<>]*)"
        ),
    ),
    ("mention", re.compile(r"(?<![\w@])@[A-Za-z0-9_]{3,32}\b")),
    ("hashtag", re.compile(r"(?<![\w#])#[^\W\d][\w]*")),
    ("cashtag", re.compile(r"(?<![\w$])\$[A-Z]{1,8}\b")),
    ("bot_command", re.compile(r"(?<![\w/])/[A-Za-z][A-Za-z0-9_]{0,63}(?:@[A-Za-z0-9_]+)?\b")),
)
MAX_PHOTO_SUM, MAX_PHOTO_RATIO, PHOTO_KEPT = 10_000, 20, 2560
_TAGS = {"b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline", "ins": "underline"}
_TAGS |= {"s": "strikethrough", "strike": "strikethrough", "del": "strikethrough", "code": "code", "pre": "pre"}
_TAGS |= {"a": "text_link", "tg-spoiler": "spoiler", "blockquote": "blockquote"}
_ENTITY = re.compile(r"&(?!(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);)")
_TAG = re.compile(r"</?([a-z-]+)(?:\s[^<>]*)?>")
_DESCRIPTIONS = {
    400: "Bad Request: chat not found",
    403: "Forbidden: bot was blocked by the user",
    429: "Too Many Requests: retry after {retry_after}",
}


class ApiError(Exception):
    """An error answer of the Bot API."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status, self.description, self.retry_after = status, description, retry_after


@dataclass(frozen=True)
class Call:
    """One request the fake received, and the HTTP status it answered."""

    method: str
    params: dict[str, Any]
    at: float
    status: int

    @property
    def chat(self) -> str:
        """The chat_id parameter as a string ("" when absent)."""
        return str(self.params.get("chat_id", ""))


@dataclass
class Rule:
    """An injected answer: `status` (None: answer normally) after `delay` seconds, `times` times."""

    method: str | None
    chat: str | None
    status: int | None
    times: int | None
    retry_after: int
    description: str
    delay: float

    def matches(self, method: str, chat: str) -> bool:
        return (self.method in (None, method)) and (self.chat in (None, chat)) and self.times != 0


@dataclass
class _Inbox:
    updates: list[dict[str, Any]] = field(default_factory=list)
    confirmed: int = 0
    arrived: asyncio.Event = field(default_factory=asyncio.Event)


class FakeTelegramAPI:
    """The Bot API over HTTP (form, multipart or JSON bodies), one bot, private chats."""

    def __init__(
        self, *, token: str = "123456:TEST-token", username: str = "consult_test_bot", enforce_limits: bool = False
    ) -> None:
        self.token, self.username = token, username
        self.calls: list[Call] = []
        #: getUpdates calls waiting now for an update to arrive (a long poll in progress).
        self.polling = 0
        self.rules: list[Rule] = []
        self.webhook: dict[str, Any] = {}
        self.enforce_limits = enforce_limits  # answer 429 beyond 30 messages/s overall or 1/s per chat
        self._chats: dict[str, list[dict[str, Any]]] = {}
        self._inbox = _Inbox()
        self._poll = 0  # the latest getUpdates; an older one still waiting is terminated with a 409
        self._ids = itertools.count(1)
        self._update_ids = itertools.count(1000)
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle -------------------------------------------------------------------------------

    async def __aenter__(self) -> Self:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._endpoint)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._inbox.arrived.set()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        """What to give ApplicationBuilder.base_url / Bot(base_url=...): the token is appended."""
        return f"http://127.0.0.1:{self.port}/bot"

    # -- what tests arrange ----------------------------------------------------------------------

    def fail(
        self,
        method: str | None = None,
        *,
        chat: str | int | None = None,
        status: int | None = 429,
        times: int | None = 1,
        retry_after: int = 1,
        description: str = "",
        delay: float = 0.0,
    ) -> None:
        """Answer the next `times` matching calls (None: all) with `status`, or delay them."""
        key = method.lower() if method else None
        text = description or _DESCRIPTIONS.get(status or 0, "Internal Server Error").format(retry_after=retry_after)
        self.rules.append(Rule(key, None if chat is None else str(chat), status, times, retry_after, text, delay))

    def queue(self, update: dict[str, Any]) -> int:
        """Queue an update for getUpdates (an update_id is given if missing); returns its id."""
        update.setdefault("update_id", next(self._update_ids))
        self._inbox.updates.append(update)
        self._inbox.arrived.set()
        return int(update["update_id"])

    def text_update(self, user: int, text: str, *, name: str = "Ana Lima", chat: int | None = None) -> dict[str, Any]:
        """An update for a text message from a user (in their private chat unless `chat`)."""
        first, _, last = name.partition(" ")
        sender = {"id": user, "is_bot": False, "first_name": first, "last_name": last}
        where = {"id": chat or user, "type": "private" if chat is None else "group"}
        message = {"message_id": next(self._ids), "date": int(time.time()), "chat": where, "from": sender, "text": text}
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return {"update_id": next(self._update_ids), "message": message}

    def press_update(self, user: int, message: dict[str, Any], data: str) -> dict[str, Any]:
        """An update for a press on a button of a stored message (`data` is sent as is)."""
        sender = {"id": user, "is_bot": False, "first_name": "Ana", "last_name": "Lima"}
        shown = {k: v for k, v in message.items() if k not in _EXTRAS}
        query = {"id": str(next(self._ids)), "from": sender, "chat_instance": "1", "message": shown, "data": data}
        return {"update_id": next(self._update_ids), "callback_query": query}

    def say(self, user: int, text: str, **kwargs: Any) -> int:
        """Queue a text message from a user; returns the update_id."""
        return self.queue(self.text_update(user, text, **kwargs))

    def press(self, user: int, label: str, *, message: dict[str, Any] | None = None) -> int:
        """Queue a press on the button labelled `label...` the chat shows now (the newest such button)."""
        for shown in [message] if message else reversed(self.messages(str(user))):
            for row in shown.get("reply_markup", {}).get("inline_keyboard", []):
                for button in row:
                    if button["text"].lstrip("✓ ").startswith(label):
                        return self.queue(self.press_update(user, shown, button["callback_data"]))
        raise LookupError(f"no button {label!r} on screen in chat {user}")

    # -- what tests read -------------------------------------------------------------------------

    def calls_with_status(self, status: int) -> list[Call]:
        """The calls the fake answered with this HTTP status."""
        return [call for call in self.calls if call.status == status]

    def messages(self, chat: str) -> list[dict[str, Any]]:
        """The messages the bot has in a chat, oldest first, as they look now (after edits)."""
        return self._chats.get(str(chat), [])

    def chats(self) -> dict[str, list[dict[str, Any]]]:
        """Every chat the bot wrote to, with its messages."""
        return self._chats

    def calls_to(self, method: str, *, ok: bool = True) -> list[Call]:
        """Calls of one method (by default only those answered 200)."""
        return [c for c in self.calls if c.method == method.lower() and (c.status == 200 or not ok)]

    def confirmed(self, update_id: int) -> bool:
        """True once a getUpdates call has confirmed the update (offset beyond it)."""
        return self._inbox.confirmed > update_id

    async def wait_until(self, check: Callable[[], bool], *, within: float = 10.0) -> None:
        """Wait until `check()` holds, re-checking after every call the fake receives."""
        async with asyncio.timeout(within):
            while not check():
                self._changed.clear()
                await self._changed.wait()

    # -- the Bot API -----------------------------------------------------------------------------

    async def _endpoint(self, request: web.Request) -> web.Response:
        arrived = time.monotonic()
        method = request.match_info["method"].lower()
        params = await _params(request)
        try:
            if request.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            await self._inject(method, str(params.get("chat_id", "")), arrived)
            result = await self._answer(method, params)
        except ApiError as error:
            if error.status == 409 and (request.transport is None or request.transport.is_closing()):
                return web.Response(status=409)  # a killed poller's request: nobody is there to be told
            self._record(Call(method, params, arrived, error.status))
            body: dict[str, Any] = {"ok": False, "error_code": error.status, "description": error.description}
            if error.retry_after is not None:
                body["parameters"] = {"retry_after": error.retry_after}
            return web.json_response(body, status=error.status)
        self._record(Call(method, params, arrived, 200))
        return web.json_response({"ok": True, "result": result})

    def _record(self, call: Call) -> None:
        self.calls.append(call)
        self._changed.set()

    async def _inject(self, method: str, chat: str, arrived: float) -> None:
        for rule in self.rules:
            if rule.matches(method, chat):
                rule.times = None if rule.times is None else rule.times - 1
                await asyncio.sleep(rule.delay)
                if rule.status is not None:
                    raise ApiError(rule.status, rule.description, rule.retry_after if rule.status == 429 else None)
                return
        if self.enforce_limits and method in _SENDS:
            recent = list(itertools.takewhile(lambda c: arrived - c.at < 1.0, reversed(self.calls)))
            sent = [c for c in recent if c.method in _SENDS and c.status == 200]
            if len(sent) >= 30 or any(c.chat == chat for c in sent):
                raise ApiError(429, "Too Many Requests: retry after 1", 1)

    async def _answer(self, method: str, p: dict[str, Any]) -> Any:
        if method == "getme":
            return {
                "id": int(self.token.split(":")[0]),
                "is_bot": True,
                "first_name": "Consult",
                "username": self.username,
            }
        if method in ("setwebhook", "deletewebhook"):
            self.webhook = {"url": p.get("url", ""), "secret_token": p.get("secret_token", "")}
            return True
        if method == "getupdates":
            return await self._updates(int(p.get("offset", 0)), float(p.get("timeout", 0)), int(p.get("limit", 100)))
        if method == "answercallbackquery":
            if len(p.get("text", "")) > 200:
                raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
            return True
        if method in _SENDS:
            return self._store(p, photo=method in ("sendphoto", "senddocument"))
        if method in ("editmessagetext", "editmessagereplymarkup"):
            return self._edit(p, text=method == "editmessagetext")
        raise ApiError(404, "Not Found")

    async def _updates(self, offset: int, wait: float, limit: int) -> list[dict[str, Any]]:
        if self.webhook.get("url"):
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active")
        self._poll += 1
        poll = self._poll
        self._inbox.arrived.set()  # as Telegram does, a newer getUpdates ends a waiting one with 409
        self._inbox.confirmed = max(self._inbox.confirmed, offset)
        self._changed.set()  # wake wait_until() now, not when this long poll ends
        self._inbox.updates = [u for u in self._inbox.updates if u["update_id"] >= offset]
        if not self._inbox.updates and wait > 0:
            self._inbox.arrived.clear()
            self.polling += 1
            self._changed.set()
            try:
                async with asyncio.timeout(wait):
                    await self._inbox.arrived.wait()
            except TimeoutError:
                pass
            finally:
                self.polling -= 1
        if poll != self._poll:
            raise ApiError(409, "Conflict: terminated by other getUpdates request")
        return self._inbox.updates[:limit]

    def _store(self, p: dict[str, Any], *, photo: bool) -> dict[str, Any]:
        chat = str(p.get("chat_id", ""))
        text, entities = _parse(p.get("caption" if photo else "text", ""), p.get("parse_mode"), 1024 if photo else 4096)
        if not photo and not text:
            raise ApiError(400, "Bad Request: message text is empty")
        message: dict[str, Any] = {"message_id": next(self._ids), "date": int(time.time())}
        message["chat"] = {"id": int(chat), "type": "private" if not chat.startswith("-") else "group"}
        message["from"] = {"id": int(self.token.split(":")[0]), "is_bot": True, "first_name": "Consult"}
        message["caption" if photo else "text"] = text
        message["caption_entities" if photo else "entities"] = entities
        message["html"] = p.get("caption" if photo else "text", "")  # not in the Bot API: what was sent
        message["shown"] = text.replace("\u2060", "")  # not in the Bot API: what a reader sees
        if photo and "document" in p:
            width, height = png_size(_bytes(p["document"]))
            message["document"] = {"file_id": f"doc{message['message_id']}", "file_unique_id": "d",
                                   "file_name": "chart.png", "width": width, "height": height}  # fmt: skip
            if "thumbnail" in p:
                message["thumbnail_size"] = png_size(_bytes(p["thumbnail"]))  # not in the Bot API
        elif photo:
            width, height = png_size(_bytes(p.get("photo", b"")))
            check_photo(width, height)
            scale = min(1.0, PHOTO_KEPT / max(width, height, 1))
            message["photo"] = [
                {"file_id": f"photo{message['message_id']}", "file_unique_id": "u",
                 "width": round(width * scale), "height": round(height * scale)}
            ]  # fmt: skip
        _set_markup(message, p.get("reply_markup"))
        self._chats.setdefault(chat, []).append(message)
        return message

    def _edit(self, p: dict[str, Any], *, text: bool) -> dict[str, Any]:
        chat, message_id = str(p.get("chat_id", "")), int(p.get("message_id", 0))
        message = next((m for m in self.messages(chat) if m["message_id"] == message_id), None)
        if message is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        before = json.dumps(message, sort_keys=True)
        if text:
            message["text"], message["entities"] = _parse(p.get("text", ""), p.get("parse_mode"), 4096)
            message["html"] = p.get("text", "")
            message["shown"] = message["text"].replace("\u2060", "")
        _set_markup(message, p.get("reply_markup"))
        if json.dumps(message, sort_keys=True) == before:
            raise ApiError(
                400,
                "Bad Request: message is not modified: specified new message content and reply markup "
                "are exactly the same as a current content and reply markup of the message",
            )
        return message


async def _params(request: web.Request) -> dict[str, Any]:
    params: dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        params |= await request.json()
    elif request.can_read_body:
        form = await request.post()
        params |= {k: (v.file.read() if isinstance(v, web.FileField) else v) for k, v in form.items()}
    for key in _JSON_FIELDS & params.keys():
        if isinstance(params[key], str):
            params[key] = json.loads(params[key])
    return params


def _bytes(value: Any) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode()


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG (from its IHDR chunk); 400 if it is no PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or len(data) < 24:
        raise ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
    width, height = struct.unpack(">II", data[16:24])
    return int(width), int(height)


def check_photo(width: int, height: int) -> None:
    """sendPhoto's documented limits: width + height at most 10,000, a ratio of at most 20."""
    if width + height > MAX_PHOTO_SUM or max(width, height) > MAX_PHOTO_RATIO * max(1, min(width, height)):
        raise ApiError(400, "Bad Request: PHOTO_INVALID_DIMENSIONS")


def check_keyboard(markup: dict[str, Any]) -> None:
    """Inline buttons: text 1+ characters, callback_data 1-64 bytes, at most 100 buttons."""
    buttons = [button for row in markup.get("inline_keyboard", ()) for button in row]
    if len(buttons) > 100:
        raise ApiError(400, "Bad Request: reply markup is too long")
    for button in buttons:
        if not button.get("text"):
            raise ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
        data = button.get("callback_data")
        if data is not None and not 1 <= len(str(data).encode()) <= 64:
            raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")


def check_message(text: str, *, caption: bool = False, markup: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Telegram's rules for one HTML message (or caption) and its keyboard; the entities it would show."""
    if markup:
        check_keyboard(markup)
    plain, entities = _parse(text, "HTML", 1024 if caption else 4096)
    if not caption and not plain.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    return entities


def _set_markup(message: dict[str, Any], markup: dict[str, Any] | None) -> None:
    message.pop("reply_markup", None)
    if markup and markup.get("inline_keyboard"):
        check_keyboard(markup)
        message["reply_markup"] = {"inline_keyboard": markup["inline_keyboard"]}
    elif markup:
        message["forced"] = markup  # not in the Bot API: ForceReply and reply keyboards stay off the message


def _parse(raw: str, parse_mode: str | None, limit: int) -> tuple[str, list[dict[str, Any]]]:
    """Plain text and entities, as Telegram derives them (HTML checked strictly)."""
    if parse_mode is None:
        text, entities = raw, []
    elif parse_mode.upper() == "HTML":
        if _ENTITY.search(raw) or any(t not in _TAGS and t != "span" for t in _TAG.findall(raw)):
            raise ApiError(400, "Bad Request: can't parse entities: unsupported start tag or stray &")
        if re.search(r"[<>]", _TAG.sub("", raw)):
            raise ApiError(400, "Bad Request: can't parse entities: unescaped < or >")
        reader = _Html()
        reader.feed(raw)
        reader.close()
        if reader.open:
            raise ApiError(400, "Bad Request: can't parse entities: can't find end tag")
        text, entities = reader.text, sorted(reader.entities, key=lambda e: (e["offset"], -e["length"]))
    else:
        raise ApiError(400, f"Bad Request: unsupported parse_mode {parse_mode}")
    if len(text.encode("utf-16-le")) // 2 > limit:
        raise ApiError(400, "Bad Request: message is too long")
    return text, sorted(entities + auto_entities(text), key=lambda e: (e["offset"], -e["length"]))


def auto_entities(text: str) -> list[dict[str, Any]]:
    """The entities Telegram finds by itself in a text: mentions, commands, hashtags, links..."""
    found: list[dict[str, Any]] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _AUTO:
        for match in pattern.finditer(text):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            taken.append(match.span())
            offset = len(text[: match.start()].encode("utf-16-le")) // 2
            length = len(match.group().encode("utf-16-le")) // 2
            found.append({"type": kind, "offset": offset, "length": length, "auto": True})
    return found


class _Html(HTMLParser):
    """HTML to plain text and Bot API entities (offsets in UTF-16 code units)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text = ""
        self.entities: list[dict[str, Any]] = []
        self.open: list[tuple[str, int, dict[str, Any]]] = []

    def _at(self) -> int:
        return len(self.text.encode("utf-16-le")) // 2

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        extra = {"url": dict(attrs).get("href") or ""} if tag == "a" else {}
        self.open.append((tag, self._at(), extra))

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1][0] != tag:
            raise ApiError(400, f"Bad Request: can't parse entities: unexpected end tag {tag}")
        _, start, extra = self.open.pop()
        if tag in _TAGS and self._at() > start:
            self.entities.append({"type": _TAGS[tag], "offset": start, "length": self._at() - start, **extra})

    def handle_data(self, data: str) -> None:
        self.text += data
