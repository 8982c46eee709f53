"""The stakeholder registry file (Member States by regional group, observers, entities) into Stakeholders.

A file is checked whole before anything is stored: a code named twice, a Member State in two
regional groups, an entity without a name or a kind (or with a kind not in bot.coordinator.stakeholders.KINDS)
refuses it with every problem and its line. A file may hold only `entities` (e.g. the coordinator's
list of NGOs in consultative status with ECOSOC, group "Civil society") (bot.domain.errors.BadInput via BadRoundFile's
shape: (line, problem) pairs).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import pycountry
import yaml

from bot.coordinator.stakeholders import KINDS
from bot.domain.errors import BadRoundFile
from bot.domain.model import Stakeholder

#: The sections of the file and what each holds.
SECTIONS = ("regional_groups", "other_groups", "observers", "entities", "names")


class BadRegistryFile(BadRoundFile):
    """A registry file refused; `problems` lists each one with its line (0 when unknown)."""

    what = "registry file"


def load_registry(path: Path) -> list[Stakeholder]:
    """Every stakeholder the file names, with its groups; names from pycountry unless overridden.

    Raises BadRegistryFile with every problem (by line) for a file that cannot be read as a registry.
    """
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BadRegistryFile([(0, f"cannot read {path}: {error}")]) from None
    try:
        data = yaml.safe_load(source)
        node = yaml.compose(source)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise BadRegistryFile([(mark.line + 1 if mark else 0, f"not YAML: {error}")]) from None
    if not isinstance(data, dict) or not any(isinstance(data.get(key), dict) for key in SECTIONS[:4]):
        raise BadRegistryFile(
            [(1, "a registry file needs `regional_groups:` (group name: [codes]) or `entities:` (code: {name, kind})")]
        )
    problems = _problems(node)
    if problems:
        raise BadRegistryFile(problems)
    names: dict[str, str] = dict(data.get("names") or {})
    groups: dict[str, list[str]] = defaultdict(list)
    kinds: dict[str, str] = {}
    for group, codes in (data.get("regional_groups") or {}).items():
        for code in codes or ():
            groups[str(code)].append(str(group))
            kinds[str(code)] = "member_state"
    for group, codes in (data.get("other_groups") or {}).items():
        for code in codes or ():
            groups[str(code)].append(str(group))
    for code, name in (data.get("observers") or {}).items():
        kinds[str(code)], names[str(code)] = "observer", str(name)
    for code, entity in (data.get("entities") or {}).items():
        kinds[str(code)], names[str(code)] = str(entity["kind"]), str(entity["name"])
        groups[str(code)].extend(str(group) for group in entity.get("groups") or ())
    return [
        Stakeholder(code=code, name=names.get(code) or country_name(code), kind=kind, groups=tuple(groups[code]))
        for code, kind in sorted(kinds.items())
    ]


def _problems(root: Any) -> list[tuple[int, str]]:
    """Codes named twice and Member States in two regional groups, each with its line."""
    sections = {key.value: value for key, value in root.value} if isinstance(root, yaml.MappingNode) else {}
    problems: list[tuple[int, str]] = []
    seen: dict[str, tuple[str, int]] = {}
    for section in ("regional_groups", "observers", "entities"):
        node = sections.get(section)
        if not isinstance(node, yaml.MappingNode):
            continue
        for key, value in node.value:
            entries = value.value if section == "regional_groups" and isinstance(value, yaml.SequenceNode) else [key]
            where = f"{section} / {key.value}" if section == "regional_groups" else section
            for entry in entries:
                code, line = str(entry.value), entry.start_mark.line + 1
                if code in seen:
                    first, first_line = seen[code]
                    both_regional = section == "regional_groups" and first.startswith("regional_groups")
                    what = (
                        f"{code} is in two regional groups ({first.split(' / ')[1]} line {first_line}, {key.value})"
                        if both_regional and first != where
                        else f"{code} is named twice (first in {first}, line {first_line})"
                    )
                    problems.append((line, what))
                else:
                    seen[code] = (where, line)
    node = sections.get("entities")
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            fields = {k.value for k, _ in value.value} if isinstance(value, yaml.MappingNode) else set()
            line = key.start_mark.line + 1
            if "name" not in fields:
                problems.append((line, f"entity {key.value} needs a name"))
            kind = next((v.value for k, v in value.value if k.value == "kind"), None) if fields else None
            if kind is None:
                problems.append((line, f"entity {key.value} needs a kind (one of {', '.join(KINDS)})"))
            elif kind not in KINDS:
                problems.append((line, f"entity {key.value}: unknown kind “{kind}” (one of {', '.join(KINDS)})"))
            listed = next((v for k, v in value.value if k.value == "groups"), None) if fields else None
            if listed is not None and not isinstance(listed, yaml.SequenceNode):
                problems.append((line, f"entity {key.value}: groups must be a list, e.g. [Civil society]"))
    return problems


def country_name(code: str) -> str:
    """A country's short name by ISO 3166 alpha-3 code (the code itself if unknown)."""
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)
