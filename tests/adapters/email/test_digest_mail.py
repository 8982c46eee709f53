"""The digest of record by e-mail: HTML and text, the chart inline, the round's export attached, a copy kept."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncEngine

import main
from adapters.email import EmailSender, SmtpConfig, SmtpPool
from bot.digest.compose import composer
from bot.domain.model import MAIL, Address
from bot.planning import jobs
from bot.ports import Deps
from storage import SqlUnitOfWork, create_engine_for, create_session_factory
from tests.adapters.email.mailing_world import Drain, open_round, set_up, start_clock
from tests.dbs import SQLITE, fresh_database
from tests.fakes.memory import FixedClock
from tests.fakes.smtp_server import SmtpServer

pytestmark = pytest.mark.fake_server
DSG = "dsg-office@example.org"


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with SmtpServer() as server:
        yield server


@pytest.fixture
async def database() -> AsyncIterator[AsyncEngine]:
    async with fresh_database(SQLITE) as url:
        engine = create_engine_for(url)
        yield engine
        await engine.dispose()


async def test_the_weekly_digest_goes_by_email_once_with_chart_export_and_archive(
    database: AsyncEngine, smtp: SmtpServer, tmp_path: Path
) -> None:
    """multipart/alternative(text/plain, multipart/related(text/html, image/png by Content-ID)) and the round's
    XLSX attached; an .eml copy in the archive; the same slot run again sends nothing new."""
    clock: FixedClock = start_clock()
    sessions = create_session_factory(database)
    deps = Deps(new_uow=lambda: SqlUnitOfWork(sessions), clock=clock, chart=main.draw_chart, workbook=main.workbook)
    round_ = await set_up(deps, addresses=4)
    await open_round(deps, round_.slug)
    compose = composer(chart=deps.chart, workbook=deps.workbook)
    slot = clock()
    archive = tmp_path / "archive"
    sender = EmailSender(SmtpPool(SmtpConfig.from_url(smtp.url)), mail_from="consult@un.example", archive_dir=archive)
    drain = Drain(deps, clock, sender, database)
    recipients = [Address(MAIL, DSG)]
    assert await jobs.digest_tick(deps, slot=slot, recipients=recipients, compose=compose) == 1
    await drain()
    assert await jobs.digest_tick(deps, slot=slot, recipients=recipients, compose=compose) == 0  # a second run
    await drain()
    await sender.close()

    [got] = smtp.recorder.to(DSG)
    message = got.message
    assert message["Subject"].startswith("Consultation digest")
    assert message["List-Unsubscribe"] == "<mailto:consult@un.example?subject=unsubscribe>"
    alternative, attachment = message.iter_parts()
    plain, related = alternative.iter_parts()
    html, image = related.iter_parts()
    assert [p.get_content_type() for p in (alternative, plain, related, html, image)] == [
        "multipart/alternative", "text/plain", "multipart/related", "text/html", "image/png",
    ]  # fmt: skip
    assert image.get_content().startswith(b"\x89PNG")
    assert f"cid:{image['Content-ID'].strip('<>')}" in html.get_content()
    assert round_.title in plain.get_content()
    assert attachment.get_filename() == f"{round_.slug}.xlsx"
    workbook = load_workbook(io.BytesIO(attachment.get_content()), read_only=True)
    assert workbook.sheetnames  # a real workbook: the round's export
    [kept] = archive.glob("*.eml")
    assert kept.read_bytes() == got.raw
