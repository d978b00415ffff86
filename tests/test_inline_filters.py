"""Synchronous filters (every `F.…`) are checked on the event loop, not in aiogram's thread pool."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

from aiogram import Bot, Dispatcher, F, Router
from aiogram.types import Chat, Message, Update

from bot.handlers import build_root_router
from bot.inline_filters import _filters, run_filters_on_the_loop


async def test_a_magic_filter_runs_on_the_loop_thread_and_still_decides() -> None:
    checked_on: list[int] = []
    handled: list[str] = []
    router = Router()

    def note_thread(message: Message) -> bool:
        checked_on.append(threading.get_ident())
        return True

    @router.message(F.func(note_thread), F.text == "ja")
    async def yes(message: Message) -> None:
        handled.append(message.text or "")

    assert run_filters_on_the_loop(router) == 2
    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    bot = Bot("42:TEST")
    chat = Chat(id=1, type="private")
    for n, text in enumerate(["nee", "ja"]):
        message = Message(message_id=n, date=datetime.now(UTC), chat=chat, text=text)
        await dispatcher.feed_update(bot, Update(update_id=n, message=message))
    await bot.session.close()
    assert checked_on == [threading.get_ident()] * 2
    assert handled == ["ja"]


def test_every_filter_of_the_bot_is_awaited_directly() -> None:
    filters = list(_filters(build_root_router()))
    assert len(filters) > 20
    assert all(each.awaitable for each in filters)
