"""Conversations: the one open flow of each user, scans kept for their results and figures.

Callers own the transaction (`bot.db.transactions`). A move is one guarded UPDATE (the revision
read must still be the stored one), so a doubled tap, two devices or two replicas never move a
conversation twice; at most one conversation per user is open (a partial unique index).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import and_, bindparam, delete, exists, update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db.models import (
    SCAN,
    Conversation,
    ConversationStatus,
    ProcessedUpdate,
    User,
    utcnow,
)


def answers_of(row: Conversation) -> dict[str, Any]:
    answers: dict[str, Any] = json.loads(row.answers_json or "{}")
    return answers


def _json(answers: dict[str, Any]) -> str:
    return json.dumps(answers, ensure_ascii=False, sort_keys=True)


# --- the read of every update: user, open conversation, update already handled ----------------
async def load_account(
    session: AsyncSession, *, user_id: int, update_id: int | None
) -> tuple[User | None, Conversation | None, bool]:
    """The stored user, their open conversation and whether this update was handled already:
    one statement."""
    columns: list[Any] = [User, Conversation]
    if update_id is not None:
        columns.append(exists().where(col(ProcessedUpdate.update_id) == update_id))
    statement = (
        select(*columns)
        .outerjoin(
            Conversation,
            and_(
                col(Conversation.user_id) == User.id,
                col(Conversation.status) == ConversationStatus.OPEN,
            ),
        )
        .where(User.id == user_id)
        # As stored now: another process (or replica) may have moved it meanwhile.
        .execution_options(populate_existing=True)
    )
    row = (await session.exec(statement)).first()
    if row is None:
        seen = None if update_id is None else await session.get(ProcessedUpdate, update_id)
        return None, None, seen is not None
    user, conversation = row[0], row[1]
    return user, conversation, bool(row[2]) if update_id is not None else False


async def get(session: AsyncSession, *, conversation_id: int) -> Conversation | None:
    return await session.get(Conversation, conversation_id)


async def open_of(session: AsyncSession, *, user_id: int) -> Conversation | None:
    statement = (
        select(Conversation)
        .where(
            Conversation.user_id == user_id,
            Conversation.status == ConversationStatus.OPEN,
        )
        .execution_options(populate_existing=True)
    )
    return (await session.exec(statement)).first()


# --- opening, moving, ending ------------------------------------------------------------------
async def open_conversation(
    session: AsyncSession,
    *,
    user_id: int,
    flow: str,
    position: str,
    answers: dict[str, Any],
    return_to_review: bool = False,
    subject_id: int | None = None,
    context: dict[str, Any] | None = None,
) -> Conversation:
    row = Conversation(
        user_id=user_id,
        flow=flow,
        position=position,
        return_to_review=return_to_review,
        subject_id=subject_id,
        context_json=json.dumps(context or {}),
        answers_json=_json(answers),
    )
    session.add(row)
    await session.flush()
    return row


async def advance(
    session: AsyncSession,
    *,
    conversation: Conversation,
    expected_revision: int,
    position: str,
    return_to_review: bool,
    status: str | None = None,
    answers: dict[str, Any] | None = None,
) -> bool:
    """Move the cursor (and store the answers that came with the move) only if nobody else
    moved it since it was read: one statement."""
    now = utcnow()
    values: dict[str, Any] = {
        "position": position,
        "return_to_review": return_to_review,
        "revision": expected_revision + 1,
        "updated_at": now,
    }
    if answers is not None:
        values["answers_json"] = _json(answers)
    if status is not None:
        values["status"] = status
        if status == ConversationStatus.COMPLETED:
            values["completed_at"] = now
    moved = await session.exec(
        update(Conversation)
        .where(
            col(Conversation.id) == conversation.id,
            col(Conversation.revision) == expected_revision,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:
        return False
    for key, value in values.items():
        set_committed_value(conversation, key, value)
    return True


async def remove(session: AsyncSession, *, conversation: Conversation, revision: int) -> bool:
    """A flow other than the scan ends: its row goes (only if nobody moved it meanwhile)."""
    removed = await session.exec(
        delete(Conversation).where(
            col(Conversation.id) == conversation.id,
            col(Conversation.revision) == revision,
        )
    )
    return removed.rowcount == 1


async def pause_open_scan(session: AsyncSession, *, user_id: int) -> None:
    """The open scan waits while another flow is open."""
    await session.exec(
        update(Conversation)
        .where(
            col(Conversation.user_id) == user_id,
            col(Conversation.status) == ConversationStatus.OPEN,
            col(Conversation.flow) == SCAN,
        )
        .values(status=ConversationStatus.PAUSED)
    )


async def reopen_paused_scan(session: AsyncSession, *, user_id: int) -> Conversation | None:
    """After another flow ended: the scan that waited is open again (None: there was none)."""
    scan = await _scan_under_way(session, user_id=user_id, status=ConversationStatus.PAUSED)
    if scan is None:
        return None
    scan.status = ConversationStatus.OPEN
    session.add(scan)
    await session.flush()
    return scan


async def _scan_under_way(
    session: AsyncSession, *, user_id: int, status: str | None = None
) -> Conversation | None:
    statuses = (status,) if status else (ConversationStatus.OPEN, ConversationStatus.PAUSED)
    statement = (
        select(Conversation)
        .where(
            Conversation.user_id == user_id,
            Conversation.flow == SCAN,
            col(Conversation.status).in_(statuses),
        )
        .order_by(col(Conversation.id).desc())
        .limit(1)
        .execution_options(populate_existing=True)
    )
    return (await session.exec(statement)).first()


async def scan_under_way(session: AsyncSession, *, user_id: int) -> Conversation | None:
    """The scan in progress, open or waiting for another flow to end."""
    return await _scan_under_way(session, user_id=user_id)


async def latest_completed_scan(session: AsyncSession, *, user_id: int) -> Conversation | None:
    statement = (
        select(Conversation)
        .where(
            Conversation.user_id == user_id,
            Conversation.flow == SCAN,
            Conversation.status == ConversationStatus.COMPLETED,
        )
        .order_by(col(Conversation.id).desc())
        .limit(1)
    )
    return (await session.exec(statement)).first()


async def save_answers(
    session: AsyncSession, *, conversation_id: int, answers: dict[str, Any]
) -> None:
    """Replace a conversation's answers without moving it (a recorded hire joins its scan)."""
    await session.exec(
        update(Conversation)
        .where(col(Conversation.id) == conversation_id)
        .values(answers_json=_json(answers))
        .execution_options(synchronize_session="evaluate")  # a loaded row sees them too
    )


async def end_side_flows(session: AsyncSession, *, user_id: int) -> int:
    """Every flow but the scan ends (revoked staff, a restart, erasure of the row's user)."""
    removed = await session.exec(
        delete(Conversation).where(
            col(Conversation.user_id) == user_id, col(Conversation.flow) != SCAN
        )
    )
    return int(removed.rowcount or 0)


# --- the message that shows the current question ----------------------------------------------
async def note_prompts(session: AsyncSession, notes: Iterable[tuple[int, int, int | None]]) -> None:
    """Telegram accepted these questions: (conversation id, the revision shown, its message).
    Each is noted only while the conversation is still at that revision (with replicas the
    user's next answer may have been handled elsewhere first, and its question must win)."""
    rows = [
        {"conversation_id": cid, "shown_revision": revision, "message_id": message_id}
        for cid, revision, message_id in notes
    ]
    if not rows:
        return
    connection = await session.connection()
    await connection.execute(
        update(Conversation)
        .where(
            col(Conversation.id) == bindparam("conversation_id"),
            col(Conversation.revision) == bindparam("shown_revision"),
        )
        .values(
            prompt_message_id=bindparam("message_id"), prompt_revision=bindparam("shown_revision")
        )
        .execution_options(synchronize_session=False),
        rows,
    )


def noted(conversation: Conversation, *, revision: int, message_id: int | None) -> None:
    """The loaded row as `note_prompts` left it in the database."""
    if conversation.revision == revision:
        set_committed_value(conversation, "prompt_message_id", message_id)
        set_committed_value(conversation, "prompt_revision", revision)
