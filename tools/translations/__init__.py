"""Translations of the English catalogue (`bot.i18n.catalogue.EN`), one module per language, turned into .po files.

A language module's `TEXTS` maps a key to its translation: a text, a tuple of the language's plural forms
for an English (singular, plural) pair, or, while branches disagree on a key's English, a dict from each
English version (text or pair) to its translation; `build_po` takes the one that matches EN.
"""

from __future__ import annotations

from collections.abc import Callable

#: A translation as a language module writes it.
Translation = str | tuple[str, ...] | dict[str | tuple[str, ...], str | tuple[str, ...]]


def each(value: Translation, change: Callable[[str], str]) -> Translation:
    """The translation with `change` applied to every text in it (plural forms and versions too)."""
    if isinstance(value, dict):
        return {english: each(translated, change) for english, translated in value.items()}  # type: ignore[misc]
    if isinstance(value, tuple):
        return tuple(map(change, value))
    return change(value)
