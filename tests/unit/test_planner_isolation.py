"""One bad round never stops the planner for the others (issue 21, item 14).

A round stored with an absurd reminder offset (P800000D, accepted before round files refused it)
made `deadline - offset` overflow in the plan tick, which then left every other round unclosed and
unreminded. Each round is now planned on its own: a failure is logged and the others proceed.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain.model import Recommendation, Round, RoundStatus
from bot.planning import jobs
from bot.ports import Deps
from tests.fakes import FixedClock, MemoryStore

NOW = datetime(2027, 3, 22, 18, 0, tzinfo=UTC)


def a_round(slug: str, *, deadline: datetime, reminders: tuple[timedelta, ...]) -> Round:
    return Round(
        slug=slug, title=slug, deadline=deadline, reminders=reminders, status=RoundStatus.OPEN,
        recommendations=(Recommendation(ref="R1", section="I", title="One", text="One leader."),),
    )  # fmt: skip


class TestOneBadRoundCannotStopTheOthers:
    async def test_an_absurd_offset_does_not_stop_the_other_rounds_closing(
        self, caplog: pytest.LogCaptureFixture
    ) -> None:
        """The bad round is logged with its slug; the round listed after it closes at its deadline."""
        clock = FixedClock(NOW)
        store = MemoryStore()
        async with store.uow() as uow:  # "a-bad" sorts first, so it is planned first
            absurd = (timedelta(days=800000),)
            await uow.rounds.add(a_round("a-bad", deadline=NOW + timedelta(days=3), reminders=absurd))
            await uow.rounds.add(a_round("b-due", deadline=NOW, reminders=()))
            await uow.commit()
        with caplog.at_level(logging.ERROR, logger="bot.planning.planner"):
            planned = await jobs.plan_tick(Deps(new_uow=store.uow, clock=clock))
        assert planned.closed == ("b-due",)
        assert store.state.rounds["b-due"].status is RoundStatus.CLOSED
        assert any("a-bad" in record.getMessage() for record in caplog.records)
