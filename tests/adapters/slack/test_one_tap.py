"""Issue 13 (8): the sample round's 31 recommendations take 31 presses in Slack, plus one to submit
(before: two each, the position then "No comment"); a comment is a press away on each recorded
answer, in a form that names the answer it was opened on."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from adapters.roundfile import load_round_file
from bot.domain.model import Position, RoundStatus
from tests.adapters.slack.conftest import Workspace

pytestmark = pytest.mark.fake_server

SAMPLE = Path(__file__).parents[3] / "config" / "rounds" / "a61-583.yaml"


async def with_the_sample_round(slack: Workspace) -> None:
    async with slack.store.uow() as uow:
        await uow.rounds.delete("dao")
        await uow.rounds.add(replace(load_round_file(SAMPLE).round, status=RoundStatus.OPEN))
        await uow.commit()


async def test_the_sample_round_takes_31_presses_and_one_to_submit(slack: Workspace) -> None:
    await with_the_sample_round(slack)
    await slack.join("FRA", user="U1")
    presses = 0
    while True:
        mark = len(slack.api.calls)
        await slack.press("Support")
        await slack.settle()
        presses += 1
        recorded, following = slack.posted(since=mark)
        assert recorded.endswith("recorded: Support.")
        if "answered." in following:
            break
        assert presses < 40, "the round never ended"
    assert presses == 31
    assert "31 of 31 answered." in following
    assert not slack.api.of("views.open")  # no form was needed along the way
    mark = len(slack.api.calls)
    await slack.press("Submit for France")
    await slack.settle()
    assert "Receipt A61-583-FRA-01" in slack.posted(since=mark)[0]
    answers = [r for (_, who, _), r in slack.store.state.responses.items() if who == "FRA"]
    assert [r.position for r in answers] == [Position.SUPPORT] * 31


async def test_a_comment_goes_on_the_answer_its_form_was_opened_on(slack: Workspace) -> None:
    await with_the_sample_round(slack)
    await slack.join("FRA", user="U1")
    await slack.press("Oppose")
    await slack.settle()
    await slack.press("Add a comment on CL-1")
    await slack.settle()
    await slack.press("Support")  # CL-2, while the form is open
    await slack.settle()
    assert (await slack.submit("We oppose, see our statement.")).content == b""
    await slack.settle()
    assert slack.store.state.responses["a61-583", "FRA", "CL-1"].comment == "We oppose, see our statement."
    assert slack.store.state.responses["a61-583", "FRA", "CL-2"].comment == ""
