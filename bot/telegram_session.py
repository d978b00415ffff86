"""The HTTP session to the Bot API: JSON requests, parsed responses, response types kept alive.

Two costs of aiogram's stock session show up in every update (py-spy, `make bench`):

- It sends every call as multipart form data, JSON-dumping each parameter on its own and
  URL-quoting the lot. A call without a file goes out here as one ``application/json`` body,
  which the Bot API accepts for every method; calls that upload a file keep the stock path.
- It parses every answer as ``Response[method.__returning__]``. pydantic caches such
  parametrised models only in a WeakValueDictionary, and a class lives in reference cycles, so
  each garbage collection dropped it and the next call built the model and its validator again
  (about a sixth of all CPU time). One strong reference per return type ends it. A successful
  answer is validated straight from its JSON text; errors take aiogram's path, which raises the
  matching TelegramAPIError. Updates are read as `bot.incoming.IncomingUpdate`.
"""

from __future__ import annotations

import datetime
import functools
import itertools
import json
from enum import Enum
from http import HTTPStatus
from typing import Any, cast

from aiogram import Bot
from aiogram.client.default import Default, DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.exceptions import TelegramNetworkError
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiohttp import ClientError
from pydantic import BaseModel, ValidationError

from bot.incoming import answer_type

_pinned: dict[Any, type[Response[Any]]] = {}
_JSON = {"Content-Type": "application/json"}


def _filled_in(bot: Bot, fields: dict[str, Any]) -> dict[str, Any]:
    """Fields with the bot's defaults filled in; a default the bot has not set is left out."""
    filled: dict[str, Any] = {}
    for key, value in fields.items():
        if isinstance(value, Default):
            value = bot.default[value.name]
        if value is not None:
            filled[key] = value
    return filled


def _json_value(bot: Bot, value: Any) -> Any:
    """What aiogram's `prepare_value` sends for a value the JSON encoder does not know."""
    if isinstance(value, Default):
        value = bot.default[value.name]
        if value is None:  # aiogram leaves the field out; the encoder can only write null
            raise _StockPathNeeded
        return value
    if isinstance(value, BaseModel):  # e.g. the bot's default link preview options
        return _filled_in(bot, value.model_dump(warnings=False, exclude_none=True))
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime.timedelta):
        now = datetime.datetime.now()
        return str(round((now + value).timestamp()))
    if isinstance(value, datetime.datetime):
        return str(round(value.timestamp()))
    raise _StockPathNeeded  # InputFile (multipart) or anything else aiogram knows how to send


def response_type(returning: Any) -> type[Response[Any]]:
    model = _pinned.get(returning)
    if model is None:
        model = _pinned[returning] = Response[returning]  # type: ignore[valid-type]
    return model


class _StockPathNeeded(Exception):
    """A value only aiogram's own preparation handles: a file, or a nested default left unset."""


class BotApiSession(AiohttpSession):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # The bot's defaults as they are written into a body, worked out once: they are fixed
        # when the bot is made, and the default link preview alone took 10 µs to dump.
        self._defaults_of: DefaultBotProperties | None = None
        self._written_defaults: dict[str, Any] = {}

    def json_body(self, bot: Bot, method: TelegramMethod[Any]) -> bytes | None:
        """The call as a JSON object, or None when it uploads a file (multipart needed).

        The same body as aiogram's `prepare_value` makes, at a fraction of its cost: the
        method's own fields are read as they are (no dump of the call), and the JSON encoder
        (C) walks them and calls `_json_value` only for the few values that are not plain
        JSON (a keyboard, a date), where `prepare_value` visits every value in Python.
        """
        body: dict[str, Any] = {}
        fields = method.__dict__.items()
        if method.__pydantic_extra__:
            fields = itertools.chain(fields, method.__pydantic_extra__.items())
        for key, value in fields:
            if isinstance(value, Default):
                value = self._written_default(bot, value.name)
            if value is not None and value != "":  # left out, as aiogram does
                body[key] = value
        try:
            return json.dumps(body, default=functools.partial(_json_value, bot)).encode()
        except _StockPathNeeded:
            return self._stock_json_body(bot, method)

    def _written_default(self, bot: Bot, name: str) -> Any:
        if self._defaults_of is not bot.default:
            self._defaults_of, self._written_defaults = bot.default, {}
        try:
            return self._written_defaults[name]
        except KeyError:
            value = bot.default[name]
            if isinstance(value, BaseModel):  # e.g. the bot's default link preview options
                value = _filled_in(bot, value.model_dump(warnings=False, exclude_none=True))
            self._written_defaults[name] = value
            return value

    def _stock_json_body(self, bot: Bot, method: TelegramMethod[Any]) -> bytes | None:
        files: dict[str, Any] = {}
        body: dict[str, Any] = {}
        for key, value in method.model_dump(warnings=False).items():
            prepared = self.prepare_value(value, bot=bot, files=files, _dumps_json=False)
            if prepared is not None and prepared != "":
                body[key] = prepared
        if files:
            return None
        return self.json_dumps(body).encode()

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,  # noqa: ASYNC109 - aiogram's signature
    ) -> TelegramType:
        body = self.json_body(bot, method)
        if body is None:
            return await super().make_request(bot, method, timeout)
        session = await self.create_session()
        url = self.api.api_url(token=bot.token, method=method.__api_method__)
        try:
            async with session.post(
                url,
                data=body,
                headers=_JSON,
                timeout=self.timeout if timeout is None else timeout,
            ) as resp:
                content = await resp.read()
        except TimeoutError as error:
            raise TelegramNetworkError(method=method, message="Request timeout error") from error
        except ClientError as error:
            message = f"{type(error).__name__}: {error}"
            raise TelegramNetworkError(method=method, message=message) from error
        response = self.check_response(bot, method, resp.status, content)  # type: ignore[arg-type]
        return cast(TelegramType, response.result)

    def check_response(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        status_code: int,
        content: str | bytes,
    ) -> Response[TelegramType]:
        model = response_type(answer_type(method))
        if HTTPStatus.OK <= status_code <= HTTPStatus.IM_USED:
            try:
                response = model.model_validate_json(content, context={"bot": bot})
            except ValidationError:
                pass  # aiogram's path below reports it as a ClientDecodeError
            else:
                if response.ok:
                    return response
        return super().check_response(bot, method, status_code, content)  # type: ignore[arg-type]
