"""Per-update plumbing: a fair turn (one update per user at a time), one database session,
the stored user."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC
from typing import Any

from aiogram import BaseMiddleware
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Chat, TelegramObject, Update
from aiogram.types import User as TelegramUser

from bot.config import Settings
from bot.db import Session, Sessionmaker, transactions
from bot.db.repositories import conversations, users
from bot.i18n import N_, locale_from_telegram, translate
from bot.runtime.clock import as_clock
from bot.runtime.fair_share import QUEUE_LIMIT, FairShare, Refused, hold, release_hold
from bot.services.conversation import PromptNotes, overlay
from bot.telegram.errors import quietly

log = logging.getLogger(__name__)
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class FairShareMiddleware(BaseMiddleware):
    """One update per user at a time, and a fair share of the slots for everyone
    (`bot.runtime.fair_share`): a user's waiting updates hold no slot, and past the bound they
    are dropped, with one "slow down" per burst. Also notes which question the user had on their
    screen when the update reached us (`seen_question`: a tap handled while a typed message
    waited may have replaced it in the same message).

    Across processes the conversation's revision column guards the serialisation.
    """

    def __init__(self, share: FairShare, notes: PromptNotes) -> None:
        self.share = share
        self._notes = notes

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        telegram_user: TelegramUser | None = data.get("event_from_user")
        if telegram_user is not None:
            key = telegram_user.id
            data["seen_question"] = self._notes.shown_to.get(key)
        else:  # a channel post, a poll: by chat, so one chat cannot crowd out the others
            chat: Chat | None = data.get("event_chat")
            key = chat.id if chat is not None else 0
        try:
            slot = await self.share.enter(key)
        except Refused as refused:
            if refused.first and telegram_user is not None and isinstance(event, Update):
                log.warning("a user sent over %d updates at once; dropping the rest", QUEUE_LIMIT)
                await slow_down(event, telegram_user)
            return None
        hold_token = hold(slot)
        try:
            return await handler(event, data)
        finally:
            release_hold(hold_token)
            self.share.leave(key, slot)


SLOW_DOWN = N_(
    "That is a lot at once. I will finish what you sent first; "
    "please wait for my answer before you send more."
)


async def slow_down(update: Update, telegram_user: TelegramUser) -> None:
    """Tell the user once that updates are being dropped: a short answer to a tap, or one
    message. Their stored language is not read: a dropped update costs no database work."""
    text = translate(SLOW_DOWN, locale_from_telegram(telegram_user.language_code))
    try:
        if update.callback_query is not None:
            await quietly(update.callback_query.answer(text))
        elif update.message is not None:
            await update.message.answer(text)
    except TelegramAPIError as error:  # blocked the bot, or Telegram's own limit: nothing to do
        log.info("slow-down notice not delivered: %s", type(error).__name__)


class DbSessionMiddleware(BaseMiddleware):
    """One Session per update. It begins no transaction by itself: the services run
    short, explicit ones (`bot.db.transactions`), never around a Bot API call."""

    def __init__(self, sessionmaker: Sessionmaker) -> None:
        self.sessionmaker = sessionmaker

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        async with self.sessionmaker() as session:
            data["session"] = session
            return await handler(event, data)


class UserMiddleware(BaseMiddleware):
    """Load or create the stored user and note the activity; handlers get it as `account`,
    their open conversation as `conversation` (None: none) and the day as `today` (in the
    bot's time zone, from the dispatcher's clock).

    Skips an update that was already handled, checked in the same query as the user and their
    conversation (only updates from a person go further, so this is the one place the check is
    needed). Also arranges that the update is recorded as handled together with the handler's
    first write (an answer's move records it in its own statement), or on its own when the
    handler wrote nothing.
    """

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        telegram_user: TelegramUser | None = data.get("event_from_user")
        session: Session | None = data.get("session")
        if telegram_user is None or telegram_user.is_bot:
            # Channel posts and other bots never take part in a scan and have no account.
            return None
        chat: Chat | None = data.get("event_chat")
        if chat is not None and chat.type != ChatType.PRIVATE:
            return await handler(event, data)  # groups: one line at most, nothing stored
        settings: Settings | None = data.get("settings")
        now = as_clock(data.get("clock")).now()
        data["today"] = now.astimezone(settings.tz if settings else UTC).date()
        if session is not None:
            # One read; a write of its own only for a new user.
            update_id = event.update_id if isinstance(event, Update) else None
            stored, conversation, handled = await conversations.load_account(
                session, user_id=telegram_user.id, update_id=update_id
            )
            if handled:
                log.info("update %s already handled; skipped", update_id)
                return None
            overlay(session, conversation)  # the questions this process noted as delivered
            data["conversation"] = conversation
            language = telegram_user.language_code
            if stored is None:  # first contact: the row others refer to, at once
                async with transactions.write(session):
                    stored = await users.touch_user(
                        session, user_id=telegram_user.id, telegram_language=language
                    )
            elif users.activity_to_note(stored, telegram_language=language):
                # With the handler's first write (or the update's record), not on its own.
                users.note_activity_on_commit(session, user=stored, telegram_language=language)
            data["account"] = stored
            if isinstance(event, Update):
                users.mark_update_on_commit(session, update_id=event.update_id)
        result = await handler(event, data)
        if session is not None and users.update_unmarked(session):  # also notes the activity
            async with transactions.write(session):
                pass  # a handler that only read (a greeting, /help): the record alone
        return result
