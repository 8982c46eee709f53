"""`consultbot link`: one-time web sign-in links, and `consultbot link revoke` to end web sessions."""

from __future__ import annotations

from typing import Annotated

import typer

from bot.coordinator.signin import SignIn
from bot.domain.model import Role
from cli.common import err, out, print_json, run
from cli.runtime import Runtime

#: The web channel's name, as the sessions record it.
WEB = "web"


def link(
    ctx: typer.Context,
    stakeholder: Annotated[str, typer.Argument(help="Stakeholder code, e.g. FRA; or `revoke` to end sessions.")],
    target: Annotated[str | None, typer.Argument(help="With `revoke`: the stakeholder whose sessions end.")] = None,
    name: Annotated[str, typer.Option(help="The person's name, as the Secretariat knows it.")] = "",
    role: Annotated[Role, typer.Option(help="delegate, focal_point, coordinator or digest")] = Role.DELEGATE,
    language: Annotated[str, typer.Option(help="Language of the pages (en, fr).")] = "en",
    participant: Annotated[int | None, typer.Option(help="With `revoke`: only this participant's sessions.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print a one-time web sign-in link for a new participant (`link revoke CODE` ends their sessions)."""
    if stakeholder.lower() == "revoke":
        if not target:
            err.print("[red]Name the delegation whose sessions end, e.g. consultbot link revoke FRA.[/red]")
            raise typer.Exit(2)
        run(ctx, lambda rt: _revoke(rt, target, participant, as_json))
        return
    if target is not None:
        err.print(f"[red]Unexpected argument “{target}”: consultbot link STAKEHOLDER --name NAME.[/red]")
        raise typer.Exit(2)
    if not name.strip():
        err.print("[red]Give the person's name with --name, e.g. --name 'A. Diallo'.[/red]")
        raise typer.Exit(2)

    async def work(rt: Runtime) -> None:
        assert rt.web_link is not None, "the composition root always wires the web link maker"
        sign_in = SignIn(rt.deps, channel=WEB)
        issued = await sign_in.issue(rt.operator, stakeholder, role=role, name=name.strip(), language=language)
        url = await rt.web_link(issued.code, issued.participant.stakeholder)
        if as_json:
            print_json(
                {
                    "url": url,
                    "stakeholder": issued.participant.stakeholder,
                    "role": issued.participant.role.value,
                    "participant_id": issued.participant.id,
                }
            )
            return
        out.print(f"Sign-in link for {name.strip()} ({issued.participant.stakeholder}, {role.value}); it works once:")
        out.print(url, soft_wrap=True)

    run(ctx, work)


async def _revoke(rt: Runtime, stakeholder: str, participant: int | None, as_json: bool) -> None:
    count = await SignIn(rt.deps, channel=WEB).revoke(rt.operator, stakeholder, participant_id=participant)
    if as_json:
        print_json({"stakeholder": stakeholder.upper(), "revoked": count})
        return
    out.print(f"Ended {count} web sessions of {stakeholder.upper()}.")


COMMANDS = (("link", link),)
