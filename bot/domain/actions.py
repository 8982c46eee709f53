"""Button actions: short strings the core writes and reads back (Telegram allows 64 bytes).

An action names its round and recommendation, so an old button answers the item it was shown
for, never the one the conversation has moved on to. It never names a delegation: that always
comes from who pressed it. A comment, an amendment or a submit may carry what the person saw
(bot.dialogue.seen) as a fourth part, checked before anything is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.model import CHOOSABLE, Position, Prompt

MAX_BYTES = 64

_CODES: dict[Position, str] = dict(zip(CHOOSABLE, ("s", "sa", "o", "r", "n"), strict=True))
_POSITIONS = {code: position for position, code in _CODES.items()}
_VERBS = frozenset({"p", "skip", "back", "nc", "rev", "sub", "edit", "go", "am", "cm", "q", "nps"})
#: Verbs whose fourth part is what the person saw (bot.dialogue.seen): comment, amendment, submit, and
#: "No position on the unanswered, then submit".
_SEEING = frozenset({"am", "cm", "sub", "nps"})
_PART = re.compile(r"^[A-Za-z0-9._-]{0,32}$")
_SEEN = re.compile(r"^[a-z0-9]{1,12}$")


@dataclass(frozen=True, slots=True)
class Action:
    """A decoded button press."""

    verb: str
    round: str
    ref: str = ""
    position: Position | None = None
    #: What the person saw (bot.dialogue.seen), for the verbs that act on it ("" when the action has none).
    seen: str = ""


def encode(verb: str, round_slug: str, ref: str = "", position: Position | None = None, *, seen: str = "") -> str:
    """The action string for a button."""
    parts = [verb, round_slug, ref]
    if position is not None:
        parts.append(_CODES[position])
    elif seen:
        assert verb in _SEEING, verb
        assert _SEEN.match(seen), seen
        parts.append(seen)
    action = ":".join(parts).rstrip(":")
    assert len(action.encode()) <= MAX_BYTES, action
    return action


def decode(action: str) -> Action | None:
    """The action a string names, or None when it is not one of ours (forged, truncated...)."""
    if len(action.encode()) > MAX_BYTES:
        return None
    parts = action.split(":")
    if len(parts) < 2 or len(parts) > 4 or parts[0] not in _VERBS:
        return None
    if not all(_PART.match(part) for part in parts[1:]):
        return None
    verb, round_slug = parts[0], parts[1]
    ref = parts[2] if len(parts) > 2 else ""
    position = None
    if verb == "p":
        if len(parts) != 4 or parts[3] not in _POSITIONS or not ref:
            return None
        position = _POSITIONS[parts[3]]
    elif len(parts) == 4 and not (verb in _SEEING and _SEEN.match(parts[3])):
        return None
    seen = parts[3] if len(parts) == 4 and position is None else ""
    return Action(verb=verb, round=round_slug, ref=ref, position=position, seen=seen)


def asks_for_text(action: str) -> Prompt | None:
    """The free text a press leads to (so a channel can open a form at once), or None.

    "Support with amendments" needs the amendment; "am"/"cm" actions carry an amendment or a
    comment typed in a form (IncomingMessage.text holds it).
    """
    decoded = decode(action)
    if decoded is None:
        return None
    if decoded.verb == "am" or (decoded.verb == "p" and decoded.position is Position.SUPPORT_WITH_AMENDMENTS):
        return Prompt.AMENDMENT
    if decoded.verb == "cm":
        return Prompt.COMMENT
    return None


def text_action(prompt: Prompt, round_slug: str, ref: str, seen: str = "") -> str:
    """The action under which a form sends the amendment or comment for one recommendation, with
    what its author saw when the form was opened (if known)."""
    return encode("am" if prompt is Prompt.AMENDMENT else "cm", round_slug, ref, seen=seen)
