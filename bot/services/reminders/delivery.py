"""One claimed reminder, from the decision to its settlement. Each function is one short write
transaction, and none runs around the Bot API call: the loop (bot/jobs/reminders.py) sends in
between.

A 403 marks the user inactive and cancels their reminders; a 400 fails the row (retrying will not
help); other errors retry with growing delays, then the row fails with the reason.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramRetryAfter,
)

from bot.db import Session, transactions
from bot.db.models import Reminder, ReminderState
from bot.db.repositories import reminders, users
from bot.i18n import get_i18n
from bot.logging_policy import who
from bot.runtime.clock import Clock
from bot.services.reminders import content, events
from bot.services.reminders.window import SendWindow

log = logging.getLogger(__name__)


async def prepare(
    session: Session, reminder: Reminder, *, clock: Clock, window: SendWindow
) -> content.Send | None:
    """What to send now, in the user's language; None when the reminder no longer fits (it is
    cancelled) or is due later (it is moved)."""
    i18n = get_i18n()
    async with transactions.write(session):  # decide, then end the transaction before sending
        now = clock.now()
        user = await users.get_user(session, user_id=reminder.user_id)
        locale = content.user_locale(user) if user else "nl"
        with i18n.context(), i18n.use_locale(locale):
            outcome = await content.prepare(session, reminder, user=user, now=now, window=window)
        if isinstance(outcome, content.Cancel):
            await reminders.close(
                session, reminder, state=ReminderState.CANCELLED, reason=outcome.reason
            )
            return None
        if isinstance(outcome, content.Reschedule):
            await reminders.release(session, reminder, due=outcome.due)
            return None
    return outcome


async def sent(session: Session, reminder: Reminder, *, clock: Clock, message_id: int) -> None:
    """Sent: settled, and what follows it planned."""
    async with transactions.write(session):
        now = clock.now()
        if not await reminders.mark_sent(session, reminder, now=now, message_id=message_id):
            log.warning("reminder %s sent after its claim ran out", reminder.id)
        await content.after_sent(session, reminder, now=now)


async def failed(
    session: Session,
    reminder: Reminder,
    error: TelegramAPIError,
    *,
    clock: Clock,
    max_attempts: int,
) -> None:
    """Telegram refused it: back to pending for a retry, or closed with the reason."""
    async with transactions.write(session):
        if isinstance(error, TelegramRetryAfter):
            # The bot session already waited and retried; still flooded (the loop pauses).
            await reminders.release(
                session,
                reminder,
                due=clock.now() + timedelta(seconds=error.retry_after),
                error=f"429 retry after {error.retry_after}s",
            )
        elif isinstance(error, TelegramForbiddenError):
            log.info("user %s unreachable: %s", who(reminder.user_id), error.message)
            await reminders.close(
                session, reminder, state=ReminderState.CANCELLED, reason=error.message
            )
            await events.user_unreachable(
                session, user_id=reminder.user_id, reason="blocked: " + error.message
            )
        elif isinstance(error, TelegramBadRequest):
            # Our request is wrong or the chat is gone: retrying will not help.
            log.warning("reminder %s refused: %s", reminder.id, error.message)
            await reminders.close(
                session, reminder, state=ReminderState.FAILED, reason=error.message
            )
        else:
            attempt = reminder.attempts + 1
            reason = f"{type(error).__name__}: {error}"
            if attempt >= max_attempts:
                log.warning(
                    "reminder %s given up after %d attempts: %s", reminder.id, attempt, reason
                )
                await reminders.close(session, reminder, state=ReminderState.FAILED, reason=reason)
            else:
                due = clock.now() + content.retry_delay(attempt)
                await reminders.release(
                    session, reminder, due=due, error=reason, failed_attempt=True
                )
