"""Who a round is for: group names, kinds and stakeholder codes; by default every Member State.

In an intergovernmental process only Member States (and observer States, marked as such) take
positions; every other stakeholder (UN system entities, intergovernmental bodies, NGOs) gives views.
Reports keep the two apart (`takes_position`) and never count them together.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.domain.model import Round, Stakeholder

MEMBER_STATE = "member_state"
OBSERVER = "observer"
#: The kinds whose answers are positions; any other kind's answers are views.
POSITION_KINDS = frozenset({MEMBER_STATE, OBSERVER})


def takes_position(stakeholder: Stakeholder) -> bool:
    """True for Member States and observers (positions); False for other stakeholders (views)."""
    return stakeholder.kind in POSITION_KINDS


def includes(round_: Round, stakeholder: Stakeholder) -> bool:
    """True if the stakeholder is in the round's audience."""
    if not round_.audience:
        return stakeholder.kind == MEMBER_STATE
    wanted = {entry.casefold() for entry in round_.audience}
    return (
        stakeholder.code.casefold() in wanted
        or stakeholder.kind.casefold() in wanted
        or any(g.casefold() in wanted for g in stakeholder.groups)
    )


def members(round_: Round, stakeholders: Iterable[Stakeholder]) -> list[Stakeholder]:
    """The stakeholders of the round's audience, in the order given."""
    return [s for s in stakeholders if includes(round_, s)]


def unknown_entries(audience: Iterable[str], stakeholders: Iterable[Stakeholder]) -> list[str]:
    """Audience entries that name neither a group, a kind nor a stakeholder."""
    known = set()
    for s in stakeholders:
        known.add(s.code.casefold())
        known.add(s.kind.casefold())
        known.update(g.casefold() for g in s.groups)
    return [entry for entry in audience if entry.casefold() not in known]
