"""Scans: one row per scan (an intake session) holding its answers, its position in the
inventory and its revision, moved only by the revision it was read at.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db.models import IntakeSession, SessionStatus, utcnow


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


async def intake(session: AsyncSession, *, intake_id: int) -> IntakeSession | None:
    return await session.get(IntakeSession, intake_id)
