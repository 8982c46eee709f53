"""The export's read of a round's current responses, drafts and record: plain rows in batches, for a
million of them.

Loading each response as an ORM object and then a bot.domain.model.Response costs about 70 µs per
response on SQLite; the export needs only their text. Here each batch is one SELECT of
the columns the export writes (the draft, who changed it, and the submitted record), already in
order and with the timestamp already as its ISO 8601 text, run on the DBAPI cursor: the rows come
back as the driver makes them, and Python only hands them on.

Batches are whole delegations: the last of the next few stakeholder codes comes
from the unique index (round, stakeholder, ref), then the responses of the codes up to it by a
range on the same index, ordered by stakeholder (as Python orders text) and the round's
recommendation order. Each batch is its own query (no server-side cursor), so the caller may run
other queries on the unit of work between batches, and a batch costs the same however large the
round and whatever the planner's statistics say.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy import ColumnElement, Text, and_, bindparam, case, func, literal_column, null, select, type_coerce
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler

from bot.records.exports import ResponseLine
from storage.statements import dialect_name
from storage.tables import RecommendationRow, ResponseRow, RoundRow

#: Responses per batch, about (whole delegations: at least one delegation per batch).
BATCH = 10_000
#: The timestamp of a line.
_STAMP = itemgetter(5)


async def response_lines(
    session: AsyncSession, round_slug: str, *, batch: int = BATCH
) -> AsyncIterator[list[ResponseLine]]:
    """Every current response of the round, in batches: by stakeholder, then recommendation order."""
    round_id = (await session.execute(select(RoundRow.id).where(RoundRow.slug == round_slug))).scalar()
    if round_id is None:
        return
    items = select(func.count()).where(RecommendationRow.round_id == round_id)
    per_batch = max(1, batch // max(1, (await session.execute(items)).scalar_one()))
    sqlite = dialect_name(session) == "sqlite"
    # The database writes the ISO text of the timestamp: SQLite rewrites the text it stores (see
    # storage.tables.UTCDateTime), PostgreSQL formats it, in its own process.
    stamp = _sqlite_iso_sql(ResponseRow.updated_at) if sqlite else _postgres_iso(ResponseRow.updated_at)
    # Stakeholders ordered as Python orders text, as the fakes sort them: SQLite's BINARY
    # collation does; PostgreSQL's database collation may not, "C" does. Then the round's order
    # (0 for a recommendation the round does not have, as the fakes do).
    code = ResponseRow.stakeholder if sqlite else ResponseRow.stakeholder.collate("C")
    lines = _Raw(
        select(
            ResponseRow.stakeholder,
            ResponseRow.ref,
            ResponseRow.position,
            ResponseRow.amendment,
            ResponseRow.comment,
            stamp,
            ResponseRow.channel,
            ResponseRow.participant_id,
            ResponseRow.submitted_position,
            ResponseRow.submitted_amendment,
            ResponseRow.submitted_comment,
            ResponseRow.language,
            ResponseRow.submitted_language,
        )
        .select_from(ResponseRow)
        .outerjoin(
            RecommendationRow,
            and_(RecommendationRow.round_id == ResponseRow.round_id, RecommendationRow.ref == ResponseRow.ref),
        )
        .where(
            ResponseRow.round_id == bindparam("round_id"),
            ResponseRow.stakeholder > bindparam("after"),
            ResponseRow.stakeholder <= bindparam("last"),
        )
        .order_by(code, func.coalesce(RecommendationRow.position, 0), ResponseRow.ref),
        session.get_bind().dialect,
    )
    connection = await session.connection()
    after = ""
    while True:
        codes = (
            select(ResponseRow.stakeholder)
            .where(ResponseRow.round_id == round_id, ResponseRow.stakeholder > after)
            .group_by(ResponseRow.stakeholder)
            .order_by(ResponseRow.stakeholder)
            .limit(per_batch)
            .subquery("codes")
        )
        last = (await connection.execute(select(func.max(codes.c.stakeholder)))).scalar()
        if last is None:
            return
        # The codes after `after` up to `last` are exactly this batch's: a range on the index.
        rows = await connection.run_sync(lines, round_id=round_id, after=after, last=last)
        if not sqlite:
            yield list(map(tuple, rows))  # asyncpg's records
        elif None in map(_STAMP, rows):  # a timestamp of another shape than SQLAlchemy writes: parse it
            yield await _reparsed(connection, rows, round_id)
        else:
            yield rows  # sqlite3's tuples, as they are
        after = last


class _Raw:
    """A Core SELECT compiled once for a dialect, run on the DBAPI cursor: its rows as the driver
    gives them (no Row objects, no result processing: the columns above need none).

    A database error is raised as SQLAlchemy raises it (DBAPIError and its kinds), so the unit of
    work sees no difference.
    """

    def __init__(self, statement: ClauseElement, dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)
        assert isinstance(compiled, SQLCompiler), "a SELECT"
        self._sql = compiled.string
        self._names = tuple(compiled.positiontup or ())
        self._given = compiled.params  # the values written into the statement (format strings)
        self._errors: type[Exception] = dialect.loaded_dbapi.Error

    def __call__(self, connection: Connection, /, **values: Any) -> list[Any]:
        params = {**self._given, **values}
        arguments = [params[name] for name in self._names]
        cursor = connection.connection.cursor()
        try:
            cursor.execute(self._sql, arguments)
            return list(cursor.fetchall())
        except self._errors as error:
            raise DBAPIError.instance(self._sql, arguments, error, self._errors) from error
        finally:
            cursor.close()


def _postgres_iso(column: InstrumentedAttribute[datetime]) -> ColumnElement[str]:
    """A timestamptz as datetime.isoformat() writes it in UTC: "2027-03-08T14:30:05.123456+00:00",
    without the fraction when it is zero."""
    utc = func.timezone("UTC", column)  # the same moment as a timestamp in UTC, whatever the session's zone
    micro = func.to_char(utc, "US")
    fraction = case((micro == "000000", literal_column("''")), else_=literal_column("'.'").concat(micro))
    return type_coerce(func.to_char(utc, 'YYYY-MM-DD"T"HH24:MI:SS').concat(fraction).concat("+00:00"), Text)


def _sqlite_iso_sql(column: InstrumentedAttribute[datetime]) -> ColumnElement[str]:
    """SQLite's stored text ("2027-03-08 14:30:05.123456", naive UTC, as SQLAlchemy writes it) as
    datetime.isoformat() writes the moment read back in UTC ("2027-03-08T14:30:05.123456+00:00",
    without a zero fraction), rewritten by SQLite; NULL for text of any other shape (see _reparsed)."""
    text = type_coerce(column, Text)
    fraction = func.substr(text, 20)
    usual = and_(func.length(text) == 26, func.substr(text, 11, 1) == " ", func.substr(text, 20, 1) == ".")
    iso = (
        func.substr(text, 1, 10)
        .concat("T")
        .concat(func.substr(text, 12, 8))
        .concat(case((fraction == ".000000", literal_column("''")), else_=fraction))
        .concat("+00:00")
    )
    return type_coerce(case((usual, iso), else_=null()), Text)


async def _reparsed(connection: AsyncConnection, rows: list[Any], round_id: int) -> list[ResponseLine]:
    """The batch with each timestamp SQLite could not rewrite read as UTCDateTime reads it (rare:
    text that SQLAlchemy did not write)."""
    fixed: list[ResponseLine] = []
    for stakeholder, ref, position, amendment, comment, at, channel, *record in rows:
        if at is None:
            moment = (
                await connection.execute(
                    select(ResponseRow.updated_at).where(
                        ResponseRow.round_id == round_id, ResponseRow.stakeholder == stakeholder, ResponseRow.ref == ref
                    )
                )
            ).scalar_one()
            at = moment.astimezone(UTC).isoformat()
        fixed.append((stakeholder, ref, position, amendment, comment, at, channel, *record))
    return fixed
