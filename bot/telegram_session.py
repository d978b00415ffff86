"""The HTTP session to the Bot API, with the parsed response types kept alive.

aiogram parses every answer as ``Response[method.__returning__]``. pydantic caches such
parametrised models only in a WeakValueDictionary, and a class lives in reference cycles, so
each garbage collection drops it and the next call builds the model and its validator again.
In a bot that allocates as much as ours that happened every few calls and cost about a sixth of
all CPU time (py-spy, `make bench`). One strong reference per return type ends it.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType

_pinned: dict[Any, type[Response[Any]]] = {}


def pin_response_type(returning: Any) -> None:
    if returning not in _pinned:
        _pinned[returning] = Response[returning]  # type: ignore[valid-type]


class BotApiSession(AiohttpSession):
    def check_response(
        self, bot: Bot, method: TelegramMethod[TelegramType], status_code: int, content: str
    ) -> Response[TelegramType]:
        pin_response_type(method.__returning__)
        return super().check_response(bot, method, status_code, content)
