"""The user's own settings, and whether a person can be sent a Telegram message at all."""

from __future__ import annotations

from bot.db import Session, transactions
from bot.db.models import WEB, User
from bot.db.repositories import users


async def set_language(session: Session, user: User, language: str) -> None:
    async with transactions.write(session):
        await users.set_language(session, user=user, language=language)


def reachable_by_telegram(user: User | None) -> bool:
    """Whether the bot may send this person a Telegram message: anyone but an owner who does the
    scan in a browser (channel WEB: a negative id, no Telegram chat; reminders reach them by
    e-mail, bot/jobs/reminders.py). None, a person who never wrote to the bot (an admin named
    by ADMIN_IDS), is a Telegram user: Telegram decides."""
    return user is None or user.channel != WEB
