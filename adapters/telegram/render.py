"""Replies as Telegram messages: escaped HTML, inline keyboards, texts split at 4,096 characters.

Pure functions: no I/O. Every piece of text the core gives goes through `escape()`: `html.escape`,
and a word joiner (U+2060, invisible) after `@`, `#`, `$`, a `/` that starts a word, `://` and a dot
inside a domain name, so that Telegram finds no mention, command, hashtag or link in what a person
typed (a mention in a digest sent to a group would notify that person). The only markup is ours
(the title in <b>). Replies without buttons are joined to the next reply when the two fit in one
message, so a press answered by "recorded" + "next question" is one message. Lengths are counted
in UTF-16 code units as Telegram does, and hard cuts fall between grapheme clusters.
"""

from __future__ import annotations

import html
import logging
import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO

from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup

from bot.dialogue.text import clip, graphemes
from bot.domain.actions import decode
from bot.domain.model import Choice, Reply

log = logging.getLogger(__name__)

MAX_TEXT = 4096
MAX_CAPTION = 1024
#: sendPhoto recompresses to at most 2,560 pixels on the long side (1,280 in the usual quality) and
#: refuses width + height over 10,000 or a ratio over 20 (PHOTO_INVALID_DIMENSIONS). A taller chart
#: goes as a document (kept as drawn) after a photo of its top, sized for a phone.
PHOTO_LONG_SIDE = 2560
PHOTO_SUM, PHOTO_RATIO = 10_000, 20
PREVIEW_HEIGHT = 1280  # a portrait crop of a 1,080-pixel-wide chart, kept whole by sendPhoto
MAX_CALLBACK_DATA = 64
#: Even fully escaped (5 characters per `&`), a title this long fits in a caption.
MAX_TITLE = 200
#: Labels up to this many characters may share a row with another short button.
SHORT_LABEL = 20
_SEPARATORS = ("\n\n", "\n", " ")
_JOINER = "\u2060"
#: Where Telegram would start an entity: @name, #tag, $TAG, /command, scheme://, domain.tld.
_ENTITY_START = re.compile(r"(?<=[@#$])(?=\w)|(?<=(?<![\w/])/)(?=\w)|(?<=:)(?=//)|(?<=\w\.)(?=[^\W\d_])")

Markup = InlineKeyboardMarkup | ForceReply


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One Telegram message: HTML text (a caption when `photo` is set) and its markup."""

    text: str
    markup: Markup | None = None
    photo: bytes | None = None
    #: The photo is too big to send as a photo: send `preview` as the photo, then `photo` as a document.
    document: bool = False
    preview: bytes | None = None


def render(replies: Sequence[Reply]) -> list[Outgoing]:
    """The messages that show these replies, in order."""
    messages: list[Outgoing] = []
    for reply in replies:
        for message in render_one(reply):
            previous = messages[-1] if messages else None
            joined = f"{previous.text}\n\n{message.text}" if previous else ""
            if (
                previous
                and previous.markup is None
                and not (previous.photo or message.photo)
                and size(joined) <= MAX_TEXT
            ):
                messages[-1] = Outgoing(joined, message.markup)
            else:
                messages.append(message)
    return messages


def render_one(reply: Reply) -> list[Outgoing]:
    """The messages for one reply: its text split on paragraphs, buttons on the last one."""
    head = f"<b>{escape(clip(reply.title, MAX_TITLE))}</b>" if reply.title.strip() else ""
    bodies = [escape(piece) for piece in pieces(reply.text.strip(), MAX_TEXT - size(head) - 2)]
    texts = bodies
    if head:
        texts = [f"{head}\n\n{bodies[0]}", *bodies[1:]] if bodies else [head]
    markup = markup_for(reply)
    if reply.image is not None:
        if len(texts) <= 1 and size("".join(texts)) <= MAX_CAPTION:
            return [_image("".join(texts), markup, reply.image)]
        return [_image(head, None, reply.image), *_with_markup(bodies, markup)]
    return _with_markup(texts or ["·"], markup)


def markup_for(reply: Reply) -> Markup | None:
    """Buttons for the choices; else a forced reply when the core waits for typed text."""
    keyboard = inline_keyboard(reply.choices)
    if keyboard is not None:
        return keyboard
    return ForceReply() if reply.prompt is not None else None


def inline_keyboard(choices: Sequence[Choice]) -> InlineKeyboardMarkup | None:
    """One button per row for positions and long labels; two short navigation buttons share a row."""
    rows: list[list[InlineKeyboardButton]] = []
    pairable = False
    for choice in choices:
        if not choice.action or len(choice.action.encode()) > MAX_CALLBACK_DATA:
            log.error("button %r dropped: callback data must be 1-64 bytes", choice.label)
            continue
        button = InlineKeyboardButton(choice.label, callback_data=choice.action)
        short = len(choice.label) <= SHORT_LABEL and not _is_position(choice.action)
        if short and pairable:
            rows[-1].append(button)
            pairable = False
        else:
            rows.append([button])
            pairable = short
    return InlineKeyboardMarkup(rows) if rows else None


def pieces(text: str, limit: int, separators: Sequence[str] = _SEPARATORS) -> list[str]:
    """Plain-text pieces whose escaped form fits `limit`, cut at paragraphs, else lines, else words."""
    if not text.strip():
        return []
    if size(escape(text)) <= limit:
        return [text]
    if not separators:
        return _hard_cut(text, limit)
    separator, finer = separators[0], separators[1:]
    parts = [p for part in text.split(separator) for p in pieces(part, limit, finer)]
    chunks: list[str] = []
    for part in parts:
        candidate = f"{chunks[-1]}{separator}{part}" if chunks else part
        if chunks and size(escape(candidate)) <= limit:
            chunks[-1] = candidate
        else:
            chunks.append(part)
    return chunks


def escape(text: str) -> str:
    """Text safe inside Telegram HTML (`<`, `>` and `&` as entities) and inert (no mention, command, link)."""
    return html.escape(inert(text), quote=False)


def inert(text: str) -> str:
    """The text with a word joiner where Telegram would otherwise detect a mention, command, tag or link."""
    return _ENTITY_START.sub(_JOINER, text)


def size(text: str) -> int:
    """Length as Telegram counts it (UTF-16 code units), measured on the HTML: never too short."""
    return len(text.encode("utf-16-le")) // 2


def image_size(png: bytes) -> tuple[int, int]:
    """Width and height of a PNG, from its header ((0, 0) if it is not one)."""
    if png[:8] != b"\x89PNG\r\n\x1a\n" or len(png) < 24:
        return 0, 0
    width, height = struct.unpack(">II", png[16:24])
    return int(width), int(height)


def fits_photo(width: int, height: int) -> bool:
    """True when Telegram keeps the image as drawn when sent with sendPhoto."""
    return (
        0 < max(width, height) <= PHOTO_LONG_SIDE
        and width + height <= PHOTO_SUM
        and max(width, height) <= PHOTO_RATIO * min(width, height)
    )


def _image(caption: str, markup: Markup | None, png: bytes) -> Outgoing:
    width, height = image_size(png)
    if fits_photo(width, height) or width == 0:
        return Outgoing(caption, markup, png)
    return Outgoing(caption, markup, png, document=True, preview=preview(png))


def preview(png: bytes, *, height: int = PREVIEW_HEIGHT) -> bytes:
    """The top of a tall image (headline, legend, first rows), at most 1,280 pixels on its long side."""
    from matplotlib import image  # only when a tall chart is sent: most processes never need it

    pixels = image.imread(BytesIO(png), format="png")[:height]
    scale = min(1.0, 1280 / max(pixels.shape[0], pixels.shape[1]))
    step = max(1, round(1 / scale))
    out = BytesIO()
    image.imsave(out, pixels[::step, ::step], format="png")
    return out.getvalue()


def _with_markup(texts: list[str], markup: Markup | None) -> list[Outgoing]:
    return [Outgoing(text, markup if index == len(texts) - 1 else None) for index, text in enumerate(texts)]


def _hard_cut(text: str, limit: int) -> list[str]:
    chunks = [""]
    for cluster in graphemes(text):
        if chunks[-1] and size(escape(chunks[-1] + cluster)) > limit:
            chunks.append("")
        chunks[-1] += cluster
    return chunks


def _is_position(action: str) -> bool:
    decoded = decode(action)
    return decoded is not None and decoded.verb == "p"
