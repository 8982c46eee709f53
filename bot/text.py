"""Read what a person typed. Pure functions: no I/O, no state."""

from __future__ import annotations

import re
import unicodedata

from bot.errors import BadInput
from bot.model import CHOOSABLE, Position

# Invisible characters that can hide or reorder text (zero-width spaces, bidi overrides and
# isolates, BOM). Zero-width joiner (U+200D) stays: emoji sequences need it.
_INVISIBLE = dict.fromkeys(
    [0x200B, 0x2060, 0xFEFF, *range(0x202A, 0x202F), *range(0x2066, 0x206A)],
    None,
)

_POSITION_WORDS: dict[str, Position] = {
    "support": Position.SUPPORT,
    "yes": Position.SUPPORT,
    "support with amendments": Position.SUPPORT_WITH_AMENDMENTS,
    "support_with_amendments": Position.SUPPORT_WITH_AMENDMENTS,
    "amend": Position.SUPPORT_WITH_AMENDMENTS,
    "amendments": Position.SUPPORT_WITH_AMENDMENTS,
    "oppose": Position.OPPOSE,
    "no": Position.OPPOSE,
    "reserve": Position.RESERVE,
    "no position": Position.NO_POSITION,
    "no_position": Position.NO_POSITION,
    "none": Position.NO_POSITION,
}


def clean(raw: str) -> str:
    """Text without control, zero-width and bidi-override characters, trimmed."""
    kept = raw.translate(_INVISIBLE)
    kept = "".join(ch for ch in kept if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs"))
    kept = kept.replace("\r\n", "\n").replace("\t", " ")
    return re.sub(r"\n{3,}", "\n\n", kept).strip()


def bounded(raw: str, *, limit: int) -> str:
    """Cleaned text, or BadInput when it is over `limit` characters (nothing gets stored)."""
    if len(raw) > limit:
        raise BadInput("too long", key="error.too_long", length=len(raw), limit=limit)
    return clean(raw)


def parse_position(raw: str) -> Position | None:
    """The position the text names ("support", "no position", ...), or None."""
    word = " ".join(raw.strip().lower().replace("-", " ").split())
    if word in _POSITION_WORDS:
        return _POSITION_WORDS[word]
    return next((p for p in CHOOSABLE if p.value == word.replace(" ", "_")), None)


def split_command(raw: str) -> tuple[str, list[str]]:
    """The command word (lower case, without a leading slash or @botname) and its arguments."""
    words = raw.strip().split()
    if not words:
        return "", []
    head = words[0].lstrip("/").split("@", 1)[0].lower()
    return head, words[1:]
