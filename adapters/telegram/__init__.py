"""The Telegram channel (python-telegram-bot 22): what the composition root uses.

channel = TelegramChannel(token=..., engine=engine, api_url=..., webhook_url=..., webhook_secret=...)
routes = channel.routes()              # hand to adapters.http.build_app (webhook mode)
async with channel.running(): ...      # polling or webhook, until the context ends
channel.sender                         # the Sender port for the dispatcher (also outside running)
await channel.username()               # for https://t.me/<username>?start=CODE
"""

from adapters.telegram.channel import TelegramChannel
from adapters.telegram.pacing import Pacer
from adapters.telegram.render import render
from adapters.telegram.sender import TelegramSender
from adapters.telegram.translate import to_incoming

__all__ = ["Pacer", "TelegramChannel", "TelegramSender", "render", "to_incoming"]
