"""The `consultbot` command line: one Typer app, its sub-commands registered in one table.

Commands are listed in the order of a round's life: set up the database and the registry, prepare
and run rounds, invite people, run the service, then read the digest and the audit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated

import typer

from cli import audit, contacts, digest, links, people, registry, rounds, service, track
from cli.plain import PlainCommand, PlainGroup
from cli.runtime import Check, CliState, OpenRuntime, Serve, Upgrade


def build_app(*, open_runtime: OpenRuntime, upgrade: Upgrade, serve: Serve, check: Check | None = None) -> typer.Typer:
    """The Typer app; `open_runtime` (from main.py) wires the core for each command."""
    app = typer.Typer(
        name="consultbot",
        help="Consultations of governments in chat: rounds, delegates, reminders and digests.",
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        add_completion=False,
        cls=PlainGroup,
    )

    @app.callback()
    def main(
        ctx: typer.Context,
        config: Annotated[
            Path | None,
            typer.Option("--config", metavar="FILE", help="TOML settings file (same keys as the environment)."),
        ] = None,
    ) -> None:
        """consultbot: positions of Member States on a report's recommendations, collected in chat."""
        ctx.obj = CliState(open_runtime=open_runtime, upgrade=upgrade, serve=serve, config=config, check=check)

    def group(help_text: str) -> typer.Typer:
        return typer.Typer(help=help_text, no_args_is_help=True, cls=PlainGroup)

    db_app = group("The database: schema upgrades (and the shipped registry on an empty one).")
    registry_app = group("The stakeholders: load the registry, list stakeholders and groups.")
    contacts_app = group("The people to write to before they join a chat: import a file, list them.")
    round_app = group("A round's life: create, edit, open, status, remind, extend, close, reopen, export, compile.")
    tables: tuple[tuple[typer.Typer, Sequence[tuple[str, Callable[..., None]]]], ...] = (
        (db_app, service.DB_COMMANDS),
        (registry_app, registry.COMMANDS),
        (contacts_app, contacts.COMMANDS),
        (round_app, rounds.COMMANDS),
    )
    for sub, commands in tables:
        for name, command in commands:
            sub.command(name, cls=PlainCommand)(command)
    app.add_typer(db_app, name="db")
    app.add_typer(registry_app, name="registry")
    app.add_typer(contacts_app, name="contacts")
    app.add_typer(round_app, name="round")
    for name, command in (
        *people.COMMANDS,
        *links.COMMANDS,
        *service.COMMANDS,
        *digest.COMMANDS,
        *audit.COMMANDS,
        *track.COMMANDS,
    ):
        app.command(name, cls=PlainCommand)(command)
    return app
