"""The terminal channel: numbered choices, one line per answer; works with piped standard input."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, TextIO

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel

from bot.model import TERMINAL, Address, IncomingMessage, Reply

if TYPE_CHECKING:
    from starlette.routing import BaseRoute

CHANNEL = "console"
QUIT_WORDS = frozenset({"quit", "exit", ":q"})

Handle = Callable[[IncomingMessage], Awaitable[list[Reply]]]


class ConsoleRenderer:
    """Prints replies: the title in bold, the text, and each choice as `  [N] Label`."""

    def __init__(self, out: Console) -> None:
        self.out = out

    def show(self, replies: list[Reply]) -> None:
        for reply in replies:
            if reply.title:
                self.out.print(f"[bold]{escape(reply.title)}[/bold]")
            if reply.text:
                self.out.print(escape(reply.text), highlight=False)
            if reply.image:
                self.out.print(
                    f"[dim](an image of {len(reply.image):,} bytes: use a chat channel or --format png)[/dim]"
                )
            for number, choice in enumerate(reply.choices, start=1):
                self.out.print(f"  [{number}] {escape(choice.label)}", highlight=False)
            self.out.print()


class ConsoleChannel:
    """Chat as one console account: reads lines, hands them to the engine, prints the replies."""

    def __init__(
        self, handle: Handle, *, account: str, stdin: TextIO | None = None, out: Console | None = None
    ) -> None:
        self.handle = handle
        self.account = account
        self.stdin = stdin or sys.stdin
        self.out = out or Console(highlight=False)
        self.renderer = ConsoleRenderer(self.out)
        self.choices: list[str] = []
        self.free_text = False

    async def run(self, first: str = "continue") -> None:
        """Show where the participant stands, then answer every line until end of input."""
        await self.turn(self._message(text=first))
        while True:
            if self.out.is_terminal:
                self.out.print("[dim]>[/dim] ", end="")
            line = await asyncio.to_thread(self.stdin.readline)
            if not line:
                self.out.print("[dim]End of input: your answers are saved. Goodbye.[/dim]")
                return
            text = line.rstrip("\r\n")
            if text.strip().lower() in QUIT_WORDS:
                self.out.print("[dim]Your answers are saved. Goodbye.[/dim]")
                return
            await self.turn(self.translate(text))

    def translate(self, text: str) -> IncomingMessage:
        """A typed number picks that choice; anything else is text."""
        stripped = text.strip()
        if stripped.isdigit() and 1 <= int(stripped) <= len(self.choices):
            action = self.choices[int(stripped) - 1]
            return self._message(action=action)
        if not stripped and not self.free_text:
            return self._message(text="continue")
        return self._message(text=text)

    def _message(self, *, text: str = "", action: str = "") -> IncomingMessage:
        return IncomingMessage(
            channel=CHANNEL, capabilities=TERMINAL, account=self.account, chat=self.account, text=text, action=action
        )

    async def turn(self, message: IncomingMessage) -> None:
        """Handle one message and show the replies; the last reply's choices become the numbers."""
        replies = await self.handle(message)
        self.renderer.show(replies)
        with_choices = [r for r in replies if r.choices]
        if with_choices:
            self.choices = [c.action for c in with_choices[-1].choices]
        self.free_text = any(r.prompt for r in replies)


class ConsoleSender:
    """Shows pushed messages (invitations, reminders, digests) in the terminal."""

    def __init__(self, out: Console | None = None) -> None:
        self.renderer = ConsoleRenderer(out or Console(highlight=False))

    async def send(self, address: Address, reply: Reply) -> str:
        self.renderer.out.print(Panel.fit(f"Message for {escape(address.chat)}", style="cyan"))
        self.renderer.show([reply])
        return ""


class ConsoleOutput:
    """The terminal as `consultbot run` sees it: pushes to terminal participants are printed; no routes."""

    def __init__(self, out: Console | None = None) -> None:
        self.sender = ConsoleSender(out)

    def routes(self) -> list[BaseRoute]:
        """The terminal receives nothing over HTTP."""
        return []

    @asynccontextmanager
    async def running(self) -> AsyncIterator[None]:
        """Nothing to start: standard output is always there."""
        yield

    async def check(self) -> str:
        """Nothing to verify."""
        return "pushes are printed on standard output"
