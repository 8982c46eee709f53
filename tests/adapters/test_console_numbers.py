"""The terminal's numbers: every choice on a screen has its own, and navigation keeps 6, 7 and 8."""

from __future__ import annotations

from adapters.console import numbered
from bot import actions
from bot.model import Choice, Reply


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
