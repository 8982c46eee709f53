"""Fairness between Telegram chats (issue 21, item 11).

Before: 100 to 150 messages from one account took every processing slot while they waited for
their own chat's lock, and another delegate's `help` waited 36 to 86 s. A chat now holds at most
one slot, slots go round the chats, and a flood beyond the per-chat cap is dropped.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from telegram import Chat, Message, Update, User

from adapters.telegram.updates import PerChatProcessor


def update(number: int, chat: int) -> Update:
    """A private text message from `chat`."""
    person = User(id=chat, first_name="D", is_bot=False)
    message = Message(
        message_id=number, date=datetime(2027, 3, 1, tzinfo=UTC), chat=Chat(id=chat, type="private"),
        from_user=person, text="help",
    )  # fmt: skip
    return Update(update_id=number, message=message)


class TestFairnessBetweenChats:
    async def test_a_flood_from_one_account_does_not_delay_another_delegate(self) -> None:
        """150 updates of one chat are stuck in processing; another chat's `help` is still processed."""
        processor = PerChatProcessor(4, max_per_chat=200)
        release = asyncio.Event()
        started: list[int] = []

        async def slow(number: int) -> None:
            started.append(number)
            await release.wait()

        helped = asyncio.Event()

        async def help_() -> None:
            helped.set()

        flood = [asyncio.create_task(processor.process_update(update(n, 1), slow(n))) for n in range(150)]
        await asyncio.sleep(0)
        other = asyncio.create_task(processor.process_update(update(999, 2), help_()))
        await asyncio.wait_for(helped.wait(), timeout=30)  # never set before the fix: every slot was taken
        assert started == [0]  # the flooding chat holds one slot, in order
        release.set()
        await asyncio.gather(*flood, other)
        assert started == list(range(150))  # and its updates all ran, in arrival order

    async def test_beyond_the_cap_a_chat_s_surplus_is_dropped_and_others_are_untouched(self) -> None:
        """With 3 waiting per chat at most, a burst of 10 runs 3; another chat is unaffected."""
        processor = PerChatProcessor(4, max_per_chat=3)
        release = asyncio.Event()
        ran: list[tuple[int, int]] = []

        async def work(chat: int, number: int) -> None:
            await release.wait()
            ran.append((chat, number))

        burst = [asyncio.create_task(processor.process_update(update(n, 1), work(1, n))) for n in range(10)]
        calm = asyncio.create_task(processor.process_update(update(50, 2), work(2, 50)))
        await asyncio.sleep(0)
        release.set()
        await asyncio.gather(*burst, calm)
        assert sorted(ran) == [(1, 0), (1, 1), (1, 2), (2, 50)]
