"""The hot path's prebuilt statements, run straight on the inline SQLite connection.

A message's handful of small statements (storage/statements.py `rows` and `run`) cost more in
SQLAlchemy's execution machinery (execution context, result set-up, the greenlet hop of the asyncio
extension) than in SQLite itself. For statements built once at import, SQLAlchemy compiles each
one once here, for the SQLite dialect, and this module keeps what the compiled form says: the SQL
text, the order of the bound parameters, the bind processors of their types (UTC timestamps,
JSON) and the result processors of the columns. Running the statement is then one call of the
sqlite3 cursor with values converted exactly as SQLAlchemy would convert them; rows come back as
named tuples with the same values SQLAlchemy would give.

Only used for SQLite connections made by storage/inline_sqlite.py, inside the transaction the
session began (the same sqlite3 connection), and only while the fast path is on
(`CONSULTBOT_SQLITE_FAST_PATH`, see storage/database.py). PostgreSQL and every other statement go
through SQLAlchemy as usual. A database error is raised as SQLAlchemy raises it (IntegrityError,
OperationalError...), so callers and the unit of work see no difference.

Public API only: the compiled statement's `string`, `positiontup` and `binds`; each bound
parameter's and each returned column's type, adapted to the dialect (`dialect_impl`), gives its
`bind_processor(dialect)` and `result_processor(dialect, coltype)`; the columns come from the
statement's `exported_columns` (a SELECT's columns, or an INSERT's or UPDATE's RETURNING). Every
private contact of the fast path (all in storage/inline_sqlite.py) is listed at the top of that
module. tests/storage/test_prepared.py checks that both paths read and write the same values.
"""

from __future__ import annotations

import sqlite3
from collections import namedtuple
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Executable
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.expression import ClauseElement, ReturnsRows
from sqlalchemy.types import TypeEngine

Convert = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class Compiled:
    """What running one statement on sqlite3 needs."""

    sql: str
    names: tuple[str, ...]
    binds: tuple[Convert | None, ...]
    row: type[tuple[Any, ...]] | None
    results: tuple[Convert | None, ...]

    @property
    def converted(self) -> tuple[tuple[int, Convert], ...]:
        """The parameters that have a bind processor, by position."""
        return tuple((i, f) for i, f in enumerate(self.binds) if f is not None)

    @property
    def processed(self) -> tuple[tuple[int, Convert], ...]:
        """The columns that have a result processor, by position."""
        return tuple((i, f) for i, f in enumerate(self.results) if f is not None)


@dataclass(frozen=True, slots=True)
class _Runner:
    """A Compiled as run() uses it: only the positions that convert (most values need nothing)."""

    form: Compiled
    converted: tuple[tuple[int, Convert], ...]
    processed: tuple[tuple[int, Convert], ...]


_COMPILED: dict[tuple[int, frozenset[str]], tuple[Executable, _Runner]] = {}


def compiled(statement: Executable, dialect: Dialect, keys: frozenset[str]) -> Compiled:
    """The statement compiled for SQLite with these parameters (once per statement object and keys).

    The keys matter for an INSERT without VALUES: like SQLAlchemy, it names the columns given.
    """
    return _runner(statement, dialect, keys).form


def _runner(statement: Executable, dialect: Dialect, keys: frozenset[str]) -> _Runner:
    found = _COMPILED.get((id(statement), keys))
    if found is not None and found[0] is statement:
        return found[1]
    form = _compile(statement, dialect, keys)
    made = _Runner(form, form.converted, form.processed)
    _COMPILED[(id(statement), keys)] = (statement, made)  # the statement is kept alive with its id
    return made


def run(raw: sqlite3.Connection, statement: Executable, dialect: Dialect, params: dict[str, Any]) -> Sequence[Any]:
    """Execute on the sqlite3 connection; the rows as named tuples (empty for statements without rows)."""
    runner = _runner(statement, dialect, frozenset(params))
    form = runner.form
    values = [params[name] for name in form.names]
    for i, convert in runner.converted:
        values[i] = convert(values[i])
    try:
        cursor = raw.execute(form.sql, values)
        found = cursor.fetchall() if cursor.description else []
    except sqlite3.Error as error:
        raise DBAPIError.instance(form.sql, values, error, sqlite3.Error) from error
    if form.row is None:
        return ()
    return [_row(form.row, runner.processed, line) for line in found]


def _row(make: type[tuple[Any, ...]], processed: tuple[tuple[int, Convert], ...], line: tuple[Any, ...]) -> Any:
    """One named row, its values converted as SQLAlchemy converts them."""
    if not processed:
        return make._make(line)  # type: ignore[attr-defined]
    values = list(line)
    for i, convert in processed:
        values[i] = convert(values[i])
    return make._make(values)  # type: ignore[attr-defined]


def _compile(statement: Executable, dialect: Dialect, keys: frozenset[str]) -> Compiled:
    assert isinstance(statement, ClauseElement), "a SQL statement"
    form = statement.compile(dialect=dialect, column_keys=sorted(keys))
    assert isinstance(form, SQLCompiler), "a SQL statement"
    names = tuple(form.positiontup or ())
    if any(form.binds[name].expanding for name in names):
        raise ValueError("prepared statements take scalar parameters only (no IN lists)")
    binds = tuple(_adapted(form.binds[name].type, dialect).bind_processor(dialect) for name in names)
    columns: list[tuple[str, Any]] = (
        list(statement.exported_columns.items()) if isinstance(statement, ReturnsRows) else []
    )
    if not columns:
        return Compiled(sql=form.string, names=names, binds=binds, row=None, results=())
    row = namedtuple("Row", [key for key, _ in columns], rename=True)  # type: ignore[misc]
    results = tuple(_adapted(column.type, dialect).result_processor(dialect, None) for _, column in columns)
    return Compiled(sql=form.string, names=names, binds=binds, row=row, results=results)


def _adapted(type_: TypeEngine[Any], dialect: Dialect) -> TypeEngine[Any]:
    """The type as the dialect implements it (what SQLAlchemy asks for processors)."""
    return type_.dialect_impl(dialect)
