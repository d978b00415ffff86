"""Production entry: migrate, then poll, or serve a webhook when WEBHOOK_URL is set; the staff
dashboard (bot/web) on WEB_HOST:WEB_PORT (unless WEB_ENABLED=false), in webhook mode on the
webhook's own server only when those are the webhook's host and port. An address that cannot
be bound raises CannotListen: `tredebot run` says so in one line and exits with 1."""

from __future__ import annotations

import functools
import logging
from typing import Any

from aiogram import Bot, Dispatcher

from bot.config import Settings
from bot.db.migrate import upgrade_to_head_in_child
from bot.factory import create_bot, create_dispatcher, create_storage
from bot.runtime.fair_share import PENDING_LIMIT
from bot.runtime.gc_policy import freeze_startup_heap
from bot.telegram.webhook import serve_webhook
from bot.web.app import setup_dashboard, start_web

log = logging.getLogger(__name__)


async def run(settings: Settings) -> None:
    await upgrade_to_head_in_child(settings.database_url)
    storage = create_storage(settings)
    bot = create_bot(settings)
    dispatcher = create_dispatcher(settings, storage)
    freeze_startup_heap()
    web_runner = None
    try:
        shared = settings.webhook_url is not None and settings.dashboard_on_webhook_server
        if settings.web_enabled and not shared:
            web_runner = await start_web(settings, storage.sessionmaker, bot)
        if settings.webhook_url:
            extend = None
            if settings.web_enabled and shared:
                extend = functools.partial(
                    setup_dashboard, settings=settings, sessionmaker=storage.sessionmaker, bot=bot
                )
            await serve_webhook(settings, bot, dispatcher, extend)
        else:
            await bot.delete_webhook(drop_pending_updates=False)
            log.info("polling %s", settings.telegram_api_url)
            await poll(dispatcher, bot)
    finally:
        if web_runner is not None:
            await web_runner.cleanup()
        await bot.session.close()
        await storage.engine.dispose()


async def poll(dispatcher: Dispatcher, bot: Bot, **options: Any) -> None:
    """Long polling until stopped. Every update becomes a task at once and waits for its
    user's fair turn (bot/runtime/fair_share.py, in the dispatcher's first middleware), so a
    user's waiting updates hold no slot: MAX_CONCURRENT_UPDATES is enforced there, and aiogram's
    `tasks_concurrency_limit` only bounds the updates taken in and not yet finished.
    `options` go to `start_polling` (tests: no signal handlers, a short polling timeout)."""
    options.setdefault("handle_signals", True)
    await dispatcher.start_polling(bot, tasks_concurrency_limit=PENDING_LIMIT, **options)
