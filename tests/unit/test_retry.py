"""One retry policy (bot/delivery/retry.py) for the senders and the outbox: back-off with jitter, a told wait
(429) that is not a failed attempt, and a random source that tests seed."""

from __future__ import annotations

from datetime import timedelta
from random import Random
from typing import Any

import pytest

from bot.delivery.dispatch import DispatchPolicy, dispatch_due
from bot.delivery.retry import RetryPolicy
from bot.domain.errors import TemporaryFailure
from bot.domain.model import Address, Delivery, DeliveryStatus, Reply
from tests.unit.conftest import World


def seeded(seed: int = 7, **settings: Any) -> RetryPolicy:
    """A policy whose jitter comes from Random(seed): the same draws every run."""
    return RetryPolicy(random=Random(seed).random, **settings)


class TestBackoff:
    def test_it_doubles_within_the_jitter_and_stops_at_the_ceiling(self) -> None:
        policy = seeded(first_delay=1.0, max_delay=8.0, jitter=0.25)
        for failures, base in ((1, 1), (2, 2), (3, 4), (4, 8), (5, 8), (30, 8), (10_000, 8)):
            delay = policy.backoff(failures)
            assert base * 0.75 <= delay <= base * 1.25, (failures, delay)

    def test_the_same_seed_gives_the_same_delays_and_another_seed_others(self) -> None:
        """Deterministic in tests; spread out in production (two senders failing together do not come back together)."""
        one, again, other = seeded(1), seeded(1), seeded(2)
        ones = [one.backoff(3) for _ in range(5)]
        assert ones == [again.backoff(3) for _ in range(5)]
        assert ones != [other.backoff(3) for _ in range(5)]
        assert len(set(ones)) == 5, "every delay drawn anew"

    def test_without_jitter_the_delays_are_exact(self) -> None:
        policy = RetryPolicy(first_delay=0.5, jitter=0.0)
        assert [policy.backoff(n) for n in (1, 2, 3)] == [0.5, 1.0, 2.0]

    def test_the_extremes_of_the_random_source_are_the_bounds(self) -> None:
        assert RetryPolicy(first_delay=10, jitter=0.2, random=lambda: 0.0).backoff(1) == pytest.approx(8.0)
        assert RetryPolicy(first_delay=10, jitter=0.2, random=lambda: 0.999999).backoff(1) == pytest.approx(12.0)

    def test_a_told_wait_is_never_shortened(self) -> None:
        policy = seeded(jitter=0.2)
        waits = [policy.told(30) for _ in range(50)]
        assert all(30 <= wait <= 36 for wait in waits)
        assert RetryPolicy(random=lambda: 0.0).told(30) == 30

    @pytest.mark.parametrize("settings", [{"attempts": 0}, {"jitter": 1.0}, {"jitter": -0.1}, {"first_delay": -1}])
    def test_nonsense_is_refused(self, settings: dict[str, Any]) -> None:
        with pytest.raises(ValueError, match=r"must|cannot"):
            RetryPolicy(**settings)


class TestTries:
    def test_failed_attempts_run_out(self) -> None:
        tries = seeded(attempts=3, first_delay=1.0, jitter=0.0).start()
        assert [tries.failed(), tries.failed(), tries.failed()] == [1.0, 2.0, None]

    def test_an_order_to_wait_is_not_a_failed_attempt(self) -> None:
        """A storm of short 429s is waited out; the attempts are all still there afterwards."""
        tries = seeded(attempts=2, max_wait=5, flood_budget=100, jitter=0.0).start()
        for _ in range(20):
            assert tries.told_to_wait(5) == 5
        assert tries.failed() == pytest.approx(0.5)
        assert tries.failed() is None

    def test_a_long_wait_or_a_spent_budget_is_handed_back(self) -> None:
        tries = seeded(max_wait=10, flood_budget=25).start()
        assert tries.told_to_wait(11) is None, "longer than max_wait: the caller reschedules"
        assert tries.told_to_wait(10) is not None
        assert tries.told_to_wait(10) is not None
        assert tries.told_to_wait(10) is None, "25 s in all per call"
        assert tries.told_to_wait(5) is not None

    def test_one_attempt_and_no_wait_means_no_retry_at_all(self) -> None:
        """What Slack's views.open needs (a form opens within 3 s of the press or not at all)."""
        tries = RetryPolicy(attempts=1, max_wait=0.0).start()
        assert tries.told_to_wait(1) is None
        assert tries.failed() is None


class TestTheOutbox:
    async def queue(self, world: World) -> None:
        async with world.uow() as uow:
            delivery = Delivery(
                kind="reminder", dedupe_key="k", address=Address("slack", "C1"), reply=Reply(text="hi"),
                due_at=world.clock(),
            )  # fmt: skip
            assert await uow.outbox.add(delivery)
            await uow.commit()

    def only(self, world: World) -> Delivery:
        [delivery] = world.store.state.deliveries.values()
        return delivery

    async def test_a_failed_delivery_comes_back_after_the_policy_s_jittered_backoff(self, world: World) -> None:
        await self.queue(world)
        start = world.clock()
        policy = DispatchPolicy(retry=seeded(11, first_delay=60.0))
        expected = seeded(11, first_delay=60.0).backoff(1)
        sender = FailingSender(TemporaryFailure("502"))
        assert (await dispatch_due(world.engine.deps, sender, owner="a", policy=policy)).retried == 1
        assert self.only(world).due_at == start + timedelta(seconds=expected)
        assert expected != 60.0, "jittered"

    async def test_orders_to_wait_never_use_up_the_attempts(self, world: World) -> None:
        """Ten 429s in a row on a policy of two attempts: still pending, attempts not counted; then one
        failure is counted, and the second kills it."""
        await self.queue(world)
        policy = DispatchPolicy(retry=seeded(attempts=2))
        sender = FailingSender(TemporaryFailure("429", retry_after=60))
        for _ in range(10):
            assert (await dispatch_due(world.engine.deps, sender, owner="a", policy=policy)).retried == 1
            world.clock.advance(minutes=2)
        assert (self.only(world).status, self.only(world).attempts) == (DeliveryStatus.PENDING, 0)
        sender.failure = TemporaryFailure("502")
        assert (await dispatch_due(world.engine.deps, sender, owner="a", policy=policy)).retried == 1
        world.clock.advance(hours=1)
        assert (await dispatch_due(world.engine.deps, sender, owner="a", policy=policy)).dead == 1
        assert self.only(world).attempts == 2


class FailingSender:
    def __init__(self, failure: Exception) -> None:
        self.failure = failure

    async def send(self, address: Address, reply: Reply) -> str:
        raise self.failure
