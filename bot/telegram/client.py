"""The bot's client for the Bot API: aiogram's own session, pointed at TELEGRAM_API_URL.

Telegram's errors that pass with time (429, 5xx, a dropped connection) are retried by a
request middleware, aiogram's documented hook for wrapping every call (`errors.RetryMiddleware`).
"""

from __future__ import annotations

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.types import LinkPreviewOptions

from bot.config import Settings
from bot.telegram.errors import RetryMiddleware
from bot.telegram.response_types import keep_response_types


def create_bot(settings: Settings, *, token: str | None = None) -> Bot:
    keep_response_types()  # checked against them on every call: built once, never again
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
    session.middleware(RetryMiddleware())
    return Bot(
        token=token or settings.require_token(),
        session=session,
        default=DefaultBotProperties(
            parse_mode=ParseMode.HTML, link_preview=LinkPreviewOptions(is_disabled=True)
        ),
    )
