"""Slack in the reader's language: the user's locale at join, `/consult language CODE`, and a bad code."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from bot.domain.model import Position
from bot.i18n import formats
from bot.i18n.catalogue import position_label, text
from tests.adapters.slack.conftest import Workspace, fixture, snapshot

pytestmark = pytest.mark.fake_server


async def join_with_locale(slack: Workspace, code: str, locale: str, *, user: str = "U1") -> None:
    """`/consult join CODE` from a Slack app that receives its users' locale."""
    form = fixture("slash_command") | {
        "text": f"join {code}",
        "user_id": user,
        "trigger_id": f"trigger-{next(slack.ids)}",
        "response_url": slack.api.response_url(f"{user}-{next(slack.ids)}"),
        "locale": locale,
    }
    assert (await slack.post(urlencode(form), "application/x-www-form-urlencoded")).status_code == 200
    await slack.settle()


def language_of(slack: Workspace, user: str = "U1") -> str:
    identity = next(i for (channel, account), i in slack.store.state.identities.items() if account.endswith(user))
    return slack.store.state.participants[identity.participant_id].language


class TestSlackLanguages:
    async def test_the_users_locale_chooses_the_language_at_join(self, slack: Workspace) -> None:
        code = await slack.invite("FRA", name="Anne")
        await join_with_locale(slack, code, "ru-RU")
        assert language_of(slack) == "ru"
        welcome, _first = slack.posted()
        assert text("ru", "nav.review") in str(slack.api.calls)  # the first item's buttons in Russian
        assert formats.country("FRA", "ru") in welcome

    async def test_an_unknown_code_lists_the_six_and_changes_nothing(self, slack: Workspace) -> None:
        await slack.join("FRA", user="U1")
        before = snapshot(slack.store)
        mark = len(slack.api.calls)
        for bad in ("language xx", "language"):
            await slack.command(bad)
            await slack.settle()
        said = "\n".join(slack.posted(since=mark) + slack.ephemeral(since=mark))
        assert said.count("That language is not available.") == 2
        assert all(f"{code} (" in said for code in formats.LANGUAGES)
        after = snapshot(slack.store)
        assert after["participants"] == before["participants"]

    async def test_language_ar_then_the_buttons_speak_arabic(self, slack: Workspace) -> None:
        await slack.join("FRA", user="U1")
        await slack.command("language ar")
        await slack.settle()
        assert language_of(slack) == "ar"
        mark = len(slack.api.calls)
        await slack.dm("continue")
        await slack.settle()
        shown = "\n".join(str(c.args.get("text", "")) for c in slack.api.calls[mark:])
        assert f"{formats.FSI}R1{formats.PDI}" in shown
        assert position_label("ar", Position.SUPPORT) in str([c.args for c in slack.api.calls[mark:]])
