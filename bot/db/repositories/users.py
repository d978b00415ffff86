"""Users and the updates already handled.

The user is read with their open conversation and the update's record in one statement
(`conversations.load_account`). The update's record and the user's activity ride on the first
write transaction that commits (`mark_update_on_commit`, `note_activity_on_commit`), or on an
answer's move, which records the update in its own statement (`conversations.move`, with
`take_update_mark` and `take_activity`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import BigInteger, DateTime, String, bindparam, delete, event, func, insert, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db.models import ProcessedUpdate, User, as_utc, utcnow
from bot.db.prepared import Prepared
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


def take_update_mark(session: AsyncSession) -> int | None:
    """The update still to record, for a statement that records it itself (an answer's move,
    `conversations.move`); the caller marks it again if that statement stores nothing."""
    update_id: int | None = session.info.pop(_UPDATE_TO_MARK, None)
    return update_id


_ACTIVITY_TO_NOTE = "tredebot.activity_to_note"


def note_activity_on_commit(
    session: AsyncSession, *, user: User, telegram_language: str | None
) -> None:
    """Note the user's activity (and Telegram language) in the session's next write, with what
    that write stores: no write of its own (see `activity_to_note`)."""
    values: dict[str, Any] = {"last_active": utcnow(), "is_active": True}
    if telegram_language:
        values["telegram_language"] = telegram_language
    session.info[_ACTIVITY_TO_NOTE] = (user.id, values)
    for key, value in values.items():
        set_committed_value(user, key, value)


NOTE_ACTIVITY = Prepared(
    update(User)
    .where(col(User.id) == bindparam("user_id", type_=BigInteger))
    .values(
        last_active=bindparam("now", type_=DateTime(timezone=True)),
        is_active=True,
        telegram_language=func.coalesce(
            bindparam("given_language", type_=String), User.telegram_language
        ),
    )
    .returning(col(User.id))
)


def take_activity(session: AsyncSession) -> tuple[Prepared, dict[str, Any]] | None:
    """The activity still to note, as a statement for a write of its own (an answer's move,
    `conversations.move`); None when nothing is due."""
    activity = session.info.pop(_ACTIVITY_TO_NOTE, None)
    if activity is None:
        return None
    user_id, values = activity
    params = {
        "user_id": user_id,
        "now": values["last_active"],
        "given_language": values.get("telegram_language"),
    }
    return NOTE_ACTIVITY, params


@event.listens_for(Session, "before_commit")
def _mark_pending_update(session: Session) -> None:
    if not session.info.get(WRITING):
        return  # a read transaction stays a read
    update_id = session.info.pop(_UPDATE_TO_MARK, None)
    if update_id is not None:  # once: a session lives for one update
        record = insert(ProcessedUpdate).values(update_id=update_id, processed_at=utcnow())
        session.execute(record)
    activity = session.info.pop(_ACTIVITY_TO_NOTE, None)
    if activity is not None:
        user_id, values = activity
        session.execute(update(User).where(col(User.id) == user_id).values(**values))


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
