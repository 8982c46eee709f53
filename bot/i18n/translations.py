"""The compiled gettext catalogue of each language, read the first time a reader needs it.

The build compiles `bot/locale/<lang>/LC_MESSAGES/consultbot.po` into `.mo` (`make locale`). When a
`.mo` is missing or older than its `.po` (a fresh checkout, a translator's edit), the `.po` is
compiled in memory with Babel instead, so the texts a person reads are never staler than the files.
Nothing is read at import.
"""

from __future__ import annotations

import gettext
import io
import logging
import threading
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

log = logging.getLogger(__name__)

#: The gettext domain of every catalogue.
DOMAIN = "consultbot"
#: Where the catalogues live: <lang>/LC_MESSAGES/consultbot.po (and .mo once compiled).
LOCALE_DIR = Path(__file__).parents[1] / "locale"

_loaded: dict[str, gettext.NullTranslations] = {}
_lock = threading.Lock()


def translations(language: str) -> gettext.NullTranslations:
    """The language's catalogue (an empty one, so English, when it has none)."""
    found = _loaded.get(language)
    if found is None:
        with _lock:
            found = _loaded.get(language)
            if found is None:
                found = _loaded[language] = _load(language)
    return found


def forget() -> None:
    """Drop every loaded catalogue (the next text reads the files again)."""
    with _lock:
        _loaded.clear()


def paths(language: str) -> tuple[Path, Path]:
    """The language's .po and .mo files."""
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    return folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"


def _load(language: str) -> gettext.NullTranslations:
    po, mo = paths(language)
    try:
        if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
            with mo.open("rb") as compiled:
                return gettext.GNUTranslations(compiled)
        if po.is_file():
            log.info("compiling %s in memory (no .mo, or an older one)", po)
            return gettext.GNUTranslations(io.BytesIO(compile_po(po.read_bytes(), language)))
    except (OSError, ValueError) as error:
        log.warning("the %s catalogue cannot be read (%s): English is shown instead", language, error)
    return gettext.NullTranslations()


def compile_po(source: bytes, language: str) -> bytes:
    """A .po file's bytes compiled to .mo bytes (fuzzy entries left out, as `pybabel compile` does)."""
    catalog = read_po(io.BytesIO(source), locale=language, domain=DOMAIN)
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()
