"""Conversations: the one open flow of each user, scans kept for their results and figures.

Callers own the transaction (`bot.db.transactions`), except for the statements of every answer:
`load_account` (the read of each update), `move` (an answer's write) and `note_prompts`
run as prepared statements (`bot.db.prepared`), each in a transaction of its own, or in the
caller's when the session has one. A move is one guarded UPDATE (the revision read must still
be the stored one), so a doubled tap, two devices or two replicas never move a conversation
twice; at most one conversation per user is open (a partial unique index).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Integer,
    String,
    Text,
    and_,
    bindparam,
    delete,
    exists,
    func,
    inspect,
    update,
)
from sqlalchemy import select as sa_select
from sqlalchemy.orm import Session, make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import SQLModel, col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.db import prepared
from bot.db.models import (
    SCAN,
    Conversation,
    ConversationStatus,
    ProcessedUpdate,
    User,
    utcnow,
)
from bot.db.prepared import Prepared
from bot.db.repositories import users


def answers_of(row: Conversation) -> dict[str, Any]:
    answers: dict[str, Any] = json.loads(row.answers_json or "{}")
    return answers


def _json(answers: dict[str, Any]) -> str:
    return json.dumps(answers, ensure_ascii=False, sort_keys=True)


# --- the read of every update: user, open conversation, update already handled ----------------
_USERS = User.__table__.columns  # type: ignore[attr-defined]
_CONVERSATIONS = Conversation.__table__.columns  # type: ignore[attr-defined]
_USER_KEYS = tuple(column.key for column in _USERS)
_CONVERSATION_KEYS = tuple(column.key for column in _CONVERSATIONS)
_HANDLED = exists().where(
    col(ProcessedUpdate.update_id) == bindparam("update_id", type_=BigInteger)
)

ACCOUNT = Prepared(
    sa_select(*_USERS, *_CONVERSATIONS, _HANDLED.label("handled"))
    .select_from(User)
    .outerjoin(
        Conversation,
        and_(
            col(Conversation.user_id) == col(User.id),
            col(Conversation.status) == ConversationStatus.OPEN,
        ),
    )
    .where(col(User.id) == bindparam("user_id", type_=BigInteger))
)
HANDLED = Prepared(sa_select(_HANDLED.label("handled")))


async def load_account(
    session: AsyncSession, *, user_id: int, update_id: int | None
) -> tuple[User | None, Conversation | None, bool]:
    """The stored user, their open conversation (as stored now: another process or replica may
    have moved it) and whether this update was handled already: one statement, with no
    transaction of the session (`prepared.fetch`). The rows become the session's own objects,
    as if the session had loaded them."""
    rows = await prepared.fetch(session, ACCOUNT, {"user_id": user_id, "update_id": update_id})
    if not rows:
        if update_id is None:
            return None, None, False
        seen = await prepared.fetch(session, HANDLED, {"update_id": update_id})
        return None, None, bool(seen[0][0])
    row = rows[0]
    split = len(_USER_KEYS)
    values = row[split : split + len(_CONVERSATION_KEYS)]
    built: list[SQLModel] = [User(**dict(zip(_USER_KEYS, row[:split], strict=True)))]
    if values[0] is not None:  # its id: the outer join found an open conversation
        built.append(Conversation(**dict(zip(_CONVERSATION_KEYS, values, strict=True))))
    adopted = adopt(session, built)
    conversation = cast(Conversation, adopted[1]) if len(adopted) > 1 else None
    return cast(User, adopted[0]), conversation, bool(row[-1])


def adopt(session: AsyncSession, instances: list[SQLModel]) -> list[SQLModel]:
    """Model objects built from rows read outside the session, made the session's own as if it
    had loaded them: persistent and unchanged (a later `session.add` or change is an UPDATE,
    never an INSERT). What the session held of those rows is replaced (populate-existing)."""
    sync = session.sync_session
    for instance in instances:
        make_transient_to_detached(instance)
    if sync.in_transaction():
        return [_attach(sync, instance) for instance in instances]
    # Attaching needs a transaction of the session; this one touches no connection.
    with sync.begin():
        return [_attach(sync, instance) for instance in instances]


def _attach(sync: Session, instance: SQLModel) -> SQLModel:
    if inspect(instance).key in sync.identity_map:
        return sync.merge(instance, load=False)
    sync.add(instance)
    return instance


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


MOVE = Prepared(
    update(Conversation)
    .where(
        col(Conversation.id) == bindparam("conversation_id", type_=Integer),
        col(Conversation.revision) == bindparam("expected_revision", type_=Integer),
    )
    .values(
        position=bindparam("to_position", type_=String),
        return_to_review=bindparam("to_review", type_=Boolean),
        revision=bindparam("to_revision", type_=Integer),
        updated_at=bindparam("now", type_=DateTime(timezone=True)),
        # Unchanged when no answer came with the move (NULL).
        answers_json=func.coalesce(
            bindparam("answers", type_=Text), col(Conversation.answers_json)
        ),
        # The trigger of migration 0017 records this update as handled (processed_updates).
        moved_by_update=bindparam("update_id", type_=BigInteger),
    )
    .returning(col(Conversation.revision))
)


async def move(
    session: AsyncSession,
    *,
    conversation: Conversation,
    expected_revision: int,
    position: str,
    return_to_review: bool,
    answers: dict[str, Any] | None = None,
) -> bool:
    """An answer that moves the conversation on (not the one that completes it): stored only if
    nobody moved it since it was read, in one statement, in a transaction of its own. The
    update being handled is recorded with it (the trigger of `moved_by_update`); the user's
    activity, when due (at most once a minute), is one statement more, before it."""
    update_id = users.take_update_mark(session)
    steps = []
    activity = users.take_activity(session)
    if activity is not None:
        steps.append(activity)
    now = utcnow()
    answers_json = _json(answers) if answers is not None else None
    params = {
        "conversation_id": conversation.id,
        "expected_revision": expected_revision,
        "to_position": position,
        "to_review": return_to_review,
        "to_revision": expected_revision + 1,
        "now": now,
        "answers": answers_json,
        "update_id": update_id,
    }
    steps.append((MOVE, params))
    moved = False
    try:
        moved = bool(await prepared.write(session, steps))
    finally:
        if not moved and update_id is not None:  # with the handler's next write, or alone
            users.mark_update_on_commit(session, update_id=update_id)
    if not moved:
        return False
    values: dict[str, Any] = {
        "position": position,
        "return_to_review": return_to_review,
        "revision": expected_revision + 1,
        "updated_at": now,
        "moved_by_update": update_id,
    }
    if answers_json is not None:
        values["answers_json"] = answers_json
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
Note = tuple[int, int, int | None]  # conversation id, the revision shown, its message


NOTE_PROMPT = Prepared(
    update(Conversation)
    .where(
        col(Conversation.id) == bindparam("conversation_id", type_=Integer),
        col(Conversation.revision) == bindparam("shown_revision", type_=Integer),
    )
    .values(
        prompt_message_id=bindparam("message_id", type_=BigInteger),
        prompt_revision=bindparam("shown_revision", type_=Integer),
    )
)


async def note_prompts(session: AsyncSession, notes: Iterable[Note]) -> None:
    """Telegram accepted these questions: (conversation id, the revision shown, its message),
    in a write of its own (on SQLite one hand-off, see `prepared`). Each is noted only while
    the conversation is still at that revision (with replicas the user's next answer may have
    been handled elsewhere first, and its question must win)."""
    rows = [
        {"conversation_id": cid, "shown_revision": revision, "message_id": message_id}
        for cid, revision, message_id in notes
    ]
    await prepared.write_many(session, NOTE_PROMPT, rows)


def noted(conversation: Conversation, *, revision: int, message_id: int | None) -> None:
    """The loaded row as `note_prompts` left it in the database."""
    if conversation.revision == revision:
        set_committed_value(conversation, "prompt_message_id", message_id)
        set_committed_value(conversation, "prompt_revision", revision)
