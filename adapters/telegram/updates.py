"""Update processing order: fair and concurrent across chats, strictly in arrival order within one chat.

Issue 21: PTB takes a processing slot (its semaphore) before calling do_process_update, so 150
messages from one account each held a slot while they waited for their own chat's lock, and
another delegate's `help` waited 36 to 86 s. Here a chat's updates queue for their chat first and
only the one at the head asks for a slot: a chat holds at most one slot, slots go round the
waiting chats in turn, and a chat with more than `max_per_chat` updates waiting has the rest
dropped (an account flooding the bot loses its own surplus, nobody else's time).

PTB's `process_update` is final and holds its semaphore around `do_process_update`; the base is
therefore given a semaphore that never blocks, and the queueing and the slots live in
`do_process_update`.

With several replicas behind one webhook (PostgreSQL), one chat's updates may reach different
processes; the order is then kept by the database (a per-chat lock taken first in each update's
transaction, granted in the order asked). A local queue in front of it would hide an update that
came first from that order, so there (`local_order=False`) each update goes to the database at
once: slots and the per-chat cap still apply.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

log = logging.getLogger(__name__)

#: The size of PTB's own semaphore: large enough never to block (the slots here are the limit).
_NEVER_BLOCKS = 1 << 30
#: Updates one chat may have waiting; a person pressing fast has a handful, a flood has hundreds.
MAX_PER_CHAT = 20


class PerChatProcessor(BaseUpdateProcessor):
    """Runs updates of different chats concurrently and those of one chat one after another."""

    def __init__(
        self, max_concurrent_updates: int = 64, *, max_per_chat: int = MAX_PER_CHAT, local_order: bool = True
    ) -> None:
        super().__init__(_NEVER_BLOCKS)
        self._local_order = local_order
        self._slots = asyncio.BoundedSemaphore(max_concurrent_updates)
        self._max_per_chat = max_per_chat
        self._chats: dict[object, tuple[asyncio.Lock, int]] = {}
        self._dropped: dict[object, int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Wait for the chat's turn without a slot, then for a slot (PTB's own semaphore never blocks)."""
        key = _chat_of(update)
        lock, waiting = self._chats.get(key, (asyncio.Lock(), 0))
        if waiting >= self._max_per_chat:
            self._drop(key, coroutine)
            return
        self._chats[key] = (lock, waiting + 1)
        try:
            if self._local_order:
                async with lock, self._slots:
                    await coroutine
            else:  # the database's per-chat lock orders them, across replicas
                async with self._slots:
                    await coroutine
        finally:
            lock, waiting = self._chats[key]
            if waiting == 1:
                del self._chats[key]
                self._dropped.pop(key, None)
            else:
                self._chats[key] = (lock, waiting - 1)

    def _drop(self, key: object, coroutine: Awaitable[Any]) -> None:
        if isinstance(coroutine, Coroutine):
            coroutine.close()  # never awaited: no "coroutine was never awaited" warning
        dropped = self._dropped[key] = self._dropped.get(key, 0) + 1
        if dropped in (1, 10, 100) or dropped % 1000 == 0:
            log.warning(
                "telegram: chat %s has %d updates waiting; dropped %d of its updates", key, self._max_per_chat, dropped
            )

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def _chat_of(update: object) -> object:
    if isinstance(update, Update):
        if update.effective_chat is not None:
            return update.effective_chat.id
        if update.effective_user is not None:
            return update.effective_user.id
        return update.update_id
    return id(update)
