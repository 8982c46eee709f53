"""The Babel extraction method for `bot/i18n/catalogue.py`: one message per key of `EN`.

`babel.cfg` maps the catalogue file to `bot.i18n.catalogue_extract:extract`, so `pybabel extract` writes
each key as the msgctxt, its English text as the msgid (and msgid_plural for a pair), and the
placeholders and any translators' note as comments. The file is read as source (never imported).
"""

from __future__ import annotations

import ast
import string
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

#: (line, function, messages, comments): what Babel expects of an extraction method.
Extracted = tuple[int, str, tuple[str, ...], list[str]]


def extract(
    fileobj: IO[bytes], keywords: Collection[str], comment_tags: Collection[str], options: Mapping[str, Any]
) -> Iterator[Extracted]:
    """Every entry of the `EN` dict (and the `NOTES` for translators) found in the source."""
    tree = ast.parse(fileobj.read())
    english = _literal(tree, "EN")
    notes_node = _node(tree, "NOTES")
    notes = {str(k): str(v) for k, v in ast.literal_eval(notes_node).items()} if notes_node else {}
    assert isinstance(english, ast.Dict)
    for key_node, value_node in zip(english.keys, english.values, strict=True):
        assert key_node is not None
        key = ast.literal_eval(key_node)
        value = ast.literal_eval(value_node)
        comments = [c for c in (_placeholders(value), _note(notes, key)) if c]
        if isinstance(value, tuple):
            yield key_node.lineno, "npgettext", (key, value[0], value[1]), comments
        else:
            yield key_node.lineno, "pgettext", (key, value), comments


def _literal(tree: ast.Module, name: str) -> ast.expr:
    found = _node(tree, name)
    if found is None:
        raise ValueError(f"no {name} = {{...}} in the catalogue")
    return found


def _node(tree: ast.Module, name: str) -> ast.expr | None:
    for statement in tree.body:
        if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
            targets = [statement.target]
        elif isinstance(statement, ast.Assign):
            targets = [t for t in statement.targets if isinstance(t, ast.Name)]
        else:
            continue
        if statement.value is not None and any(t.id == name for t in targets):
            return statement.value
    return None


def placeholders(value: str | tuple[str, ...]) -> list[str]:
    """The placeholder names of a text (of both forms of a plural), in order, once each."""
    texts = value if isinstance(value, tuple) else (value,)
    names = [field for t in texts for _, field, _, _ in string.Formatter().parse(t) if field]
    return list(dict.fromkeys(names))


def _placeholders(value: str | tuple[str, ...]) -> str:
    names = placeholders(value)
    return "Keep as they are: " + ", ".join("{" + n + "}" for n in names) if names else ""


def _note(notes: Mapping[str, str], key: str) -> str:
    return next((text for prefix, text in notes.items() if key.startswith(prefix)), "")
