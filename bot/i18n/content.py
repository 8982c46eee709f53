"""The consultation's own text in the reader's language: titles, descriptions and recommendations.

A round is written in one language (its base, English unless the file says otherwise) and may carry
translations, each `official` (the UN's own) or `unofficial`. A reader sees their language where it
is there; an unofficial translation says so in one line, and a missing one falls back to the base
language with a one-line notice. Answers are never translated: they stay as they were written.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache

from babel.core import Locale, UnknownLocaleError

from bot.domain.model import Provenance, Recommendation, Round
from bot.i18n import formats
from bot.i18n.catalogue import text


@dataclass(frozen=True, slots=True)
class Shown:
    """A title and a text as one reader sees them, with the one-line notice that goes with them."""

    title: str
    text: str
    section: str = ""
    #: "" when the text is in the reader's language by the UN's own hand (or is the original).
    notice: str = ""


@dataclass(frozen=True, slots=True)
class Coverage:
    """How far one language of a round is translated (for `round create`)."""

    language: str
    status: str  # "original", "official", "unofficial" or "missing"
    title: bool
    description: bool
    items: int
    total: int
    missing: tuple[str, ...]


def reading(round_: Round, chosen: str) -> str:
    """The language a person reads this round's messages in: the one they chose (or their app's, taken
    at join), else the round's own language, else English."""
    return formats.language_of(chosen or round_.language)


def localized(round_: Round, recommendation: Recommendation, language: str) -> Shown:
    """A recommendation's title, text and section in the reader's language, with its notice."""
    if language == round_.language:
        return Shown(recommendation.title, recommendation.text, recommendation.section)
    declared = round_.translation(language)
    own = recommendation.translation(language)
    if declared is None or own is None:
        notice = text(language, "content.untranslated", language=language_name(round_.language, language))
        return Shown(recommendation.title, recommendation.text, recommendation.section, notice)
    section = declared.section(recommendation.section) or recommendation.section
    return Shown(own.title, own.text, section, _provenance(round_, language))


def round_text(round_: Round, language: str) -> Shown:
    """The round's title and description in the reader's language, with its notice."""
    declared = round_.translation(language) if language != round_.language else None
    if declared is None:
        notice = "" if language == round_.language else _untranslated(round_, language)
        return Shown(round_.title, round_.description, notice=notice)
    return Shown(declared.title, declared.description or round_.description, notice=_provenance(round_, language))


def localize(round_: Round, language: str) -> Round:
    """The round with its title, description and recommendations in the reader's language (where
    given), for screens and pushes that show them; refs, sections' order and everything else kept."""
    if language == round_.language or round_.translation(language) is None:
        return round_
    shown = round_text(round_, language)
    items = []
    for item in round_.recommendations:
        own = localized(round_, item, language)
        items.append(replace(item, title=own.title, text=own.text, section=own.section))
    return replace(round_, title=shown.title, description=shown.text, recommendations=tuple(items))


def coverage(round_: Round, languages: tuple[str, ...]) -> list[Coverage]:
    """Per language, how much of the round's own text is there, and whose translation it is."""
    total = len(round_.recommendations)
    found: list[Coverage] = []
    for language in languages:
        if language == round_.language:
            found.append(Coverage(language, "original", True, bool(round_.description), total, total, ()))
            continue
        declared = round_.translation(language)
        missing = tuple(r.ref for r in round_.recommendations if r.translation(language) is None)
        found.append(
            Coverage(
                language=language,
                status=declared.status.value if declared else "missing",
                title=declared is not None,
                description=bool(declared and declared.description) or not round_.description,
                items=total - len(missing) if declared else 0,
                total=total,
                missing=missing if declared else tuple(r.ref for r in round_.recommendations),
            )
        )
    return found


@cache
def language_name(code: str, in_language: str) -> str:
    """A language's name in another language ("anglais" for en in fr); the code when Babel knows none."""
    try:
        return str(Locale.parse(in_language).languages.get(code) or code)
    except (UnknownLocaleError, ValueError):
        return code


def _provenance(round_: Round, language: str) -> str:
    declared = round_.translation(language)
    if declared is None or declared.status is Provenance.OFFICIAL:
        return ""
    return text(language, "content.unofficial", language=language_name(round_.language, language))


def _untranslated(round_: Round, language: str) -> str:
    return text(language, "content.untranslated", language=language_name(round_.language, language))
