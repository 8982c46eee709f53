"""What the six-language stories share: the catalogues on disk, scratch catalogues, the English-word check."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import polib
import pytest
from babel.messages.plurals import get_plural

from bot.dialogue import text as typed
from bot.i18n import translations
from bot.i18n.catalogue import EN

#: The five languages translated from English.
TRANSLATED = ("ar", "zh", "fr", "ru", "es")
FSI, PDI = "\u2068", "\u2069"


def has_catalogue(language: str) -> bool:
    """True when the language's .po is in the tree (helper translate writes them)."""
    return translations.paths(language)[0].is_file()


def needs_catalogue(language: str) -> pytest.MarkDecorator:
    """Skip a story whose language has no .po in this tree (they come from the translations branch)."""
    return pytest.mark.skipif(not has_catalogue(language), reason=f"no bot/locale/{language} .po in this tree")


@contextmanager
def scratch_catalogues(folder: Path, entries: Mapping[str, Mapping[str, str | list[str]]]) -> Iterator[None]:
    """Catalogues written to `folder` (language → key → translation, a list for plural forms) and read instead."""
    for language, wanted in entries.items():
        po = polib.POFile()
        po.metadata = {
            "Language": language,
            "Content-Type": "text/plain; charset=utf-8",
            "Plural-Forms": get_plural(language).plural_forms,
        }
        for key, value in wanted.items():
            source = EN[key]
            if isinstance(source, tuple):
                assert isinstance(value, list)
                po.append(
                    polib.POEntry(
                        msgctxt=key,
                        msgid=source[0],
                        msgid_plural=source[1],
                        msgstr_plural=dict(enumerate(value)),
                    )
                )
            else:
                assert isinstance(value, str)
                po.append(polib.POEntry(msgctxt=key, msgid=source, msgstr=value))
        target = folder / language / "LC_MESSAGES"
        target.mkdir(parents=True, exist_ok=True)
        po.save(str(target / "consultbot.po"))
    before = translations.LOCALE_DIR
    translations.LOCALE_DIR = folder
    translations.forget()
    typed.forget_words()
    try:
        yield
    finally:
        translations.LOCALE_DIR = before
        translations.forget()
        typed.forget_words()


# -- "no English word left" ----------------------------------------------------------------------------

#: Words that stay as they are in every language: commands, product and place names, symbols.
KEPT = frozenset(
    [
        "consultbot",
        "invite",
        "code",
        "role",
        "focal_point",
        "join",
        "edit",
        "ref",
        "review",
        "status",
        "submit",
        "receipt",
        "rounds",
        "timezone",
        "help",
        "question",
        "answer",
        "publish",
        "digest",
        "open",
        "close",
        "extend",
        "remind",
        "round",
        "zone",
        "europe",
        "paris",
        "york",
        "new",
        "telegram",
        "slack",
        "web",
        "quit",
        "ctrl",
        "your",
        "back",
        "skip",
        "next",
    ]
)
_WORD = re.compile(r"[A-Za-z][A-Za-z']{2,}")


def english_words() -> frozenset[str]:
    """Every word of three letters or more in the English texts (placeholders left out), lower case."""
    found: set[str] = set()
    for source in EN.values():
        for template in source if isinstance(source, tuple) else (source,):
            found.update(w.lower() for w in _WORD.findall(re.sub(r"\{[^}]*\}", " ", template)))
    return frozenset(found - KEPT)


def own_words(language: str) -> frozenset[str]:
    """The Latin-letter words a language's own translations use ("position" is French too)."""
    po = polib.pofile(str(translations.paths(language)[0]))
    found: set[str] = set()
    for entry in po:
        for translated in [entry.msgstr, *entry.msgstr_plural.values()]:
            # Commands kept in English (`consultbot invite CODE --role focal_point`) are no words of the language.
            prose = re.sub(r"`[^`]*`|\{[^}]*\}|\S*_\S*", " ", translated)
            found.update(w.lower() for w in _WORD.findall(prose))
    return frozenset(found)


def english_left(screen: str, shown_as_is: Iterable[str], language: str) -> list[str]:
    """The catalogue's English words on a screen, once the values shown as they are (titles, names) are
    removed, that are no words of the language's own translations."""
    for value in sorted(shown_as_is, key=len, reverse=True):
        if value:
            screen = screen.replace(value, " ")
    words = english_words() - own_words(language)
    return sorted({w for w in _WORD.findall(screen) if w.lower() in words})
