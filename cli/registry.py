"""`consultbot registry ...`: the stakeholders, as data the coordinator manages."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from adapters.registryfile import load_registry
from bot.coordinator import stakeholders
from bot.ports import UnitOfWork
from cli.common import out, print_json, run
from cli.runtime import Runtime
from cli.seeding import REGISTRY_FILE

AsJson = Annotated[bool, typer.Option("--json", help="Print JSON for scripts.", show_default=False)]


def load(
    ctx: typer.Context,
    file: Annotated[
        Path | None, typer.Argument(help="The registry file (YAML); default: the shipped one.", show_default=False)
    ] = None,
) -> None:
    """Add new stakeholders and update names and groups of known ones (never deletes)."""
    path = file or REGISTRY_FILE

    async def work(rt: Runtime) -> None:
        found = load_registry(path)

        async def store(uow: UnitOfWork, now: datetime) -> stakeholders.Loaded:
            return await stakeholders.load(uow, rt.operator, found, now)

        loaded = await rt.coordination.run(store)
        out.print(
            f"Registry {path}: {loaded.total} stakeholders; {len(loaded.added)} added, "
            f"{len(loaded.renamed)} renamed, {len(loaded.moved)} moved between groups."
        )
        if loaded.added:
            out.print(f"  added: {', '.join(loaded.added)}")
        for code, old, new in loaded.renamed:
            out.print(f"  renamed {code}: {old} → {new}")
        for code, before, after in loaded.moved:
            out.print(f"  moved {code}: {', '.join(before) or '(none)'} → {', '.join(after) or '(none)'}")
        if loaded.kept:
            out.print(f"  not in the file, kept as they are: {', '.join(loaded.kept)}")

    run(ctx, work)


def list_stakeholders(
    ctx: typer.Context,
    group: Annotated[
        str | None, typer.Option("--group", help='Only this group, e.g. "African Group".', show_default=False)
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Every stakeholder: code, name, kind, groups."""

    async def work(rt: Runtime) -> None:
        found = await rt.coordination.read(lambda uow: stakeholders.listing(uow, group))
        if as_json:
            print_json([{"code": s.code, "name": s.name, "kind": s.kind, "groups": list(s.groups)} for s in found])
            return
        table = Table(title=f"Stakeholders{f' · {group}' if group else ''} ({len(found)})", title_justify="left")
        for column in ("code", "name", "kind", "groups"):
            table.add_column(column, no_wrap=column == "code")
        for s in found:
            table.add_row(s.code, s.name, s.kind.replace("_", " "), ", ".join(s.groups))
        out.print(table)

    run(ctx, work)


def list_groups(ctx: typer.Context, as_json: AsJson = False) -> None:
    """Every group and its size (regional groups first)."""

    async def work(rt: Runtime) -> None:
        found = await rt.coordination.read(stakeholders.groups)
        if as_json:
            print_json([{"name": g.name, "members": g.members, "regional": g.regional} for g in found])
            return
        table = Table(title="Groups", title_justify="left")
        for column in ("group", "members", "kind"):
            table.add_column(column, justify="right" if column == "members" else "left")
        for g in found:
            table.add_row(g.name, str(g.members), "regional" if g.regional else "other")
        out.print(table)

    run(ctx, work)


COMMANDS = (("load", load), ("list", list_stakeholders), ("groups", list_groups))
