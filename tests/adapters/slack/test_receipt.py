"""`/consult receipt` in Slack: the core answers it; the adapter only translates (real Bolt, fake Web API)."""

from __future__ import annotations

import pytest

from tests.adapters.slack.conftest import Workspace

pytestmark = pytest.mark.fake_server


async def test_receipt_again_by_command(slack: Workspace) -> None:
    """Answer four, submit, then /consult receipt: the receipt with what was submitted, in the DM."""
    code = await slack.invite("FRA", name="Anne")
    await slack.command(f"join {code}")
    await slack.settle()
    for _ in range(4):
        await slack.press("Support")
        await slack.settle()
    await slack.press("Submit for France")
    await slack.settle()
    mark = len(slack.api.calls)
    await slack.command("receipt")
    await slack.settle()
    shown = "\n".join(slack.posted(since=mark) + slack.ephemeral(since=mark))
    assert "Receipt DAO-FRA-01" in shown
    assert "R3: Support" in shown
