"""The dashboard's one-time sign-in links and browser sessions, found by the SHA-256 hash of
their token (the tokens themselves are never stored)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db.models import WebSession, WebSignIn


# --- sign-in links ----------------------------------------------------------------------------
async def add_sign_in(
    session: AsyncSession, *, token_hash: str, user_id: int, at: datetime, expires_at: datetime
) -> None:
    session.add(
        WebSignIn(token_hash=token_hash, user_id=user_id, created_at=at, expires_at=expires_at)
    )


async def spend_sign_in(session: AsyncSession, *, token_hash: str, at: datetime) -> int | None:
    """Use the link, if it is still unused and not expired: one conditional UPDATE, so of
    requests redeeming one link at once exactly one gets its person's id back."""
    table = WebSignIn.__table__  # type: ignore[attr-defined]
    statement = (
        update(table)
        .where(
            table.c.token_hash == token_hash,
            table.c.used_at.is_(None),
            table.c.expires_at > at,
        )
        .values(used_at=at)
        .returning(table.c.user_id)
    )
    return (await session.exec(statement)).scalar_one_or_none()


async def links_made_since(session: AsyncSession, *, user_id: int, since: datetime) -> int:
    """How many sign-in links this person was given since then (the rate limit)."""
    statement = select(func.count()).where(
        col(WebSignIn.user_id) == user_id, col(WebSignIn.created_at) >= since
    )
    return int((await session.exec(statement)).one())


# --- browser sessions -------------------------------------------------------------------------
async def add_browser_session(
    session: AsyncSession, *, token_hash: str, user_id: int, at: datetime
) -> None:
    session.add(WebSession(token_hash=token_hash, user_id=user_id, created_at=at, last_seen=at))


async def browser_session(session: AsyncSession, *, token_hash: str) -> WebSession | None:
    return await session.get(WebSession, token_hash)


async def note_seen(session: AsyncSession, *, token_hash: str, at: datetime) -> None:
    row = await session.get(WebSession, token_hash)
    if row is not None:
        row.last_seen = at
        session.add(row)


async def end_browser_session(session: AsyncSession, *, token_hash: str) -> None:
    await session.exec(delete(WebSession).where(col(WebSession.token_hash) == token_hash))


async def end_browser_sessions_of(session: AsyncSession, *, user_id: int) -> None:
    """Every browser session of this person (revoked, or no longer staff)."""
    await session.exec(delete(WebSession).where(col(WebSession.user_id) == user_id))


# --- links and sessions that can no longer be used --------------------------------------------
async def forget_unusable(
    session: AsyncSession,
    *,
    links_expired_before: datetime,
    links_made_before: datetime,
    sessions_idle_since: datetime,
    sessions_made_before: datetime,
) -> None:
    """Links expired and no longer counted by the rate limit; sessions idle or too old."""
    await session.exec(
        delete(WebSignIn).where(
            col(WebSignIn.expires_at) < links_expired_before,
            col(WebSignIn.created_at) < links_made_before,
        )
    )
    await session.exec(
        delete(WebSession).where(
            (col(WebSession.last_seen) < sessions_idle_since)
            | (col(WebSession.created_at) < sessions_made_before)
        )
    )
