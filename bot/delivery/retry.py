"""One retry policy for everything that talks to a platform: Telegram, Slack, e-mail, and the outbox.

Two kinds of setback, treated differently everywhere:
- a failed attempt (network error, timeout, 5xx): tried again after an exponential back-off, with
  jitter so that many senders failing together do not come back together, until `attempts` failed;
- an order to wait (HTTP 429 with Retry-After, Telegram's flood control): not a failed attempt. A
  short one (up to `max_wait`) is waited out where it happened, up to `flood_budget` seconds in all
  per call; a longer one goes back to the caller's caller (the outbox reschedules the delivery). A
  told wait is never shortened: its jitter only adds.

The policy is pure: it computes delays and decides, the caller sleeps. Randomness comes from an
injectable `random` (a function returning floats in [0, 1)), so tests use a seeded `Random(n).random`.
"""

from __future__ import annotations

import random as _random
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True, kw_only=True)
class RetryPolicy:
    """How hard to try, in seconds."""

    #: Failed attempts before giving up (told waits do not count).
    attempts: int = 4
    #: Back-off before the second attempt; it doubles after each failure, up to `max_delay`.
    first_delay: float = 0.5
    max_delay: float = 3600.0
    #: A back-off is drawn from [d·(1−jitter), d·(1+jitter)]; a told wait from [w, w·(1+jitter)].
    jitter: float = 0.2
    #: The longest told wait waited out in place; a longer one is handed back.
    max_wait: float = 10.0
    #: Told waits waited out in place, in all, per call.
    flood_budget: float = 120.0
    #: The random source: floats in [0, 1).
    random: Callable[[], float] = field(default=_random.random, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("attempts must be at least 1")
        if not 0 <= self.jitter < 1:
            raise ValueError("jitter must be in [0, 1)")
        if self.first_delay < 0 or self.max_delay < 0:
            raise ValueError("delays cannot be negative")

    def backoff(self, failures: int) -> float:
        """The wait after `failures` failed attempts (1 for the first), jittered, at most max_delay·(1+jitter)."""
        base = min(self.first_delay * (1 << min(max(failures - 1, 0), 60)), self.max_delay)
        return base * (1 - self.jitter + 2 * self.jitter * self.random())

    def told(self, seconds: float) -> float:
        """The wait for an order to wait `seconds`: never shorter, up to `jitter` longer."""
        return max(seconds, 0.0) * (1 + self.jitter * self.random())

    def gives_up(self, failures: int) -> bool:
        """Whether `failures` failed attempts are all there may be."""
        return failures >= self.attempts

    def start(self) -> Tries:
        """The bookkeeping of one call (one message, one API request)."""
        return Tries(self)


class Tries:
    """One call's attempts under a RetryPolicy: ask it after each setback how long to wait, if at all."""

    __slots__ = ("failures", "policy", "waited")

    def __init__(self, policy: RetryPolicy) -> None:
        self.policy = policy
        self.failures = 0
        self.waited = 0.0

    def failed(self) -> float | None:
        """Count a failed attempt; the back-off before the next one, or None if none is left."""
        self.failures += 1
        if self.policy.gives_up(self.failures):
            return None
        return self.policy.backoff(self.failures)

    def told_to_wait(self, seconds: float) -> float | None:
        """An order to wait `seconds` (not an attempt): the wait before trying again here, or None
        when it is longer than `max_wait` or the `flood_budget` is spent (hand it back instead)."""
        if seconds > self.policy.max_wait or self.waited + seconds > self.policy.flood_budget:
            return None
        self.waited += seconds
        return self.policy.told(seconds)
