"""What an operator is told when Telegram cannot be used: the cause in one line, never the token."""

from __future__ import annotations

from urllib.parse import urlsplit

from telegram.error import InvalidToken, NetworkError, TelegramError

from bot.domain.errors import ChannelUnavailable

CHANNEL = "telegram"


def unavailable(error: TelegramError, *, token: str, api_url: str) -> ChannelUnavailable:
    """The ChannelUnavailable for a Bot API error met while connecting (getMe, setWebhook, ...)."""
    host = urlsplit(api_url).netloc or api_url
    if isinstance(error, InvalidToken):  # its message quotes the token: never pass it on
        return ChannelUnavailable(CHANNEL, "the Bot API refused the bot token (CONSULTBOT_TELEGRAM_TOKEN)")
    if isinstance(error, NetworkError):
        return ChannelUnavailable(CHANNEL, f"cannot reach the Bot API at {host} ({type(error).__name__})")
    said = error.message.replace(token, "***") if token else error.message
    return ChannelUnavailable(CHANNEL, f"the Bot API answered: {said}")
