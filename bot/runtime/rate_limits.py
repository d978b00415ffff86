"""Per-user limits on the expensive actions: the PDF, `/export` and starting a what-if.

Each takes real work (a PDF is half a second in the worker process, an export reads everything a
person has stored); a person tapping on, or a script, would queue it for everyone. A handler
registered with ``flags={"expensive": "<action>"}`` (aiogram's documented handler flags) may run
a small burst at once and then about once per refill period; past that the user gets a friendly
"try again in a minute" and nothing runs. Buckets live in this process's memory: with several
replicas each counts its own, which only makes the limit a little looser.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.flags import get_flag
from aiogram.types import CallbackQuery, Message, TelegramObject
from aiogram.types import User as TelegramUser
from aiogram.utils.i18n import gettext as _

from bot.telegram.errors import quietly

FLAG = "expensive"


@dataclass(frozen=True)
class Limit:
    burst: int  # at once
    refill_seconds: float  # one more allowed after each such period


LIMITS: dict[str, Limit] = {
    "pdf": Limit(burst=3, refill_seconds=20),
    "export": Limit(burst=2, refill_seconds=30),
    "what_if": Limit(burst=10, refill_seconds=6),  # each person added to a what-if counts
}

# The owners' web pages (bot/web/owners): every request per resume link and per client address
# (generous: a room of owners at a breakfast meeting shares one address), and new web owners
# per address.
WEB_LIMITS: dict[str, Limit] = {
    # An answer is two requests (the form, the next page): about 60 answers at once, then two
    # a second; a person reads each question first.
    "web_link": Limit(burst=120, refill_seconds=0.25),
    "web_address": Limit(burst=600, refill_seconds=0.02),
    "web_new_owner": Limit(burst=60, refill_seconds=10),
}


class Buckets:
    """Token buckets per (action, user or other key); a bucket that is full again is forgotten."""

    def __init__(self, limits: dict[str, Limit], clock: Callable[[], float] = time.monotonic):
        self.limits, self.clock = limits, clock
        self._buckets: dict[tuple[str, int | str], tuple[float, float]] = {}  # tokens, when

    def take(self, action: str, user_id: int | str) -> bool:
        """One more `action` by `user_id` (a user's id, or any key: a link, an address)."""
        limit = self.limits[action]
        now = self.clock()
        tokens, when = self._buckets.get((action, user_id), (float(limit.burst), now))
        tokens = min(float(limit.burst), tokens + (now - when) / limit.refill_seconds)
        if tokens < 1:
            self._buckets[(action, user_id)] = (tokens, now)
            return False
        tokens -= 1
        self._buckets[(action, user_id)] = (tokens, now)
        if len(self._buckets) > 10_000:
            self._forget_full(now)
        return True

    def _forget_full(self, now: float) -> None:
        for key, (tokens, when) in list(self._buckets.items()):
            limit = self.limits[key[0]]
            if tokens + (now - when) / limit.refill_seconds >= limit.burst:
                del self._buckets[key]


Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class ExpensiveActionLimit(BaseMiddleware):
    """Inner middleware for messages and taps: enforces `LIMITS` on flagged handlers."""

    def __init__(self, buckets: Buckets | None = None) -> None:
        self.buckets = buckets or Buckets(LIMITS)

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        action = get_flag(data, FLAG)
        user: TelegramUser | None = data.get("event_from_user")
        if not isinstance(action, str) or user is None or self.buckets.take(action, user.id):
            return await handler(event, data)
        text = _("That was a lot at once. Please try again in a minute.")
        if isinstance(event, CallbackQuery):
            await quietly(event.answer(text, show_alert=True))
        elif isinstance(event, Message):
            await event.answer(text)
        return None
