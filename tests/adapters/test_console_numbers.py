"""The terminal's numbers: every choice on a screen has its own, and navigation keeps 6, 7 and 8."""

from __future__ import annotations

import io
from pathlib import Path

from adapters.console import numbered
from bot.domain import actions
from bot.domain.model import Choice, IncomingMessage, Prompt, Reply
from bot.i18n.catalogue import text
from tests.pseudo_catalogues import pseudo_catalogues


def choice(label: str, verb: str) -> Choice:
    return Choice(label, actions.encode(verb, "a61-583", "CL-1"))


def test_no_two_choices_share_a_number_and_navigation_keeps_its_own() -> None:
    """On the first recommendation there is no Back: Skip is 7, Review 8, and Ask a question 9 (not 8 again)."""
    positions = [choice(f"P{n}", "p") for n in range(1, 6)]
    first = Reply(
        text="", key="item", choices=(*positions, choice("Skip", "skip"), choice("Review", "rev"), choice("Ask", "q"))
    )
    numbers = [number for number, _ in numbered(first)]
    assert numbers == [1, 2, 3, 4, 5, 7, 8, 9]
    assert len(set(numbers)) == len(numbers)
    later = Reply(text="", key="item", choices=(*positions, choice("Back", "back"), *first.choices[5:]))
    assert [number for number, _ in numbered(later)] == [1, 2, 3, 4, 5, 6, 7, 8, 9]


async def test_the_terminals_own_words_follow_the_readers_language(tmp_path: Path) -> None:
    """A number where text is awaited, then the end of input: asked and said in the language of the replies."""
    from rich.console import Console

    from adapters.console import ConsoleChannel

    async def french(message: IncomingMessage) -> list[Reply]:
        return [Reply(text="…", prompt=Prompt.COMMENT, language="fr")]

    out = Console(file=io.StringIO(), width=200, force_terminal=False)
    channel = ConsoleChannel(french, account="ana", stdin=io.StringIO("3\nn\n"), out=out)
    with pseudo_catalogues(tmp_path, ["fr"]):
        await channel.run()
        said = out.file.getvalue()  # type: ignore[attr-defined]
        assert text("fr", "console.number_as_text", text="3") in said
        assert text("fr", "console.not_saved") in said
        assert text("fr", "console.end_of_input") in said
        assert text("en", "console.end_of_input") not in said
