"""The mail channel as the service sees it: `run --check`, a relay that is down, the ways to join it offers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import main
from adapters.email import EmailChannel
from bot.domain.errors import ChannelUnavailable
from config.settings import load_settings
from tests.fakes.smtp_server import SmtpServer
from tests.reliability.service import free_port

pytestmark = pytest.mark.fake_server


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with SmtpServer() as server:
        yield server


async def test_run_check_reaches_the_relay(smtp: SmtpServer, tmp_path: Path) -> None:
    """`consultbot run --check` lists e-mail with the relay it reached, and fails when nothing listens."""
    settings = load_settings(
        {
            "CONSULTBOT_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'x.db'}",
            "CONSULTBOT_SMTP_URL": smtp.url,
            "CONSULTBOT_MAIL_FROM": "consult@un.example",
        }
    )
    findings = {f.part: f for f in await main.check_service(settings)}
    assert findings["email"].ok
    assert findings["email"].detail == f"127.0.0.1:{smtp.port} (plain, this machine)"
    down = settings.model_copy(update={"smtp_url": load_settings({
        "CONSULTBOT_SMTP_URL": f"smtp://consult:hunter2-secret@127.0.0.1:{free_port()}",
        "CONSULTBOT_MAIL_FROM": "consult@un.example",
    }).smtp_url})  # fmt: skip
    failed = {f.part: f for f in await main.check_service(down)}["email"]
    assert not failed.ok
    assert "cannot reach 127.0.0.1" in failed.detail
    assert "hunter2" not in failed.detail


async def test_a_relay_that_is_down_keeps_the_channel_from_starting() -> None:
    """running() raises ChannelUnavailable, which the supervisor retries with back-off."""
    channel = EmailChannel(smtp_url=f"smtp://127.0.0.1:{free_port()}", mail_from="consult@un.example")
    with pytest.raises(ChannelUnavailable):
        async with channel.running():
            pass
    assert channel.routes() == ()


async def test_invitations_offer_each_configured_chat() -> None:
    """With Slack configured, the invitation e-mail offers the `/consult join CODE` line; with none, nothing."""
    assert main.join_ways(load_settings({})) == ()
    slack = load_settings({"CONSULTBOT_SLACK_BOT_TOKEN": "xoxb-1", "CONSULTBOT_SLACK_SIGNING_SECRET": "s"})
    [way] = main.join_ways(slack)
    assert (way.kind, way.link) == ("slack", False)
    assert (
        await way.make("7K3M-9QXR-B2D4-W8HN-5TCF-QJ6P-A0VE", "FRA")
        == "/consult join 7K3M-9QXR-B2D4-W8HN-5TCF-QJ6P-A0VE"
    )


async def test_the_telegram_link_asks_the_bot_name_once() -> None:
    """250 invitations ask Telegram's getMe once: the link is made from the first answer."""
    calls: list[str] = []

    async def link(code: str) -> str:
        calls.append(code)
        return f"https://t.me/un_consult_bot?start={code}"

    make = main._once_per_name(link)
    assert await make("AAAA-BBBB-CCCC-DDDD-EEEE", "FRA") == "https://t.me/un_consult_bot?start=AAAA-BBBB-CCCC-DDDD-EEEE"
    assert await make("FFFF-GGGG-HHHH-JJJJ-KKKK", "FRA") == "https://t.me/un_consult_bot?start=FFFF-GGGG-HHHH-JJJJ-KKKK"
    assert len(calls) == 1
