"""`consultbot track`: the follow-up track, the implementation status the Secretariat keeps.

consultbot track SLUG REF --status "in progress" [--lead UNDP] [--note "…"]
consultbot track --file FILE        (CSV: round, ref, status, lead, note; all lines or none)
consultbot track SLUG               (the round's track as it stands)
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from bot.coordinator import followup
from bot.domain.model import TrackEntry
from bot.ports import UnitOfWork
from cli.common import err, out, print_json, run
from cli.runtime import Runtime

#: The columns of a track file.
FILE_COLUMNS = ("round", "ref", "status", "lead", "note")


def track(
    ctx: typer.Context,
    slug: Annotated[str | None, typer.Argument(help="The round.", show_default=False)] = None,
    ref: Annotated[str | None, typer.Argument(help="The recommendation, e.g. CL-3.", show_default=False)] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="; ".join(followup.STATUSES), show_default=False)
    ] = None,
    lead: Annotated[
        str | None, typer.Option("--lead", help="The lead entity's registry code, e.g. UNDP.", show_default=False)
    ] = None,
    note: Annotated[str | None, typer.Option("--note", help="A dated note (today's date).", show_default=False)] = None,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file", help="A CSV file: round, ref, status, lead, note (all lines or none).", show_default=False
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON for scripts.", show_default=False)] = False,
) -> None:
    """Set a recommendation's implementation status (coordinators; audited), or show a round's track."""
    if file is not None:
        requests = _read_file(file)
    elif slug and ref and status:
        requests = [followup.TrackRequest(round=slug.lower(), ref=ref, status=status, lead=lead, note=note or "")]
    elif slug and not ref and status is None:
        _show(ctx, slug.lower(), as_json)
        return
    else:
        err.print("[red]Usage: track SLUG REF --status STATUS [--lead CODE] [--note TEXT], or track --file FILE.[/red]")
        raise typer.Exit(2)

    async def work(rt: Runtime) -> None:
        async def store(uow: UnitOfWork, now: datetime) -> list[TrackEntry]:
            return await followup.track(uow, rt.operator, requests, now)

        changed = await rt.coordination.run(store)
        if not changed:
            out.print("Nothing changed: the track already says that.")
        for entry in changed:
            lead_ = f", lead {entry.lead}" if entry.lead else ""
            out.print(f"{entry.round} {entry.ref}: {entry.status}{lead_}" + (f" — {entry.note}" if entry.note else ""))

    run(ctx, work)


def _read_file(path: Path) -> list[followup.TrackRequest]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
            header = rows[0].keys() if rows else ()
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        err.print(f"[red]Cannot read {path}: {error}. Nothing was stored.[/red]")
        raise typer.Exit(1) from None
    missing = [c for c in ("round", "ref", "status") if c not in header]
    if missing:
        err.print(f"[red]{path}: needs the columns {', '.join(FILE_COLUMNS)} (missing {', '.join(missing)}).[/red]")
        raise typer.Exit(1)
    return [
        followup.TrackRequest(
            round=(row.get("round") or "").strip().lower(),
            ref=(row.get("ref") or "").strip(),
            status=(row.get("status") or "").strip(),
            lead=(row.get("lead") or "").strip() or None,
            note=(row.get("note") or "").strip(),
            line=number,
        )
        for number, row in enumerate(rows, start=2)
    ]


def _show(ctx: typer.Context, slug: str, as_json: bool) -> None:
    async def work(rt: Runtime) -> None:
        async def read(uow: UnitOfWork) -> tuple[list[TrackEntry], dict[str, TrackEntry]]:
            entries = await uow.followup.track(slug)
            return entries, followup.current(entries)

        entries, now_ = await rt.coordination.read(read)
        if as_json:
            print_json(
                [
                    {
                        "ref": e.ref,
                        "status": e.status,
                        "lead": e.lead,
                        "note": e.note,
                        "at": e.at.isoformat(),
                        "by": e.by,
                    }
                    for e in now_.values()
                ]
            )
            return
        table = Table(title=f"Follow-up track · {slug} ({len(entries)} changes)", title_justify="left")
        for column in ("ref", "status", "lead", "note", "since", "by"):
            table.add_column(column)
        for e in now_.values():
            table.add_row(e.ref, e.status, e.lead or "-", e.note, f"{e.at:%Y-%m-%d}", e.by)
        out.print(table)

    run(ctx, work)


COMMANDS = (("track", track),)
