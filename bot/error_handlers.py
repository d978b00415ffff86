"""Dispatcher-level error handlers: what an exception out of a handler means for the user.

No failure ends in silence: the user always hears something.
- 403 from Telegram (blocked, deactivated): the user is marked inactive, nothing else to do.
- Harmless 400s ("message is not modified", "query is too old"): ignored.
- Database busy or locked beyond the busy timeout: the whole update is handled again after a
  pause (its transaction was rolled back, so its effects land once); if it still fails, the
  user gets a short "try again" instead of silence.
- The update was recorded as handled by another process meanwhile (a duplicate key in
  processed_updates): its transaction was rolled back; skipped, as "already handled".
- The database cannot be used (read-only, disk full, unreachable): the user gets a short
  "something went wrong on my side"; the log gets one line with the driver's cause (never
  the statement or its parameters, which may hold what the user typed), no stack trace.
- Anything else is a bug: the same short message, and the error goes on to aiogram, which logs
  it with its traceback (and tests notice).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent
from aiogram.types import User as TelegramUser
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from bot.db import Sessionmaker, transactions
from bot.db.failures import cause, is_unavailable
from bot.db.repositories import users
from bot.i18n import N_, locale_from_telegram, translate
from bot.logging_policy import who
from bot.telegram.errors import is_harmless

log = logging.getLogger(__name__)

DB_RETRIES = 3
DB_RETRY_DELAY_S = 0.5
BUSY_TEXT = N_("I am very busy for a moment. Please send that again in a minute.")
FAILED_TEXT = N_("Sorry, something went wrong on my side. Please try again in a few minutes.")
_BUSY_MARKERS = (
    "database is locked",
    "database is busy",
    "deadlock detected",
    "could not serialize",
)


def is_busy(error: BaseException) -> bool:
    text = str(getattr(error, "orig", None) or error).lower()
    return any(marker in text for marker in _BUSY_MARKERS)


def is_duplicate_update(error: BaseException) -> bool:
    return isinstance(error, IntegrityError) and "processed_updates" in str(error.orig)


def _locale(data: dict[str, Any]) -> str:
    """The user's locale; before the locale middleware ran, Telegram's language."""
    if data.get("locale"):
        return str(data["locale"])
    user: TelegramUser | None = data.get("event_from_user")
    return locale_from_telegram(user.language_code if user else None)


async def tell_user(bot: Bot, data: dict[str, Any], text: str) -> None:
    """Best effort: the message must not need the database, and its failure is only logged."""
    user: TelegramUser | None = data.get("event_from_user")
    chat = data.get("event_chat")
    if user is None or (chat is not None and chat.id != user.id):
        return  # not a private chat: groups get nothing (bot/handlers/groups.py)
    try:
        await bot.send_message(user.id, translate(text, _locale(data)))
    except Exception as error:  # telling the user is best effort
        log.warning(
            "could not tell user %s about a failure: %s", who(user.id), type(error).__name__
        )


def _chat_of_failed_call(error: TelegramForbiddenError) -> int | None:
    chat_id = getattr(error.method, "chat_id", None)
    return chat_id if isinstance(chat_id, int) else None


async def mark_inactive(sessionmaker: Sessionmaker, *, user_id: int) -> None:
    async with sessionmaker() as session, transactions.write(session):
        await users.mark_inactive(session, user_id=user_id)


def setup_error_handlers(dispatcher: Dispatcher) -> None:
    attempts: dict[int, int] = {}

    @dispatcher.errors(ExceptionTypeFilter(TelegramForbiddenError))
    async def forbidden(event: ErrorEvent, sessionmaker: Sessionmaker) -> bool:
        error = event.exception
        assert isinstance(error, TelegramForbiddenError)
        chat_id = _chat_of_failed_call(error)
        if chat_id is not None and chat_id > 0:  # a private chat's id is its user's id
            await mark_inactive(sessionmaker, user_id=chat_id)
            log.info("user %s blocked the bot or is gone; marked inactive", who(chat_id))
        return True

    @dispatcher.errors(ExceptionTypeFilter(TelegramBadRequest))
    async def bad_request(event: ErrorEvent, bot: Bot, **data: Any) -> bool:
        error = event.exception
        assert isinstance(error, TelegramBadRequest)
        if is_harmless(error):
            log.debug("update %s: ignored %s", event.update.update_id, error.message)
            return True
        await tell_user(bot, data, FAILED_TEXT)
        raise error  # a real bug in a reply: let aiogram log it

    @dispatcher.errors(ExceptionTypeFilter(DBAPIError, OSError, PoolTimeout))
    async def database_trouble(event: ErrorEvent, bot: Bot, **data: Any) -> bool:
        error = event.exception
        update_id = event.update.update_id
        if is_duplicate_update(error):
            log.info("update %s already handled by another process; skipped", update_id)
            return True
        if not is_busy(error):
            if not is_unavailable(error):
                await tell_user(bot, data, FAILED_TEXT)
                raise error  # a bug: aiogram logs it with its traceback
            log.error(
                "update %s: database unavailable (%s); user asked to retry", update_id, cause(error)
            )
            await tell_user(bot, data, FAILED_TEXT)
            return True
        tried = attempts.get(update_id, 0) + 1
        if tried <= DB_RETRIES:
            attempts[update_id] = tried
            log.warning("update %s: database busy, attempt %d again", update_id, tried + 1)
            await asyncio.sleep(DB_RETRY_DELAY_S * tried)
            try:
                await dispatcher.feed_update(bot, event.update)
            finally:
                attempts.pop(update_id, None)
            return True
        log.warning("update %s: database still busy; user asked to send again", update_id)
        user: TelegramUser | None = data.get("event_from_user")
        if user is not None:
            await bot.send_message(user.id, translate(BUSY_TEXT, _locale(data)))
        return True

    @dispatcher.errors()
    async def anything_else(event: ErrorEvent, bot: Bot, **data: Any) -> bool:
        """A bug: the user hears something, and aiogram logs the error with its traceback."""
        await tell_user(bot, data, FAILED_TEXT)
        raise event.exception
