"""`consultbot round ...`: the coordinator's commands."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from adapters import export
from adapters.roundfile import load_round_file
from bot import coordination
from bot.errors import BadInput
from bot.exports import Sheet
from bot.ports import UnitOfWork
from cli.common import err, out, print_json, run
from cli.render import print_report, report_json, rounds_table
from cli.runtime import Runtime

Slug = Annotated[str, typer.Argument(help="The round's slug, e.g. a61-583.")]


def create(ctx: typer.Context, file: Annotated[Path, typer.Argument(help="The round file (YAML).")]) -> None:
    """Create a round (as a draft) from a YAML file; a bad file is refused with every problem."""

    async def work(rt: Runtime) -> None:
        parsed = load_round_file(file)

        async def store(uow: UnitOfWork, now: datetime) -> None:
            await coordination.create(uow, rt.operator, parsed.round, now, parsed.lines)

        await rt.coordination.run(store)
        r = parsed.round
        out.print(f"Created round [bold]{r.slug}[/bold]: {r.title} ({len(r.recommendations)} recommendations, draft).")
        out.print(f"Open it with: consultbot round open {r.slug}")

    run(ctx, work)


def list_rounds(ctx: typer.Context) -> None:
    """List every round."""

    async def work(rt: Runtime) -> None:
        rounds = await rt.coordination.read(lambda uow: uow.rounds.list())
        out.print(rounds_table(rounds) if rounds else "No rounds yet: consultbot round create FILE")

    run(ctx, work)


def open_round(ctx: typer.Context, slug: Slug) -> None:
    """Open a round and queue an invitation to every participant of its audience."""

    async def work(rt: Runtime) -> None:
        with _progress() as progress:
            task = progress.add_task("Opening and queueing invitations", total=None)
            invited = await rt.coordination.run(lambda uow, now: coordination.open_round(uow, rt.operator, slug, now))
            progress.update(task, total=max(invited, 1), completed=max(invited, 1))
        out.print(f"Round [bold]{slug}[/bold] is open; {invited} invitations queued (sent by `consultbot run`).")

    run(ctx, work)


def close_round(ctx: typer.Context, slug: Slug) -> None:
    """Close a round now: answers are frozen."""

    async def work(rt: Runtime) -> None:
        await rt.coordination.run(lambda uow, now: coordination.close_round(uow, rt.operator, slug, now))
        out.print(f"Round [bold]{slug}[/bold] is closed.")

    run(ctx, work)


def extend(
    ctx: typer.Context,
    slug: Slug,
    deadline: Annotated[str, typer.Argument(help="New deadline, ISO 8601 with offset: 2027-04-15T18:00-04:00")],
) -> None:
    """Move a round's deadline (re-opens a round closed by its deadline)."""

    async def work(rt: Runtime) -> None:
        try:
            moment = datetime.fromisoformat(deadline)
        except ValueError:
            raise BadInput(
                key="error.bad_input", reason=f"“{deadline}” is not ISO 8601, e.g. 2027-04-15T18:00-04:00"
            ) from None
        if moment.tzinfo is None:
            raise BadInput(
                key="error.bad_input", reason="The deadline needs its UTC offset, e.g. 2027-04-15T18:00-04:00"
            )
        r = await rt.coordination.run(lambda uow, now: coordination.extend(uow, rt.operator, slug, moment, now))
        out.print(f"Round [bold]{slug}[/bold]: deadline now {r.deadline.isoformat()}.")

    run(ctx, work)


def status(
    ctx: typer.Context, slug: Slug, as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False
) -> None:
    """Every delegation's state (n of m), a line per regional group, and delivery problems."""

    async def work(rt: Runtime) -> None:
        report = await rt.coordination.read(lambda uow: coordination.report(uow, rt.operator, slug))
        if as_json:
            print_json(report_json(report))
        else:
            print_report(out, report)

    run(ctx, work)


def export_round(
    ctx: typer.Context,
    slug: Slug,
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv, xlsx or json")] = "csv",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default SLUG.FORMAT)")] = None,
) -> None:
    """Export every answer (XLSX adds a sheet of revisions), streamed in bounded memory."""
    if fmt not in export.FORMATS:
        err.print(f"[red]Unknown format “{fmt}”: use csv, xlsx or json.[/red]")
        raise typer.Exit(2)
    path = output or Path(f"{slug}.{fmt}")

    async def work(rt: Runtime) -> None:
        async def write(uow: UnitOfWork, sheets: tuple[Sheet, ...]) -> int:
            total = sum(p.answered for p in await uow.responses.progress(slug))
            with _progress() as progress:
                task = progress.add_task(f"Exporting {slug}", total=total or None)
                return await export.write(path, fmt, sheets, tick=lambda: progress.advance(task))

        try:
            count = await rt.coordination.export(rt.operator, slug, fmt, write)
        except export.Unreadable as error:
            path.unlink(missing_ok=True)
            raise BadInput(key="error.bad_input", reason=f"Export failed and the file was removed: {error}") from None
        except OSError as error:
            raise BadInput(key="error.bad_input", reason=f"Cannot write {path}: {error.strerror or error}") from None
        out.print(f"Wrote {count} responses to {path}.")

    run(ctx, work)


def remind(ctx: typer.Context, slug: Slug) -> None:
    """Queue a reminder now to every delegation that has not submitted."""

    async def work(rt: Runtime) -> None:
        count = await rt.coordination.run(lambda uow, now: coordination.remind(uow, rt.operator, slug, now))
        out.print(f"Round [bold]{slug}[/bold]: {count} reminders queued (sent by `consultbot run`).")

    run(ctx, work)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=True,
    )  # fmt: skip


COMMANDS = (
    ("create", create),
    ("list", list_rounds),
    ("open", open_round),
    ("close", close_round),
    ("extend", extend),
    ("status", status),
    ("export", export_round),
    ("remind", remind),
)
