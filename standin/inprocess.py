"""The stand-in without HTTP: an aiogram session that calls ``StandIn.call`` directly, and the
callback that hands the stand-in's updates to a dispatcher, as polling would.

Tests drive the real bot in process with these: a request goes through the same validation,
Telegram limits, chat state, error responses, stalls and injected failures as over HTTP, and a
``say()`` or ``tap()`` returns once the handler has finished (``StandIn.deliver_to``).

Built on aiogram's documented extension points only (aiogram 3.31, pinned in the locks):
``BaseSession`` is the base class aiogram documents for custom sessions; the request's
parameters are made as its stock ``AiohttpSession`` makes its form (``method.model_dump``, then
``BaseSession.prepare_value``, empty values left out, files as uploads); the answer goes
through ``BaseSession.check_response``, so aiogram raises exactly the exceptions it raises for
the same HTTP answer (429 TelegramRetryAfter, 403 TelegramForbiddenError, 400...). Updates reach
the dispatcher through ``Dispatcher.feed_update``. tests/standin/test_inprocess.py compares
every request with the same request over HTTP, so an upgrade that changes either side fails
there.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator
from typing import TYPE_CHECKING, Any, cast

from aiogram.client.session.base import BaseSession
from aiogram.exceptions import TelegramNetworkError
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import InputFile, Update

from standin.server import Deliver, StandIn
from standin.spec import Upload

if TYPE_CHECKING:
    from aiogram import Bot, Dispatcher

log = logging.getLogger(__name__)


class InProcessSession(BaseSession):
    """An aiogram session whose requests are answered by a StandIn in this process."""

    def __init__(self, standin: StandIn, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.standin = standin

    async def params(
        self, bot: Bot, method: TelegramMethod[TelegramType]
    ) -> tuple[dict[str, Any], dict[str, Upload]]:
        """The request's form fields and files, exactly as AiohttpSession would post them."""
        files: dict[str, InputFile] = {}
        params: dict[str, Any] = {}
        for key, value in method.model_dump(warnings=False).items():
            prepared = self.prepare_value(value, bot=bot, files=files)
            if not prepared:
                continue
            # A form carries text: a str enum (ParseMode.HTML) as its value, "HTML".
            params[key] = prepared.encode().decode() if isinstance(prepared, str) else prepared
        uploads = {
            key: Upload(file.filename or key, b"".join([chunk async for chunk in file.read(bot)]))
            for key, file in files.items()
        }
        return params, uploads

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109 - aiogram's signature
    ) -> TelegramType:
        params, uploads = await self.params(bot, method)
        call = self.standin.call(bot.token, method.__api_method__, params, uploads)
        try:
            status, payload = await asyncio.wait_for(
                call, self.timeout if timeout is None else timeout
            )
        except TimeoutError as error:  # what AiohttpSession raises for a request that hangs
            raise TelegramNetworkError(method=method, message="Request timeout error") from error
        response = self.check_response(
            bot=bot, method=method, status_code=status, content=self.json_dumps(payload)
        )
        return cast(TelegramType, response.result)

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,  # noqa: ASYNC109 - aiogram's signature
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        """A file the user sent (``Bot.download``): its path is files/<file_id>/<name>."""
        _, _, path = url.partition("/files/")
        stored = self.standin.files.get(path.split("/", 1)[0])
        if stored is None:
            raise LookupError(f"the stand-in has no file at {url}")
        for start in range(0, len(stored.data), chunk_size):
            yield stored.data[start : start + chunk_size]

    async def close(self) -> None:
        """Nothing to close: no connections."""


def feed(dispatcher: Dispatcher, bot: Bot) -> Deliver:
    """A ``StandIn.deliver_to`` callback: each update to ``dispatcher.feed_update``, as polling
    hands it over (``Update.model_validate`` with the bot in its context; a method the handler
    returns is called; what a handler raises is logged and the bot goes on)."""

    async def deliver(raw: dict[str, Any]) -> None:
        update = Update.model_validate(raw, context={"bot": bot})
        try:
            result = await dispatcher.feed_update(bot, update)
            if isinstance(result, TelegramMethod):
                await dispatcher.silent_call_request(bot, result)
        except Exception:  # polling logs it and goes on with the next update; so do we
            log.exception("update %s raised", update.update_id)

    return deliver
