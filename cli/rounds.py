"""`consultbot round ...`: the coordinator's commands."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from adapters import export
from adapters.roundfile import load_round_file
from bot.coordinator import rounds as coordination
from bot.coordinator.contacts import LANGUAGES
from bot.domain.errors import BadInput
from bot.domain.model import RoundStatus
from bot.ports import UnitOfWork
from bot.records.exports import Options, Sheet
from bot.views.compilation import compile_round as compile_use_case
from cli.common import err, out, print_json, run
from cli.render import languages_table, local, print_report, report_json, round_json, rounds_table
from cli.runtime import Runtime

Slug = Annotated[str, typer.Argument(metavar="SLUG", help="The round's slug, e.g. a61-583.")]
RoundFile = Annotated[Path, typer.Argument(metavar="FILE", help="The round file (YAML).")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.")]
SENT_BY_RUN = "(sent by `consultbot run`)"


def create(ctx: typer.Context, file: RoundFile) -> None:
    """Create a round (as a draft) from a YAML file; a bad file is refused with every problem."""

    async def work(rt: Runtime) -> None:
        parsed = load_round_file(file)

        async def store(uow: UnitOfWork, now: datetime) -> None:
            await coordination.create(uow, rt.operator, parsed.round, now, parsed.lines)

        await rt.coordination.run(store)
        r = parsed.round
        out.print(f"Created round [bold]{r.slug}[/bold]: {r.title} ({len(r.recommendations)} recommendations, draft).")
        out.print(languages_table(r))
        out.print(f"Open it with: consultbot round open {r.slug}")

    run(ctx, work)


def edit(ctx: typer.Context, file: RoundFile) -> None:
    """Replace a draft round by the corrected file (same slug); refused once the round is open."""

    async def work(rt: Runtime) -> None:
        parsed = load_round_file(file)

        async def store(uow: UnitOfWork, now: datetime) -> None:
            await coordination.edit(uow, rt.operator, parsed.round, now, parsed.lines)

        await rt.coordination.run(store)
        r = parsed.round
        out.print(f"Replaced draft [bold]{r.slug}[/bold]: {r.title} ({len(r.recommendations)} recommendations).")
        out.print(languages_table(r))

    run(ctx, work)


def delete(ctx: typer.Context, slug: Slug) -> None:
    """Delete a draft round (never opened); refused once the round is open."""

    async def work(rt: Runtime) -> None:
        gone = await rt.coordination.run(lambda uow, now: coordination.delete(uow, rt.operator, slug, now))
        out.print(f"Deleted draft [bold]{gone.slug}[/bold]: {gone.title}.")

    run(ctx, work)


def list_rounds(ctx: typer.Context, as_json: AsJson = False) -> None:
    """List every round: state, deadline in the round's time zone, when and why it closed."""

    async def work(rt: Runtime) -> None:
        rounds = await rt.coordination.read(lambda uow: uow.rounds.list())
        if as_json:
            print_json([round_json(r) for r in rounds])
        else:
            out.print(rounds_table(rounds) if rounds else "No rounds yet: consultbot round create FILE")

    run(ctx, work)


def open_round(ctx: typer.Context, slug: Slug) -> None:
    """Open a draft: invite every participant of its audience whose delegation has not submitted."""

    async def work(rt: Runtime) -> None:
        with _progress() as progress:
            task = progress.add_task("Opening and queueing invitations", total=None)

            async def opening(uow: UnitOfWork, now: datetime) -> tuple[coordination.Opened, int]:
                opened = await coordination.open_(uow, rt.operator, slug, now)
                mailed = (
                    0 if opened.already else await coordination.invite_contacts(uow, rt.deps, rt.operator, slug, now)
                )
                return opened, mailed

            opened, mailed = await rt.coordination.run(opening)
            progress.update(task, total=max(opened.invited, 1), completed=max(opened.invited, 1))
        r = opened.round
        if opened.already:
            since = f" since {local(r.opens, r.timezone)}" if r.opens else ""
            out.print(f"Round [bold]{slug}[/bold] is already open{since}; nothing was queued.")
            return
        out.print(f"Round [bold]{slug}[/bold] is open; {opened.invited} invitations queued {SENT_BY_RUN}.")
        if mailed:
            out.print(f"{mailed} invitation e-mails queued to contacts who have not joined a chat.")
        elif not rt.deps.mail and await _has_contacts(rt):
            err.print("[dim]No invitation e-mails: e-mail is not configured (CONSULTBOT_SMTP_URL).[/dim]")
        out.print(f"Deadline: {local(r.deadline, r.timezone)}.")

    run(ctx, work)


def close_round(ctx: typer.Context, slug: Slug) -> None:
    """Close a round now: answers are frozen; its deadline is kept as it was."""

    async def work(rt: Runtime) -> None:
        closed = await rt.coordination.run(lambda uow, now: coordination.close_(uow, rt.operator, slug, now))
        r = closed.round
        at = local(r.closed_at, r.timezone) if r.closed_at else "?"
        if closed.already:
            out.print(f"Round [bold]{slug}[/bold] is already closed since {at}; nothing changed.")
            return
        out.print(f"Round [bold]{slug}[/bold] is closed ({at}; the deadline was {local(r.deadline, r.timezone)}).")

    run(ctx, work)


def extend(
    ctx: typer.Context,
    slug: Slug,
    deadline: Annotated[
        str, typer.Argument(metavar="DATETIME", help="New deadline, ISO 8601 with offset: 2027-04-15T18:00-04:00")
    ],
    earlier: Annotated[bool, typer.Option("--earlier", help="Allow moving the deadline earlier (needs --reason).")] = (
        False
    ),
    reason: Annotated[str, typer.Option("--reason", metavar="TEXT", help="Why (kept in the audit).")] = "",
) -> None:
    """Move an open round's deadline later (earlier only with --earlier --reason); delegates are told."""

    async def work(rt: Runtime) -> None:
        moment = parse_moment(deadline)
        moved = await rt.coordination.run(
            lambda uow, now: coordination.move_deadline(
                uow, rt.operator, slug, moment, now, earlier=earlier, reason=reason, deps=rt.deps
            )
        )
        _say_moved(slug, moved)

    run(ctx, work)


def reopen(
    ctx: typer.Context,
    slug: Slug,
    until: Annotated[
        str,
        typer.Option("--until", metavar="DATETIME", help="The new deadline, ISO 8601 with offset.", show_default=False),
    ],
) -> None:
    """Re-open a closed round until a new deadline; delegates are told."""

    async def work(rt: Runtime) -> None:
        moment = parse_moment(until)
        moved = await rt.coordination.run(
            lambda uow, now: coordination.reopen(uow, rt.operator, slug, moment, now, deps=rt.deps)
        )
        out.print(f"Round [bold]{slug}[/bold] is open again.")
        _say_moved(slug, moved)

    run(ctx, work)


def _say_moved(slug: str, moved: coordination.Moved) -> None:
    r = moved.round
    if moved.unchanged:
        out.print(
            f"Round [bold]{slug}[/bold]: the deadline is already {local(r.deadline, r.timezone)}; nothing changed."
        )
        return
    out.print(
        f"Round [bold]{slug}[/bold]: deadline moved from {local(moved.previous, r.timezone)} "
        f"to {local(r.deadline, r.timezone)}."
    )
    if r.status is RoundStatus.OPEN:
        out.print(f"{moved.notified} notices of the new deadline queued {SENT_BY_RUN}; reminders follow the new date.")


def parse_moment(value: str) -> datetime:
    """A date and time with its UTC offset, or BadInput saying how to write it."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise BadInput(
            key="error.bad_input", reason=f"“{value}” is not ISO 8601, e.g. 2027-04-15T18:00-04:00"
        ) from None
    if moment.tzinfo is None:
        raise BadInput(key="error.bad_input", reason="The date needs its UTC offset, e.g. 2027-04-15T18:00-04:00")
    return moment


def status(ctx: typer.Context, slug: Slug, as_json: AsJson = False) -> None:
    """Every delegation's state (n of m), a line per regional group, and delivery problems."""

    async def work(rt: Runtime) -> None:
        channels = rt.deps.channels
        report = await rt.coordination.read(lambda uow: coordination.report(uow, rt.operator, slug, channels=channels))
        if as_json:
            print_json(report_json(report))
        else:
            print_report(out, report)

    run(ctx, work)


def export_round(
    ctx: typer.Context,
    slug: Slug,
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="csv, xlsx or json")] = "csv",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", metavar="FILE", help="File to write (default SLUG.FORMAT)", show_default=False),
    ] = None,
    drafts: Annotated[bool, typer.Option("--drafts", help="Add the drafts where they differ from the record.")] = False,
    submitted_only: Annotated[
        bool, typer.Option("--submitted-only", help="Leave out the delegations that submitted nothing.")
    ] = False,
    language: Annotated[
        str,
        typer.Option(
            "--language",
            metavar="CODE",
            help="ar, en, es, fr, ru or zh: recommendation titles and XLSX position labels in it "
            "(Arabic: a right-to-left sheet). Default: the round's own language.",
            show_default=False,
        ),
    ] = "",
) -> None:
    """Export the record: what each delegation submitted (XLSX adds revisions and receipts), streamed."""
    if fmt not in export.FORMATS:
        err.print(f"[red]Unknown format “{fmt}”: use csv, xlsx or json.[/red]")
        raise typer.Exit(2)
    if language and language.lower() not in LANGUAGES:
        err.print(f"[red]Unknown language “{language}”: use one of {', '.join(LANGUAGES)}.[/red]")
        raise typer.Exit(2)
    path = output or Path(f"{slug}.{fmt}")
    options = Options(drafts=drafts, submitted_only=submitted_only, language=language.lower())

    async def work(rt: Runtime) -> None:
        async def write(uow: UnitOfWork, sheets: tuple[Sheet, ...]) -> int:
            with _progress() as progress:
                task = progress.add_task(f"Exporting {slug}", total=None)
                return await export.write(path, fmt, sheets, tick=lambda: progress.advance(task))

        try:
            count = await rt.coordination.export(rt.operator, slug, fmt, write, options)
        except export.Unreadable as error:  # written to a scratch file, never moved into place
            raise BadInput(key="error.bad_input", reason=f"Export failed; nothing was written: {error}") from None
        out.print(f"Wrote {count} rows to {path}.")

    _writing(path, lambda: run(ctx, work))


def compile_round(
    ctx: typer.Context,
    slug: Slug,
    output: Annotated[Path, typer.Option("--output", "-o", help="The .docx file to write.")],
) -> None:
    """Compile the submitted positions into a Word document (title page, summary, every position)."""
    from adapters import compilation  # python-docx loads only for this command

    async def work(rt: Runtime) -> None:
        async def write(uow: UnitOfWork, now: datetime) -> int:
            compiled = await compile_use_case(uow, rt.operator, slug, now)
            with export.replacing(output) as scratch:  # no partial file, whatever happens
                return await compilation.write(scratch, compiled)

        count = await rt.coordination.run(write)
        out.print(f"Wrote the compilation of {count} delegations' positions to {output}.")

    _writing(output, lambda: run(ctx, work))


async def _has_contacts(rt: Runtime) -> bool:
    contacts = await rt.coordination.read(lambda uow: uow.registry.contacts())
    return bool(contacts)


def _writing(path: Path, body: Callable[[], None]) -> None:
    """Refuse an unwritable path before any work, and turn a write failure into one clear line."""
    try:
        export.check_writable(path)
        body()
    except export.Unwritable as error:
        err.print(f"[red]{error} Nothing was written.[/red]")
        raise typer.Exit(1) from None


def remind(ctx: typer.Context, slug: Slug) -> None:
    """Queue a reminder now to every delegation that has not submitted; says who could not be reached."""

    async def work(rt: Runtime) -> None:
        done = await rt.coordination.run(
            lambda uow, now: coordination.remind_(uow, rt.operator, slug, now, mail=rt.deps.mail)
        )
        out.print(
            f"Round [bold]{slug}[/bold]: {done.queued} reminders queued to {len(done.reminded)} delegations "
            f"{SENT_BY_RUN}."
        )
        if done.already:
            out.print(f"{done.already} reminders were queued already in this minute: not queued again.")
        if done.submitted:
            out.print(f"Already submitted ({len(done.submitted)}): {', '.join(done.submitted)}.")
        if done.unreachable:
            out.print(
                f"[yellow]Nobody to reach in {len(done.unreachable)} delegations[/yellow] (no participant, or none "
                f"reachable; invite one with `consultbot invite CODE`): {', '.join(done.unreachable)}."
            )

    run(ctx, work)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=True,
    )  # fmt: skip


#: In the order of a round's life.
COMMANDS = (
    ("create", create),
    ("edit", edit),
    ("delete", delete),
    ("list", list_rounds),
    ("open", open_round),
    ("status", status),
    ("remind", remind),
    ("extend", extend),
    ("close", close_round),
    ("reopen", reopen),
    ("export", export_round),
    ("compile", compile_round),
)
