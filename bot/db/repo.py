"""Small keyword-only storage functions for users, scans and results.

Callers own the transaction: they run these inside `transactions.read` or `write` (sessions do
not begin one by themselves, see `engine`). Statements are plain SQLModel/SQLAlchemy, the same
on SQLite and PostgreSQL. An answer costs four: the user, the scan (one row with its answers),
the move with its answers and the update's record, the new question's message.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, event, exists, func, insert, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db.models import (
    IntakeSession,
    ProcessedUpdate,
    Result,
    SessionStatus,
    User,
    as_utc,
    utcnow,
)
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


# --- intake sessions and answers --------------------------------------------------------------
async def current_intake(session: AsyncSession, *, user_id: int) -> IntakeSession | None:
    statement = (
        select(IntakeSession)
        .where(IntakeSession.user_id == user_id, IntakeSession.status == SessionStatus.IN_PROGRESS)
        .order_by(col(IntakeSession.id).desc())
        .limit(1)
        # Always as stored now: another process (or replica) may have moved it meanwhile.
        .execution_options(populate_existing=True)
    )
    return (await session.exec(statement)).first()


async def current_intake_and_answers(
    session: AsyncSession, *, user_id: int
) -> tuple[IntakeSession | None, dict[str, Any]]:
    """The scan in progress and its answers: one row."""
    intake = await current_intake(session, user_id=user_id)
    return (None, {}) if intake is None else (intake, answers_of(intake))


def answers_of(intake: IntakeSession) -> dict[str, Any]:
    answers: dict[str, Any] = json.loads(intake.answers_json or "{}")
    return answers


def _answers_json(answers: dict[str, Any]) -> str:
    return json.dumps(answers, ensure_ascii=False, sort_keys=True)


async def latest_completed_intake(session: AsyncSession, *, user_id: int) -> IntakeSession | None:
    statement = (
        select(IntakeSession)
        .where(IntakeSession.user_id == user_id, IntakeSession.status == SessionStatus.COMPLETED)
        .order_by(col(IntakeSession.id).desc())
        .limit(1)
    )
    return (await session.exec(statement)).first()


async def start_intake(
    session: AsyncSession,
    *,
    user_id: int,
    position: str,
    context: dict[str, Any],
    answers: dict[str, Any] | None = None,
) -> IntakeSession:
    intake = IntakeSession(
        user_id=user_id,
        position=position,
        context_json=json.dumps(context),
        answers_json=_answers_json(answers or {}),
    )
    session.add(intake)
    await session.flush()
    return intake


async def save_answers(session: AsyncSession, *, intake_id: int, answers: dict[str, Any]) -> None:
    """Replace a scan's answers without moving it (what-if people kept in the answers)."""
    await session.exec(
        update(IntakeSession)
        .where(col(IntakeSession.id) == intake_id)
        .values(answers_json=_answers_json(answers))
        .execution_options(synchronize_session="evaluate")  # a loaded scan sees them too
    )


async def advance_intake(
    session: AsyncSession,
    *,
    intake: IntakeSession,
    expected_revision: int,
    position: str,
    return_to_review: bool,
    status: str | None = None,
    answers: dict[str, Any] | None = None,
) -> bool:
    """Move the cursor (and store the answers that came with the move) only if nobody else
    moved it since we read it (another process, a tap): one statement."""
    now = utcnow()
    values: dict[str, Any] = {
        "position": position,
        "return_to_review": return_to_review,
        "revision": expected_revision + 1,
        "updated_at": now,
    }
    if answers is not None:
        values["answers_json"] = _answers_json(answers)
    if status is not None:
        values["status"] = status
        if status == SessionStatus.COMPLETED:
            values["completed_at"] = now
    moved = await session.exec(
        update(IntakeSession)
        .where(
            col(IntakeSession.id) == intake.id,
            col(IntakeSession.revision) == expected_revision,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        return False
    for key, value in values.items():
        set_committed_value(intake, key, value)
    return True


async def set_prompt_message(
    session: AsyncSession, *, intake: IntakeSession, message_id: int | None
) -> None:
    """Note the message that shows the current step.

    Only for the revision this prompt was drawn for: with several replicas the owner's next
    tap may be handled elsewhere first, and that newer prompt must win."""
    await session.exec(
        update(IntakeSession)
        .where(
            col(IntakeSession.id) == intake.id,
            col(IntakeSession.revision) == intake.revision,
        )
        .values(prompt_message_id=message_id, prompt_revision=intake.revision)
        .execution_options(synchronize_session=False)
    )
    set_committed_value(intake, "prompt_message_id", message_id)
    set_committed_value(intake, "prompt_revision", intake.revision)


# --- results ----------------------------------------------------------------------------------
async def latest_result(session: AsyncSession, *, user_id: int) -> Result | None:
    statement = (
        select(Result).where(Result.user_id == user_id).order_by(col(Result.id).desc()).limit(1)
    )
    return (await session.exec(statement)).first()


async def latest_result_if(session: AsyncSession, *, user_id: int, result_id: int) -> Result | None:
    """The owner's latest result, only if it is `result_id` (a button's result, still current)."""
    result = await latest_result(session, user_id=user_id)
    return result if result is not None and result.id == result_id else None


async def latest_result_id(session: AsyncSession, *, user_id: int) -> int | None:
    statement = select(func.max(Result.id)).where(Result.user_id == user_id)
    return (await session.exec(statement)).one()


async def store_result(
    session: AsyncSession,
    *,
    user_id: int,
    session_id: int | None,
    answers: dict[str, Any],
    rules_version: str,
    level: str,
    contribution_pct: float,
    assessment: dict[str, Any],
) -> Result:
    result = Result(
        user_id=user_id,
        session_id=session_id,
        rules_version=rules_version,
        level=level,
        contribution_pct=contribution_pct,
        answers_json=json.dumps(answers, ensure_ascii=False, sort_keys=True),
        assessment_json=json.dumps(assessment, sort_keys=True),
    )
    session.add(result)
    await session.flush()
    return result
