"""Scratch catalogues for stories about the reader's language, whatever the translators have done so far.

Every text of the English catalogue is "translated" into Greek letters (a language nothing of ours is
written in), placeholders kept; a plural's forms are numbered ("[2] …" is form 2 of the language's
CLDR rule). Whatever Latin-letter English a screen still shows is then hard-wired in the code, not
a missing translation.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import polib
from babel.messages.plurals import get_plural

from bot.i18n import translations
from bot.i18n.catalogue import EN

_GREEK = str.maketrans(string.ascii_lowercase + string.ascii_uppercase, "αβγδεζηθικλμνξοπρστυφχψωςϑ" * 2)
PLACEHOLDER = re.compile(r"(\{[^}]*\})")


def pseudo(template: str) -> str:
    """The English text with every letter outside the placeholders turned Greek."""
    return "".join(
        part if PLACEHOLDER.fullmatch(part) else part.translate(_GREEK) for part in PLACEHOLDER.split(template)
    )


@contextmanager
def pseudo_catalogues(folder: Path, languages: Sequence[str]) -> Iterator[None]:
    """Catalogues of every key for `languages`, written to `folder` and read instead of bot/locale."""
    for language in languages:
        po = polib.POFile()
        plural = get_plural(language)
        po.metadata = {
            "Language": language,
            "Content-Type": "text/plain; charset=utf-8",
            "Plural-Forms": plural.plural_forms,
        }
        for key, source in EN.items():
            if isinstance(source, tuple):
                forms = {n: f"[{n}] {pseudo(source[1])}" for n in range(plural.num_plurals)}
                po.append(polib.POEntry(msgctxt=key, msgid=source[0], msgid_plural=source[1], msgstr_plural=forms))
            else:
                po.append(polib.POEntry(msgctxt=key, msgid=source, msgstr=pseudo(source)))
        target = folder / language / "LC_MESSAGES"
        target.mkdir(parents=True, exist_ok=True)
        po.save(str(target / f"{translations.DOMAIN}.po"))
    before = translations.LOCALE_DIR
    translations.LOCALE_DIR = folder
    translations.forget()
    try:
        yield
    finally:
        translations.LOCALE_DIR = before
        translations.forget()
