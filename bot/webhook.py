"""The webhook endpoint: aiogram's handler, plus a 400 for bodies that are not an update."""

from __future__ import annotations

import json
import logging

from aiogram.types import Update
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web
from pydantic import ValidationError

log = logging.getLogger(__name__)


class GuardedRequestHandler(SimpleRequestHandler):
    """Wrong or missing secret: 401 (aiogram). Malformed JSON or not an update: 400, and the
    server keeps serving; the body is never logged (it may hold personal data)."""

    async def handle(self, request: web.Request) -> web.Response:
        bot = await self.resolve_bot(request)
        if not self.verify_secret(request.headers.get("X-Telegram-Bot-Api-Secret-Token", ""), bot):
            return web.Response(body="Unauthorized", status=401)
        try:
            body = await request.read()  # cached: aiogram's request.json() reads it again
            Update.model_validate(json.loads(body), context={"bot": bot})
        except (ValueError, ValidationError, UnicodeDecodeError) as error:
            log.warning("webhook: refused a malformed body (%s)", type(error).__name__)
            return web.Response(body="Bad Request", status=400)
        return await super().handle(request)

    __call__ = handle
