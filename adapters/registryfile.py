"""The stakeholder registry file (Member States by regional group, observers, entities) into Stakeholders."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pycountry
import yaml

from bot.model import Stakeholder


def load_registry(path: Path) -> list[Stakeholder]:
    """Every stakeholder the file names, with its groups; names from pycountry unless overridden."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    names: dict[str, str] = data.get("names", {})
    groups: dict[str, list[str]] = defaultdict(list)
    kinds: dict[str, str] = {}
    for group, codes in data["regional_groups"].items():
        for code in codes:
            groups[code].append(group)
            kinds[code] = "member_state"
    for group, codes in (data.get("other_groups") or {}).items():
        for code in codes:
            groups[code].append(group)
    for code, name in (data.get("observers") or {}).items():
        kinds[code], names[code] = "observer", name
    for code, entity in (data.get("entities") or {}).items():
        kinds[code], names[code] = entity.get("kind", "un_entity"), entity["name"]
    return [
        Stakeholder(code=code, name=names.get(code) or country_name(code), kind=kind, groups=tuple(groups[code]))
        for code, kind in sorted(kinds.items())
    ]


def country_name(code: str) -> str:
    """A country's short name by ISO 3166 alpha-3 code (the code itself if unknown)."""
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    return str(getattr(country, "common_name", None) or country.name)
