"""Round files (YAML) into Round values, refusing a bad file with every problem and its line."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.errors import BadRoundFile
from bot.model import Recommendation, Round, RoundMode
from bot.timefmt import is_zone

FIELDS = frozenset(
    {"slug", "title", "description", "deadline", "opens", "timezone", "audience", "reminders", "mode",
     "recommendations", "document", "summaries", "facilitators"}
)  # fmt: skip
ITEM_FIELDS = frozenset({"ref", "section", "title", "text"})
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,31}$")
REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.-]{0,11}$")
DURATION = re.compile(r"^P(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?)?$")
MAX_TEXT = 4000


@dataclass(frozen=True, slots=True)
class ParsedRound:
    """A round read from a file, with the line of each field (for problems found later)."""

    round: Round
    lines: dict[str, int]


def load_round_file(path: Path) -> ParsedRound:
    """Read and check a round file; BadRoundFile lists every problem with its line."""
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BadRoundFile([(0, f"cannot read {path}: {error}")]) from error
    return parse_round(source)


def parse_round(source: str) -> ParsedRound:
    """Check round-file text; BadRoundFile lists every problem with its line."""
    try:
        root = yaml.compose(source)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise BadRoundFile(
            [(mark.line + 1 if mark else 0, f"not valid YAML: {getattr(error, 'problem', error)}")]
        ) from None
    if not isinstance(root, MappingNode):
        raise BadRoundFile([(1, "a round file is a mapping of fields (slug, title, deadline, recommendations...)")])
    reader = _Reader()
    round_ = reader.read(root)
    if reader.problems or round_ is None:
        raise BadRoundFile(sorted(reader.problems))
    return ParsedRound(round=round_, lines=reader.lines)


def parse_duration(text: str) -> timedelta | None:
    """An ISO 8601 duration such as P7D, PT4H, P1DT12H (None when malformed or zero)."""
    match = DURATION.match(text.strip())
    if not match or text.strip() in ("P", "PT"):
        return None
    parts = {k: int(v) for k, v in match.groupdict().items() if v}
    value = timedelta(**parts)
    return value if value > timedelta(0) else None


class _Reader:
    """Walks the YAML nodes, collecting values, lines and problems."""

    def __init__(self) -> None:
        self.problems: list[tuple[int, str]] = []
        self.lines: dict[str, int] = {}

    def problem(self, node: Node, text: str) -> None:
        self.problems.append((node.start_mark.line + 1, text))

    def read(self, root: MappingNode) -> Round | None:
        fields: dict[str, Node] = {}
        for key_node, value_node in root.value:
            key = str(key_node.value)
            if key not in FIELDS:
                self.problem(key_node, f"unknown field “{key}” (known: {', '.join(sorted(FIELDS))})")
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
            self.problem(fields["timezone"], f"timezone: unknown time zone “{zone}”")
        mode = self.text(fields, "mode") or "standard"
        if mode not in (m.value for m in RoundMode):
            self.problem(fields["mode"], "mode: must be “standard” or “silence”")
        summaries = self.text(fields, "summaries") or "false"
        if summaries.lower() not in ("true", "false", "yes", "no"):
            self.problem(fields["summaries"], "summaries: must be true or false")
        audience = tuple(self.strings(fields, "audience"))
        reminders = self.reminders(fields)
        items = self.items(fields.get("recommendations"))
        facilitators = self.facilitators(fields.get("facilitators"))
        if self.problems or not (slug and title and deadline and items):
            return None
        return Round(
            slug=slug, title=title, deadline=deadline, opens=opens, recommendations=tuple(items),
            description=self.text(fields, "description") or "", timezone=zone, audience=audience,
            reminders=reminders if reminders is not None else Round.__dataclass_fields__["reminders"].default,
            mode=RoundMode(mode), document=self.text(fields, "document") or "",
            summaries=summaries.lower() in ("true", "yes"), facilitators=facilitators,
        )  # fmt: skip

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
             hint: str = "", limit: int = MAX_TEXT) -> str:  # fmt: skip
        node = fields.get(key)
        if node is None:
            return ""
        if not isinstance(node, ScalarNode) or not str(node.value).strip():
            self.problem(node, f"{key}: must be a non-empty text")
            return ""
        value = " ".join(str(node.value).split()) if key != "description" else str(node.value).strip()
        if pattern and not pattern.match(value):
            self.problem(node, f"{key}: “{value}” is not valid ({hint})")
            return ""
        if len(value) > limit:
            self.problem(node, f"{key}: {len(value)} characters, at most {limit}")
            return ""
        return value

    def moment(self, fields: dict[str, Node], key: str) -> datetime | None:
        raw = self.text(fields, key)
        if not raw:
            return None
        try:
            value = datetime.fromisoformat(raw)
        except ValueError:
            self.problem(fields[key], f"{key}: “{raw}” is not an ISO 8601 date-time, e.g. 2027-03-30T18:00:00-04:00")
            return None
        if value.tzinfo is None:
            self.problem(fields[key], f"{key}: “{raw}” needs its UTC offset, e.g. 2027-03-30T18:00:00-04:00")
            return None
        return value

    def strings(self, fields: dict[str, Node], key: str) -> list[str]:
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
            self.lines[f"{key}.{index}"] = item.start_mark.line + 1
            values.append(str(item.value).strip())
        return values

    def reminders(self, fields: dict[str, Node]) -> tuple[timedelta, ...] | None:
        if "reminders" not in fields:
            return None
        offsets = []
        for index, raw in enumerate(self.strings(fields, "reminders")):
            offset = parse_duration(raw)
            if offset is None:
                line = self.lines.get(f"reminders.{index}", 0)
                self.problems.append((line, f"reminders: “{raw}” is not an ISO 8601 duration such as P7D or PT4H"))
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
                if key_node.value not in ITEM_FIELDS:
                    self.problem(key_node, f"recommendation: unknown field “{key_node.value}”")
                fields[str(key_node.value)] = value_node
            for key in sorted(ITEM_FIELDS - set(fields)):
                self.problem(item, f"recommendation: missing “{key}”")
            ref = self.text(fields, "ref", pattern=REF, hint="letters, digits, dots and dashes, at most 12")
            if ref and ref.casefold() in seen:
                self.problem(fields["ref"], f"ref: “{ref}” is used twice")
            seen.add(ref.casefold())
            section, title, body = (
                self.text(fields, k, limit=lim) for k, lim in (("section", 200), ("title", 200), ("text", MAX_TEXT))
            )
            if ref and section and title and body:
                items.append(Recommendation(ref=ref, section=section, title=title, text=body))
        return items
