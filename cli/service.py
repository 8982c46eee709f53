"""`consultbot run` and `consultbot db upgrade`: the long-running service and its database."""

from __future__ import annotations

import asyncio

import typer

from cli.common import out, state


def db_upgrade(ctx: typer.Context) -> None:
    """Bring the database schema up to date and load the shipped registry into an empty one (safe to repeat)."""
    notes: list[str] = asyncio.run(state(ctx).upgrade(state(ctx).config))  # type: ignore[arg-type]
    out.print("Database schema is up to date.")
    for note in notes:
        out.print(note)


def run(ctx: typer.Context) -> None:
    """Run the service: Telegram and Slack when configured, the HTTP server, the scheduler.

    Stops cleanly on SIGTERM or Ctrl-C: sends in flight finish or go back to the outbox.
    """
    state(ctx).serve(state(ctx).config)


DB_COMMANDS = (("upgrade", db_upgrade),)
COMMANDS = (("run", run),)
