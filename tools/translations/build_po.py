"""Write `bot/locale/<lang>/LC_MESSAGES/consultbot.po` from `bot.i18n.catalogue.EN` and `tools/translations/<lang>.py`.

Each language module holds `TEXTS`: key -> translation (a tuple of every plural form of the language for an
English tuple). The key is the msgctxt, the English text the msgid, exactly as in EN. Then every file is
read back with polib and checked: every key present, nothing empty or fuzzy, the same placeholders.

    .venv/bin/python -m tools.translations.build_po          # write, then check
    .venv/bin/python -m tools.translations.build_po --check  # only check the .po files
    .venv/bin/python -m tools.translations.build_po --en wip/i18n  # EN as committed on another branch

A translation whose key is not in EN is left out (with a warning), so the data files may run ahead of EN.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import importlib
import string
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

import bot.i18n.catalogue

from . import Translation

EN: Mapping[str, str | tuple[str, ...]] = bot.i18n.catalogue.EN
LANGUAGES = ("ar", "es", "fr", "ru", "zh")
LOCALE = Path(__file__).resolve().parents[2] / "bot" / "locale"
DATE = dt.datetime(2026, 12, 6, tzinfo=dt.UTC)
# gettext's plural rules (Babel 2.19 would give French and Spanish CLDR's third "many" form for millions)
PLURAL_FORMS = {
    "ar": (6, "(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5)"),
    "en": (2, "(n != 1)"),
    "es": (2, "(n != 1)"),
    "fr": (2, "(n > 1)"),
    "ru": (3, "(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2)"),
    "zh": (1, "0"),
}
EXPECTED_PLURALS = {language: forms for language, (forms, _) in PLURAL_FORMS.items()}


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "consultbot.po"


def placeholders(template: str) -> set[str]:
    """The `{name}` fields of a str.format template."""
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def english_at(ref: str) -> dict[str, str | tuple[str, ...]]:
    """The EN dict of bot/i18n/catalogue.py as committed at a git ref (read as a literal, not imported)."""
    source = subprocess.run(
        ["git", "show", f"{ref}:bot/i18n/catalogue.py"], check=True, capture_output=True, text=True
    ).stdout
    for node in ast.parse(source).body:
        named_en = isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == "EN"
        if named_en and isinstance(node, ast.AnnAssign) and node.value is not None:
            return dict(ast.literal_eval(node.value))
    raise SystemExit(f"no EN dict in {ref}:bot/i18n/catalogue.py")


def translations(language: str) -> dict[str, Translation]:
    module = importlib.import_module(f"tools.translations.{language}")
    return dict(module.TEXTS)


def build(language: str) -> list[str]:
    texts = translations(language)
    problems: list[str] = []
    for key in texts.keys() - EN.keys():
        print(f"warning: {language}: {key}: not in EN, left out", file=sys.stderr)
    catalog = Catalog(
        locale=language,
        domain="consultbot",
        project="consultbot",
        version="1",
        copyright_holder="consultbot",
        msgid_bugs_address="",
        creation_date=DATE,
        revision_date=DATE,
        language_team=f"{language} <consultbot>",
        last_translator="helper translate",
        fuzzy=False,
        header_comment=f"# {language} translations of consultbot's texts (bot/i18n/catalogue.py, EN).\n"
        f"# Written by tools/translations/build_po.py from tools/translations/{language}.py.",
    )
    forms, rule = PLURAL_FORMS[language]
    catalog.mime_headers = [("Plural-Forms", f"nplurals={forms}; plural={rule};")]
    for key, english in EN.items():
        translated = texts.get(key)
        if isinstance(translated, dict):  # versions: the one for this English
            translated = translated.get(english)
        if translated is None:
            problems.append(f"{language}: {key}: missing")
        if isinstance(english, tuple):
            plural = translated if isinstance(translated, tuple) else ("",) * forms
            message = catalog.add(english[:2], plural, context=key)
        else:
            message = catalog.add(english, translated if isinstance(translated, str) else "", context=key)
        # str.format templates: "% of" is no %-directive; msgfmt -c checks the {fields} instead
        message.flags.discard("python-format")
        if placeholders("".join(english) if isinstance(english, tuple) else english):
            message.flags.add("python-brace-format")
    path = po_path(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        write_po(out, catalog, width=100, omit_header=False, sort_output=False)
    return problems


def check(language: str) -> list[str]:
    """Everything wrong with one language's .po file against EN, one line each."""
    path = po_path(language)
    if not path.exists():
        return [f"{language}: {path} missing"]
    with path.open("rb") as source:
        catalog = read_po(source)
    problems: list[str] = []
    nplurals = catalog.num_plurals
    if nplurals != EXPECTED_PLURALS[language]:
        wanted_forms = EXPECTED_PLURALS[language]
        problems.append(f"{language}: Plural-Forms {catalog.plural_forms!r}, expected nplurals={wanted_forms}")
    if str(catalog.locale) != language:
        problems.append(f"{language}: Language header {catalog.locale!s}")
    if catalog.obsolete:
        problems.append(f"{language}: obsolete entries {sorted(map(str, catalog.obsolete))[:5]}")
    entries = {str(message.context): message for message in catalog if message.id}
    for key in entries.keys() - EN.keys():
        problems.append(f"{language}: {key}: not in EN")
    for key, english in EN.items():
        entry = entries.get(key)
        if entry is None:
            problems.append(f"{language}: {key}: missing")
            continue
        if entry.fuzzy:
            problems.append(f"{language}: {key}: fuzzy")
        if (tuple(english[:2]) if isinstance(english, tuple) else english) != entry.id:
            problems.append(f"{language}: {key}: msgid differs from EN")
            continue
        shown = entry.string
        forms: list[str] = [str(form or "") for form in shown] if isinstance(shown, (tuple, list)) else [shown or ""]
        if isinstance(english, tuple) and len(forms) != nplurals:
            problems.append(f"{language}: {key}: {len(forms)} plural forms, {nplurals} wanted")
        wanted = set().union(*map(placeholders, english)) if isinstance(english, tuple) else placeholders(english)
        for n, form in enumerate(forms):
            if not form.strip():
                problems.append(f"{language}: {key}[{n}]: empty")
                continue
            found = placeholders(form)
            # a plural form may leave out {count} (e.g. Arabic "one" and "two" say the number in words)
            if found != wanted and not (isinstance(english, tuple) and found == wanted - {"count"}):
                problems.append(f"{language}: {key}[{n}]: placeholders {sorted(found)} != {sorted(wanted)}")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("languages", nargs="*", default=list(LANGUAGES), help=f"some of {', '.join(LANGUAGES)}")
    parser.add_argument("--check", action="store_true", help="only check the .po files")
    parser.add_argument("--en", metavar="REF", help="take EN from bot/i18n/catalogue.py at this git ref")
    args = parser.parse_args()
    if args.en:
        global EN
        EN = english_at(args.en)
    problems: list[str] = []
    for language in args.languages:
        if not args.check:
            problems += build(language)
        problems += check(language)
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(args.languages)} languages, {len(EN)} keys, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
