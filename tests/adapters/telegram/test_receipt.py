"""`/receipt` in Telegram: the core answers it; the adapter only translates (real PTB, fake Bot API)."""

from __future__ import annotations

import pytest

from adapters.telegram import TelegramChannel
from tests.adapters.telegram.conftest import World, press, say
from tests.fakes.telegram_api import FakeTelegramAPI

pytestmark = pytest.mark.fake_server

ANA = 5001002


async def test_receipt_lists_what_was_submitted_again(
    api: FakeTelegramAPI, polling: TelegramChannel, world: World
) -> None:
    """Answer four, submit, change one without submitting, then /receipt: the receipt as submitted."""
    code = await world.invite("FRA")
    await say(api, polling, ANA, f"/start {code}")
    for _ in range(4):
        await press(api, polling, ANA, "Support")
    (receipt,) = await press(api, polling, ANA, "Submit for France")
    assert receipt["text"].startswith("Receipt DAO-FRA-01")
    assert "R4: Support" in receipt["text"]
    await say(api, polling, ANA, "edit R2")
    await press(api, polling, ANA, "Oppose")
    (again,) = await say(api, polling, ANA, "/receipt")
    assert again["text"].startswith("Receipt DAO-FRA-01")
    assert "R2: Support" in again["text"]  # as submitted, not the draft
    assert "Answers changed since that submission" in again["text"]
