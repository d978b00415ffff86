"""The bot's web server (the staff dashboard and the owners' pages, bot/web) for a benchmark:
against the Bot API stand-in, on a free port, in a process set up as the bot's is before it
serves (its garbage-collection policy, bot/app.py; its drawing worker started and ready, as
the bot starts it with the dispatcher), and everything closed after."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass

from aiogram import Bot
from aiohttp import web

from bot.config import Settings, load_settings
from bot.factory import Storage, create_bot, create_storage
from bot.pictures import draw
from bot.runtime import drawing
from bot.runtime.gc_policy import freeze_startup_heap
from bot.web.app import start_web
from standin import StandIn


@dataclass(frozen=True)
class Served:
    settings: Settings
    storage: Storage
    bot: Bot
    runner: web.AppRunner

    @property
    def base(self) -> str:
        """The server's address, e.g. http://127.0.0.1:41234."""
        return f"http://127.0.0.1:{self.runner.addresses[0][1]}"


@contextlib.asynccontextmanager
async def served(url: str, **settings: str) -> AsyncIterator[Served]:
    """The web server on the database `url`, with these settings besides (names as in .env)."""
    standin = StandIn()
    await standin.start()
    loaded = load_settings(
        DATABASE_URL=url,
        TELEGRAM_API_URL=standin.base_url,
        BOT_TOKEN="42:BENCH",
        WEB_PORT="0",
        **settings,
    )
    storage = create_storage(loaded)
    bot = create_bot(loaded)
    freeze_startup_heap()
    drawing.start()
    await drawing.render(draw.ready)  # its libraries loaded: the bot's has been up a while
    runner = await start_web(loaded, storage.sessionmaker, bot)
    try:
        yield Served(loaded, storage, bot, runner)
    finally:
        await runner.cleanup()
        drawing.stop()
        await bot.session.close()
        await storage.engine.dispose()
        await standin.stop()
