"""`consultbot contacts import | list`: the people the Secretariat writes to before they join a chat."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from adapters.contactsfile import read_contacts
from bot.coordinator import contacts
from bot.domain.errors import BadContactsFile
from bot.domain.model import Participant
from bot.ports import UnitOfWork
from cli.common import err, out, print_json, run
from cli.runtime import Runtime


def import_contacts(
    ctx: typer.Context, file: Annotated[Path, typer.Argument(help="CSV or XLSX: stakeholder, name, email, role, …")]
) -> None:
    """Add or update contacts by (stakeholder, e-mail); a file with any problem is refused whole."""

    async def work(rt: Runtime) -> None:
        lines, problems = read_contacts(file)

        async def store(uow: UnitOfWork, now: datetime) -> contacts.Imported:
            return await contacts.import_contacts(uow, rt.operator, lines, now, problems)

        try:
            done = await rt.coordination.run(store)
        except BadContactsFile as error:
            err.print(
                f"[red]The contacts file was refused ({len(error.problems)} problems); nothing was imported:[/red]"
            )
            for line, problem in error.problems:
                err.print(f"  line {line}: {problem}" if line else f"  {problem}")
            raise typer.Exit(1) from None
        out.print(
            f"Imported {file.name}: {len(done.added)} added, {len(done.changed)} changed, "
            f"{len(done.unchanged)} unchanged, 0 refused."
        )
        for label, numbers in (("added", done.added), ("changed", done.changed)):
            if numbers:
                out.print(f"  {label}: lines {_ranges(numbers)}")

    run(ctx, work)


def list_contacts(
    ctx: typer.Context,
    stakeholder: Annotated[str | None, typer.Option("--stakeholder", help="Only this stakeholder, e.g. FRA.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Every contact, with whether they joined a chat and whether their address works."""

    async def work(rt: Runtime) -> None:
        async def read(uow: UnitOfWork) -> tuple[list[Participant], set[int]]:
            people = await contacts.contacts(uow, rt.operator, stakeholder)
            joined = {i.participant_id for i in await uow.registry.identities_of([p.id for p in people])}
            return people, joined

        people, joined = await rt.coordination.read(read)
        items = [
            {
                "stakeholder": p.stakeholder,
                "name": p.name,
                "email": p.email,
                "role": _role(p),
                "language": p.language,
                "timezone": p.timezone,
                "channel": p.channel,
                "joined": p.id in joined,
                "reachable": p.email_reachable,
                "participant_id": p.id,
            }
            for p in people
        ]
        if as_json:
            print_json(items)
            return
        if not items:
            out.print("No contacts yet: consultbot contacts import FILE")
            return
        table = Table("stakeholder", "name", "email", "role", "channel", "joined", "reachable")
        for item in items:
            table.add_row(
                str(item["stakeholder"]), str(item["name"]), str(item["email"]), str(item["role"]),
                str(item["channel"] or "—"), "yes" if item["joined"] else "no", "yes" if item["reachable"] else "NO",
            )  # fmt: skip
        out.print(table)

    run(ctx, work)


def _role(person: Participant) -> str:
    return next(name for name, role in contacts.ROLES.items() if role is person.role)


def _ranges(numbers: tuple[int, ...]) -> str:
    """2, 3, 4, 7 -> "2-4, 7"."""
    spans: list[list[int]] = []
    for n in sorted(numbers):
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(f"{a}-{b}" if a != b else f"{a}" for a, b in spans)


COMMANDS = (("import", import_contacts), ("list", list_contacts))
