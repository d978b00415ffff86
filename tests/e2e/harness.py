"""The whole bot, for end-to-end tests: the real dispatcher polling the stand-in over HTTP."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from aiogram import Bot, Dispatcher

from bot.config import Settings, load_settings
from bot.db.migrate import upgrade_to_head_async
from bot.factory import Storage, create_bot, create_dispatcher, create_storage
from standin import Outgoing, StandIn

TOKEN = "42:TEST-TOKEN"


@dataclass
class RunningBot:
    settings: Settings
    storage: Storage
    bot: Bot
    dispatcher: Dispatcher
    task: asyncio.Task[None]


@contextlib.asynccontextmanager
async def started_standin(*, quiet_seconds: float | None = None) -> AsyncIterator[StandIn]:
    """The Bot API stand-in for a harness that polls sequentially, so it knows exactly when an
    answer is complete (retries of a dropped request included); `quiet_seconds` is only the
    fallback for updates the bot does not answer at once."""
    extra = {} if quiet_seconds is None else {"quiet_seconds": quiet_seconds}
    server = StandIn(sequential_bot=True, **extra)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@contextlib.asynccontextmanager
async def running_bot(
    standin: StandIn, database_url: str, **settings_overrides: object
) -> AsyncIterator[RunningBot]:
    """Start a bot process-alike (own storage, bot, dispatcher) polling the stand-in.
    `settings_overrides` by environment name, e.g. ADMIN_IDS="1,2"."""
    settings = load_settings(
        TELEGRAM_API_URL=standin.base_url,
        DATABASE_URL=database_url,
        BOT_TOKEN=TOKEN,
        **settings_overrides,
    )
    storage = create_storage(settings)
    bot = create_bot(settings)
    dispatcher = create_dispatcher(settings, storage)
    task = asyncio.create_task(
        # Sequential handling: the next getUpdates call then tells the stand-in that the
        # previous update's answer is complete (see StandIn.sequential_bot).
        dispatcher.start_polling(
            bot, handle_signals=False, polling_timeout=1, handle_as_tasks=False
        )
    )
    running = RunningBot(settings, storage, bot, dispatcher, task)
    try:
        yield running
    finally:
        with contextlib.suppress(RuntimeError):  # the test may have stopped it already
            await dispatcher.stop_polling()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        await bot.session.close()
        await storage.engine.dispose()


async def migrated_sqlite(folder: Path) -> str:
    url = f"sqlite+aiosqlite:///{folder / 'tredebot.db'}"
    await upgrade_to_head_async(url)
    return url


def texts(outgoing: list[Outgoing]) -> str:
    """Everything the bot showed in these requests, as plain text, for assertions."""
    return "\n".join(item.plain for item in outgoing if item.text)
