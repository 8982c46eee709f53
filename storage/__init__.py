"""Storage: SQLAlchemy 2 async tables, repositories, the unit of work and Alembic migrations.

What the composition root needs:

    engine = create_engine_for(settings.database_url)   # SQLite (aiosqlite) or PostgreSQL (asyncpg)
    await upgrade_database(settings.database_url)       # `consultbot db upgrade`, or at first start
    await current_revision(url) == head_revision()      # is the schema up to date?
    sessions = create_session_factory(engine)
    deps = Deps(new_uow=lambda: SqlUnitOfWork(sessions), clock=...)
    healthy = await ping(engine)                        # GET /healthz
    problem = await database_problem(engine)            # "" or why not, for /healthz
    await engine.dispose()                              # at shutdown
"""

from storage.database import create_engine_for, create_session_factory, database_identity, normalise_url
from storage.migrate import current_revision, head_revision, upgrade_database
from storage.unit_of_work import Faults, SqlUnitOfWork, database_problem, ping

__all__ = [
    "Faults",
    "SqlUnitOfWork",
    "create_engine_for",
    "create_session_factory",
    "current_revision",
    "database_identity",
    "database_problem",
    "head_revision",
    "normalise_url",
    "ping",
    "upgrade_database",
]
