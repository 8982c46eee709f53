"""The terminal channel: numbered choices, one line per answer; works with piped standard input."""

from __future__ import annotations

import asyncio
import contextlib
import sys
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, TextIO

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel

from bot.domain import actions
from bot.domain.model import TERMINAL, Address, Choice, IncomingMessage, Reply
from bot.i18n import formats
from bot.i18n.catalogue import text as say

if TYPE_CHECKING:
    from starlette.routing import BaseRoute

CHANNEL = "console"
QUIT_WORDS = frozenset({"quit", "exit", ":q"})

Handle = Callable[[IncomingMessage], Awaitable[list[Reply]]]


class ConsoleRenderer:
    """Prints replies: the title in bold, the text, and each choice as `  [N] Label`."""

    def __init__(self, out: Console) -> None:
        self.out = out
        #: The language of the latest replies: what the terminal says itself is written in it.
        self.language = "en"

    def say(self, key: str, /, **params: object) -> str:
        """A text of the terminal's own in the reader's language, as rich shows it typed."""
        return escape(say(self.language, key, **params))

    def show(self, replies: list[Reply]) -> None:
        for reply in replies:
            self.language = reply.language or self.language
            if reply.title:
                self.out.print(f"[bold]{escape(reply.title)}[/bold]")
            if reply.text:
                self.out.print(escape(reply.text), highlight=False)
            if reply.image:
                size = formats.number(len(reply.image), self.language)
                self.out.print(f"[dim]{self.say('console.image', size=size)}[/dim]")
            for number, choice in numbered(reply):
                self.out.print(f"  [{number}] {escape(choice.label)}", highlight=False)
            self.out.print()


#: On a recommendation, navigation keeps its number on every screen (1–5 are the positions).
NAVIGATION = {"back": 6, "skip": 7, "rev": 8}
#: "Add a comment" on the answer just recorded: one line before the next recommendation, always 0.
ADD_COMMENT = 0


def is_aside(reply: Reply) -> bool:
    """A reply whose only choice is "Add a comment" on an answer: shown as `[0]`, kept with the next screen's."""
    return (
        len(reply.choices) == 1
        and (action := actions.decode(reply.choices[0].action)) is not None
        and (action.verb == "cm")
    )


def numbered(reply: Reply) -> list[tuple[int, Choice]]:
    """The reply's choices with the numbers to type: in order, except that a recommendation's back,
    skip and review are always 6, 7 and 8 (a number is skipped where the choice is absent), and what
    follows them takes 9, 10 ... so no two choices ever share a number; "Add a comment" on the
    answer just recorded is 0."""
    if is_aside(reply):
        return [(ADD_COMMENT, reply.choices[0])]
    if reply.key != "item":
        return list(enumerate(reply.choices, start=1))
    found: list[tuple[int, Choice]] = []
    after = max(NAVIGATION.values()) + 1  # any other choice (e.g. ask a question) comes after them: 9, 10...
    for index, choice in enumerate(reply.choices, start=1):
        action = actions.decode(choice.action)
        if action is not None and action.verb in NAVIGATION:
            number = NAVIGATION[action.verb]
        elif index < min(NAVIGATION.values()):
            number = index
        else:
            number, after = after, after + 1
        found.append((number, choice))
    return found


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
        self.choices: dict[int, str] = {}
        self.free_text = False

    async def run(self, first: str = "continue") -> None:
        """Show where the participant stands, then answer every line until end of input (or Ctrl-C)."""
        try:
            await self._run(first)
        except (KeyboardInterrupt, asyncio.CancelledError):
            # Ctrl-C leaves like Ctrl-D: every answer is already committed.
            self.out.print(f"\n[dim]{self.renderer.say('console.goodbye')}[/dim]")

    async def _run(self, first: str) -> None:
        await self.turn(self._message(text=first))
        while True:
            line = await self.read()
            if line is None:
                self.out.print(f"[dim]{self.renderer.say('console.end_of_input')}[/dim]")
                return
            text = line.rstrip("\r\n")
            if text.strip().lower() in QUIT_WORDS:
                self.out.print(f"[dim]{self.renderer.say('console.goodbye')}[/dim]")
                return
            if self.free_text and text.strip().isdigit() and not self.picks(text):
                # A number where text is expected is more often a choice typed too soon: ask first.
                self.out.print(self.renderer.say("console.number_as_text", text=text.strip()))
                answer = await self.read()
                if answer is None or answer.strip().lower() not in ("y", "yes"):
                    self.out.print(f"[dim]{self.renderer.say('console.not_saved')}[/dim]")
                    continue
            await self.turn(self.translate(text))

    async def read(self) -> str | None:
        """The next line typed (None at end of input)."""
        if self.out.is_terminal:
            self.out.print("[dim]>[/dim] ", end="")
        loop = asyncio.get_running_loop()
        done: asyncio.Future[str] = loop.create_future()

        def reader() -> None:
            line = self.stdin.readline()

            def settle() -> None:
                if not done.done():
                    done.set_result(line)

            with contextlib.suppress(RuntimeError):  # the loop is gone (Ctrl-C): nobody waits for this line
                loop.call_soon_threadsafe(settle)

        # A daemon thread, not the loop's executor: after Ctrl-C the process must not wait for a line.
        threading.Thread(target=reader, name="console-stdin", daemon=True).start()
        return await done or None

    def picks(self, text: str) -> bool:
        """True if the text is the number of a choice shown now."""
        stripped = text.strip()
        return stripped.isdigit() and int(stripped) in self.choices

    def translate(self, text: str) -> IncomingMessage:
        """A typed number picks that choice; anything else is text."""
        stripped = text.strip()
        if stripped.isdigit() and int(stripped) in self.choices:
            action = self.choices[int(stripped)]
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
        with_choices = [r for r in replies if r.choices and not is_aside(r)]
        asides = [r for r in replies if is_aside(r)]
        if with_choices or asides:
            self.choices = {number: c.action for r in [*asides, *with_choices[-1:]] for number, c in numbered(r)}
        self.free_text = any(r.prompt for r in replies)
        if self.free_text and not with_choices:
            self.choices = {}  # a prompt without choices: earlier numbers no longer apply


class ConsoleSender:
    """Shows pushed messages (invitations, reminders, digests) in the terminal."""

    def __init__(self, out: Console | None = None) -> None:
        self.renderer = ConsoleRenderer(out or Console(highlight=False))

    async def send(self, address: Address, reply: Reply) -> str:
        self.renderer.language = reply.language or "en"
        self.renderer.out.print(Panel.fit(self.renderer.say("console.message_for", chat=address.chat), style="cyan"))
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
