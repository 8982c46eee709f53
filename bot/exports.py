"""What an export holds: one row per delegation and recommendation answered, and every revision."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass

from bot.model import Revision, Round, Stakeholder
from bot.ports import UnitOfWork

RESPONSE_COLUMNS = (
    "round", "stakeholder", "delegation", "groups", "ref", "section", "title", "position", "amendment", "comment",
    "updated_at", "channel",
)  # fmt: skip
REVISION_COLUMNS = ("round", "stakeholder", "ref", "position", "amendment", "comment", "participant", "channel", "at")


#: One current response as the export writes it (storage's Reports.response_lines): stakeholder,
#: ref, position (a bot.model.Position value), amendment, comment, updated_at (ISO 8601 in UTC, as
#: datetime.isoformat() writes it: "2027-03-08T14:30:05.123456+00:00"), channel. A plain tuple
#: rather than a bot.model.Response: an export of a million responses builds a million of them,
#: and a tuple costs a tenth of a frozen dataclass.
ResponseLine = tuple[str, str, str, str, str, str, str]


@dataclass(frozen=True, slots=True)
class Sheet:
    """A named table: its columns and a stream of its rows, a batch (a list of rows) at a time.

    Batches rather than rows: a writer handles a batch in one call (csv.writer.writerows), which
    is most of the cost of exporting a million rows.
    """

    name: str
    columns: tuple[str, ...]
    batches: AsyncIterator[list[tuple[str, ...]]]


def sheets(uow: UnitOfWork, round_: Round, stakeholders: Mapping[str, Stakeholder]) -> tuple[Sheet, Sheet]:
    """The responses sheet and the revisions sheet, streamed from storage."""
    return (
        Sheet("responses", RESPONSE_COLUMNS, _responses(uow.reports.response_lines(round_.slug), round_, stakeholders)),
        Sheet("revisions", REVISION_COLUMNS, _revisions(uow.responses.stream_revisions(round_.slug))),
    )


async def _responses(
    source: AsyncIterator[Sequence[ResponseLine]], round_: Round, stakeholders: Mapping[str, Stakeholder]
) -> AsyncIterator[list[tuple[str, ...]]]:
    # What a row says of its delegation and its recommendation, worked out once for each, not per row.
    holders = {code: (h.name, "; ".join(h.groups)) for code, h in stakeholders.items()}
    items = {r.ref: (r.section, r.title) for r in round_.recommendations}
    unknown = ("", "")
    slug = round_.slug
    async for batch in source:
        yield [
            (slug, stakeholder, *holders.get(stakeholder, unknown), ref, *items.get(ref, unknown), position, amendment,
             comment, updated_at, channel)
            for stakeholder, ref, position, amendment, comment, updated_at, channel in batch
        ]  # fmt: skip


async def _revisions(source: AsyncIterator[Revision], *, size: int = 1000) -> AsyncIterator[list[tuple[str, ...]]]:
    batch: list[tuple[str, ...]] = []
    async for r in source:
        participant = str(r.participant_id) if r.participant_id is not None else ""
        batch.append(
            (
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
        )
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
