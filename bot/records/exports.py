"""What an export holds: the record (what each delegation submitted), drafts where asked, every
revision and every receipt, with people named (display name and role), never by an internal id.

Each amendment and comment stays in the language it was written in; the `language` column (and
`draft_language`, `language` of a revision) says which ("" when not known: answers made before
languages were recorded). An export has a language of its own (Options.language, `round export
--language`): the recommendations' titles are in it where the round file gives them, and a
spreadsheet labels positions in it (right to left for Arabic); the columns keep their names.

The record has one row per delegation of the audience and recommendation. A delegation that
submitted nothing appears with an empty position and no receipt (a reader sees who is silent),
unless `submitted_only`. With `drafts`, the draft columns hold a delegation's current answer where
it differs from what it submitted (or where it never submitted).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot.domain.audience import takes_position
from bot.domain.model import DelegationProgress, Position, Revision, Round, Stakeholder, Submission, person
from bot.i18n.content import localized

RECORD_COLUMNS = (
    "stakeholder", "name", "groups", "ref", "title", "position", "amendment", "comment", "receipt", "submitted_at",
    "submitted_by",
)  # fmt: skip
DRAFT_COLUMNS = ("draft_position", "draft_amendment", "draft_comment", "draft_changed_by", "draft_changed_at")
#: Last in the record: the stakeholder's kind and whether its answers are a position (Member States,
#: observers) or a view (other stakeholders). The record lists every position first, then the views.
VOICE_COLUMNS = ("kind", "voice")
#: After those: the language the submitted amendment and comment were written in (and the draft's).
LANGUAGE_COLUMNS = ("language",)
DRAFT_LANGUAGE_COLUMNS = ("draft_language",)
REVISION_COLUMNS = (
    "stakeholder", "name", "ref", "position", "amendment", "comment", "changed_by", "channel", "at", "language",
)  # fmt: skip
RECEIPT_COLUMNS = ("receipt", "stakeholder", "name", "submitted_at", "submitted_by", "channel", "answered")
#: Columns that hold a moment (ISO 8601 text, UTC): a spreadsheet writes them as date-time cells.
DATE_COLUMNS = frozenset({"submitted_at", "draft_changed_at", "at"})
#: Columns that hold a position value: a spreadsheet writes its label ("Support with amendments").
POSITION_COLUMNS = frozenset({"position", "draft_position"})

#: One current response as storage reads it for the export (Reports.response_lines): stakeholder,
#: ref, draft position (a Position value), draft amendment, draft comment, updated_at (ISO 8601 in
#: UTC, as datetime.isoformat() writes it), channel, participant id of the last change (None: the
#: system), then the record: submitted position, amendment, comment (None: never submitted), then
#: the language of the draft's words and of the submitted ones (None: never submitted). A plain
#: tuple rather than a bot.domain.model.Response: an export of a million responses builds a million.
ResponseLine = tuple[str, str, str, str, str, str, str, int | None, str | None, str | None, str | None, str, str | None]

#: Rows of the record without responses are emitted this many at a time.
CHUNK = 2000


@dataclass(frozen=True, slots=True)
class Sheet:
    """A named table: its columns and a stream of its rows, a batch (a list of rows) at a time.

    Batches rather than rows: a writer handles a batch in one call (csv.writer.writerows), which
    is most of the cost of exporting a million rows.
    """

    name: str
    columns: tuple[str, ...]
    batches: AsyncIterator[list[tuple[str, ...]]]
    dates: frozenset[str] = field(default=DATE_COLUMNS)
    positions: frozenset[str] = field(default=POSITION_COLUMNS)
    #: The reader's language: a spreadsheet's position labels and direction (right to left for Arabic).
    language: str = "en"


@dataclass(frozen=True, slots=True, kw_only=True)
class Options:
    """What the coordinator asked for."""

    drafts: bool = False
    submitted_only: bool = False
    #: The export's language ("": the round's own): recommendation titles, spreadsheet labels.
    language: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Sources:
    """What the sheets are made of, read by the use case (coordination.export)."""

    round: Round
    members: Sequence[Stakeholder]  # the audience, ordered by code
    stakeholders: Mapping[str, Stakeholder]
    progress: Mapping[str, DelegationProgress]
    people: Mapping[int, str]  # participant id -> "Name (role)"
    lines: AsyncIterator[Sequence[ResponseLine]]
    revisions: AsyncIterator[Revision]
    submissions: Sequence[Submission]


def sheets(sources: Sources, options: Options) -> tuple[Sheet, ...]:
    """The record, the revisions and the receipts, streamed from storage."""
    columns = RECORD_COLUMNS + (DRAFT_COLUMNS if options.drafts else ()) + VOICE_COLUMNS + LANGUAGE_COLUMNS
    columns += DRAFT_LANGUAGE_COLUMNS if options.drafts else ()
    language = options.language or sources.round.language
    return (
        Sheet("record", columns, _record(sources, options), language=language),
        Sheet("revisions", REVISION_COLUMNS, _revisions(sources), language=language),
        Sheet("receipts", RECEIPT_COLUMNS, _receipts(sources), language=language),
    )


def iso(moment: datetime | None) -> str:
    """A moment as the export writes it (ISO 8601), "" for none."""
    return moment.isoformat() if moment is not None else ""


async def _record(sources: Sources, options: Options) -> AsyncIterator[list[tuple[str, ...]]]:
    """Audience members in code order, merged with storage's batches of whole delegations (same order);
    the Member States' (and observers') positions first, then the other stakeholders' views (held
    back until the positions are out: they are few)."""
    members = sources.members
    index = 0
    views: list[tuple[str, ...]] = []
    language = options.language or sources.round.language
    titles = {item.ref: localized(sources.round, item, language).title for item in sources.round.recommendations}
    async for batch in sources.lines:
        by_code: dict[str, dict[str, ResponseLine]] = {}
        for line in batch:
            by_code.setdefault(line[0], {})[line[1]] = line
        last = batch[-1][0] if batch else ""
        rows: list[tuple[str, ...]] = []
        while index < len(members) and members[index].code <= last:
            holder = members[index]
            found = _rows(sources, options, holder, by_code.get(holder.code, {}), titles)
            (rows if takes_position(holder) else views).extend(found)
            index += 1
            if len(rows) >= CHUNK:
                yield rows
                rows = []
        if rows:
            yield rows
    rows = []
    for holder in members[index:]:
        (rows if takes_position(holder) else views).extend(_rows(sources, options, holder, {}, titles))
        if len(rows) >= CHUNK:
            yield rows
            rows = []
    if rows:
        yield rows
    for start in range(0, len(views), CHUNK):
        yield views[start : start + CHUNK]


def _rows(
    sources: Sources,
    options: Options,
    holder: Stakeholder,
    lines: Mapping[str, ResponseLine],
    titles: Mapping[str, str],
) -> list[tuple[str, ...]]:
    progress = sources.progress.get(holder.code)
    receipt = progress.receipt if progress else ""
    if options.submitted_only and not receipt:
        return []
    about = (holder.code, holder.name, "; ".join(holder.groups))
    submitted = (receipt, iso(progress.submitted_at), progress.submitted_by) if progress and receipt else ("", "", "")
    out: list[tuple[str, ...]] = []
    for item in sources.round.recommendations:
        line = lines.get(item.ref)
        language = ""
        if line is None:
            record: tuple[str, ...] = ("", "", "", "", "", "")
        elif line[8] is not None and receipt:
            record = (line[8], line[9] or "", line[10] or "", *submitted)
            language = (line[12] or "") if (line[9] or line[10]) else ""
        elif line[2] == Position.NO_OBJECTION.value and not receipt:
            # The silence procedure recorded "no objection" at the deadline: that is the record.
            record = (line[2], "", "", "", line[5], person("", "", line[7]))
        else:
            record = ("", "", "", *submitted)
        row = (*about, item.ref, titles.get(item.ref, item.title), *record)
        draft = _draft(sources, line, record) if options.drafts else ()
        row += draft
        row += (holder.kind, "position" if takes_position(holder) else "view", language)
        if options.drafts:
            row += ((line[11] if line is not None and draft[0] and (draft[1] or draft[2]) else ""),)
        out.append(row)
    return out


def _draft(sources: Sources, line: ResponseLine | None, record: tuple[str, ...]) -> tuple[str, ...]:
    if line is None or (line[2], line[3], line[4]) == record[:3]:
        return ("", "", "", "", "")
    who = sources.people.get(line[7], "") if line[7] is not None else person("", "", None)
    return (line[2], line[3], line[4], who, line[5])


async def _revisions(sources: Sources, *, size: int = 1000) -> AsyncIterator[list[tuple[str, ...]]]:
    batch: list[tuple[str, ...]] = []
    async for r in sources.revisions:
        holder = sources.stakeholders.get(r.stakeholder)
        who = sources.people.get(r.participant_id, f"participant {r.participant_id}") if r.participant_id else "system"
        batch.append(
            (
                r.stakeholder,
                holder.name if holder else "",
                r.ref,
                r.position.value,
                r.amendment,
                r.comment,
                who,
                r.channel,
                r.at.isoformat(),
                r.language if r.amendment or r.comment else "",
            )
        )
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


async def _receipts(sources: Sources) -> AsyncIterator[list[tuple[str, ...]]]:
    rows: list[tuple[str, ...]] = []
    for s in sources.submissions:
        holder = sources.stakeholders.get(s.stakeholder)
        rows.append(
            (
                s.receipt,
                s.stakeholder,
                holder.name if holder else "",
                s.at.isoformat(),
                s.submitted_by,
                s.channel,
                str(s.answered),
            )
        )
    if rows:
        yield rows
