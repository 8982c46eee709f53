"""Read what a person typed, in English or in the reader's own language. Pure functions: no I/O.

Command and position words come from the catalogue (`word.*`, the position labels), so a French
reader may type "revoir" or "appui" as well as "review" or "support".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache

from bot.domain.errors import BadInput
from bot.domain.model import CHOOSABLE, Position
from bot.i18n import formats
from bot.i18n.catalogue import EN, text, words

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


def parse_position(raw: str, language: str = "en") -> Position | None:
    """The position the text names ("support", "no position", "appui", ...), or None."""
    word = _normal(raw)
    if word in _POSITION_WORDS:
        return _POSITION_WORDS[word]
    found = next((p for p in CHOOSABLE if p.value == word.replace(" ", "_")), None)
    return found or _positions(formats.language_of(language)).get(word)


def command_of(word: str, language: str = "en") -> str:
    """The command a typed word names, in English ("revoir" → "review"); the word itself when none."""
    return _commands(formats.language_of(language)).get(word.casefold(), word)


def is_no_comment(raw: str, language: str = "en") -> bool:
    """True when the text declines to comment ("", "-", "skip", "no comment", or the reader's words)."""
    said = _normal(raw)
    lang = formats.language_of(language)
    return said in ("", "-") or said in words(lang, "word.no_comment") or command_of(said, lang) == "skip"


#: The commands a reader may type in their own language (each has a `word.<command>` text).
COMMAND_WORDS = tuple(key.removeprefix("word.") for key in EN if key.startswith("word.") and key.count(".") == 1)


def forget_words() -> None:
    """Read the command and position words from the catalogues again (after they changed)."""
    _commands.cache_clear()
    _positions.cache_clear()


def _normal(raw: str) -> str:
    return " ".join(raw.strip().casefold().replace("-", " ").split())


@cache
def _commands(language: str) -> dict[str, str]:
    return {word: command for command in COMMAND_WORDS for word in words(language, f"word.{command}")}


@cache
def _positions(language: str) -> dict[str, Position]:
    """The position labels and words of a language (read once per language)."""
    if language == "en":
        return {}
    found: dict[str, Position] = {}
    for position in CHOOSABLE:
        for key in (f"position.{position.value}", f"digest.pos.{position.value}"):
            found.setdefault(_normal(text(language, key)), position)
        for word in words(language, f"word.position.{position.value}"):
            found.setdefault(_normal(word), position)
    return found


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
