"""The `consultbot` command line: one Typer app, its sub-commands registered in one table."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli import audit, contacts, digest, people, rounds, service
from cli.runtime import Check, CliState, OpenRuntime, Serve, Upgrade


def build_app(*, open_runtime: OpenRuntime, upgrade: Upgrade, serve: Serve, check: Check | None = None) -> typer.Typer:
    """The Typer app; `open_runtime` (from main.py) wires the core for each command."""
    app = typer.Typer(
        name="consultbot",
        help="Consultations of governments in chat: rounds, delegates, reminders and digests.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
    )

    @app.callback()
    def main(
        ctx: typer.Context,
        config: Annotated[
            Path | None, typer.Option("--config", help="TOML settings file (same keys as the environment).")
        ] = None,
    ) -> None:
        """consultbot: positions of Member States on a report's recommendations, collected in chat."""
        ctx.obj = CliState(open_runtime=open_runtime, upgrade=upgrade, serve=serve, config=config, check=check)

    round_app = typer.Typer(
        help="Create, open, follow, extend, close and export consultation rounds.", no_args_is_help=True
    )
    db_app = typer.Typer(help="The database.", no_args_is_help=True)
    for name, command in rounds.COMMANDS:
        round_app.command(name)(command)
    for name, command in service.DB_COMMANDS:
        db_app.command(name)(command)
    for name, command in (*people.COMMANDS, *service.COMMANDS, *digest.COMMANDS, *audit.COMMANDS):
        app.command(name)(command)
    app.add_typer(round_app, name="round")
    app.add_typer(db_app, name="db")
    contacts_app = typer.Typer(help="The people to write to before they join a chat.", no_args_is_help=True)
    for name, command in contacts.COMMANDS:
        contacts_app.command(name)(command)
    app.add_typer(contacts_app, name="contacts")
    return app
