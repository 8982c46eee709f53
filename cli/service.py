"""`consultbot run` and `consultbot db upgrade`: the long-running service and its database."""

from __future__ import annotations

import asyncio

import typer

from cli.common import out, state


def db_upgrade(ctx: typer.Context) -> None:
    """Bring the database schema up to date (safe to repeat)."""
    asyncio.run(state(ctx).upgrade(state(ctx).config))
    out.print("Database schema is up to date.")


DB_COMMANDS = (("upgrade", db_upgrade),)
COMMANDS: tuple[tuple[str, object], ...] = ()
