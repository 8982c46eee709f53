"""The coordinator's pages: every round at a glance; one round's delegations, positions, problems,
downloads, and the actions (open, remind, extend, close), each confirmed before it is done.

Digest readers see the same pages without the actions and downloads. The actions go to the Engine
as the coordinator's own commands, so they are audited with the web's channel and a form posted
twice has one effect.
"""

from __future__ import annotations

import asyncio
import shutil
import tempfile
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, Response

from adapters.web.site import HEADERS, Site, replies_text
from bot.coordinator import rounds as coordination
from bot.coordinator.signin import Visitor
from bot.digest import compose
from bot.digest.compute import NO_GROUP
from bot.digest.sections import group_name
from bot.domain.errors import BotError
from bot.domain.model import CHOOSABLE, DelegationState, Position, Role, RoundMode, RoundStatus
from bot.i18n import formats
from bot.i18n.catalogue import text
from bot.records.exports import Options
from bot.records.exports import Sheet as ExportSheet
from bot.records.status import DelegationRow
from bot.views import compilation, sheets

#: Writes export sheets to a file in a format (adapters/export.py's `write`, handed in by main.py).
Exporter = Callable[[Path, str, tuple[ExportSheet, ...]], Awaitable[int]]
#: Writes a compilation as a Word file (adapters/compilation.py's `write`, handed in by main.py).
Compiler = Callable[[Path, compilation.Compilation], Awaitable[int]]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           "json": "application/json"}  # fmt: skip
ACTIONS = ("open", "remind", "extend", "close")
VIEWERS = (Role.COORDINATOR, Role.DIGEST)


@dataclass(frozen=True, slots=True)
class Column:
    """A column of the delegations table: its heading and how to read a cell from a row.

    A column whose cells are all None is left out, so a field the status rows do not have yet
    (a receipt, "changed since submission") appears by itself once they carry it.
    """

    heading: str
    cell: Callable[[DelegationRow], object]


COLUMNS: tuple[Column, ...] = (
    Column("web.coord.answered", lambda row: f"{row.answered}/{row.total}"),
    Column("web.coord.submitted_at", lambda row: datetime.fromisoformat(row.receipt_at) if row.receipt_at else "—"),
    Column("web.coord.receipt", lambda row: getattr(row, "receipt", None)),
    Column("web.coord.changed", lambda row: getattr(row, "changed_since_submission", None)),
)


def shown_columns(rows: Sequence[DelegationRow]) -> list[Column]:
    """The columns that have something to show."""
    return [c for c in COLUMNS if any(c.cell(row) is not None for row in rows)] if rows else list(COLUMNS[:2])


class CoordinatorPages:
    """Handlers for the coordinator's and the digest reader's pages."""

    def __init__(self, site: Site, *, exporter: Exporter | None, compiler: Compiler | None = None) -> None:
        self.site = site
        self.exporter = exporter
        self.compiler = compiler

    @property
    def deps(self) -> Any:
        return self.site.engine.deps

    def _page(self, request: Request, visitor: Visitor, token: str, name: str, **values: Any) -> Response:
        p = visitor.participant
        return self.site.page(
            request, name, lang=p.language, zone=p.timezone, visitor=visitor, csrf=self.site.csrf(token),
            acts=visitor.has_role(Role.COORDINATOR), **values,
        )  # fmt: skip

    async def overview(self, request: Request) -> Response:
        """GET /web/coord: every round with its state, deadline and coverage."""
        visitor, token = await self.site.visitor(request, *VIEWERS)
        async with self.deps.new_uow() as uow:
            lines = await sheets.overview(uow, visitor.actor())
        return self._page(request, visitor, token, "coord_rounds.html", rounds=lines)

    async def round(self, request: Request) -> Response:
        """GET /web/coord/rounds/SLUG[?show=pending]: delegations by group, positions, problems, downloads."""
        visitor, token = await self.site.visitor(request, *VIEWERS)
        slug = request.path_params["slug"]
        pending = request.query_params.get("show") == "pending"
        page = await self._round_page(visitor, slug)
        report = page.report
        rows = [r for r in report.delegations if not pending or r.state is not DelegationState.SUBMITTED]
        language = formats.language_of(visitor.participant.language)
        groups = [
            (group_name(g.group, language), [r for r in rows if g.group in (r.groups or (NO_GROUP,))])
            for g in report.groups
        ]
        positions = [*CHOOSABLE, Position.NO_OBJECTION] if report.round.mode is RoundMode.SILENCE else list(CHOOSABLE)
        return self._page(
            request, visitor, token, "coord_round.html", page=page, report=report, groups=groups, pending=pending,
            columns=shown_columns(rows), positions=positions, formats=list(FORMATS),
            compilable=self.compiler is not None and any(r.receipt_at for r in report.delegations),
            submitted=report.count(DelegationState.SUBMITTED), chart=self.deps.chart is not None,
            available=available(report.round.status),
        )  # fmt: skip

    async def _round_page(self, visitor: Visitor, slug: str) -> sheets.RoundPage:
        async with self.deps.new_uow() as uow:
            try:
                return await sheets.round_page(uow, visitor.actor(), slug)
            except BotError as error:
                raise HTTPException(
                    404, self.site.engine.error_reply(error, visitor.participant.language).text
                ) from None

    async def delegation(self, request: Request) -> Response:
        """GET /web/coord/rounds/SLUG/delegations/CODE: one delegation's answers, read only."""
        visitor, token = await self.site.visitor(request, *VIEWERS)
        slug, code = request.path_params["slug"], request.path_params["code"].upper()
        async with self.deps.new_uow() as uow:
            try:
                found = await sheets.delegation_sheet(uow, visitor.actor(), slug, code, self.deps.clock())
            except BotError as error:
                raise HTTPException(
                    404, self.site.engine.error_reply(error, visitor.participant.language).text
                ) from None
        return self._page(request, visitor, token, "coord_delegation.html", sheet=found)

    async def chart(self, request: Request) -> Response:
        """GET /web/coord/rounds/SLUG/chart.png: the digest's chart of this round."""
        visitor, _ = await self.site.visitor(request, *VIEWERS)
        chart = self.deps.chart
        if chart is None:
            raise HTTPException(404, text(visitor.participant.language, "web.not_found"))
        slug = request.path_params["slug"]
        async with self.deps.new_uow() as uow:
            try:
                found = await compose.preview(uow, visitor.actor(), self.deps.clock(), slug=slug)
            except BotError as error:
                raise HTTPException(404, str(error)) from None
        png = await asyncio.to_thread(chart, found.rounds[0])
        return Response(png, media_type="image/png", headers={**HEADERS, "Cache-Control": "private, max-age=60"})

    async def download(self, request: Request) -> Response:
        """GET /web/coord/rounds/SLUG/export.FORMAT: the export, through the same code as the CLI's."""
        visitor, _ = await self.site.visitor(request, Role.COORDINATOR)
        slug, fmt = request.path_params["slug"], request.path_params["fmt"]
        if fmt not in FORMATS or self.exporter is None:
            raise HTTPException(404, text(visitor.participant.language, "web.not_found"))
        exporter = self.exporter
        folder = Path(tempfile.mkdtemp(prefix="consultbot-export-"))
        path = folder / f"{slug}.{fmt}"

        async def write(uow: Any, sheets: tuple[ExportSheet, ...]) -> int:
            return await exporter(path, fmt, sheets)

        # The record, with the drafts beside it where they differ: a page is read before anyone submits too.
        try:
            await coordination.Coordination(self.deps).export(visitor.actor(), slug, fmt, write, Options(drafts=True))
        except BotError as error:
            shutil.rmtree(folder, ignore_errors=True)
            raise HTTPException(404, self.site.engine.error_reply(error, visitor.participant.language).text) from None
        return FileResponse(
            path, media_type=FORMATS[fmt], filename=f"{slug}.{fmt}", headers=HEADERS,
            background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
        )  # fmt: skip

    async def compilation(self, request: Request) -> Response:
        """GET /web/coord/rounds/SLUG/compilation.docx: the compilation, as `round compile` writes it.

        As the exports: checked and audited in a short write, then gathered and written in a
        read-only unit of work, so that however long it takes no writer waits for it.
        """
        visitor, _ = await self.site.visitor(request, Role.COORDINATOR)
        slug = request.path_params["slug"]
        if self.compiler is None:
            raise HTTPException(404, text(visitor.participant.language, "web.not_found"))
        compiler, clock = self.compiler, self.deps.clock
        folder = Path(tempfile.mkdtemp(prefix="consultbot-compile-"))
        path = folder / f"{slug}.docx"
        coordinator = coordination.Coordination(self.deps)

        async def write(uow: Any, checked: tuple[Any, Any]) -> int:
            return await compiler(path, await compilation.gather(uow, *checked, clock()))

        try:
            checked = await coordinator.run(lambda uow, now: compilation.check_compile(uow, visitor.actor(), slug, now))
            await coordinator.read(lambda uow: write(uow, checked))
        except BotError as error:
            shutil.rmtree(folder, ignore_errors=True)
            raise HTTPException(404, self.site.engine.error_reply(error, visitor.participant.language).text) from None
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return FileResponse(
            path, media_type=DOCX, filename=f"{slug}-compilation.docx", headers=HEADERS,
            background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
        )  # fmt: skip

    async def confirm(self, request: Request) -> Response:
        """GET /web/coord/rounds/SLUG/confirm/ACTION: the confirmation step before an action."""
        visitor, token = await self.site.visitor(request, Role.COORDINATOR)
        action = request.path_params["action"]
        if action not in ACTIONS:
            raise HTTPException(404, text(visitor.participant.language, "web.not_found"))
        page = await self._round_page(visitor, request.path_params["slug"])
        zone = page.report.round.timezone
        proposed = max(page.report.round.deadline, self.deps.clock()) + timedelta(days=7)
        return self._page(
            request, visitor, token, "coord_confirm.html", round=page.report.round, action=action,
            round_zone=zone, proposed=proposed.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M"),
        )  # fmt: skip

    async def act(self, request: Request) -> Response:
        """POST /web/coord/rounds/SLUG/act/ACTION: the confirmed action, as the coordinator's command."""
        visitor, token = await self.site.visitor(request, Role.COORDINATOR)
        form = await self.site.form(request, token)
        slug, action = request.path_params["slug"], request.path_params["action"]
        if action not in ACTIONS:
            raise HTTPException(404, text(visitor.participant.language, "web.not_found"))
        say = f"{action} {slug}"
        if action == "extend":
            say += " " + self._deadline(str(form.get("deadline") or ""), await self._zone(visitor, slug))
        replies = await self.site.handle(visitor, form, say=say)
        failed = [r for r in replies if r.error]
        if failed:
            raise HTTPException(400, replies_text(failed))
        return self.site.redirect(f"/web/coord/rounds/{slug}", flash=replies_text(replies))

    async def _zone(self, visitor: Visitor, slug: str) -> str:
        return (await self._round_page(visitor, slug)).report.round.timezone

    @staticmethod
    def _deadline(value: str, zone: str) -> str:
        """A datetime-local value ("2027-01-31T18:00") read in the round's time zone, as ISO 8601."""
        try:
            local = datetime.fromisoformat(value)
        except ValueError:
            return value[:40].replace(" ", "") or "-"
        if local.tzinfo is None:
            local = local.replace(tzinfo=ZoneInfo(zone))
        return local.isoformat()


def available(status: RoundStatus) -> tuple[str, ...]:
    """The actions that make sense for a round in this state."""
    if status is RoundStatus.DRAFT:
        return ("open",)
    if status is RoundStatus.OPEN:
        return ("remind", "extend", "close")
    return ("extend",)
