"""Small keyword-only storage functions; callers own the transaction (commit)."""

from __future__ import annotations

import functools
import json
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, delete, event, exists, func, insert, update
from sqlalchemy import select as sa_select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session as SyncSession
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db.direct import COMMIT_WORK_KEYS, DirectStatement, attached
from bot.db.models import (
    Answer,
    IntakeSession,
    ProcessedUpdate,
    Result,
    SessionStatus,
    User,
    as_utc,
    utcnow,
)

USERS = User.__table__  # type: ignore[attr-defined]
PROCESSED_UPDATES = ProcessedUpdate.__table__  # type: ignore[attr-defined]
INTAKE_SESSIONS = IntakeSession.__table__  # type: ignore[attr-defined]
ANSWERS = Answer.__table__  # type: ignore[attr-defined]

# The statements of every answer, built once with parameters (building a statement and its cache
# key costs more than running it) and run directly on SQLite (see `direct`). Plain columns, not
# ORM entities: `attached` turns a row into the session's object for a fraction of the ORM's
# loading.
_MARK_UPDATE = DirectStatement(insert(PROCESSED_UPDATES))
_ACCOUNT = DirectStatement(
    sa_select(USERS, exists().where(PROCESSED_UPDATES.c.update_id == bindparam("update_id"))).where(
        USERS.c.id == bindparam("user_id")
    )
)
_CURRENT_INTAKE = DirectStatement(
    sa_select(INTAKE_SESSIONS).where(
        INTAKE_SESSIONS.c.id
        == sa_select(func.max(INTAKE_SESSIONS.c.id))
        .where(
            INTAKE_SESSIONS.c.user_id == bindparam("user_id"),
            INTAKE_SESSIONS.c.status == SessionStatus.IN_PROGRESS,
        )
        .scalar_subquery()
    )
)
_ANSWERS_OF_INTAKE = DirectStatement(
    sa_select(ANSWERS.c.key, ANSWERS.c.value_json).where(
        ANSWERS.c.session_id == bindparam("intake_id")
    )
)
# The SET clause comes from the parameters' other keys.
_MOVE_INTAKE = DirectStatement(
    update(INTAKE_SESSIONS).where(
        INTAKE_SESSIONS.c.id == bindparam("intake_id"),
        INTAKE_SESSIONS.c.revision == bindparam("expected_revision"),
    )
)


# --- processed updates ------------------------------------------------------------------------
async def update_seen(session: AsyncSession, *, update_id: int) -> bool:
    return await session.get(ProcessedUpdate, update_id) is not None


def mark_update(session: AsyncSession, *, update_id: int) -> None:
    session.add(ProcessedUpdate(update_id=update_id))


_PENDING_MARK = "tredebot.update_to_mark"
COMMIT_WORK_KEYS.add(_PENDING_MARK)


def mark_update_on_commit(session: AsyncSession, *, update_id: int) -> None:
    """Record the update as handled in the next commit, atomically with what that commit
    stores (the answer it caused), without writing anything before."""
    session.sync_session.info[_PENDING_MARK] = update_id


# One listener for every session (a listener per session cost more than the INSERT it adds).
@event.listens_for(SyncSession, "before_commit")
def _mark_pending_update(sync_session: SyncSession) -> None:
    update_id = sync_session.info.pop(_PENDING_MARK, None)
    if update_id is not None:  # once: the session lives for one update
        # A plain INSERT, not an ORM object: the unit of work costs more than the row.
        params = {"update_id": update_id, "processed_at": utcnow()}
        _MARK_UPDATE.execute_in_commit(sync_session, params)


async def forget_updates_before(session: AsyncSession, *, before: datetime) -> int:
    result = await session.exec(  # type: ignore[call-overload]
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
    rows = await _ACCOUNT.rows(session, {"user_id": user_id, "update_id": update_id})
    if not rows:
        return None, await update_seen(session, update_id=update_id)
    *user, handled = rows[0]
    return attached(session, User, user), bool(handled)


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
    else:
        # Only write when it matters: a write per update is the main cost under load.
        if now - as_utc(user.last_active) > timedelta(minutes=1):
            user.last_active = now
        if telegram_language and user.telegram_language != telegram_language:
            user.telegram_language = telegram_language
        if not user.is_active:
            user.is_active = True
        session.add(user)
    return user


async def set_language(session: AsyncSession, *, user: User, language: str) -> None:
    user.language = language
    session.add(user)


def record_campaign(user: User, *, code: str) -> bool:
    """First campaign wins. Returns True when the code was recorded."""
    if user.campaign_code:
        return False
    user.campaign_code = code
    return True


# --- intake sessions and answers --------------------------------------------------------------
async def current_intake(session: AsyncSession, *, user_id: int) -> IntakeSession | None:
    statement = (
        select(IntakeSession)
        .where(IntakeSession.user_id == user_id, IntakeSession.status == SessionStatus.IN_PROGRESS)
        .order_by(col(IntakeSession.id).desc())
        .limit(1)
    )
    return (await session.exec(statement)).first()


async def current_intake_and_answers(
    session: AsyncSession, *, user_id: int
) -> tuple[IntakeSession | None, dict[str, Any]]:
    """The scan in progress and its answers: every answer a user gives needs both.

    Two point lookups rather than a join, which would repeat (and convert) the scan's columns
    for every answer. The revision read first guards the rest: if the answers change in
    between, so does the revision, and the step that follows is refused as stale.
    """
    rows = await _CURRENT_INTAKE.rows(session, {"user_id": user_id})
    if not rows:
        return None, {}
    intake = attached(session, IntakeSession, rows[0])
    return intake, await load_answers(session, intake_id=intake.id or 0)


async def latest_completed_intake(session: AsyncSession, *, user_id: int) -> IntakeSession | None:
    statement = (
        select(IntakeSession)
        .where(IntakeSession.user_id == user_id, IntakeSession.status == SessionStatus.COMPLETED)
        .order_by(col(IntakeSession.id).desc())
        .limit(1)
    )
    return (await session.exec(statement)).first()


async def start_intake(
    session: AsyncSession, *, user_id: int, position: str, context: dict[str, Any]
) -> IntakeSession:
    intake = IntakeSession(user_id=user_id, position=position, context_json=json.dumps(context))
    session.add(intake)
    await session.flush()
    return intake


async def load_answers(session: AsyncSession, *, intake_id: int) -> dict[str, Any]:
    rows = await _ANSWERS_OF_INTAKE.rows(session, {"intake_id": intake_id})
    return {key: json.loads(value) for key, value in rows}


async def save_answers(
    session: AsyncSession, *, intake_id: int, before: dict[str, Any], after: dict[str, Any]
) -> None:
    """Write the keys that changed since `before` (what is stored) and drop removed ones.

    One upsert for the changed keys, so a step costs one statement whatever the answer count.
    """
    now = utcnow()
    changed = [
        {
            "session_id": intake_id,
            "key": key,
            "value_json": json.dumps(value, ensure_ascii=False, sort_keys=True),
            "answered_at": now,
        }
        for key, value in after.items()
        if key not in before or before[key] != value
    ]
    if changed:
        # One cached statement run for every changed key (executemany), not a fresh
        # multi-row statement that has to be compiled each time.
        await _answers_upsert(session).execute_many(session, changed)
    removed = set(before) - set(after)
    if removed:
        await session.exec(  # type: ignore[call-overload]
            delete(Answer).where(col(Answer.session_id) == intake_id, col(Answer.key).in_(removed))
        )


def _answers_upsert(session: AsyncSession) -> DirectStatement:
    return _upsert_for_dialect(session.get_bind().dialect.name)


@functools.cache
def _upsert_for_dialect(dialect: str) -> DirectStatement:
    insert = (postgresql_insert if dialect == "postgresql" else sqlite_insert)(ANSWERS)
    return DirectStatement(
        insert.on_conflict_do_update(
            index_elements=["session_id", "key"],
            set_={
                "value_json": insert.excluded.value_json,
                "answered_at": insert.excluded.answered_at,
            },
        )
    )


async def advance_intake(
    session: AsyncSession,
    *,
    intake: IntakeSession,
    expected_revision: int,
    position: str,
    return_to_review: bool,
    status: str | None = None,
) -> bool:
    """Move the cursor only if nobody else moved it since we read it (another process, a tap)."""
    now = utcnow()
    values: dict[str, Any] = {
        "position": position,
        "return_to_review": return_to_review,
        "revision": expected_revision + 1,
        "updated_at": now,
    }
    if status is not None:
        values["status"] = status
        if status == SessionStatus.COMPLETED:
            values["completed_at"] = now
    params = {"intake_id": intake.id, "expected_revision": expected_revision, **values}
    if await _MOVE_INTAKE.execute(session, params) != 1:
        return False
    for key, value in values.items():
        set_committed_value(intake, key, value)
    return True


async def set_prompt_message(
    session: AsyncSession, *, intake: IntakeSession, message_id: int | None
) -> None:
    """Note the message that shows the current step, and commit."""
    # Only for the revision this prompt was drawn for: with several replicas the owner's next
    # tap may be handled elsewhere before this commit, and that newer prompt must win.
    params = {
        "intake_id": intake.id,
        "expected_revision": intake.revision,
        "prompt_message_id": message_id,
    }
    await _MOVE_INTAKE.execute_committed(session, params)
    set_committed_value(intake, "prompt_message_id", message_id)


# --- results ----------------------------------------------------------------------------------
async def latest_result(session: AsyncSession, *, user_id: int) -> Result | None:
    statement = (
        select(Result).where(Result.user_id == user_id).order_by(col(Result.id).desc()).limit(1)
    )
    return (await session.exec(statement)).first()


async def latest_result_id(session: AsyncSession, *, user_id: int) -> int | None:
    result = await latest_result(session, user_id=user_id)
    return result.id if result else None


async def store_result(
    session: AsyncSession,
    *,
    user_id: int,
    session_id: int | None,
    answers: dict[str, Any],
    assessment: Any,
) -> Result:
    from pso.assess import assessment_as_dict

    result = Result(
        user_id=user_id,
        session_id=session_id,
        rules_version=assessment.rules_version,
        level=assessment.level,
        contribution_pct=assessment.contribution_pct,
        answers_json=json.dumps(answers, ensure_ascii=False, sort_keys=True),
        assessment_json=json.dumps(assessment_as_dict(assessment), sort_keys=True),
    )
    session.add(result)
    await session.flush()
    return result
