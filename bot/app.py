"""Production entry: migrate, then poll, or serve a webhook when WEBHOOK_URL is set."""

from __future__ import annotations

import logging
from urllib.parse import urlparse

from aiogram import Bot, Dispatcher
from aiogram.webhook.aiohttp_server import setup_application
from aiohttp import web

from bot.config import Settings
from bot.db.migrate import upgrade_to_head_in_child
from bot.factory import create_bot, create_dispatcher, create_storage
from bot.gc_policy import freeze_startup_heap
from bot.webhook import GuardedRequestHandler

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


def webhook_path(settings: Settings) -> str:
    return urlparse(settings.webhook_url or "").path or "/webhook"


def build_webhook_app(settings: Settings, bot: Bot, dispatcher: Dispatcher) -> web.Application:
    """aiohttp app that accepts Telegram's POSTs; a wrong or missing secret token gets 401."""
    app = web.Application()
    GuardedRequestHandler(
        dispatcher=dispatcher, bot=bot, secret_token=settings.webhook_secret
    ).register(app, path=webhook_path(settings))
    setup_application(app, dispatcher, bot=bot)

    async def register_webhook(_: web.Application) -> None:
        await bot.set_webhook(
            settings.webhook_url or "",
            secret_token=settings.webhook_secret,
            allowed_updates=dispatcher.resolve_used_update_types(),
            max_connections=settings.max_concurrent_updates,
        )

    app.on_startup.append(register_webhook)
    return app


async def serve_webhook(settings: Settings, bot: Bot, dispatcher: Dispatcher) -> None:
    import asyncio

    app = build_webhook_app(settings, bot, dispatcher)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, host=settings.webhook_host, port=settings.webhook_port)
    await site.start()
    log.info("webhook on port %s, path %s", settings.webhook_port, webhook_path(settings))
    try:
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
