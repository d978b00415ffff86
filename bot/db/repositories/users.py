"""Users and the updates already handled.

An answer costs four statements: the user, the scan (one row with its answers), the move with
its answers and the update's record, the new question's message. The update's record rides on
the first write transaction that commits (`mark_update_on_commit`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, event, exists, insert, update
from sqlalchemy.orm import Session
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db.models import ProcessedUpdate, User, as_utc, utcnow
from bot.db.transactions import WRITING

# Activity is noted at most once a minute: a write per update is the main cost under load.
ACTIVITY_RESOLUTION = timedelta(minutes=1)


# --- processed updates ------------------------------------------------------------------------
_UPDATE_TO_MARK = "tredebot.update_to_mark"


def mark_update_on_commit(session: AsyncSession, *, update_id: int) -> None:
    """Record the update as handled in the session's next write, atomically with what that
    write stores (the answer it caused), and without writing anything before it."""
    session.info[_UPDATE_TO_MARK] = update_id


def update_unmarked(session: AsyncSession) -> bool:
    """The handler wrote nothing, so the update is not recorded yet."""
    return _UPDATE_TO_MARK in session.info


@event.listens_for(Session, "before_commit")
def _mark_pending_update(session: Session) -> None:
    if not session.info.get(WRITING):
        return  # a read transaction stays a read
    update_id = session.info.pop(_UPDATE_TO_MARK, None)
    if update_id is not None:  # once: a session lives for one update
        record = insert(ProcessedUpdate).values(update_id=update_id, processed_at=utcnow())
        session.execute(record)


async def update_seen(session: AsyncSession, *, update_id: int) -> bool:
    return await session.get(ProcessedUpdate, update_id) is not None


async def forget_updates_before(session: AsyncSession, *, before: datetime) -> int:
    result = await session.exec(
        delete(ProcessedUpdate).where(col(ProcessedUpdate.processed_at) < before)
    )
    return int(result.rowcount or 0)


# --- users ------------------------------------------------------------------------------------
async def get_user(session: AsyncSession, *, user_id: int) -> User | None:
    return await session.get(User, user_id)


async def load_account(
    session: AsyncSession, *, user_id: int, update_id: int
) -> tuple[User | None, bool]:
    """The stored user and whether this update was already handled, in one query."""
    handled = exists().where(col(ProcessedUpdate.update_id) == update_id)
    row = (await session.exec(select(User, handled).where(User.id == user_id))).first()
    if row is None:
        return None, await update_seen(session, update_id=update_id)
    user, seen = row
    return user, bool(seen)


def activity_to_note(
    user: User, *, telegram_language: str | None, now: datetime | None = None
) -> bool:
    """Whether `touch_user` would change the stored user (most updates change nothing)."""
    now = now or utcnow()
    return (
        now - as_utc(user.last_active) > ACTIVITY_RESOLUTION
        or bool(telegram_language and user.telegram_language != telegram_language)
        or not user.is_active
    )


async def touch_user(
    session: AsyncSession,
    *,
    user_id: int,
    telegram_language: str | None,
    now: datetime | None = None,
    stored: User | None = None,
) -> User:
    """Return the user, creating them on first contact; note the activity.

    `stored` is the user when the caller has just loaded it (saves a query per update).
    """
    now = now or utcnow()
    user = stored or await session.get(User, user_id)
    if user is None:
        user = User(
            id=user_id, telegram_language=telegram_language, first_seen=now, last_active=now
        )
        session.add(user)
        return user
    if now - as_utc(user.last_active) > ACTIVITY_RESOLUTION:
        user.last_active = now
    if telegram_language and user.telegram_language != telegram_language:
        user.telegram_language = telegram_language
    if not user.is_active:
        user.is_active = True
    return user


async def set_language(session: AsyncSession, *, user: User, language: str) -> None:
    user.language = language
    session.add(user)


async def set_conversation(session: AsyncSession, *, user: User, conversation: str) -> None:
    """Which conversation the user's typed text goes to (see `Conversation`)."""
    if user.conversation != conversation:
        user.conversation = conversation
        session.add(user)


async def mark_inactive(session: AsyncSession, *, user_id: int) -> None:
    """Blocked or gone: no reminders until they write again (`touch_user`)."""
    await session.exec(update(User).where(col(User.id) == user_id).values(is_active=False))


async def inactive_user_ids(session: AsyncSession, *, before: datetime, limit: int) -> list[int]:
    """Users whose last message is older than `before`, the longest silent first."""
    statement = (
        select(col(User.id))
        .where(col(User.last_active) < before)
        .order_by(col(User.last_active))
        .limit(limit)
    )
    return [int(user_id) for user_id in await session.exec(statement)]
