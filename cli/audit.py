"""`consultbot audit`: who did what, when, from which channel: the coordinator actions, newest first."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.table import Table

from bot.domain.model import AuditEntry
from cli.common import out, print_json, run
from cli.runtime import Runtime


def audit(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, help="How many entries, newest first.")] = 50,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The audit trail: every coordinator action (create, open, extend, close, remind, export, invite, digest)."""

    async def work(rt: Runtime) -> None:
        entries = await rt.coordination.read(lambda uow: uow.audit.entries(limit))
        if as_json:
            print_json([entry_json(e) for e in entries])
        elif not entries:
            out.print("No coordinator action recorded yet.")
        else:
            out.print(audit_table(entries))

    run(ctx, work)


def entry_json(entry: AuditEntry) -> dict[str, Any]:
    """One entry for scripts: when (UTC, ISO 8601), who, what, on what, channel, detail."""
    return {
        "at": entry.at.isoformat(),
        "actor": entry.actor,
        "action": entry.action,
        "target": entry.target,
        "channel": entry.channel,
        "detail": entry.detail,
    }


def audit_table(entries: list[AuditEntry]) -> Table:
    """The entries as a table, newest first."""
    table = Table(title="Audit trail (newest first)", title_justify="left")
    for column in ("when (UTC)", "who", "what", "on", "channel", "detail"):
        table.add_column(column)
    for e in entries:
        table.add_row(f"{e.at:%Y-%m-%d %H:%M:%S}", e.actor, e.action, e.target, e.channel, e.detail)
    return table


COMMANDS = (("audit", audit),)
