"""Bot API calls that survive Telegram's moods: 429 waits, 5xx retries, harmless 400s ignored."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import BaseRequestMiddleware, NextRequestMiddlewareType
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType

from bot.runtime.fair_share import sleep_outside_slot

log = logging.getLogger(__name__)

# Edits that change nothing and callbacks answered too late are not failures for the user.
HARMLESS_BAD_REQUESTS = (
    "message is not modified",
    "query is too old",
    "message to edit not found",
    "message can't be edited",
    "message to delete not found",
    "message can't be deleted",
)


def is_harmless(error: TelegramBadRequest) -> bool:
    text = error.message.lower()
    return any(fragment in text for fragment in HARMLESS_BAD_REQUESTS)


class RetryMiddleware(BaseRequestMiddleware):
    """Retry 429 after retry_after, and 5xx or network errors with exponential backoff.

    The update being handled lets its slot go while it waits (`sleep_outside_slot`): a user
    held back by Telegram's limits does not hold back everyone else."""

    def __init__(self, *, attempts: int = 5, base_delay: float = 0.5, max_wait: float = 60.0):
        self.attempts = attempts
        self.base_delay = base_delay
        self.max_wait = max_wait

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        for attempt in range(1, self.attempts + 1):
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as error:
                if attempt == self.attempts or error.retry_after > self.max_wait:
                    raise
                log.warning("429 on %s: waiting %ss", method.__api_method__, error.retry_after)
                await sleep_outside_slot(error.retry_after)
            except (TelegramServerError, TelegramNetworkError) as error:
                if attempt == self.attempts:
                    raise
                delay = self.base_delay * 2 ** (attempt - 1)
                log.warning(
                    "%s on %s: retry %d in %.1fs",
                    type(error).__name__,
                    method.__api_method__,
                    attempt,
                    delay,
                )
                await sleep_outside_slot(delay)
        raise AssertionError("unreachable")


async def quietly(call: Any) -> Any:
    """Await a Bot API call whose harmless refusals (not modified, too old) do not matter."""
    try:
        return await call
    except TelegramBadRequest as error:
        if is_harmless(error):
            log.debug("ignored: %s", error.message)
            return None
        raise
