"""What an export holds: one row per delegation and recommendation answered, and every revision."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass

from bot.model import Response, Revision, Round, Stakeholder
from bot.ports import UnitOfWork

RESPONSE_COLUMNS = (
    "round", "stakeholder", "delegation", "groups", "ref", "section", "title", "position", "amendment", "comment",
    "updated_at", "channel",
)  # fmt: skip
REVISION_COLUMNS = ("round", "stakeholder", "ref", "position", "amendment", "comment", "participant", "channel", "at")


@dataclass(frozen=True, slots=True)
class Sheet:
    """A named table: its columns and a stream of rows."""

    name: str
    columns: tuple[str, ...]
    rows: AsyncIterator[tuple[str, ...]]


def sheets(uow: UnitOfWork, round_: Round, stakeholders: Mapping[str, Stakeholder]) -> tuple[Sheet, Sheet]:
    """The responses sheet and the revisions sheet, streamed from storage."""
    return (
        Sheet("responses", RESPONSE_COLUMNS, _responses(uow.responses.stream(round_.slug), round_, stakeholders)),
        Sheet("revisions", REVISION_COLUMNS, _revisions(uow.responses.stream_revisions(round_.slug))),
    )


async def _responses(
    source: AsyncIterator[Response], round_: Round, stakeholders: Mapping[str, Stakeholder]
) -> AsyncIterator[tuple[str, ...]]:
    items = {r.ref: r for r in round_.recommendations}
    async for r in source:
        holder = stakeholders.get(r.stakeholder)
        item = items.get(r.ref)
        yield (
            r.round, r.stakeholder, holder.name if holder else "", "; ".join(holder.groups) if holder else "", r.ref,
            item.section if item else "", item.title if item else "", r.position.value, r.amendment, r.comment,
            r.updated_at.isoformat(), r.channel,
        )  # fmt: skip


async def _revisions(source: AsyncIterator[Revision]) -> AsyncIterator[tuple[str, ...]]:
    async for r in source:
        participant = str(r.participant_id) if r.participant_id is not None else ""
        yield (
            r.round,
            r.stakeholder,
            r.ref,
            r.position.value,
            r.amendment,
            r.comment,
            participant,
            r.channel,
            r.at.isoformat(),
        )
