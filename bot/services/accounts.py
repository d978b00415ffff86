"""The user's own settings."""

from __future__ import annotations

from bot.db import Session, transactions
from bot.db.models import User
from bot.db.repositories import users


async def set_language(session: Session, user: User, language: str) -> None:
    async with transactions.write(session):
        await users.set_language(session, user=user, language=language)
