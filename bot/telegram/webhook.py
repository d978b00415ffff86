"""Webhook mode: an aiohttp server that accepts Telegram's POSTs on WEBHOOK_URL's path.

`UpdateRequestHandler` is aiogram's `SimpleRequestHandler` (pinned with aiogram, see
pyproject.toml) with its public `handle` replaced, to answer what the stock handler answers
with a traceback and HTTP 500:
- a wrong or missing secret token: 401 (aiogram's own `verify_secret`);
- a body that is not JSON, or not an update: 400, and the server keeps serving;
- an update carrying a number beyond 64 bits (no Telegram id is): 200, and it is ignored.
A tap's answer that a handler returns (`return query.answer()`) goes back in the response, so an
answered question costs one Bot API call of its own, not two.
The update is handled before the answer (not in the background), so Telegram's
`max_connections` bounds the updates in flight. Telegram's Bot API server sends one update per
chat at a time (the next once the previous is answered), so one user's flood holds at most one
connection; inside, every update takes its fair turn in the dispatcher's first middleware
(bot/runtime/fair_share.py), with the same slots, per-user bound and "slow down" as polling.
The body is never logged: it may hold personal data. tests/faults/test_webhook.py fails when an
aiogram upgrade changes any of this.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any
from urllib.parse import urlparse

from aiogram import Bot, Dispatcher
from aiogram.methods import AnswerCallbackQuery, TelegramMethod
from aiogram.types import Update
from aiogram.webhook.aiohttp_server import SimpleRequestHandler, setup_application
from aiohttp import web
from pydantic import ValidationError

from bot.config import Settings
from bot.runtime.servers import (
    CLOSE_SECONDS,
    CannotListen,
    listen,
    plain_server_header,
    until_stop_signal,
)
from bot.telegram.access_log import RedactingAccessLogger

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
INT64 = range(-(2**63), 2**63)


def fits_64_bits(value: Any) -> bool:
    """Whether every whole number in a JSON value fits the 64-bit ids the database stores."""
    if isinstance(value, bool):
        return True
    if isinstance(value, int):
        return value in INT64
    if isinstance(value, dict):
        return all(fits_64_bits(item) for item in value.values())
    if isinstance(value, list):
        return all(fits_64_bits(item) for item in value)
    return True


class UpdateRequestHandler(SimpleRequestHandler):
    def __init__(self, dispatcher: Dispatcher, bot: Bot, *, secret_token: str) -> None:
        super().__init__(
            dispatcher=dispatcher, bot=bot, secret_token=secret_token, handle_in_background=False
        )

    async def handle(self, request: web.Request) -> web.Response:
        bot = await self.resolve_bot(request)
        if not self.verify_secret(request.headers.get(SECRET_HEADER, ""), bot):
            return web.Response(body="Unauthorized", status=401)
        try:
            body = json.loads(await request.read())
            update = Update.model_validate(body, context={"bot": bot})
        except (ValueError, ValidationError) as error:  # JSONDecodeError is a ValueError
            log.warning("webhook: refused a malformed body (%s)", type(error).__name__)
            return web.Response(body="Bad Request", status=400)
        if not fits_64_bits(body):
            log.warning("webhook: ignored update %s with an id beyond 64 bits", update.update_id)
            return web.json_response({})
        result = await self.dispatcher.feed_update(bot, update, **self.data)
        if isinstance(result, AnswerCallbackQuery):
            return web.json_response(webhook_reply(result))
        if isinstance(result, TelegramMethod):
            await self.dispatcher.silent_call_request(bot, result)
        return web.json_response({})


def webhook_reply(method: AnswerCallbackQuery) -> dict[str, Any]:
    """A tap's answer, sent back in the webhook's response instead of a call of its own
    (Telegram's "making requests when getting updates"; aiogram's handlers return the method
    for it). Telegram gives no result for it, and none is needed. Only the answer to a tap goes
    this way: it carries no file and no default aiogram fills in."""
    return {"method": method.__api_method__, **method.model_dump(exclude_none=True)}


def webhook_path(settings: Settings) -> str:
    return urlparse(settings.webhook_url or "").path or "/webhook"


def build_webhook_app(
    settings: Settings,
    bot: Bot,
    dispatcher: Dispatcher,
    extend: Callable[[web.Application], None] | None = None,
) -> web.Application:
    """The aiohttp app that serves the webhook and registers it with Telegram at start-up;
    `extend` adds more to it (the staff dashboard, bot/web)."""
    if not settings.webhook_url or not settings.webhook_secret:
        raise ValueError("webhook mode needs WEBHOOK_URL and WEBHOOK_SECRET")
    app = web.Application()
    UpdateRequestHandler(dispatcher, bot, secret_token=settings.webhook_secret).register(
        app, path=webhook_path(settings)
    )
    setup_application(app, dispatcher, bot=bot)
    app.on_response_prepare.append(plain_server_header)
    if extend is not None:
        extend(app)

    async def register_webhook(_: web.Application) -> None:
        await bot.set_webhook(
            settings.webhook_url or "",
            secret_token=settings.webhook_secret,
            allowed_updates=dispatcher.resolve_used_update_types(),
            max_connections=settings.max_concurrent_updates,
        )

    app.on_startup.append(register_webhook)
    return app


async def serve_webhook(
    settings: Settings,
    bot: Bot,
    dispatcher: Dispatcher,
    extend: Callable[[web.Application], None] | None = None,
) -> None:
    """Serve until SIGTERM or SIGINT, then close in order: no new updates are taken, those
    in progress finish (the dispatcher's first shutdown step, bot/jobs/stopping.py), then the
    jobs and the server stop."""
    # The access log names no token (bot/telegram/access_log.py).
    runner = web.AppRunner(
        build_webhook_app(settings, bot, dispatcher, extend),
        access_log_class=RedactingAccessLogger,
        shutdown_timeout=CLOSE_SECONDS,
    )
    await runner.setup()
    try:
        await listen(
            runner,
            host=settings.webhook_host,
            port=settings.webhook_port,
            settings="WEBHOOK_HOST, WEBHOOK_PORT",
        )
    except CannotListen:
        await runner.cleanup()
        raise
    log.info("webhook on port %s, path %s", settings.webhook_port, webhook_path(settings))
    try:
        await until_stop_signal()
    finally:
        await runner.cleanup()
