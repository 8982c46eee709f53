"""SqlRounds: rounds with their recommendations, in order."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Select, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.model import Recommendation, Round, RoundMode, RoundStatus
from storage.statements import fetch, fetch_one, insert, write
from storage.tables import RecommendationRow, RoundRow


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
                }
                for position, item in enumerate(round_.recommendations)
            ]
            await write(self._session, insert(self._session, RecommendationRow).values(items))

    async def get(self, slug: str) -> Round | None:
        """The round with this slug, or None."""
        row = await fetch_one(self._session, _rounds().where(RoundRow.slug == slug))
        return _round(row) if row else None

    async def list(self) -> list[Round]:
        """Every round, newest deadline first."""
        rows = await fetch(self._session, _rounds().order_by(RoundRow.deadline.desc(), RoundRow.id.desc()))
        return [_round(row) for row in rows]

    async def set_status(self, slug: str, status: RoundStatus) -> None:
        """Change the round's status (draft, open, closed)."""
        await write(self._session, update(RoundRow).where(RoundRow.slug == slug).values(status=status.value))

    async def set_deadline(self, slug: str, deadline: datetime) -> None:
        """Move the round's deadline."""
        await write(self._session, update(RoundRow).where(RoundRow.slug == slug).values(deadline=deadline))

    async def set_opens(self, slug: str, opens: datetime) -> None:
        """Record when the round opened."""
        await write(self._session, update(RoundRow).where(RoundRow.slug == slug).values(opens=opens))


def _rounds() -> Select[RoundRow]:
    return select(RoundRow).options(selectinload(RoundRow.recommendations))


def _seconds(offset: timedelta) -> int | float:
    seconds = offset.total_seconds()
    return int(seconds) if seconds.is_integer() else seconds


def _round(row: RoundRow) -> Round:
    return Round(
        slug=row.slug,
        title=row.title,
        deadline=row.deadline,
        recommendations=tuple(
            Recommendation(ref=item.ref, section=item.section, title=item.title, text=item.text)
            for item in row.recommendations
        ),
        description=row.description,
        opens=row.opens,
        timezone=row.timezone,
        audience=tuple(str(code) for code in row.audience),
        reminders=tuple(timedelta(seconds=seconds) for seconds in row.reminders),
        mode=RoundMode(row.mode),
        status=RoundStatus(row.status),
        document=row.document,
        summaries=row.summaries,
    )
