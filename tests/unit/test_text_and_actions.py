"""Reading what people type, and the button actions the core writes and reads back."""

from __future__ import annotations

import pytest

from bot.dialogue.text import bounded, clean, parse_position, split_command
from bot.domain import actions
from bot.domain.errors import BadInput
from bot.domain.model import Position, Prompt


class TestText:
    def test_invisible_and_control_characters_are_removed(self) -> None:
        assert clean("a\u202eb\u200bc\x00d\x07") == "abcd"
        assert clean("👨\u200d👩\u200d👧") == "👨\u200d👩\u200d👧"  # the joiner stays: emoji need it

    def test_over_long_text_is_refused(self) -> None:
        with pytest.raises(BadInput):
            bounded("x" * 4001, limit=4000)
        assert bounded(" x ", limit=4000) == "x"

    @pytest.mark.parametrize(
        ("typed", "position"),
        [("Support", Position.SUPPORT), ("support with amendments", Position.SUPPORT_WITH_AMENDMENTS),
         ("no-position", Position.NO_POSITION), ("RESERVE", Position.RESERVE), ("maybe", None)],
    )  # fmt: skip
    def test_positions_are_read(self, typed: str, position: Position | None) -> None:
        assert parse_position(typed) is position

    def test_commands_lose_their_slash_and_bot_name(self) -> None:
        assert split_command("/start@consult_bot ABC") == ("start", ["ABC"])


class TestActions:
    def test_round_trip_within_64_bytes(self) -> None:
        action = actions.encode("p", "a" * 32, "ABCDEFGHIJKL", Position.SUPPORT_WITH_AMENDMENTS)
        assert len(action.encode()) <= 64
        decoded = actions.decode(action)
        assert decoded is not None
        assert decoded.position is Position.SUPPORT_WITH_AMENDMENTS

    @pytest.mark.parametrize("forged", ["", "p:dao", "p:dao:R1", "p:dao:R1:q", "zz:dao", "p:d a o:R1:s", "x" * 65])
    def test_forged_actions_are_not_ours(self, forged: str) -> None:
        assert actions.decode(forged) is None

    def test_amendment_presses_ask_for_text(self) -> None:
        assert (
            actions.asks_for_text(actions.encode("p", "dao", "R1", Position.SUPPORT_WITH_AMENDMENTS))
            is Prompt.AMENDMENT
        )
        assert actions.asks_for_text(actions.encode("p", "dao", "R1", Position.OPPOSE)) is None
        assert actions.asks_for_text(actions.text_action(Prompt.COMMENT, "dao", "R1")) is Prompt.COMMENT
