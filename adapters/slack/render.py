"""Replies as Block Kit: escaped mrkdwn, Slack's size limits respected, long replies split.

Every piece of text the core hands over (user comments, round titles, catalogue texts) passes through
`escape()`, and mrkdwn objects are `verbatim`, so `<!channel>`, `<!here>` or `<@U123>` typed by a person
shows as text and never notifies anyone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot import catalogue
from bot.model import Prompt, Reply

Block = dict[str, Any]

SECTION_LIMIT = 3000
BUTTON_TEXT_LIMIT = 75
VALUE_LIMIT = 2000
ACTIONS_LIMIT = 25
BLOCKS_LIMIT = 50
TITLE_LIMIT = 200
FALLBACK_LIMIT = 300
MODAL_TITLE_LIMIT = 24

#: Every button's action_id starts with this; the app listens for it.
ACTION_PREFIX = "consult."
FORM_CALLBACK = "consult.text"
FORM_BLOCK = "text"
#: Error keys the core returns for bad form text: shown inside the modal, next to the field.
FORM_ERRORS = frozenset({"error.too_long", "error.empty"})

# The form itself opens before the engine answers, so its texts come from the catalogue in English;
# the button that opens it carries the participant's language (Reply.prompt_label).
_PROMPT_BUTTON = {p: catalogue.text("en", f"form.{p.value}.button") for p in Prompt}
_FORM_TITLE = {p: catalogue.text("en", f"form.{p.value}.title") for p in Prompt}
_FORM_LABEL = {p: catalogue.text("en", f"form.{p.value}.label") for p in Prompt}


@dataclass(frozen=True, slots=True)
class Message:
    """One chat.postMessage: the notification text and the blocks."""

    text: str
    blocks: list[Block]


def escape(text: str) -> str:
    """Text safe inside Slack mrkdwn: &, < and > as entities, so no token can format or notify."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def messages(reply: Reply) -> list[Message]:
    """The reply as one message, or several when it has more than 50 blocks."""
    blocks = [*_title(reply.title), *sections(reply.text), *_buttons(reply)]
    fallback = escape(_cut(" ".join((reply.title or reply.text).split()), FALLBACK_LIMIT))
    return [Message(fallback, blocks[i : i + BLOCKS_LIMIT]) for i in range(0, len(blocks), BLOCKS_LIMIT)]


def is_refusal(reply: Reply) -> bool:
    """True for an error or a refused invitation code: shown only to the person who asked."""
    return reply.error


def sections(text: str) -> list[Block]:
    """Section blocks holding the escaped text, each at most 3000 characters."""
    return [_mrkdwn_section(piece) for piece in split(text)]


def split(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """The escaped text in pieces of at most `limit` characters, cut at line ends where possible."""
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        for part in _cut_escaped(escape(line), limit):
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
    note = {"type": "mrkdwn", "text": f"✓ {escape(confirms)}", "verbatim": True}
    kept.append({"type": "context", "elements": [note]})
    return Message(str(message.get("text", "")) or escape(confirms), kept[-BLOCKS_LIMIT:])


def form(prompt: Prompt, action: str, ref: str) -> dict[str, Any]:
    """The modal that asks for an amendment or a comment; `action` comes back in private_metadata."""
    return {
        "type": "modal",
        "callback_id": FORM_CALLBACK,
        "private_metadata": action,
        "title": _plain(_cut(f"{_FORM_TITLE[prompt]} · {ref}", MODAL_TITLE_LIMIT)),
        "submit": _plain(catalogue.text("en", "form.save")),
        "close": _plain(catalogue.text("en", "form.cancel")),
        "blocks": [
            {
                "type": "input",
                "block_id": FORM_BLOCK,
                "label": _plain(_FORM_LABEL[prompt]),
                "element": {"type": "plain_text_input", "action_id": FORM_BLOCK, "multiline": True},
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
    return [_mrkdwn_section(f"*{escape(_cut(' '.join(title.split()), TITLE_LIMIT))}*")]


def _buttons(reply: Reply) -> list[Block]:
    pairs: list[tuple[str, str, bool]] = []
    if reply.prompt is not None and reply.prompt_action:
        pairs.append((reply.prompt_label or _PROMPT_BUTTON[reply.prompt], reply.prompt_action, True))
    pairs += [(choice.label, choice.action, False) for choice in reply.choices]
    buttons = [_button(i, label, value, primary) for i, (label, value, primary) in enumerate(pairs)]
    return [
        {"type": "actions", "elements": buttons[i : i + ACTIONS_LIMIT]} for i in range(0, len(buttons), ACTIONS_LIMIT)
    ]


def _button(index: int, label: str, value: str, primary: bool) -> Block:
    button: Block = {
        "type": "button",
        "action_id": f"{ACTION_PREFIX}{index}",
        "text": _plain(_cut(label, BUTTON_TEXT_LIMIT)),
        "value": value[:VALUE_LIMIT],
    }
    if primary:
        button["style"] = "primary"
    return button


def _mrkdwn_section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text, "verbatim": True}}


def _plain(text: str) -> dict[str, Any]:
    return {"type": "plain_text", "text": text, "emoji": True}


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cut_escaped(line: str, limit: int) -> Iterator[str]:
    """Hard cuts of an over-long escaped line, never inside an entity such as &amp;."""
    while len(line) > limit:
        cut = limit
        amp = line.rfind("&", max(0, cut - 4), cut)
        if amp != -1 and ";" not in line[amp:cut]:
            cut = amp
        yield line[:cut]
        line = line[cut:]
    yield line


def texts(blocks: Iterable[Block]) -> str:
    """Every mrkdwn text in the blocks, joined (for logs and tests)."""
    found: list[str] = []
    for block in blocks:
        if "text" in block and isinstance(block["text"], dict):
            found.append(str(block["text"].get("text", "")))
        found += [str(e.get("text", "")) for e in block.get("elements", ()) if e.get("type") == "mrkdwn"]
    return "\n".join(found)
