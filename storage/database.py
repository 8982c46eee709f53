"""Engines and session factories from a database URL: SQLite (aiosqlite) or PostgreSQL (asyncpg).

SQLite gets WAL, a 30 s busy timeout, foreign keys and real transactions on Python 3.11: the driver's
own transaction handling is switched off and every transaction starts with `BEGIN IMMEDIATE`, so that
two writers queue on the busy timeout instead of failing when a read lock would have to be upgraded.
PostgreSQL URLs without a driver (`postgresql://`, `postgres://`) are rewritten to asyncpg, and a
libpq-style `options=-c name=value` query parameter becomes asyncpg `server_settings` (the tests
use it to put each test in its own schema with `-c search_path=...`).
"""

from __future__ import annotations

import hashlib
import os
import shlex
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry

from storage import inline_sqlite

#: Execution option read by the SQLite "begin" hook; "DEFERRED" starts a read-only transaction that
#: does not wait for writers (used by ping()). Anything else, or nothing, means BEGIN IMMEDIATE.
SQLITE_BEGIN = "storage_sqlite_begin"

_SQLITE_PRAGMAS = ("journal_mode=WAL", "synchronous=NORMAL", "busy_timeout=30000", "foreign_keys=ON")
_DRIVERS = {"postgresql": "postgresql+asyncpg", "postgres": "postgresql+asyncpg", "sqlite": "sqlite+aiosqlite"}


class DatabaseFileGone(OSError):
    """The SQLite file this engine opened was deleted or replaced while in use (issue 21).

    Connections already open keep writing to the deleted file, so answers would be acknowledged and
    then lost for good; every transaction checks first, and refuses, as for a database out of reach.
    """


def normalise_url(url: str | URL) -> URL:
    """The URL with an async driver: `postgresql://` becomes asyncpg, `sqlite://` aiosqlite."""
    parsed = make_url(url)
    driver = _DRIVERS.get(parsed.drivername)
    return parsed.set(drivername=driver) if driver else parsed


def create_engine_for(url: str | URL, *, fast_path: bool = True, **kwargs: Any) -> AsyncEngine:
    """An AsyncEngine for the URL, configured for its database; `kwargs` go to create_async_engine.

    `fast_path` (CONSULTBOT_SQLITE_FAST_PATH): on SQLite, run the hot path's statements straight on
    sqlite3 (storage/inline_sqlite.py, storage/prepared.py); off, everything goes through
    SQLAlchemy and aiosqlite. PostgreSQL ignores it.
    """
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, fast_path=fast_path, **kwargs)
    if parsed.get_dialect().driver == "asyncpg" and "options" in parsed.query:
        settings = _server_settings(str(parsed.query["options"]))
        connect_args = {**kwargs.pop("connect_args", {})}
        connect_args["server_settings"] = {**settings, **connect_args.get("server_settings", {})}
        return create_async_engine(parsed.difference_update_query(["options"]), connect_args=connect_args, **kwargs)
    return create_async_engine(parsed, **kwargs)


def create_session_factory(bind: AsyncEngine | str | URL) -> async_sessionmaker[AsyncSession]:
    """A session factory (objects stay readable after commit) for an engine or a URL."""
    engine = bind if isinstance(bind, AsyncEngine) else create_engine_for(bind)
    return async_sessionmaker(engine, expire_on_commit=False)


def inline_file_watch(engine: AsyncEngine) -> FileWatch | None:
    """The file watch of an engine whose SQLite connections run inline (storage/inline_sqlite.py);
    None for any other engine. Whoever begins a transaction on such a connection without SQLAlchemy
    (storage/own_connection.py) runs the check that the engine's "begin" event would."""
    return _INLINE.get(engine.sync_engine)


#: The engines whose connections run inline, with their file watch.
_INLINE: WeakKeyDictionary[Engine, FileWatch] = WeakKeyDictionary()


def _sqlite_engine(url: URL, *, fast_path: bool, **kwargs: Any) -> AsyncEngine:
    inline = fast_path and _a_plain_file(url) and "connect_args" not in kwargs and "async_creator" not in kwargs
    if inline:
        # Statements run on the event loop's thread, without aiosqlite's hop to a worker thread.
        kwargs["async_creator"] = inline_sqlite.creator(str(url.database))
    else:
        kwargs["connect_args"] = {"timeout": 30, **kwargs.pop("connect_args", {})}
    engine = create_async_engine(url, **kwargs)
    event.listen(engine.sync_engine, "connect", _on_sqlite_connect)
    if _a_plain_file(url):
        watch = FileWatch(str(url.database))
        event.listen(engine.sync_engine, "begin", watch.check)
        if inline:
            _INLINE[engine.sync_engine] = watch
    event.listen(engine.sync_engine, "begin", _on_sqlite_begin)
    return engine


class FileWatch:
    """Remembers which file (device and inode) the engine first opened; raises DatabaseFileGone at
    the start of any transaction once the path no longer leads to that file (a stat: microseconds)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.seen: tuple[int, int] | None = None

    def check(self, _connection: Connection | None = None) -> None:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            if self.seen is None:
                return  # not created yet: the connection about to begin creates it
            raise DatabaseFileGone(f"the database file {self.path} was deleted while in use") from None
        identity = (stat.st_dev, stat.st_ino)
        if self.seen is None:
            self.seen = identity
        elif identity != self.seen:
            raise DatabaseFileGone(f"the database file {self.path} was replaced while in use")


def _on_sqlite_connect(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    # None stops the sqlite3 module from issuing BEGIN itself (it never does before SELECT or DDL);
    # _on_sqlite_begin issues it instead. PRAGMAs must run here, outside any transaction.
    inline = isinstance(_record.driver_connection, inline_sqlite.InlineConnection)
    if not inline:  # an inline connection is made with it (inline_sqlite.creator)
        dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for pragma in _SQLITE_PRAGMAS:
        cursor.execute(f"PRAGMA {pragma}")
    if inline:
        cursor.execute("PRAGMA wal_autocheckpoint=0")  # checkpoints run on a worker thread instead
        cursor.execute("PRAGMA busy_timeout=0")  # never wait on the loop; BEGIN IMMEDIATE retries instead
    cursor.close()


def _on_sqlite_begin(connection: Connection) -> None:
    mode = connection.get_execution_options().get(SQLITE_BEGIN)
    statement = "BEGIN DEFERRED" if mode == "DEFERRED" else "BEGIN IMMEDIATE"
    inline = inline_sqlite.inline_driver(connection)
    if inline is not None:
        inline.defer_begin(statement)  # issued by the first statement: waiting for a writer holds no loop
    else:
        connection.exec_driver_sql(statement)


def database_identity(url: str | URL) -> str:
    """A short name for the database itself, not for how it is reached from here.

    SQLite: the file's device and inode as well as its real path, so that a file deleted and created
    again at the same path is another database. Others: the URL without its password (host, port,
    database name and options such as the schema).
    """
    parsed = normalise_url(url)
    if parsed.get_backend_name() == "sqlite" and _a_plain_file(parsed):
        path = os.path.realpath(str(parsed.database))
        try:
            stat = os.stat(path)
        except OSError:
            key = f"sqlite:{path}"
        else:
            key = f"sqlite:{path}:{stat.st_dev}:{stat.st_ino}"
    else:
        key = parsed.set(password=None).render_as_string(hide_password=True)
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _a_plain_file(url: URL) -> bool:
    """A SQLite URL naming a file, with no query options (not :memory:, not a URI)."""
    return bool(url.database) and url.database != ":memory:" and not url.query


def _server_settings(options: str) -> dict[str, str]:
    """Parse libpq `options` ("-c search_path=x -c statement_timeout=5000") into server settings."""
    settings: dict[str, str] = {}
    tokens = iter(shlex.split(options))
    for token in tokens:
        if token == "-c":
            token = next(tokens, "")
        elif token.startswith(("-c", "--")):
            token = token[2:]
        else:
            raise ValueError(f"unsupported PostgreSQL option {token!r} (use -c name=value)")
        name, sep, value = token.partition("=")
        if not sep or not name:
            raise ValueError(f"PostgreSQL option {token!r} is not name=value")
        settings[name.replace("-", "_")] = value
    return settings
