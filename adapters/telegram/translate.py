"""Telegram updates as IncomingMessage values. Pure: no I/O, no state."""

from __future__ import annotations

from telegram import Chat, Message, Update
from telegram.constants import ChatType

from bot.domain.model import IncomingMessage

CHANNEL = "telegram"


def to_incoming(update: Update, *, username: str = "") -> IncomingMessage | None:
    """What the person did, or None for updates the core has no use for.

    A text message becomes `text` (a deep link arrives as "/start CODE"); a button press becomes
    `action`. The user's `language_code` is passed on as the language hint for joining. Edits,
    media, other bots, and in groups anything but a command to this bot are left out. The update_id
    is the event id, so a redelivered update has one effect.
    """
    event_id = str(update.update_id)
    query = update.callback_query
    if query is not None:
        if not query.data or query.from_user.is_bot:
            return None
        chat = query.message.chat if query.message is not None else None
        return IncomingMessage(
            channel=CHANNEL,
            account=str(query.from_user.id),
            chat=str(chat.id if chat is not None else query.from_user.id),
            action=query.data,
            event_id=event_id,
            name=query.from_user.full_name,
            direct=chat is None or _private_with(chat, query.from_user.id),
            confirms_replies=True,
            locale=query.from_user.language_code or "",
        )
    message = update.message
    if message is None or message.text is None or message.from_user is None or message.from_user.is_bot:
        return None
    if message.chat.type != ChatType.PRIVATE and not _command_for_us(message, username):
        return None
    return IncomingMessage(
        channel=CHANNEL,
        account=str(message.from_user.id),
        chat=str(message.chat.id),
        text=message.text,
        event_id=event_id,
        name=message.from_user.full_name,
        direct=_private_with(message.chat, message.from_user.id),
        confirms_replies=True,
        locale=message.from_user.language_code or "",
    )


def _private_with(chat: Chat, user_id: int) -> bool:
    """True for the user's own private chat with the bot (its id is the user's id)."""
    return chat.type == ChatType.PRIVATE and chat.id == user_id


def _command_for_us(message: Message, username: str) -> bool:
    """In a group: "/status" or "/status@this_bot", never a command to another bot or plain chatter."""
    text = message.text or ""
    if not text.startswith("/"):
        return False
    _, _, addressee = text.split(maxsplit=1)[0].partition("@")
    return not addressee or addressee.casefold() == username.casefold()
