"""Counters and gauges for /metrics, kept in memory by whoever counts (standard library only).

One `Telemetry` per process (`TELEMETRY`, like a logger: an empty object, nothing runs at import).
The adapters and the scheduler count into it; adapters/http.py exposes it as Prometheus families.
Labels name channels, causes, jobs and states, never a person.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass

Labels = tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Family:
    """One metric family: its kind ("counter" or "gauge"), help text and label names."""

    kind: str
    help: str
    labels: tuple[str, ...]


CHANNELS = ("telegram", "slack", "console")
STATES = ("pending", "sending", "sent", "dead")
JOBS = ("dispatch", "plan", "digest")

FAMILIES: Mapping[str, Family] = {
    "outbox_deliveries": Family("gauge", "Deliveries in the outbox, by state and channel", ("state", "channel")),
    "sends": Family("counter", "Messages a platform accepted, by channel", ("channel",)),
    "send_failures": Family("counter", "Sends that failed, by channel and cause", ("channel", "cause")),
    "rate_limited": Family("counter", "429 answers (flood control), by channel", ("channel",)),
    "backoff_seconds": Family("counter", "Seconds spent waiting on 429s and back-off, by channel", ("channel",)),
    "inbound_updates": Family("counter", "Updates and events received, by channel and outcome", ("channel", "outcome")),
    "scheduler_job_runs": Family("counter", "Scheduler job runs, by job and outcome", ("job", "outcome")),
    "scheduler_job_lag_seconds": Family("gauge", "How late the job's last run started, in seconds", ("job",)),
    "database_errors": Family("counter", "Database errors (unavailable, conflicts), by where", ("where",)),
    "leader": Family("gauge", "1 if this replica leads (polls Telegram, schedules, dispatches), else 0", ()),
    "leader_since_seconds": Family("gauge", "Unix time this replica last became leader or follower", ()),
    "outbox_lag_seconds": Family(
        "gauge", "How long the oldest due delivery not yet sent has waited, by channel (0: none waiting)", ("channel",)
    ),
}

#: Label values present from the first scrape (zero until something happens).
SEEDS: Mapping[str, tuple[Labels, ...]] = {
    "outbox_deliveries": tuple((("state", s), ("channel", c)) for s in STATES for c in CHANNELS),
    "sends": tuple((("channel", c),) for c in CHANNELS),
    "rate_limited": tuple((("channel", c),) for c in CHANNELS),
    "backoff_seconds": tuple((("channel", c),) for c in CHANNELS),
    "scheduler_job_runs": tuple((("job", j), ("outcome", "ok")) for j in JOBS),
    "scheduler_job_lag_seconds": tuple((("job", j),) for j in JOBS),
    "database_errors": ((("where", "engine"),), (("where", "scheduler"),)),
    "leader": ((),),
    "leader_since_seconds": ((),),
    "outbox_lag_seconds": tuple((("channel", c),) for c in CHANNELS),
}


class Telemetry:
    """Values by family and labels; safe to update from several threads."""

    def __init__(self) -> None:
        self._values: dict[str, dict[Labels, float]] = {
            name: dict.fromkeys(SEEDS.get(name, ()), 0.0) for name in FAMILIES
        }
        self._lock = threading.Lock()

    def add(self, family: str, amount: float = 1.0, **labels: str) -> None:
        """Add to a counter."""
        key = self._key(family, labels)
        with self._lock:
            self._values[family][key] = self._values[family].get(key, 0.0) + amount

    def set(self, family: str, value: float, **labels: str) -> None:
        """Set a gauge."""
        key = self._key(family, labels)
        with self._lock:
            self._values[family][key] = value

    def replace(self, family: str, values: Mapping[Labels, float]) -> None:
        """Set every value of a gauge family at once (absent label sets go back to zero)."""
        with self._lock:
            self._values[family] = {**dict.fromkeys(SEEDS.get(family, ()), 0.0), **values}

    def value(self, family: str, **labels: str) -> float:
        """One value (0 when never counted)."""
        with self._lock:
            return self._values[family].get(self._key(family, labels), 0.0)

    def total(self, family: str, **labels: str) -> float:
        """The sum over every label set that has these labels."""
        wanted = set(labels.items())
        with self._lock:
            return sum(v for k, v in self._values[family].items() if wanted <= set(k))

    def snapshot(self) -> dict[str, dict[Labels, float]]:
        """A copy of every value."""
        with self._lock:
            return {name: dict(values) for name, values in self._values.items()}

    @staticmethod
    def _key(family: str, labels: Mapping[str, str]) -> Labels:
        names = FAMILIES[family].labels
        if set(labels) != set(names):
            raise ValueError(f"{family} takes labels {names}, not {tuple(labels)}")
        return tuple((name, str(labels[name])) for name in names)


#: The process's telemetry.
TELEMETRY = Telemetry()
