"""`consultbot invite`, `console` and `demo`: people and the terminal channel."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import datetime
from typing import Annotated

import typer
from rich.prompt import Prompt

from adapters.console import ConsoleChannel
from bot.coordinator import rounds as coordination
from bot.domain.errors import BadInput, UnknownStakeholder
from bot.domain.model import Identity, Role
from bot.domain.model import Stakeholder as Holder
from bot.i18n import formats
from bot.outreach import joining
from bot.ports import UnitOfWork
from cli.common import err, out, print_json, run
from cli.runtime import Runtime
from cli.seeding import ensure_sample_round


def invite(
    ctx: typer.Context,
    stakeholder: Annotated[str | None, typer.Argument(help="Stakeholder code, e.g. FRA (ISO 3166 alpha-3).")] = None,
    role: Annotated[Role, typer.Option(help="delegate, focal_point, coordinator or digest")] = Role.DELEGATE,
    name: Annotated[str, typer.Option(help="The person's name, as the Secretariat knows it.")] = "",
    language: Annotated[
        str,
        typer.Option(
            help="The language the person reads: ar, zh, en, fr, ru or es (default: their chat app's, else en)."
        ),
    ] = "",
    timezone: Annotated[str, typer.Option(help="IANA time zone for reminders.")] = "America/New_York",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    round_slug: Annotated[str | None, typer.Option("--round", help="With --all: the open round to invite to.")] = None,
    everyone: Annotated[
        bool, typer.Option("--all", help="E-mail every contact of the round who has not joined.")
    ] = False,
) -> None:
    """Create a participant and a single-use invitation code (Telegram deep link, Slack command);
    with --round SLUG --all, queue an invitation e-mail to every contact of the round not yet joined."""
    if everyone or round_slug:
        if not (everyone and round_slug) or stakeholder:
            err.print("[red]Use either `invite STAKEHOLDER` or `invite --round SLUG --all`.[/red]")
            raise typer.Exit(2)
        invite_contacts(ctx, round_slug, as_json)
        return
    if not stakeholder:
        err.print("[red]Name the stakeholder (e.g. `invite FRA`), or use `invite --round SLUG --all`.[/red]")
        raise typer.Exit(2)
    code = stakeholder

    async def work(rt: Runtime) -> None:
        async def issue(uow: UnitOfWork, now: datetime) -> joining.Issued:
            return await coordination.invite(
                uow, rt.deps, rt.operator, code.upper(), role, name=name, language=language, timezone=timezone
            )

        issued = await rt.coordination.run(issue)
        link = await rt.telegram_link(issued.code) if rt.telegram_link else ""
        data = {
            "code": issued.code,
            "stakeholder": issued.participant.stakeholder,
            "role": issued.participant.role.value,
            "participant_id": issued.participant.id,
            "expires_at": issued.expires_at.isoformat(),
            "telegram": link,
            "slack": f"/consult join {issued.code}",
            "console": f"join {issued.code}",
        }
        if as_json:
            print_json(data)
            return
        out.print(
            f"Invitation for {issued.participant.stakeholder} ({role.value}), valid until {issued.expires_at:%d %b %Y}:"
        )
        out.print(f"  code:     [bold]{issued.code}[/bold]  (single use; shown only now)")
        if link:
            out.print(f"  Telegram: {link}")
        out.print(f"  Slack:    /consult join {issued.code}")

    run(ctx, work)


def invite_contacts(ctx: typer.Context, slug: str, as_json: bool) -> None:
    """`invite --round SLUG --all`: an invitation e-mail to each contact of the round who has not joined."""

    async def work(rt: Runtime) -> None:
        if not rt.deps.mail:
            err.print("[red]E-mail is not configured: set CONSULTBOT_SMTP_URL and CONSULTBOT_MAIL_FROM.[/red]")
            raise typer.Exit(2)
        queued = await rt.coordination.run(
            lambda uow, now: coordination.invite_contacts(uow, rt.deps, rt.operator, slug, now)
        )
        if as_json:
            print_json({"round": slug, "queued": queued})
        else:
            out.print(f"Round [bold]{slug}[/bold]: {queued} invitation e-mails queued (sent by `consultbot run`).")

    run(ctx, work)


def console(
    ctx: typer.Context,
    stakeholder: Annotated[str, typer.Option("--as", help="Speak for this stakeholder, e.g. FRA.")],
    role: Annotated[Role, typer.Option(help="Your role if this terminal is new to the delegation.")] = Role.DELEGATE,
) -> None:
    """Chat in the terminal as a delegate: numbered choices; works with piped input."""
    run(ctx, lambda rt: chat(rt, stakeholder.upper(), role))


def did_you_mean(typed: str, known: list[Holder]) -> str:
    """The stakeholders a mistyped code may mean: "FRA (France)", by code prefix or by name."""
    word = typed.strip().casefold()
    found = [s for s in known if s.code.casefold().startswith(word)] or [
        s for s in known if word and word in s.name.casefold()
    ]
    return ", ".join(f"{s.code} ({s.name})" for s in found[:3])


def demo(
    ctx: typer.Context,
    stakeholder: Annotated[str | None, typer.Option("--as", help="The Member State you speak for.")] = None,
    language: Annotated[
        str, typer.Option(help="The language you read: ar, zh, en, fr, ru or es (or type `language CODE` later).")
    ] = "",
) -> None:
    """Try consultbot: the sample A/61/583 round in the terminal, as a Member State's delegate."""

    async def work(rt: Runtime) -> None:
        for note in await ensure_sample_round(rt.deps, rt.operator):
            err.print(f"[dim]{note}[/dim]")
        known = await rt.coordination.read(lambda uow: uow.registry.stakeholders())
        code = (stakeholder or "").upper()
        if not stakeholder and not sys.stdin.isatty():
            code = "FRA"
        while code not in {s.code for s in known}:
            if code:
                hint = did_you_mean(code, known)
                err.print(
                    f"[yellow]There is no delegation “{code}”.{f' Did you mean {hint}?' if hint else ''}[/yellow]"
                )
            if not sys.stdin.isatty():
                raise typer.Exit(1)
            code = Prompt.ask("Which Member State will you speak for? (ISO code)", default="FRA", console=err).upper()
        err.print(
            "[dim]You are a delegate in the terminal. Type the number of a choice, a command (help), "
            "or text when asked; Ctrl-D or `quit` leaves, and your answers stay saved.[/dim]\n"
        )
        await chat(rt, code.upper(), Role.DELEGATE, language=language)

    run(ctx, work)


async def chat(rt: Runtime, code: str, role: Role, *, language: str = "") -> None:
    """Bind this terminal to the stakeholder (once) and run the console channel (in `language` when given)."""
    account = f"terminal-{code}"
    wanted = language.strip().lower()
    if wanted and wanted not in formats.LANGUAGES:
        raise BadInput("unknown language", key="language.bad", languages=", ".join(formats.LANGUAGES))

    async def bind(uow: UnitOfWork, now: datetime) -> None:
        known = await uow.registry.identity("console", account)
        if known:
            person = await uow.registry.participant(known.participant_id)
            if person is not None and wanted and person.language != wanted:
                await uow.registry.update_participant(replace(person, language=wanted))
            return
        if await uow.registry.stakeholder(code) is None:
            raise UnknownStakeholder(code=code)
        issued = await joining.issue(
            uow, rt.deps, stakeholder=code, role=role, name=f"{code} terminal", language=wanted
        )
        await uow.registry.bind_identity(
            Identity(channel="console", account=account, participant_id=issued.participant.id, chat=account)
        )

    await rt.coordination.run(bind)
    await ConsoleChannel(rt.engine.handle, account=account).run()


COMMANDS = (("invite", invite), ("console", console), ("demo", demo))
