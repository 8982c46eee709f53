"""Replies as Block Kit: text shown as typed, Slack's size limits respected, long replies split.

Every piece of text the core hands over (user comments, round titles, catalogue texts) goes into
`plain_text` objects with `emoji: false`: Slack does not parse them, so `*urgent*`, `:flag-fr:`,
`<!channel>` or `<@U123>` typed by a person show as typed and never format or notify. Titles are
header blocks (plain text too). The only mrkdwn left is the notification text, which goes through
`neutralise()`. A message holds at most 50 blocks and about TEXT_BUDGET characters of text in all:
Slack refuses more with `msg_blocks_too_long` (slackapi/bolt-js#2509, #2867), so longer replies
are split into several messages. Cuts fall between grapheme clusters, never inside an emoji.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.dialogue.text import clip, cut_at, graphemes
from bot.domain.model import Prompt, Reply
from bot.i18n import catalogue, formats

Block = dict[str, Any]

SECTION_LIMIT = 3000
BUTTON_TEXT_LIMIT = 75
VALUE_LIMIT = 2000
ACTIONS_LIMIT = 25
BLOCKS_LIMIT = 50
TITLE_LIMIT = 150  # a header block's plain_text
FALLBACK_LIMIT = 300
MODAL_TITLE_LIMIT = 24
#: Characters of text per message, all blocks together: Slack refuses roughly 12,000 and more.
TEXT_BUDGET = 11_000
#: A plain_text_input's max_length may not exceed 3,000 (and the core accepts no more from Slack).
INPUT_LIMIT = 3000
#: mrkdwn control characters that format when they touch a word; a zero-width space keeps them inert.
_MRKDWN = str.maketrans({c: c + "\u200b" for c in "*_~`:"})

#: Every button's action_id starts with this; the app listens for it.
ACTION_PREFIX = "consult."
#: A block of buttons is named after the reader's language ("consult.lang.fr.0"): the form a button
#: opens is written in it, before the engine has been asked anything.
LANGUAGE_BLOCK = "consult.lang."
FORM_CALLBACK = "consult.text"
FORM_BLOCK = "text"
#: Error keys the core returns for bad form text: shown inside the modal, next to the field.
FORM_ERRORS = frozenset({"error.too_long", "error.empty"})


@dataclass(frozen=True, slots=True)
class Message:
    """One chat.postMessage: the notification text and the blocks."""

    text: str
    blocks: list[Block]


def escape(text: str) -> str:
    """Text safe inside Slack mrkdwn: &, < and > as entities, so no token can link or notify."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def neutralise(text: str) -> str:
    """Text for a mrkdwn field that shows as typed: escaped; `*`, `_`, `~`, `` ` ``, `:`, a leading `>` inert."""
    lines = escape(text).translate(_MRKDWN).split("\n")
    return "\n".join(f"\u200b{line}" if line.startswith("&gt;") else line for line in lines)


def messages(reply: Reply) -> list[Message]:
    """The reply as one message, or several when it has more than 50 blocks or too much text."""
    blocks = [*_title(reply.title), *sections(reply.text), *_buttons(reply)]
    fallback = neutralise(clip(" ".join((reply.title or reply.text).split()), FALLBACK_LIMIT))
    return [Message(fallback, chunk) for chunk in pack(blocks)]


def pack(blocks: Sequence[Block]) -> list[list[Block]]:
    """The blocks in messages of at most 50 blocks and TEXT_BUDGET characters of text, in order."""
    chunks: list[list[Block]] = [[]]
    used = 0
    for block in blocks:
        size = text_size(block)
        if chunks[-1] and (len(chunks[-1]) == BLOCKS_LIMIT or used + size > TEXT_BUDGET):
            chunks.append([])
            used = 0
        chunks[-1].append(block)
        used += size
    return [chunk for chunk in chunks if chunk]


def text_size(value: object) -> int:
    """Characters of text in a block (every `text` string in it, buttons and contexts included)."""
    if isinstance(value, dict):
        return sum(len(v) if k == "text" and isinstance(v, str) else text_size(v) for k, v in value.items())
    if isinstance(value, list):
        return sum(text_size(v) for v in value)
    return 0


def is_refusal(reply: Reply) -> bool:
    """True for an error or a refused invitation code: shown only to the person who asked."""
    return reply.error


def sections(text: str) -> list[Block]:
    """Section blocks holding the text as plain text, each at most 3000 characters."""
    return [_plain_section(piece) for piece in split(text)]


def split(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """The text in pieces of at most `limit` characters, cut at line ends where possible, else between graphemes."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        for part in _cut_line(line, limit):
            candidate = f"{current}\n{part}" if current else part
            if len(candidate) <= limit:
                current = candidate
            else:
                pieces.append(current)
                current = part
    pieces.append(current)
    return [piece for piece in pieces if piece.strip()]


def answered(message: Mapping[str, Any], confirms: str) -> Message:
    """The message that carried buttons, without them, and with the choice made."""
    kept = [dict(b) for b in message.get("blocks", ()) if b.get("type") != "actions"]
    kept.append({"type": "context", "elements": [_plain(clip(f"✓ {confirms}", SECTION_LIMIT))]})
    return Message(str(message.get("text", "")) or neutralise(confirms), kept[-BLOCKS_LIMIT:])


def form(prompt: Prompt, action: str, ref: str, language: str = "en") -> dict[str, Any]:
    """The modal that asks for an amendment or a comment, in the reader's language; `action` comes
    back in private_metadata."""
    title = catalogue.text(language, f"form.{prompt.value}.title")
    return {
        "type": "modal",
        "callback_id": FORM_CALLBACK,
        "private_metadata": action,
        "title": _plain(clip(f"{title} · {ref}", MODAL_TITLE_LIMIT)),
        "submit": _plain(catalogue.text(language, "form.save")),
        "close": _plain(catalogue.text(language, "form.cancel")),
        "blocks": [
            {
                "type": "input",
                "block_id": FORM_BLOCK,
                "label": _plain(catalogue.text(language, f"form.{prompt.value}.label")),
                "element": {
                    "type": "plain_text_input",
                    "action_id": FORM_BLOCK,
                    "multiline": True,
                    "max_length": INPUT_LIMIT,
                },
            }
        ],
    }


def form_errors(replies: Sequence[Reply]) -> dict[str, str]:
    """The errors to show in the modal itself (empty text, over-long text); empty when there are none."""
    found = [r.text for r in replies if r.key in FORM_ERRORS]
    return {FORM_BLOCK: " ".join(found)} if found else {}


def _title(title: str) -> list[Block]:
    if not title.strip():
        return []
    return [{"type": "header", "text": _plain(clip(" ".join(title.split()), TITLE_LIMIT))}]


def _buttons(reply: Reply) -> list[Block]:
    language = formats.language_of(reply.language)
    pairs: list[tuple[str, str, bool]] = []
    if reply.prompt is not None and reply.prompt_action:
        label = reply.prompt_label or catalogue.text(language, f"form.{reply.prompt.value}.button")
        pairs.append((label, reply.prompt_action, True))
    pairs += [(choice.label, choice.action, False) for choice in reply.choices]
    buttons = [_button(i, label, value, primary) for i, (label, value, primary) in enumerate(pairs)]
    return [
        {"type": "actions", "block_id": f"{LANGUAGE_BLOCK}{language}.{i}", "elements": buttons[i : i + ACTIONS_LIMIT]}
        for i in range(0, len(buttons), ACTIONS_LIMIT)
    ]


def pressed_language(body: Mapping[str, Any]) -> str:
    """The reader's language named by the block of the pressed button ("en" for older messages)."""
    found = body.get("actions")
    block = found[0].get("block_id") if isinstance(found, list) and found and isinstance(found[0], dict) else None
    if not isinstance(block, str) or not block.startswith(LANGUAGE_BLOCK):
        return "en"
    return formats.language_of(block.removeprefix(LANGUAGE_BLOCK).split(".", 1)[0])


def _button(index: int, label: str, value: str, primary: bool) -> Block:
    button: Block = {
        "type": "button",
        "action_id": f"{ACTION_PREFIX}{index}",
        "text": _plain(clip(label, BUTTON_TEXT_LIMIT)),
        "value": cut_at(value, VALUE_LIMIT),
    }
    if primary:
        button["style"] = "primary"
    return button


def _plain_section(text: str) -> Block:
    return {"type": "section", "text": _plain(text)}


def _plain(text: str) -> dict[str, Any]:
    """A plain_text object: shown exactly as given (no mrkdwn, no :emoji: codes, no mentions)."""
    return {"type": "plain_text", "text": text, "emoji": False}


def _cut_line(line: str, limit: int) -> Iterator[str]:
    """Hard cuts of an over-long line, between grapheme clusters."""
    current = ""
    for cluster in graphemes(line):
        if current and len(current) + len(cluster) > limit:
            yield current
            current = ""
        current += cluster
    yield current


def texts(blocks: Iterable[Block]) -> str:
    """Every header, section and context text in the blocks, joined (for logs and tests)."""
    found: list[str] = []
    for block in blocks:
        if "text" in block and isinstance(block["text"], dict):
            found.append(str(block["text"].get("text", "")))
        found += [
            str(e.get("text", "")) for e in block.get("elements", ()) if e.get("type") in ("mrkdwn", "plain_text")
        ]
    return "\n".join(found)
