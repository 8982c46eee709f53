"""What every command shares: running a coroutine, and turning core errors into clear exits."""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

import typer
from rich.console import Console

from bot.domain.errors import BadRoundFile, BotError
from bot.i18n.catalogue import text
from cli.runtime import CliState, Runtime

T = TypeVar("T")

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def state(ctx: typer.Context) -> CliState:
    """The global options, set by the app's callback."""
    found = ctx.find_root().obj
    assert isinstance(found, CliState)
    return found


def run(ctx: typer.Context, work: Callable[[Runtime], Awaitable[T]]) -> T:
    """Open a runtime, run `work` in it, and exit with a clear message on a core error."""

    async def main() -> T:
        async with state(ctx).runtime() as runtime:
            for note in runtime.notes:
                err.print(f"[dim]{note}[/dim]")
            return await work(runtime)

    try:
        return asyncio.run(main())
    except BadRoundFile as error:
        err.print(f"[red]The {error.what} was refused ({len(error.problems)} problems); nothing was stored:[/red]")
        for line, problem in error.problems:
            err.print(f"  line {line}: {problem}" if line else f"  {problem}")
        raise typer.Exit(1) from None
    except BotError as error:
        params = dict(error.params)
        key = str(params.pop("key", error.reply_key))
        try:
            message = text("en", key, **params)
        except (KeyError, IndexError):
            message = str(error)
        err.print(f"[red]{message}[/red]")
        raise typer.Exit(1) from None


def print_json(data: Any) -> None:
    """JSON for scripts, on standard output, unwrapped."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
