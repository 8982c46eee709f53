"""Read what a person typed. Pure functions: no I/O, no state."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

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


# -- grapheme clusters: what a reader sees as one character ------------------------------------------
# A small subset of UAX #29, enough not to cut a word's accents, an emoji's skin tone, a flag or a
# ZWJ family apart: a cluster is a base character plus the marks, joiners, variation selectors,
# emoji modifiers and tags that follow it; two regional indicators make one flag; a CR LF pair is one.

_ZWJ = "\u200d"


def _extends(ch: str) -> bool:
    code = ord(ch)
    return (
        unicodedata.category(ch) in ("Mn", "Me", "Mc")
        or 0xFE00 <= code <= 0xFE0F  # variation selectors
        or 0x1F3FB <= code <= 0x1F3FF  # emoji skin tones
        or 0xE0020 <= code <= 0xE007F  # emoji tags (subdivision flags)
        or 0xE0100 <= code <= 0xE01EF
        or ch == _ZWJ
    )


def _regional(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def graphemes(value: str) -> list[str]:
    """The text as grapheme clusters (approximately UAX #29 extended clusters)."""
    clusters: list[str] = []
    for ch in value:
        if clusters:
            last = clusters[-1]
            joined = last[-1] == _ZWJ
            flag_half = _regional(ch) and len(last) == 1 and _regional(last)
            if _extends(ch) or joined or flag_half or (last == "\r" and ch == "\n"):
                clusters[-1] = last + ch
                continue
        clusters.append(ch)
    return clusters


def cut_at(value: str, limit: int, *, measure: Callable[[str], int] = len) -> str:
    """The longest prefix of whole grapheme clusters whose length (by `measure`) is at most `limit`."""
    kept: list[str] = []
    used = 0
    for cluster in graphemes(value):
        width = measure(cluster)
        if used + width > limit:
            break
        kept.append(cluster)
        used += width
    return "".join(kept)


def clip(value: str, limit: int, *, ellipsis: str = "…") -> str:
    """The text if it has at most `limit` code points, else cut on a cluster boundary with an ellipsis."""
    if len(value) <= limit:
        return value
    return cut_at(value, limit - len(ellipsis)) + ellipsis
