"""Production entry: migrate, then poll, or serve a webhook when WEBHOOK_URL is set."""

from __future__ import annotations

import logging

from bot.config import Settings
from bot.db.migrate import upgrade_to_head_in_child
from bot.factory import create_bot, create_dispatcher, create_storage
from bot.runtime.gc_policy import freeze_startup_heap
from bot.telegram.webhook import serve_webhook

log = logging.getLogger(__name__)


async def run(settings: Settings) -> None:
    await upgrade_to_head_in_child(settings.database_url)
    storage = create_storage(settings)
    bot = create_bot(settings)
    dispatcher = create_dispatcher(settings, storage)
    freeze_startup_heap()
    try:
        if settings.webhook_url:
            await serve_webhook(settings, bot, dispatcher)
        else:
            await bot.delete_webhook(drop_pending_updates=False)
            log.info("polling %s", settings.telegram_api_url)
            await dispatcher.start_polling(
                bot, handle_signals=True, tasks_concurrency_limit=settings.max_concurrent_updates
            )
    finally:
        await bot.session.close()
        await storage.engine.dispose()
