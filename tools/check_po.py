"""Fail when a translation is missing, untranslated, fuzzy, obsolete or drops a placeholder.

    python tools/check_po.py            # every language; exit status 1 and one line per problem
    python tools/check_po.py fr ar      # some of them

The English source is `bot.i18n.catalogue.EN`; the template `bot/locale/consultbot.pot` must match it
(`make extract` writes it), and each language's `bot/locale/<lang>/LC_MESSAGES/consultbot.po` must
hold every key, translated, not fuzzy, with the placeholders of the English text, the plural forms
of its language (CLDR, as Babel writes them) and nothing obsolete.
"""

from __future__ import annotations

import string
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path

import polib
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
DOMAIN = "consultbot"
#: gettext's long-standing two forms for French and Spanish (CLDR adds a "many" form for millions).
TRADITIONAL = {"fr": 2, "es": 2}

Source = str | tuple[str, str]


def placeholders(value: str) -> set[str]:
    """The placeholder names in a text."""
    try:
        return {field.split(".")[0].split("[")[0] for _, field, _, _ in string.Formatter().parse(value) if field}
    except ValueError:
        return {"<unbalanced braces>"}


def template_problems(english: Mapping[str, Source], pot: Path) -> list[str]:
    """The .pot against the English source: the same keys with the same texts."""
    if not pot.is_file():
        return [f"{pot}: missing (run make extract)"]
    wanted = {(key, *(value if isinstance(value, tuple) else (value, ""))) for key, value in english.items()}
    found = {(e.msgctxt, e.msgid, e.msgid_plural or "") for e in polib.pofile(str(pot))}
    if wanted == found:
        return []
    keys = sorted({k for k, *_ in wanted ^ found})
    return [f"{pot}: out of date with bot/i18n/catalogue.py for {', '.join(keys[:10])} (run make extract)"]


def language_problems(english: Mapping[str, Source], language: str, po_path: Path) -> list[str]:
    """Every problem of one language's .po file, one line each."""
    if not po_path.is_file():
        return [f"{language}: {po_path} is missing"]
    where = f"{language} ({po_path.name})"
    po = polib.pofile(str(po_path))
    problems: list[str] = []
    cldr = get_plural(language).num_plurals
    header = po.metadata.get("Plural-Forms", "")
    allowed = {cldr, TRADITIONAL.get(language, cldr)}
    nplurals = next((n for n in allowed if f"nplurals={n};" in header.replace(" ", "")), cldr)
    if not any(f"nplurals={n};" in header.replace(" ", "") for n in allowed):
        problems.append(f"{where}: Plural-Forms is “{header}”, CLDR has {cldr} forms for {language}")
    entries = {e.msgctxt: e for e in po if not e.obsolete}
    problems += [f"{where}: obsolete entry {e.msgctxt or e.msgid[:40]!r} (remove it)" for e in po.obsolete_entries()]
    problems += [f"{where}: {key!r} is no key of the catalogue" for key in entries if key not in english]
    for key, value in english.items():
        entry = entries.get(key)
        if entry is None:
            problems.append(f"{where}: {key!r} is missing")
            continue
        singular, plural = value if isinstance(value, tuple) else (value, "")
        if entry.msgid != singular or (entry.msgid_plural or "") != plural:
            problems.append(f"{where}: {key!r} translates an older English text (msgid differs)")
            continue
        if entry.fuzzy:
            problems.append(f"{where}: {key!r} is fuzzy")
        problems += _translation_problems(where, key, entry, singular, plural, nplurals)
    return problems + compile_problems(where, po_path, language)


def compile_problems(where: str, po_path: Path, language: str) -> list[str]:
    """What `pybabel compile` (make locale) would refuse: Babel's own checks of each message, e.g. a
    text flagged python-format whose %-placeholders differ from the English."""
    with po_path.open("rb") as source:
        catalog = read_po(source, locale=language)
    return [
        f"{where}: {message.context!r}: {error} (pybabel compile)"
        for message, errors in catalog.check()
        for error in errors
    ]


def _translation_problems(
    where: str, key: str, entry: polib.POEntry, singular: str, plural: str, nplurals: int
) -> list[str]:
    expected = placeholders(singular) | placeholders(plural)
    forms = [entry.msgstr_plural.get(i, "") for i in range(nplurals)] if plural else [entry.msgstr]
    if plural and len(entry.msgstr_plural) != nplurals:
        return [f"{where}: {key!r} has {len(entry.msgstr_plural)} plural forms, {nplurals} wanted"]
    problems = []
    for index, form in enumerate(forms):
        label = f"{key!r}" + (f" form {index}" if plural else "")
        if not form.strip():
            problems.append(f"{where}: {label} is not translated")
            continue
        found = placeholders(form)
        # A plural form may leave the number out ("one recommendation"); nothing else may go.
        missing = expected - found - ({"count"} if plural else set())
        if missing:
            problems.append(f"{where}: {label} drops {', '.join('{' + m + '}' for m in sorted(missing))}")
        if found - expected:
            problems.append(
                f"{where}: {label} has unknown {', '.join('{' + m + '}' for m in sorted(found - expected))}"
            )
    return problems


def problems(english: Mapping[str, Source], locale_dir: Path, languages: Iterable[str] = LANGUAGES) -> list[str]:
    """Everything wrong with the template and the languages' files."""
    found = template_problems(english, locale_dir / f"{DOMAIN}.pot")
    for language in languages:
        found += language_problems(english, language, locale_dir / language / "LC_MESSAGES" / f"{DOMAIN}.po")
    return found


def main(argv: list[str]) -> int:
    """Print the problems; exit status 1 when there are any."""
    sys.path.insert(0, str(ROOT))
    from bot.i18n.catalogue import EN

    found = problems(EN, ROOT / "bot" / "locale", argv or LANGUAGES)
    for line in found:
        print(line, file=sys.stderr)
    if found:
        print(f"{len(found)} translation problems (see the README, Translations)", file=sys.stderr)
        return 1
    print(f"translations complete: {', '.join(argv or LANGUAGES)} ({len(EN)} texts)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
