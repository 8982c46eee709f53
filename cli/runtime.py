"""What a command gets from the composition root: the wired core, and a few outside services."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from pathlib import Path

from bot.coordinator.rounds import Coordination
from bot.domain.model import Actor
from bot.engine import Engine
from bot.ports import Clock, Deps, Sender
from config.settings import Settings


@dataclass(kw_only=True)
class Runtime:
    """The core wired to its dependencies (built by main.bootstrap)."""

    settings: Settings
    deps: Deps
    engine: Engine
    coordination: Coordination
    clock: Clock
    operator: Actor
    health: Callable[[], Awaitable[bool]]
    #: Why the database cannot serve now ("" when it can), for /healthz; None: only `health` is known.
    diagnose: Callable[[], Awaitable[str]] | None = None
    sender: Sender | None = None
    telegram_link: Callable[[str], Awaitable[str]] | None = None
    #: The web sign-in link for an invitation code and its delegation: (code, stakeholder) -> URL.
    web_link: Callable[[str, str], Awaitable[str]] | None = None
    notes: list[str] = field(default_factory=list)


OpenRuntime = Callable[[Path | None], AbstractAsyncContextManager[Runtime]]
Upgrade = Callable[[Path | None], Awaitable[list[str]]]
Serve = Callable[[Path | None], None]
#: `run --check`: (part, ok, detail) for the database and each configured channel.
Check = Callable[[Path | None], list[tuple[str, bool, str]]]


@dataclass(frozen=True)
class CliState:
    """Held in Typer's context: how to open a runtime with the global options."""

    open_runtime: OpenRuntime
    upgrade: Upgrade
    serve: Serve
    config: Path | None
    check: Check | None = None

    def runtime(self) -> AbstractAsyncContextManager[Runtime]:
        """A runtime for one command."""
        return self.open_runtime(self.config)
