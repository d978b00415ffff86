"""One claimed reminder, from the decision to its settlement. Each function is one short write
transaction, and none runs around the Bot API call: the loop (bot/jobs/reminders.py) sends in
between.

A 403 marks the user inactive and cancels their reminders; a 400 fails the row (retrying will not
help); other errors retry with growing delays, then the row fails with the reason.

Owners who do the scan in a browser (channel WEB) have no Telegram chat: their reminders go by
e-mail (`Mail`), and only when a mail server is configured and they gave an address and said yes
to reminders by e-mail; otherwise each is cancelled. Never a Telegram message to them. A mail
that did not go out is retried like a Telegram error; one whose address was refused fails.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramRetryAfter,
)

from bot.db import Session, transactions
from bot.db.models import WEB, Reminder, ReminderState, User
from bot.db.repositories import reminders, users
from bot.db.repositories import web_owners as stored_web_owners
from bot.i18n import get_i18n
from bot.logging_policy import who
from bot.runtime.clock import Clock
from bot.services.reminders import content, events
from bot.services.reminders.window import SendWindow
from bot.services.web_mail import NO_EMAIL, MailError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Mail:
    """A reminder for a web owner, to go by e-mail: the chat's words (Telegram HTML)."""

    user: User
    to: str
    kind: str
    text: str
    locale: str


async def prepare(
    session: Session, reminder: Reminder, *, clock: Clock, window: SendWindow, email: bool = False
) -> content.Send | Mail | None:
    """What to send now, in the user's language; None when the reminder no longer fits (it is
    cancelled) or is due later (it is moved). `email`: a mail server is configured."""
    i18n = get_i18n()
    async with transactions.write(session):  # decide, then end the transaction before sending
        now = clock.now()
        user = await users.get_user(session, user_id=reminder.user_id)
        locale = content.user_locale(user) if user else "nl"
        address = None
        if user is not None and user.channel == WEB:
            owner = await stored_web_owners.web_owner(session, user_id=user.id)
            if email and owner is not None and owner.email and owner.email_reminders:
                address = owner.email
            else:
                await reminders.close(
                    session, reminder, state=ReminderState.CANCELLED, reason=NO_EMAIL
                )
                return None
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
    if address is not None and user is not None:
        return Mail(user, address, reminder.kind, outcome.text, locale)
    return outcome


async def sent(
    session: Session, reminder: Reminder, *, clock: Clock, message_id: int | None
) -> None:
    """Sent: settled, and what follows it planned."""
    async with transactions.write(session):
        now = clock.now()
        if not await reminders.mark_sent(session, reminder, now=now, message_id=message_id):
            log.warning("reminder %s sent after its claim ran out", reminder.id)
        await content.after_sent(session, reminder, now=now)


async def failed(
    session: Session,
    reminder: Reminder,
    error: TelegramAPIError | MailError,
    *,
    clock: Clock,
    max_attempts: int,
) -> None:
    """Telegram (or the mail server) refused it: back to pending for a retry, or closed with
    the reason."""
    async with transactions.write(session):
        if isinstance(error, MailError) and error.permanent:
            # The address was refused: another try will not help. The reason names no address.
            log.warning("reminder %s: e-mail refused: %s", reminder.id, error.reason)
            await reminders.close(
                session, reminder, state=ReminderState.FAILED, reason="e-mail: " + error.reason
            )
        elif isinstance(error, TelegramRetryAfter):
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
            if isinstance(error, MailError):
                reason = "e-mail: " + error.reason
            else:
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
