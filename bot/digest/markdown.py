"""The digest as Markdown, for the terminal and for files: the same sections as chat, with tables."""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.digest import chat, lists, sections, words
from bot.i18n.catalogue import text
from bot.records.digest_values import Coverage, Digest, RoundDigest

_EDGE_UNDERSCORE = re.compile(r"(?<![0-9A-Za-z])_|_(?![0-9A-Za-z])")


def markdown(digest: Digest, language: str = "en") -> str:
    """The whole digest as one Markdown document."""
    out = [f"# {_inline(chat.title(digest, language))}", ""]
    if not digest.rounds:
        out += [text(language, "digest.no_round"), "", text(language, "digest.quiet_all"), ""]
    for r in digest.rounds:
        out += _round(r, digest.zone, language)
    out += [f"## {text(language, 'digest.section.deadlines')}", "", *_items(lists.deadlines(digest, language))]
    return "\n".join(out).rstrip() + "\n"


def _round(r: RoundDigest, zone: str, language: str) -> list[str]:
    out = [f"## {_inline(r.round.title)} ({r.round.slug})", ""]
    out += [f"{_inline(line)}  " for line in sections.lead(r, zone, language)] + [""]
    regional = [g for g in r.groups if g.regional]
    others = [g for g in r.groups if not g.regional]
    out += _heading(text(language, "digest.section.groups"))
    out += _coverage_table([*regional, r.overall], language)
    if others:
        out += _heading(text(language, "digest.section.other_groups")) + _coverage_table(others, language)
    out += _heading(sections.changes_heading(r, zone, language)) + _items(sections.changes(r, zone, language))
    out += _heading(text(language, "digest.section.contested"))
    out += [f"_{text(language, 'digest.contested.definition', floor=sections.floor(r))}_", ""]
    out += _items(sections.contested(r, language))
    out += _heading(text(language, "digest.section.positions")) + _positions_table(r, language)
    if r.views is not None:
        out += _heading(text(language, "digest.section.views"))
        out += _coverage_table([r.views], language) + _positions_table(r, language, views=True)
    for heading, lines in (section.written(language) for section in r.extra):
        out += _heading(heading) + _items(lines)
    out += _heading(text(language, "digest.section.not_started", count=r.overall.not_started))
    out += _items(lists.not_started(r, language))
    out += _heading(text(language, "digest.section.problems")) + _items(lists.problems(r, language))
    return out


def _coverage_table(groups: Sequence[Coverage], language: str) -> list[str]:
    head = [text(language, f"digest.col.{c}") for c in ("group", "submitted", "in_progress", "not_started", "total")]
    rows = [
        [
            _cell(sections.group_name(g.group, language) if g.group else text(language, "digest.col.all")),
            str(g.submitted),
            str(g.in_progress),
            str(g.not_started),
            str(g.total),
        ]
        for g in groups
    ]
    return _table(head, rows)


def _positions_table(r: RoundDigest, language: str, *, views: bool = False) -> list[str]:
    shown = lists.shown_positions(r)
    tallies = r.view_tallies if views else r.tallies
    head = [
        text(language, "digest.col.recommendation"),
        *(words.label(p, language) for p in shown),
        text(language, "digest.col.answers"),
    ]
    rows = [[_cell(t.ref), *(str(t.count(p)) for p in shown), str(t.answers)] for t in tallies]
    return _table(head, rows)


def _table(head: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    align = ["---", *("---:" for _ in head[1:])]
    lines = [_row(head), _row(align), *(_row(row) for row in rows)]
    return [*lines, ""]


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _heading(title: str) -> list[str]:
    return [f"### {_inline(title)}", ""]


def _items(lines: Sequence[str]) -> list[str]:
    """A bullet list; "• " lines after a line ending with a colon are nested under it."""
    found: list[str] = []
    nested = False
    for line in lines:
        if line.startswith("• "):
            found.append(("  - " if nested else "- ") + _inline(line[2:]))
        else:
            nested = line.endswith(":")
            found.append("- " + _inline(line))
    return [*found, ""]


def _inline(value: str) -> str:
    """Text that Markdown shows as typed: its markup characters escaped (an underscore inside a word is safe)."""
    for char in "\\`*[]<>|":
        value = value.replace(char, "\\" + char)
    return _EDGE_UNDERSCORE.sub(r"\_", value)


def _cell(value: str) -> str:
    return _inline(value)
