"""Round files (YAML) into Round values, refusing a bad file with every problem and its line.

The round's own text may come in more languages than its base one (`language`, default English):
`translations` maps a language code to its provenance (`status: official | unofficial`), the
round's `title` and `description`, optionally its `sections`' names and `recommendations` (ref →
title and text); each recommendation may also carry its own `translations` (language → title and
text). A language must be one of the six and declared (with its status) at the top; a ref and a
section must exist.

No input may end in a traceback, however large, deep or absurd: the file is read up to MAX_BYTES,
its nesting is measured on the parser's events (iterative) before the recursive composer runs,
dates must fall within FIRST_YEAR..LAST_YEAR and reminder offsets within MAX_OFFSET, so that
the planner's arithmetic on them can never overflow.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.coordinator.contacts import LANGUAGES
from bot.domain.errors import BadRoundFile
from bot.domain.model import ItemTranslation, Provenance, Recommendation, Round, RoundMode, RoundTranslation
from bot.i18n.timefmt import is_zone

FIELDS = frozenset(
    {"slug", "title", "description", "deadline", "opens", "timezone", "audience", "reminders", "mode",
     "recommendations", "document", "summaries", "facilitators", "language", "translations"}
)  # fmt: skip
ITEM_FIELDS = frozenset({"ref", "section", "title", "text"})
#: Optional fields of a recommendation.
ITEM_EXTRAS = frozenset({"translations"})
#: The fields of one language under the round's `translations`.
ROUND_TRANSLATION_FIELDS = frozenset({"status", "title", "description", "sections", "recommendations"})
#: The fields of one recommendation's translation.
ITEM_TRANSLATION_FIELDS = frozenset({"title", "text"})
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,31}$")
REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.-]{0,11}$")
DURATION = re.compile(r"^P(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?)?$")
MAX_TEXT = 4000
#: A round file larger than this is refused unread (the sample of 31 recommendations in six languages is ~80 KB).
MAX_BYTES = 1_000_000
#: Deeper nesting than a round file ever needs is refused before composing (PyYAML's composer recurses).
MAX_DEPTH = 16
#: Deadlines and opening times must fall within these years.
FIRST_YEAR, LAST_YEAR = 2000, 2100
#: The longest reminder offset before the deadline.
MAX_OFFSET = timedelta(days=366)


@dataclass(frozen=True, slots=True)
class ParsedRound:
    """A round read from a file, with the line of each field (for problems found later)."""

    round: Round
    lines: dict[str, int]


def load_round_file(path: Path) -> ParsedRound:
    """Read and check a round file; BadRoundFile lists every problem with its line."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise BadRoundFile([(0, f"cannot read {path}: {error.strerror or error}")]) from None
    if len(data) > MAX_BYTES:
        raise BadRoundFile([(0, f"{path} is larger than {MAX_BYTES // 1000} KB: not a round file")])
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise BadRoundFile([(line, f"not UTF-8 text (byte {error.start + 1})")]) from None
    return parse_round(source)


def parse_round(source: str) -> ParsedRound:
    """Check round-file text; BadRoundFile lists every problem with its line."""
    if len(source) > MAX_BYTES:
        raise BadRoundFile([(1, f"{len(source)} characters: a round file is at most {MAX_BYTES // 1000} KB")])
    try:
        _check_depth(source)
        root = yaml.compose(source)
    except yaml.YAMLError as error:
        raise BadRoundFile([(_line_of(error, source), f"not valid YAML: {_shown(_problem_of(error))}")]) from None
    except RecursionError:  # _check_depth stops this first; kept so that nothing ever ends in a traceback
        raise BadRoundFile([(1, "nested too deeply to be a round file")]) from None
    if not isinstance(root, MappingNode):
        raise BadRoundFile([(1, "a round file is a mapping of fields (slug, title, deadline, recommendations...)")])
    reader = _Reader()
    round_ = reader.read(root)
    if reader.problems or round_ is None:
        raise BadRoundFile(sorted(reader.problems))
    return ParsedRound(round=round_, lines=reader.lines)


def parse_duration(text: str) -> timedelta | None:
    """An ISO 8601 duration such as P7D, PT4H, P1DT12H (None when malformed, zero or absurdly long)."""
    match = DURATION.match(text.strip())
    if not match or text.strip() in ("P", "PT") or len(text.strip()) > 40:
        return None
    parts = {k: int(v) for k, v in match.groupdict().items() if v}
    try:
        value = timedelta(**parts)
    except OverflowError:
        return None
    return value if value > timedelta(0) else None


def _check_depth(source: str) -> None:
    """Refuse nesting deeper than MAX_DEPTH, with its line, reading the parser's events one by one."""
    depth = 0
    for event in yaml.parse(source):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                line = event.start_mark.line + 1 if event.start_mark else 0
                raise BadRoundFile([(line, f"nested more than {MAX_DEPTH} levels deep: not a round file")])
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


class _Reader:
    """Walks the YAML nodes, collecting values, lines and problems."""

    def __init__(self) -> None:
        self.problems: list[tuple[int, str]] = []
        self.lines: dict[str, int] = {}
        #: The line of each recommendation's own translation, by (ref, language).
        self.translation_lines: dict[tuple[str, str], int] = {}

    def problem(self, node: Node, text: str) -> None:
        self.problems.append((node.start_mark.line + 1, text))

    def read(self, root: MappingNode) -> Round | None:
        fields: dict[str, Node] = {}
        for key_node, value_node in root.value:
            key = str(key_node.value) if isinstance(key_node, ScalarNode) else "(a list or mapping)"
            if key not in FIELDS:
                self.problem(key_node, f"unknown field “{_shown(key)}” (known: {', '.join(sorted(FIELDS))})")
            elif key in fields:
                self.problem(key_node, f"“{key}” appears twice")
            else:
                fields[key] = value_node
                self.lines[key] = key_node.start_mark.line + 1
        for key in ("slug", "title", "deadline", "recommendations"):
            if key not in fields:
                self.problems.append((1, f"missing required field “{key}”"))
        slug = self.text(fields, "slug", pattern=SLUG, hint="lower-case letters, digits and dashes, 2-32 long")
        title = self.text(fields, "title", limit=200)
        deadline = self.moment(fields, "deadline")
        opens = self.moment(fields, "opens")
        if deadline and opens and opens >= deadline:
            self.problem(fields["opens"], "opens: must be before the deadline")
        zone = self.text(fields, "timezone") or "America/New_York"
        if "timezone" in fields and not is_zone(zone):
            self.problem(fields["timezone"], f"timezone: unknown time zone “{_shown(zone)}”")
        mode = self.text(fields, "mode") or "standard"
        if mode not in (m.value for m in RoundMode):
            self.problem(fields["mode"], "mode: must be “standard” or “silence”")
        summaries = self.text(fields, "summaries") or "false"
        if summaries.lower() not in ("true", "false", "yes", "no"):
            self.problem(fields["summaries"], "summaries: must be true or false")
        audience = tuple(self.strings(fields, "audience"))
        reminders = self.reminders(fields)
        language = (self.text(fields, "language") or "en").lower()
        if "language" in fields and language not in LANGUAGES:
            self.problem(fields["language"], f"language: “{_shown(language)}” is not one of {', '.join(LANGUAGES)}")
        items = self.items(fields.get("recommendations"))
        facilitators = self.facilitators(fields.get("facilitators"))
        round_translations, items = self.translations(fields.get("translations"), language, items)
        if self.problems or not (slug and title and deadline and items):
            return None
        round_ = Round(
            slug=slug, title=title, deadline=deadline, opens=opens, recommendations=tuple(items),
            description=self.text(fields, "description") or "", timezone=zone, audience=audience,
            mode=RoundMode(mode), document=self.text(fields, "document") or "",
            summaries=summaries.lower() in ("true", "yes"), facilitators=facilitators, language=language,
            translations=round_translations,
        )  # fmt: skip
        return round_ if reminders is None else replace(round_, reminders=reminders)  # None: the default ones

    def facilitators(self, node: Node | None) -> tuple[tuple[str, str], ...]:
        """`facilitators: {"<section>": <stakeholder code or participant e-mail>}`."""
        if node is None:
            return ()
        if not isinstance(node, MappingNode):
            self.problem(node, "facilitators: must map each section to a stakeholder code or an e-mail")
            return ()
        found: list[tuple[str, str]] = []
        for key_node, value_node in node.value:
            if not isinstance(value_node, ScalarNode) or not str(value_node.value).strip():
                self.problem(value_node, f"facilitators: “{key_node.value}” needs a stakeholder code or an e-mail")
                continue
            found.append((str(key_node.value), str(value_node.value).strip()))
        return tuple(found)

    def text(self, fields: dict[str, Node], key: str, *, pattern: re.Pattern[str] | None = None,
             hint: str = "", limit: int = MAX_TEXT, where: str = "") -> str:  # fmt: skip
        """A field's text (whitespace folded, but a description's lines kept); `where` prefixes problems."""
        node = fields.get(key)
        if node is None:
            return ""
        name = f"{where}: {key}" if where else key
        if not isinstance(node, ScalarNode) or not str(node.value).strip():
            self.problem(node, f"{name}: must be a non-empty text")
            return ""
        value = " ".join(str(node.value).split()) if key != "description" else str(node.value).strip()
        if pattern and not pattern.match(value):
            self.problem(node, f"{name}: “{_shown(value)}” is not valid ({hint})")
            return ""
        if len(value) > limit:
            self.problem(node, f"{name}: {len(value)} characters, at most {limit}")
            return ""
        return value

    def moment(self, fields: dict[str, Node], key: str) -> datetime | None:
        raw = self.text(fields, key)
        if not raw:
            return None
        try:
            value = datetime.fromisoformat(raw)
        except (ValueError, OverflowError):
            self.problem(
                fields[key], f"{key}: “{_shown(raw)}” is not an ISO 8601 date-time, e.g. 2027-03-30T18:00:00-04:00"
            )
            return None
        if value.tzinfo is None:
            self.problem(fields[key], f"{key}: “{_shown(raw)}” needs its UTC offset, e.g. 2027-03-30T18:00:00-04:00")
            return None
        try:
            year = value.astimezone(UTC).year
        except OverflowError:  # e.g. 0001-01-01T00:00+05:00 lies before year 1 in UTC
            year = 0
        if not FIRST_YEAR <= year <= LAST_YEAR:
            self.problem(fields[key], f"{key}: “{_shown(raw)}” must fall between {FIRST_YEAR} and {LAST_YEAR}")
            return None
        return value

    def strings(self, fields: dict[str, Node], key: str) -> list[str]:
        return [value for _, value in self.entries(fields, key)]

    def entries(self, fields: dict[str, Node], key: str) -> list[tuple[int, str]]:
        """The list's texts, each with its line."""
        node = fields.get(key)
        if node is None:
            return []
        if not isinstance(node, SequenceNode):
            self.problem(node, f"{key}: must be a list")
            return []
        values = []
        for index, item in enumerate(node.value):
            if not isinstance(item, ScalarNode) or not str(item.value).strip():
                self.problem(item, f"{key}: every entry must be a non-empty text")
                continue
            self.lines[f"{key}.{index}"] = line = item.start_mark.line + 1
            values.append((line, str(item.value).strip()))
        return values

    def reminders(self, fields: dict[str, Node]) -> tuple[timedelta, ...] | None:
        if "reminders" not in fields:
            return None
        offsets = []
        for line, raw in self.entries(fields, "reminders"):
            offset = parse_duration(raw)
            if offset is None:
                self.problems.append(
                    (line, f"reminders: “{_shown(raw)}” is not an ISO 8601 duration such as P7D or PT4H")
                )
            elif offset > MAX_OFFSET:
                self.problems.append((line, f"reminders: “{_shown(raw)}” is more than {MAX_OFFSET.days} days"))
            else:
                offsets.append(offset)
        return tuple(sorted(offsets, reverse=True))

    def items(self, node: Node | None) -> list[Recommendation]:
        if node is None:
            return []
        if not isinstance(node, SequenceNode) or not node.value:
            self.problem(node, "recommendations: must be a non-empty list")
            return []
        items: list[Recommendation] = []
        seen: set[str] = set()
        for item in node.value:
            if not isinstance(item, MappingNode):
                self.problem(item, "recommendations: each entry is a mapping with ref, section, title and text")
                continue
            fields: dict[str, Node] = {}
            for key_node, value_node in item.value:
                name = str(key_node.value) if isinstance(key_node, ScalarNode) else "(a list or mapping)"
                if name not in ITEM_FIELDS | ITEM_EXTRAS:
                    self.problem(key_node, f"recommendation: unknown field “{_shown(name)}”")
                fields[name] = value_node
            for key in sorted(ITEM_FIELDS - set(fields)):
                self.problem(item, f"recommendation: missing “{key}”")
            ref = self.text(fields, "ref", pattern=REF, hint="letters, digits, dots and dashes, at most 12")
            if ref and ref.casefold() in seen:  # ref matched REF: short, safe to show
                self.problem(fields["ref"], f"ref: “{ref}” is used twice")
            seen.add(ref.casefold())
            section, title, body = (
                self.text(fields, k, limit=lim) for k, lim in (("section", 200), ("title", 200), ("text", MAX_TEXT))
            )
            own = self.item_translations(fields.get("translations"), ref or "?")
            if ref and section and title and body:
                items.append(Recommendation(ref=ref, section=section, title=title, text=body, translations=own))
        return items

    def translations(
        self, node: Node | None, base: str, items: list[Recommendation]
    ) -> tuple[tuple[RoundTranslation, ...], list[Recommendation]]:
        """The round's `translations` (language → status, title, description, recommendations), and the
        recommendations with the translations given there added; checks every language is declared."""
        declared: list[RoundTranslation] = []
        extra: dict[str, list[ItemTranslation]] = {}
        by_ref = {item.ref.casefold(): item for item in items}
        if node is not None and not isinstance(node, MappingNode):
            self.problem(node, "translations: must map each language code (ar, es, fr, ru, zh) to its texts")
            node = None
        for key_node, value_node in node.value if isinstance(node, MappingNode) else ():
            language = self.language(key_node, base, where="translations")
            if not language:
                continue
            if any(t.language == language for t in declared):
                self.problem(key_node, f"translations: “{language}” appears twice")
                continue
            if not isinstance(value_node, MappingNode):
                self.problem(value_node, f"translations: {language}: must be a mapping with status, title, description")
                continue
            fields = self.mapping(value_node, ROUND_TRANSLATION_FIELDS, f"translations: {language}")
            where = f"translations: {language}"
            status = self.text(fields, "status", where=where).lower()
            if "status" not in fields:
                self.problem(value_node, f"{where}: missing “status” (official or unofficial)")
            elif status and status not in (p.value for p in Provenance):
                self.problem(fields["status"], f"{where}: status “{_shown(status)}” must be official or unofficial")
                status = ""
            title = self.text(fields, "title", limit=200, where=where)
            if "title" not in fields:
                self.problem(value_node, f"{where}: missing “title” (the round's title in this language)")
            description = self.text(fields, "description", where=where)
            sections = self.sections(fields.get("sections"), {item.section for item in items}, where)
            if status and title:
                declared.append(
                    RoundTranslation(
                        language=language,
                        status=Provenance(status),
                        title=title,
                        description=description,
                        sections=sections,
                    )
                )
            listed = fields.get("recommendations")
            if listed is None:
                continue
            if not isinstance(listed, MappingNode):
                self.problem(listed, f"{where}: recommendations: must map each ref to its title and text")
                continue
            for ref_node, item_node in listed.value:
                ref = str(ref_node.value) if isinstance(ref_node, ScalarNode) else ""
                item = by_ref.get(ref.casefold()) if ref else None
                if item is None:
                    known = ", ".join(i.ref for i in items[:8]) + (", ..." if len(items) > 8 else "")
                    self.problem(ref_node, f"{where}: no recommendation “{_shown(ref)}” in this round (refs: {known})")
                    continue
                found = self.item_translation(item_node, language, f"{where}: {item.ref}")
                if found is None:
                    continue
                if item.translation(language) is not None or any(
                    t.language == language for t in extra.get(item.ref, [])
                ):
                    self.problem(ref_node, f"{where}: {item.ref} is translated twice into “{language}”")
                    continue
                extra.setdefault(item.ref, []).append(found)
        known_languages = {t.language for t in declared}
        for item in items:
            for language in {t.language for t in item.translations} - known_languages:
                self.problems.append(
                    (
                        self.translation_lines.get((item.ref, language), 1),
                        f"recommendation {item.ref}: translation “{language}” is not declared under the round's "
                        "translations (with its status, official or unofficial, and the round's title)",
                    )
                )
        merged = [
            replace(item, translations=(*item.translations, *extra[item.ref])) if item.ref in extra else item
            for item in items
        ]
        return tuple(declared), merged

    def sections(self, node: Node | None, known: set[str], where: str) -> tuple[tuple[str, str], ...]:
        """`sections: {"<section as the recommendations name it>": "<its name in this language>"}`."""
        if node is None:
            return ()
        if not isinstance(node, MappingNode):
            self.problem(node, f"{where}: sections: must map each section's name to its name in this language")
            return ()
        found: list[tuple[str, str]] = []
        for key_node, value_node in node.value:
            name = " ".join(str(key_node.value).split()) if isinstance(key_node, ScalarNode) else ""
            if name not in known:
                self.problem(key_node, f"{where}: sections: no recommendation is in a section “{_shown(name)}”")
                continue
            if not isinstance(value_node, ScalarNode) or not str(value_node.value).strip():
                self.problem(value_node, f"{where}: sections: “{_shown(name)}” needs its name in this language")
                continue
            found.append((name, " ".join(str(value_node.value).split())))
        return tuple(found)

    def item_translations(self, node: Node | None, ref: str) -> tuple[ItemTranslation, ...]:
        """A recommendation's own `translations` (language → title and text)."""
        if node is None:
            return ()
        where = f"recommendation {ref}: translations"
        if not isinstance(node, MappingNode):
            self.problem(node, f"{where}: must map each language code to a title and a text")
            return ()
        found: list[ItemTranslation] = []
        for key_node, value_node in node.value:
            language = self.language(key_node, "", where=where)
            if not language:
                continue
            if any(t.language == language for t in found):
                self.problem(key_node, f"{where}: “{language}” appears twice")
                continue
            translation = self.item_translation(value_node, language, f"{where}: {language}")
            if translation is not None:
                self.translation_lines[(ref, language)] = key_node.start_mark.line + 1
                found.append(translation)
        return tuple(found)

    def item_translation(self, node: Node, language: str, where: str) -> ItemTranslation | None:
        """One recommendation's title and text in one language."""
        if not isinstance(node, MappingNode):
            self.problem(node, f"{where}: must be a mapping with title and text")
            return None
        fields = self.mapping(node, ITEM_TRANSLATION_FIELDS, where)
        for key in sorted(ITEM_TRANSLATION_FIELDS - set(fields)):
            self.problem(node, f"{where}: missing “{key}”")
        title, body = self.text(fields, "title", limit=200, where=where), self.text(fields, "text", where=where)
        return ItemTranslation(language=language, title=title, text=body) if title and body else None

    def language(self, node: Node, base: str, *, where: str) -> str:
        """A language code as a key: one of the six, not the round's own; "" (with a problem) otherwise."""
        code = str(node.value).strip().lower() if isinstance(node, ScalarNode) else ""
        if code not in LANGUAGES:
            shown = _shown(code) if isinstance(node, ScalarNode) else "(a list or mapping)"
            self.problem(node, f"{where}: “{shown}” is not a supported language ({', '.join(LANGUAGES)})")
            return ""
        if code == base:
            self.problem(node, f"{where}: “{code}” is the round's own language; its text is the round's")
            return ""
        return code

    def mapping(self, node: MappingNode, known: frozenset[str], where: str) -> dict[str, Node]:
        """A mapping's fields by name; unknown and repeated names are problems."""
        fields: dict[str, Node] = {}
        for key_node, value_node in node.value:
            name = str(key_node.value) if isinstance(key_node, ScalarNode) else "(a list or mapping)"
            if name not in known:
                self.problem(key_node, f"{where}: unknown field “{_shown(name)}” (known: {', '.join(sorted(known))})")
            elif name in fields:
                self.problem(key_node, f"{where}: “{name}” appears twice")
            else:
                fields[name] = value_node
        return fields


def _line_of(error: yaml.YAMLError, source: str) -> int:
    """The line a YAML error points at (a reader error gives a character position instead)."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if mark is not None:
        return int(mark.line) + 1
    position = getattr(error, "position", None)
    return source[:position].count("\n") + 1 if isinstance(position, int) else 1


def _problem_of(error: yaml.YAMLError) -> str:
    problem = getattr(error, "problem", None)
    if problem:
        return str(problem)
    reason = getattr(error, "reason", None)  # a reader error: an unacceptable character
    return f"{reason}" if reason else str(error)


def _shown(value: str) -> str:
    """A value as quoted in a problem: one line, at most 60 characters."""
    flat = " ".join(value.split())
    return flat if len(flat) <= 60 else flat[:57] + "..."
