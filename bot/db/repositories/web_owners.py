"""Web owners (owners who do the scan in a browser) and their resume links, found by the
SHA-256 of a link's token (the tokens themselves are never stored)."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db.models import WEB, User, WebLink, WebOwner, as_utc

# Telegram's user ids are positive and below 2**53 in practice; a web owner's id is negative,
# drawn at random from a space large enough that a clash is a retry, never a pattern.
_ID_SPACE = 2**53


async def add_owner(
    session: AsyncSession, *, language: str | None, at: datetime
) -> tuple[User, WebOwner]:
    """A new web owner: a `User` with a random negative id and channel WEB, and its row."""
    while True:
        user_id = -(secrets.randbelow(_ID_SPACE) + 1)
        if await session.get(User, user_id) is None:
            break
    user = User(id=user_id, language=language, first_seen=at, last_active=at, channel=WEB)
    owner = WebOwner(user_id=user_id, created_at=at, last_seen=at)
    session.add(user)
    await session.flush()
    session.add(owner)
    await session.flush()
    return user, owner


async def add_link(session: AsyncSession, *, token_hash: str, user_id: int, at: datetime) -> None:
    session.add(WebLink(token_hash=token_hash, user_id=user_id, created_at=at))


async def owner_by_link(session: AsyncSession, *, token_hash: str) -> User | None:
    """The web owner a resume link belongs to (None: unknown or revoked)."""
    statement = (
        select(User)
        .join(WebLink, col(WebLink.user_id) == col(User.id))
        .where(col(WebLink.token_hash) == token_hash, col(User.channel) == WEB)
    )
    return (await session.exec(statement)).first()


async def web_owner(session: AsyncSession, *, user_id: int) -> WebOwner | None:
    return await session.get(WebOwner, user_id)


async def delete_links(session: AsyncSession, *, user_id: int) -> int:
    result = await session.exec(delete(WebLink).where(col(WebLink.user_id) == user_id))
    return int(result.rowcount or 0)


async def note_seen(session: AsyncSession, *, user: User, at: datetime, every: float) -> bool:
    """Note the owner's visit (their User's last_active, which retention reads, and their
    row's last_seen) when the last note is older than `every` seconds. True when written."""
    if (at - as_utc(user.last_active)).total_seconds() < every:
        return False
    user.last_active = at
    user.is_active = True
    session.add(user)
    owner = await session.get(WebOwner, user.id)
    if owner is not None:
        owner.last_seen = at
        session.add(owner)
    return True
