"""The webhook endpoint: aiogram's handler, plus a 400 for bodies that are not an update."""

from __future__ import annotations

import logging

from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web
from pydantic import ValidationError

from bot.incoming import IncomingUpdate

log = logging.getLogger(__name__)


class GuardedRequestHandler(SimpleRequestHandler):
    """Wrong or missing secret: 401 (aiogram). Malformed JSON or not an update: 400, and the
    server keeps serving; the body is never logged (it may hold personal data).

    The body is read once, as the same `IncomingUpdate` that polling reads, and that update is
    what the dispatcher gets (aiogram's own handler would parse the JSON again)."""

    async def handle(self, request: web.Request) -> web.Response:
        bot = await self.resolve_bot(request)
        if not self.verify_secret(request.headers.get("X-Telegram-Bot-Api-Secret-Token", ""), bot):
            return web.Response(body="Unauthorized", status=401)
        try:
            update = IncomingUpdate.model_validate_json(await request.read(), context={"bot": bot})
        except (ValueError, ValidationError) as error:
            log.warning("webhook: refused a malformed body (%s)", type(error).__name__)
            return web.Response(body="Bad Request", status=400)
        # aiogram's `_handle_request` (the app does not handle in the background), fed the
        # parsed update: a method the handler returns goes back as the webhook's answer.
        result = await self.dispatcher.feed_webhook_update(bot, update, **self.data)
        return web.Response(body=self._build_response_writer(bot=bot, result=result))

    __call__ = handle
