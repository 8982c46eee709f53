"""`consultbot digest`: the digest now, as Markdown, a PNG chart or JSON; `--send` queues it to the recipients."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.markdown import Markdown

from bot.digest import compose
from bot.digest.figures import figures
from bot.digest.markdown import markdown
from bot.domain.model import Address
from bot.ports import UnitOfWork
from bot.records.digest_values import Digest, RoundDigest
from cli.common import err, out, print_json, run
from cli.runtime import Runtime
from config.settings import LANGUAGES

FORMATS = ("markdown", "png", "json")


def digest(
    ctx: typer.Context,
    round_slug: Annotated[
        str | None, typer.Option("--round", help="Only this round (open or not); default: every open round.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="markdown, png (the chart) or json")] = "markdown",
    send: Annotated[
        bool,
        typer.Option("--send", help="Also queue it to CONSULTBOT_DIGEST_RECIPIENTS and remember it for the next one."),
    ] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: the terminal; digest-SLUG.png)")
    ] = None,
    language: Annotated[
        str, typer.Option("--language", "-l", help="The language of the Markdown and the chart: ar, en, es, fr, ru, zh")
    ] = "en",
) -> None:
    """The weekly digest now: coverage, positions, changes since the last digest, contested, problems.

    Without --send nothing is stored: the next digest still compares with the last one sent.
    """
    if fmt not in FORMATS:
        err.print(f"[red]Unknown format “{fmt}”: use markdown, png or json.[/red]")
        raise typer.Exit(2)
    if language not in LANGUAGES:
        err.print(f"[red]Unknown language “{language}”: use one of {', '.join(LANGUAGES)}.[/red]")
        raise typer.Exit(2)
    slug = round_slug.lower() if round_slug else None

    async def work(rt: Runtime) -> None:
        zone = rt.settings.digest_timezone
        if send:
            recipients = [Address(r.channel, r.chat) for r in rt.settings.digest_recipients]
            languages = {Address(r.channel, r.chat): r.language for r in rt.settings.digest_recipients}
            if not recipients:
                err.print(
                    "[red]No recipients: set CONSULTBOT_DIGEST_RECIPIENTS, e.g. slack:C0123,telegram:-100456.[/red]"
                )
                raise typer.Exit(2)

            async def queue(uow: UnitOfWork, now: datetime) -> tuple[Digest, int]:
                chart = rt.deps.chart or _render_png
                return await compose.send(
                    uow,
                    rt.operator,
                    now,
                    recipients,
                    slug=slug,
                    zone=zone,
                    chart=chart,
                    languages=languages,
                    workbook=rt.deps.workbook,
                    channels=rt.deps.channels,
                )

            found, queued = await rt.coordination.run(queue)
        else:
            found = await rt.coordination.read(
                lambda uow: compose.preview(
                    uow, rt.operator, rt.clock(), slug=slug, zone=zone, channels=rt.deps.channels
                )
            )
        write(found, fmt, output, language)
        if send:
            err.print(f"Digest queued to {queued} recipient(s); `consultbot run` sends it.")

    run(ctx, work)


def write(found: Digest, fmt: str, output: Path | None, language: str = "en") -> None:
    """Print or save the digest in the chosen format."""
    if fmt == "png":
        if not found.rounds:
            err.print("[red]No open round: there is no chart to draw.[/red]")
            raise typer.Exit(1)
        path = output or Path(f"digest-{found.rounds[0].round.slug}.png")
        path.write_bytes(_render_png(found.rounds[0], language))
        err.print(f"Wrote the chart of {found.rounds[0].round.slug} to {path}.")
    elif fmt == "json":
        if output is None:
            print_json(figures(found))
        else:
            output.write_text(json.dumps(figures(found), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
            err.print(f"Wrote the digest's figures (JSON) to {output}.")
    else:
        document = markdown(found, language)
        if output is not None:
            output.write_text(document, encoding="utf-8")
            err.print(f"Wrote the digest (Markdown) to {output}.")
        elif out.is_terminal:
            out.print(Markdown(document))
        else:
            sys.stdout.write(document)


COMMANDS = (("digest", digest),)


def _render_png(digest: RoundDigest, language: str = "en") -> bytes:
    from adapters.chart import render_png  # matplotlib loads only when a chart is drawn

    return render_png(digest, language)
