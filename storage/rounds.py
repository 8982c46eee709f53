"""SqlRounds: rounds with their recommendations, in order."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from types import SimpleNamespace
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import JSON, Engine, Select, Text, bindparam, cast, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.domain.model import (
    ItemTranslation,
    Provenance,
    Recommendation,
    Round,
    RoundMode,
    RoundStatus,
    RoundTranslation,
)
from storage.statements import fetch, insert, rows, write
from storage.tables import RecommendationRow, RoundRow

_ROUNDS = RoundRow.__table__
_ITEMS = RecommendationRow.__table__
#: The JSON columns of a round (audience, reminders, translations).
_JSON = tuple(column.name for column in _ROUNDS.c if isinstance(column.type, JSON))
#: A round's row, its JSON columns as their text (cast: on PostgreSQL the driver would parse json
#: itself): the row is then a tuple of plain values, by which the Round built from it is remembered.
_ROUND = select(*(cast(c, Text).label(c.name) if c.name in _JSON else c for c in _ROUNDS.c)).where(
    _ROUNDS.c.slug == bindparam("slug")
)
_ROUND_ITEMS = (
    select(_ITEMS.c.ref, _ITEMS.c.section, _ITEMS.c.title, _ITEMS.c.text, _ITEMS.c.translations)
    .where(_ITEMS.c.round_id == bindparam("round_id"))
    .order_by(_ITEMS.c.position)
)
#: A round's recommendations, per database engine and (round id, slug). They are written with the
#: round and never change; only status, deadline and opening time do, and those are read every time.
_CONTENT: WeakKeyDictionary[Engine, dict[tuple[int, str], tuple[Recommendation, ...]]] = WeakKeyDictionary()
#: Round ids by slug, per engine (an id never changes; SqlRounds.add forgets its slug's old entry).
_IDS: WeakKeyDictionary[Engine, dict[str, int]] = WeakKeyDictionary()
#: Rounds as last built, by the row they were built from (the row is read every time: a change
#: by anyone makes another row); a few per round at most (status, deadline), and then forgotten.
_BUILT: WeakKeyDictionary[Engine, dict[Any, Round]] = WeakKeyDictionary()
_BUILT_MOST = 256


def _engine(session: AsyncSession) -> Engine:
    """The engine behind the session, also when it is bound to one of the engine's connections
    (a unit of work's own, storage/own_connection.py): what the memories above are kept per."""
    return session.get_bind().engine


_ROUND_ID = select(_ROUNDS.c.id).where(_ROUNDS.c.slug == bindparam("slug"))


async def round_id(session: AsyncSession, slug: str) -> int | None:
    """The id of the round with this slug (remembered), or None."""
    ids = _IDS.setdefault(_engine(session), {})
    found = ids.get(slug)
    if found is None:
        listed = await rows(session, _ROUND_ID, {"slug": slug})
        if not listed:
            return None
        found = ids[slug] = listed[0].id
    return found


class SqlRounds:
    """bot.ports.Rounds on SQLAlchemy; never commits."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, round_: Round) -> None:
        """Store a new round and its recommendations (Conflict if the slug is taken)."""
        statement = (
            insert(self._session, RoundRow)
            .values(
                slug=round_.slug,
                title=round_.title,
                description=round_.description,
                status=round_.status.value,
                mode=round_.mode.value,
                deadline=round_.deadline,
                opens=round_.opens,
                timezone=round_.timezone,
                audience=list(round_.audience),
                reminders=[_seconds(offset) for offset in round_.reminders],
                document=round_.document,
                summaries=round_.summaries,
                language=round_.language,
                translations=[_round_translation_json(t) for t in round_.translations],
            )
            .returning(RoundRow.id)
        )
        round_id = (await write(self._session, statement)).scalar_one()
        if round_.recommendations:
            items = [
                {
                    "round_id": round_id,
                    "position": position,
                    "ref": item.ref,
                    "section": item.section,
                    "title": item.title,
                    "text": item.text,
                    "translations": [
                        {"language": t.language, "title": t.title, "text": t.text} for t in item.translations
                    ],
                }
                for position, item in enumerate(round_.recommendations)
            ]
            await write(self._session, insert(self._session, RecommendationRow).values(items))
        # An id SQLite hands out again after a rolled-back insert must not find older content.
        self._content().pop((round_id, round_.slug), None)
        _IDS.setdefault(_engine(self._session), {}).pop(round_.slug, None)

    async def get(self, slug: str) -> Round | None:
        """The round with this slug, or None (its recommendations come from memory after the first read)."""
        found = await rows(self._session, _ROUND, {"slug": slug})
        if not found:
            return None
        row = found[0]
        content = self._content()
        items = content.get((row.id, row.slug))
        if items is None:
            listed = await rows(self._session, _ROUND_ITEMS, {"round_id": row.id})
            items = tuple(_recommendation(r) for r in listed)
            content[(row.id, row.slug)] = items
        return _built(_engine(self._session), row, items)

    def _content(self) -> dict[tuple[int, str], tuple[Recommendation, ...]]:
        return _CONTENT.setdefault(_engine(self._session), {})

    async def list(self) -> list[Round]:
        """Every round, newest deadline first."""
        found = await fetch(self._session, _rounds().order_by(RoundRow.deadline.desc(), RoundRow.id.desc()))
        return [_round(row, tuple(_recommendation(item) for item in row.recommendations)) for row in found]

    async def set_status(self, slug: str, status: RoundStatus) -> None:
        """Change the round's status (draft, open, closed)."""
        await write(self._session, update(RoundRow).where(RoundRow.slug == slug).values(status=status.value))

    async def set_deadline(self, slug: str, deadline: datetime, *, moved_at: datetime | None = None) -> None:
        """Move the round's deadline (and record when, if given)."""
        values: dict[str, Any] = {"deadline": deadline}
        if moved_at is not None:
            values["deadline_moved_at"] = moved_at
        await write(self._session, update(RoundRow).where(RoundRow.slug == slug).values(**values))

    async def set_closed(self, slug: str, *, at: datetime | None, reason: str = "", by: str = "") -> None:
        """Record when, why and by whom the round closed (None: open again)."""
        await write(
            self._session,
            update(RoundRow).where(RoundRow.slug == slug).values(closed_at=at, closed_reason=reason, closed_by=by),
        )

    async def hold(self, slug: str, *, status: RoundStatus, deadline: datetime) -> bool:
        """Lock the round's row if it still has this status and deadline (an UPDATE that changes nothing:
        on PostgreSQL it waits for a concurrent writer, then re-checks the row as that writer left it)."""
        statement = (
            update(RoundRow)
            .where(RoundRow.slug == slug, RoundRow.status == status.value, RoundRow.deadline == deadline)
            .values(status=status.value)
        )
        return int((await write(self._session, statement)).rowcount) == 1

    async def delete(self, slug: str) -> None:
        """Remove the round; its recommendations go with it (ON DELETE CASCADE, and explicitly for SQLite)."""
        found = await round_id(self._session, slug)
        if found is None:
            return
        await write(self._session, delete(RecommendationRow).where(RecommendationRow.round_id == found))
        await write(self._session, delete(RoundRow).where(RoundRow.id == found))
        self._content().pop((found, slug), None)
        _IDS.setdefault(_engine(self._session), {}).pop(slug, None)

    async def set_opens(self, slug: str, opens: datetime) -> None:
        """Record when the round opened."""
        await write(self._session, update(RoundRow).where(RoundRow.slug == slug).values(opens=opens))


def _rounds() -> Select[RoundRow]:
    return select(RoundRow).options(selectinload(RoundRow.recommendations))


def _built(engine: Engine, row: Any, items: tuple[Recommendation, ...]) -> Round:
    """The round from its row (JSON as text) and recommendations; the same Round as last time when
    both are the same (the recommendations the very tuple remembered now)."""
    built = _BUILT.setdefault(engine, {})
    found = built.get(row)
    if found is not None and found.recommendations is items:
        return found
    if len(built) >= _BUILT_MOST:
        built.clear()
    made = built[row] = _round(_parsed(row), items)
    return made


def _parsed(row: Any) -> SimpleNamespace:
    """The row with its JSON columns parsed, as SQLAlchemy's JSON type reads them (json.loads)."""
    values = row._asdict()
    for name in _JSON:
        values[name] = None if values[name] is None else json.loads(values[name])
    return SimpleNamespace(**values)


def _seconds(offset: timedelta) -> int | float:
    seconds = offset.total_seconds()
    return int(seconds) if seconds.is_integer() else seconds


def _recommendation(item: Any) -> Recommendation:
    """A recommendation from its row (ORM or Core), with its translations."""
    translations = tuple(
        ItemTranslation(language=str(t["language"]), title=str(t["title"]), text=str(t["text"]))
        for t in item.translations or ()
    )
    return Recommendation(
        ref=item.ref, section=item.section, title=item.title, text=item.text, translations=translations
    )


def _round_translation_json(translation: RoundTranslation) -> dict[str, Any]:
    return {
        "language": translation.language,
        "status": translation.status.value,
        "title": translation.title,
        "description": translation.description,
        "sections": [list(pair) for pair in translation.sections],
    }


def _round_translation(found: dict[str, Any]) -> RoundTranslation:
    return RoundTranslation(
        language=str(found["language"]),
        status=Provenance(found["status"]),
        title=str(found["title"]),
        description=str(found.get("description", "")),
        sections=tuple((str(here), str(there)) for here, there in found.get("sections", ())),
    )


def _round(row: Any, recommendations: tuple[Recommendation, ...]) -> Round:
    """A round from its row (ORM or Core) and its recommendations."""
    return Round(
        slug=row.slug,
        title=row.title,
        deadline=row.deadline,
        recommendations=recommendations,
        description=row.description,
        opens=row.opens,
        timezone=row.timezone,
        audience=tuple(str(code) for code in row.audience),
        reminders=tuple(timedelta(seconds=seconds) for seconds in row.reminders),
        mode=RoundMode(row.mode),
        status=RoundStatus(row.status),
        document=row.document,
        summaries=row.summaries,
        closed_at=row.closed_at,
        closed_reason=row.closed_reason,
        closed_by=row.closed_by,
        deadline_moved_at=row.deadline_moved_at,
        language=row.language,
        translations=tuple(_round_translation(found) for found in row.translations or ()),
    )
