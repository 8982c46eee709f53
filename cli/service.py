"""`consultbot run` and `consultbot db upgrade`: the long-running service and its database."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
from rich.table import Table

from cli.common import out, state


def db_upgrade(ctx: typer.Context) -> None:
    """Bring the database schema up to date and load the shipped registry into an empty one (safe to repeat)."""
    notes: list[str] = asyncio.run(state(ctx).upgrade(state(ctx).config))  # type: ignore[arg-type]
    out.print("Database schema is up to date.")
    for note in notes:
        out.print(note)


def run(
    ctx: typer.Context,
    check: Annotated[
        bool,
        typer.Option("--check", help="Check settings, database and each channel's credentials, then exit."),
    ] = False,
) -> None:
    """Run the service: Telegram and Slack when configured, the HTTP server, the scheduler.

    Stops cleanly on SIGTERM or Ctrl-C: sends in flight finish or go back to the outbox. A channel
    that cannot start is reported in one line and tried again while the others run.
    """
    cli = state(ctx)
    if not check:
        cli.serve(cli.config)
        return
    assert cli.check is not None
    findings = cli.check(cli.config)
    table = Table("part", "", "detail", box=None, pad_edge=False)
    for part, ok, detail in findings:
        table.add_row(part, "[green]ok[/green]" if ok else "[red]FAILED[/red]", detail)
    out.print(table)
    if not all(ok for _, ok, _ in findings):
        raise typer.Exit(1)


DB_COMMANDS = (("upgrade", db_upgrade),)
COMMANDS = (("run", run),)
